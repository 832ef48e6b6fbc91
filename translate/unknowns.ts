/**
 * Unknown-value sentinels and safe readers for resource properties.
 *
 * During preview a computed property arrives as a sentinel string (one per type). The readers here
 * tell a value, an unknown, an absent property and a property of the wrong type apart, and never
 * throw, whatever the input: the engine, a stack export or a test may hand over anything.
 */
import { TYPE } from "./tokens";
import type { RawResource } from "./types";

export const UNKNOWN_STRING = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
export const UNKNOWN_BOOL = "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7";
export const UNKNOWN_NUMBER = "3eeb2bf0-c639-47a8-9e75-3b44932eb421";
export const UNKNOWN_ARRAY = "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2";
export const UNKNOWN_OBJECT = "dd056dcd-154b-4c76-9bd3-c8f88648b5ff";
export const UNKNOWN_ASSET = "030794c1-ac77-496b-92df-f27374a8bd58";
export const UNKNOWN_ARCHIVE = "e48ece36-62e2-4504-bad9-02848725956a";

const SENTINELS: ReadonlySet<string> = new Set([
    UNKNOWN_STRING,
    UNKNOWN_BOOL,
    UNKNOWN_NUMBER,
    UNKNOWN_ARRAY,
    UNKNOWN_OBJECT,
    UNKNOWN_ASSET,
    UNKNOWN_ARCHIVE,
]);

/** Signature key of a secret in the engine's wire and state formats. */
const SECRET_SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

export function isUnknown(v: unknown): boolean {
    return typeof v === "string" && SENTINELS.has(v);
}

/**
 * The outcome of reading one property. `found` describes a wrong type without echoing the value.
 * `secret`: the value was secret on the wire (see "Secrets" below).
 */
export type Read<T> =
    | { kind: "value"; value: T; secret?: true }
    | { kind: "unknown"; secret?: true }
    | { kind: "absent" }
    | { kind: "wrongType"; found: string };

export type PathSegment = string | number;
export type Path = readonly PathSegment[];

