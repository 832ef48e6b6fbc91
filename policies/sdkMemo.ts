/**
 * The policy SDK deserializes every resource's properties once per stack policy (server.js calls
 * `deserialize.deserializeProperties(r.getProperties(), false)` for each resource, for each policy,
 * and again for each resource's provider), and unwraps secrets while doing it, so a policy cannot
 * tell a secret from plain data. This module, installed at pack load, wraps that function through
 * the module's exports (which is how server.js calls it):
 *
 * - a memo keyed by the `Struct` object (a WeakMap: an entry dies with its request), so each
 *   resource is deserialized once per request; every call still returns a fresh deep copy, so a
 *   policy that mutates its `args` never affects another policy;
 * - it records which property paths held a secret on the wire (the secret signature, before the
 *   SDK unwraps it): on the returned object (translate/secrets.ts: the readers then know, and do
 *   not use a secret setting, number or keyword), and the names, ids and MACs inside them as
 *   values to keep out of messages in the request's context (requestContext.ts).
 *
 * Guarded by a feature check: if the SDK's layout is not the one this was written against, nothing
 * is installed and the pack runs as without it (silently). `remediate` calls (proxySecrets) are
 * passed through untouched.
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { collectSecrets, markSecrets, secretValues, type SecretMark } from "../translate/secrets";
import { currentRequest } from "./requestContext";

interface StructLike {
    toJavaScript(): Record<string, unknown>;
}
type Deserialize = (struct: StructLike, proxySecrets: boolean) => Record<string, unknown>;

interface Entry {
    master: Record<string, unknown>;
    marks: readonly SecretMark[];
}

export interface MemoState {
    installed: boolean;
    /** Why not, when not installed. */
    reason?: string;
    /** Calls served from the memo / deserialized, since load (for tests and the bench). */
    hits: number;
    misses: number;
}

export const memoState: MemoState = { installed: false, hits: 0, misses: 0 };

/** A deep copy of plain JSON data (objects and arrays); anything else (assets) is shared as is. */
export function deepCopy<T>(v: T): T {
    if (v === null || typeof v !== "object") return v;
    if (Array.isArray(v)) {
        const out = new Array(v.length);
        for (let i = 0; i < v.length; i++) out[i] = deepCopy(v[i]);
        return out as T;
    }
    if (Object.getPrototypeOf(v) !== Object.prototype) return v;
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v)) out[k] = deepCopy((v as Record<string, unknown>)[k]);
    return out as T;
}

/** The SDK's deserialize module, as server.js requires it (same file, same module instance). */
function sdkModules(): { deserialize: Record<string, unknown>; serverSource: string } {
    const root = dirname(require.resolve("@pulumi/policy"));
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const deserialize = require(join(root, "deserialize.js")) as Record<string, unknown>;
    return { deserialize, serverSource: readFileSync(join(root, "server.js"), "utf8") };
}

/** Call once, before the PolicyPack is constructed. Never throws. */
export function installDeserializeMemo(): MemoState {
    if (memoState.installed) return memoState;
    try {
        const { deserialize, serverSource } = sdkModules();
        const original = deserialize.deserializeProperties as Deserialize | undefined;
        const desc = Object.getOwnPropertyDescriptor(deserialize, "deserializeProperties");
        if (typeof original !== "function" || original.length !== 2) return notInstalled("deserializeProperties is not a function of two arguments");
        if (!desc || !desc.writable || !desc.configurable) return notInstalled("deserializeProperties cannot be replaced");
        if (!/deserialize_1\.deserializeProperties\(r\.getProperties\(\), false\)/.test(serverSource)) return notInstalled("server.js does not call deserializeProperties through the module's exports");
        const memo = new WeakMap<object, Entry>();
        const wrapped: Deserialize = function (struct, proxySecrets) {
            if (proxySecrets || struct === null || typeof struct !== "object" || typeof struct.toJavaScript !== "function") return original(struct, proxySecrets);
            let e = memo.get(struct);
            if (e) memoState.hits++;
            else {
                memoState.misses++;
                const js = struct.toJavaScript();
                const marks = collectSecrets(js);
                e = { master: original({ toJavaScript: () => js }, false), marks };
                memo.set(struct, e);
                if (marks.length) remember(marks);
            }
            const copy = deepCopy(e.master);
            if (e.marks.length) markSecrets(copy, e.marks);
            return copy;
        };
        deserialize.deserializeProperties = wrapped;
        memoState.installed = true;
        memoState.reason = undefined;
    } catch (err) {
        return notInstalled(err instanceof Error ? err.message : String(err));
    }
    return memoState;
}

function notInstalled(reason: string): MemoState {
    memoState.reason = reason;
    return memoState;
}

/**
 * The request (and its run) must keep these names out of every message. Secret numbers, booleans
 * and keywords need nothing here: the translation does not use them (translate/secrets.ts).
 */
function remember(marks: readonly SecretMark[]): void {
    const ctx = currentRequest();
    secretValues(marks, ctx.secrets);
    secretValues(marks, ctx.run.secrets);
}