export function isRecord(v: unknown): v is Record<string, unknown> {
    return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** A short type description for messages: never the value itself (it may be a password). */
export function describeType(v: unknown): string {
    if (v === null) return "null";
    if (Array.isArray(v)) return "an array";
    if (isUnknown(v)) return "an unknown value";
    switch (typeof v) {
        case "object":
            return "an object";
        case "string":
            return "a string";
        case "number":
            return Number.isFinite(v) ? "a number" : "a non-finite number";
        case "boolean":
            return "a boolean";
        default:
            return typeof v;
    }
}

// ------------------------------------------------------------------------------------------------
// Secrets
//
// A value that was secret is never printed (issue 11). What the pack only *names* (resource and
// port group names, host and network ids, NIC names, MACs) it still uses, and every message shows it
// as `[secret <property>]` (policies/report.ts, cli/secret-output.ts). What it *interprets* —
// booleans, numbers and keywords (`readBool`, `readInt`, `readKeyword`) — it does not use: a secret
// one reads as unknown, so no verdict, fix or advice can depend on (and so reveal) its value; the
// translation says which properties were left out (translate/secrets.ts).
//
// The reader knows a value was secret in two ways: the CLI hands over stack files with the wire's
// secret objects still in place (`unwrapSecret`), and the pack gets plain values from the policy
// SDK, with the places that were secret marked on their containers (`markSecretPath`, from
// policies/sdkMemo.ts).
// ------------------------------------------------------------------------------------------------

/** Containers (objects, arrays) → those of their keys that hold a secret. */
const secretKeys = new WeakMap<object, Set<PathSegment>>();
/** Containers that are themselves inside a secret. */
const secretInside = new WeakSet<object>();

function isContainer(v: unknown): v is object {
    return typeof v === "object" && v !== null;
}

/** Marks `path` under `root` as secret (the root itself when `path` is empty). */
export function markSecretPath(root: unknown, path: Path): void {
    if (!isContainer(root)) return;
    if (path.length === 0) {
        secretInside.add(root);
        return;
    }
    let cur: unknown = root;
    for (let i = 0; i < path.length - 1; i++) {
        const got = ownGet(cur, path[i]);
        if (!got.present || !isContainer(got.value)) return;
        cur = got.value;
    }
    const keys = secretKeys.get(cur as object) ?? new Set<PathSegment>();
    keys.add(path[path.length - 1]);
    secretKeys.set(cur as object, keys);
}

function isSecretWrapper(v: unknown): boolean {
    return isRecord(v) && v[SECRET_SIG_KEY] === SECRET_SIG;
}

/**
 * A secret in state-file form: `{ <sig>: <secret sig>, plaintext | value | ciphertext }`. The SDK
 * unwraps secrets before policies see them; a stack export may not. Ciphertext is unreadable: unknown.
 */
function unwrapSecret(v: unknown): unknown {
    if (!isRecord(v) || v[SECRET_SIG_KEY] !== SECRET_SIG) return v;
    if ("value" in v) return v.value;
    if (typeof v.plaintext === "string") {
        try {
            return JSON.parse(v.plaintext);
        } catch {
            return UNKNOWN_STRING;
        }
    }
    return UNKNOWN_STRING;
}

function ownGet(container: unknown, key: PathSegment): { present: boolean; value?: unknown; badContainer?: string } {
    if (typeof key === "number") {
        if (!Array.isArray(container)) return { present: false, badContainer: describeType(container) };
        if (!Number.isInteger(key) || key < 0 || key >= container.length) return { present: false };
        return { present: true, value: container[key] };
    }
    if (!isRecord(container)) return { present: false, badContainer: describeType(container) };
    if (!Object.prototype.hasOwnProperty.call(container, key)) return { present: false };
    return { present: true, value: container[key] };
}

/**
 * Reads the raw value at `path`. An unknown container makes everything below it unknown. A value
 * that is (inside) a secret comes with `secret: true`, and a container read through a secret is
 * marked, so that a read relative to it knows too.
 */
export function readRaw(root: unknown, path: Path): Read<unknown> {
    try {
        let secret = isSecretWrapper(root) || (isContainer(root) && secretInside.has(root));
        let cur: unknown = unwrapSecret(root);
        for (const seg of path) {
            if (cur === undefined || cur === null) return { kind: "absent" };
            if (isUnknown(cur)) return secret ? { kind: "unknown", secret } : { kind: "unknown" };
            const got = ownGet(cur, seg);
            if (got.badContainer !== undefined) return { kind: "wrongType", found: got.badContainer };
            if (!got.present) return { kind: "absent" };
            if (!secret && (secretKeys.get(cur as object)?.has(seg) === true || isSecretWrapper(got.value))) secret = true;
            cur = unwrapSecret(got.value);
            if (secret && isContainer(cur)) secretInside.add(cur);
        }
        if (cur === undefined || cur === null) return { kind: "absent" };
        if (isUnknown(cur)) return secret ? { kind: "unknown", secret } : { kind: "unknown" };
        return secret ? { kind: "value", value: cur, secret } : { kind: "value", value: cur };
    } catch {
        // A getter that throws (an exotic object): report it as unreadable rather than crash.
        return { kind: "wrongType", found: "an unreadable value" };
    }
}

function typed<T>(r: Read<unknown>, ok: (v: unknown) => v is T): Read<T> {
    if (r.kind !== "value") return r;
    if (!ok(r.value)) return { kind: "wrongType", found: describeType(r.value) };
    return r.secret ? { kind: "value", value: r.value, secret: true } : { kind: "value", value: r.value };
}

/** A value the pack interprets: a secret one is not used (read as unknown, whatever it holds). */
function interpreted<T>(r: Read<unknown>, ok: (v: unknown) => v is T): Read<T> {
    if (r.kind === "value" && r.secret) return { kind: "unknown", secret: true };
    return typed(r, ok);
}

/** A boolean setting (secret: unknown). */
export function readBool(root: unknown, path: Path): Read<boolean> {
    return interpreted(readRaw(root, path), (v): v is boolean => typeof v === "boolean");
}

/** A name, an id or a MAC: used even when secret (`secret: true`), and never printed then. */
export function readString(root: unknown, path: Path): Read<string> {
    return typed(readRaw(root, path), (v): v is string => typeof v === "string");
}

/** A string the pack interprets (a teaming policy, a version, a guest id): secret is unknown. */
export function readKeyword(root: unknown, path: Path): Read<string> {
    return interpreted(readRaw(root, path), (v): v is string => typeof v === "string");
}

/** Integers only; a numeric value that is not a whole number is a wrong type (secret: unknown). */
export function readInt(root: unknown, path: Path): Read<number> {
    return interpreted(readRaw(root, path), (v): v is number => typeof v === "number" && Number.isInteger(v));
}

export function readArray(root: unknown, path: Path): Read<unknown[]> {
    return typed(readRaw(root, path), (v): v is unknown[] => Array.isArray(v));
}

export function readRecord(root: unknown, path: Path): Read<Record<string, unknown>> {
    return typed(readRaw(root, path), isRecord);
}

/**
 * A list of strings. Elements that are not strings are reported in `bad` (by index) and skipped;
 * unknown elements make the whole list unknown (we cannot tell what it holds).
 */
export function readStringList(root: unknown, path: Path): Read<string[]> & { bad?: number[] } {
    const arr = readArray(root, path);
    if (arr.kind !== "value") return arr;
    const out: string[] = [];
    const bad: number[] = [];
    for (let i = 0; i < arr.value.length; i++) {
        const el = unwrapSecret(arr.value[i]);
        if (isUnknown(el)) return { kind: "unknown" };
        if (typeof el === "string") out.push(el);
        else bad.push(i);
    }
    return bad.length > 0 ? { kind: "value", value: out, bad } : { kind: "value", value: out };
}

/** `a.b[2].c` for messages. */
export function formatPath(path: Path): string {
    let s = "";
    for (const seg of path) s += typeof seg === "number" ? `[${seg}]` : s === "" ? seg : `.${seg}`;
    return s;
}

/**
 * Properties of distributed switches and port groups, and of VMkernel NICs, that are optional and
 * computed: left unset, a create preview shows them unknown (the provider fills vCenter's or ESXi's
 * value in later). A value the program sets from another resource has that resource in
 * `propertyDependencies`; an unknown with none is such an unset default, and is read as unset rather
 * than explored. Shared by every reader of those properties (teams, VLANs, blocked ports, MTU,
 * txUplink, override flags, port counts, a Vnic's MAC and MTU).
 */
export function unsetDefault(res: RawResource, path: Path): boolean {
    // Only these resources' optional fields are computed (a standard switch's are plain defaults).
    if (res.type !== TYPE.dvs && res.type !== TYPE.dvpg && res.type !== TYPE.vnic) return false;
    const deps = res.propertyDependencies[String(path[0])];
    return deps === undefined || deps.length === 0;
}
