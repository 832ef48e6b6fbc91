/**
 * Waivers: accept one known exception (a CARP pair that really needs promiscuous mode) without
 * losing the check everywhere else. Written once, in `nested-workloads-reachable.waivers`; every
 * violation of every policy goes through `waive()`. The request's ledger (requestContext.ts)
 * remembers what was waived and which waivers matched, so the `policy-waivers` policy can
 * summarise at the end of the run; nothing is kept past the run.
 *
 * Globs are matched without backtracking (glob.ts), and there are bounds on the number of waivers
 * and the length of a pattern, so no config can stall a preview.
 */
import type { PolicyConfigJSONSchema } from "@pulumi/policy/schema";
import { compileGlob, isGlob } from "./glob";
import { currentRequest } from "./requestContext";
import { capturedConfig, DECLARING_POLICY } from "./sharedConfig";
import type { Waiver } from "./waiver-types";

export type { WaivedFinding, Waiver } from "./waiver-types";

/** At most this many waivers are read; the rest are reported and ignored. */
export const MAX_WAIVERS = 1000;
/** Longest `resource` pattern (a URN is rarely over 300 characters). */
export const MAX_PATTERN = 1024;

/** JSON schema of one waiver (part of the declaring policy's configSchema). */
export const waiverSchema: PolicyConfigJSONSchema = {
    type: "object",
    properties: {
        policy: { type: "string", minLength: 1, description: "The policy whose finding is waived." },
        resource: { type: "string", minLength: 1, maxLength: MAX_PATTERN, description: "Pulumi resource name, URN, or a glob (* and ?) over either." },
        workload: { type: "string", minLength: 1, description: "Only findings about this workload." },
        reason: { type: "string", minLength: 3, description: "Why the exception is acceptable (required)." },
        expires: { type: "string", pattern: "^[0-9]{4}-[0-9]{2}-[0-9]{2}$", description: "YYYY-MM-DD; after this day the waiver stops applying." },
        ticket: { type: "string", description: "Tracking reference." },
    },
    required: ["policy", "resource", "reason"],
    additionalProperties: false,
};

export interface ParsedWaivers {
    waivers: Waiver[];
    errors: Array<{ path: string; message: string }>;
}

/** Validates waivers by hand too: `vsnet` and tests may hand the pack config the CLI did not check. */
export function parseWaivers(raw: unknown, policyNames: readonly string[]): ParsedWaivers {
    const out: ParsedWaivers = { waivers: [], errors: [] };
    if (raw === undefined) return out;
    if (!Array.isArray(raw)) {
        out.errors.push({ path: "waivers", message: "waivers must be a list" });
        return out;
    }
    if (raw.length > MAX_WAIVERS) {
        out.errors.push({ path: "waivers", message: `has ${raw.length} waivers; at most ${MAX_WAIVERS} are read, the other ${raw.length - MAX_WAIVERS} are ignored (waive by glob instead of one waiver per resource)` });
    }
    raw.slice(0, MAX_WAIVERS).forEach((w: unknown, i) => {
        const path = `waivers[${i}]`;
        if (typeof w !== "object" || w === null || Array.isArray(w)) {
            out.errors.push({ path, message: "a waiver is an object with policy, resource and reason" });
            return;
        }
        const o = w as Record<string, unknown>;
        const str = (k: string) => (typeof o[k] === "string" && (o[k] as string).trim() !== "" ? (o[k] as string) : undefined);
        const policy = str("policy");
        const resource = str("resource");
        const reason = str("reason");
        const expires = str("expires");
        let ok = true;
        if (!policy || !policyNames.includes(policy)) {
            out.errors.push({ path: `${path}.policy`, message: policy ? `names no policy of this pack (${policyNames.join(", ")})` : "is required" });
            ok = false;
        }
        if (!resource) {
            out.errors.push({ path: `${path}.resource`, message: "is required (a resource name, URN or glob)" });
            ok = false;
        } else if (resource.length > MAX_PATTERN) {
            out.errors.push({ path: `${path}.resource`, message: `is ${resource.length} characters long; at most ${MAX_PATTERN} are allowed` });
            ok = false;
        }
        if (!reason || reason.trim().length < 3) {
            out.errors.push({ path: `${path}.reason`, message: "is required: say why the exception is acceptable" });
            ok = false;
        }
        if (expires !== undefined && !validDate(expires)) {
            out.errors.push({ path: `${path}.expires`, message: "must be a date YYYY-MM-DD" });
            ok = false;
        }
        if (ok) out.waivers.push({ index: i, policy: policy!, resource: resource!, reason: reason!, workload: str("workload"), expires, ticket: str("ticket"), glob: isGlob(resource!) ? compileGlob(resource!) : undefined });
    });
    return out;
}

function validDate(s: string): boolean {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
}

/** Expired: today (UTC) is after the expiry day. */
export function isExpired(w: Waiver, today: string = new Date().toISOString().slice(0, 10)): boolean {
    return w.expires !== undefined && today > w.expires;
}

/** Does a waiver's `resource` (a Pulumi name, a URN, or a glob over either) cover this URN? */
export function matchesResource(pattern: string | Waiver, urn: string | undefined): boolean {
    const source = typeof pattern === "string" ? pattern : pattern.resource;
    if (!urn) return source === "*";
    const name = urn.slice(urn.lastIndexOf("::") + 2);
    if (source === urn || source === name) return true;
    if (!isGlob(source)) return false;
    const glob = (typeof pattern === "string" ? undefined : pattern.glob) ?? compileGlob(source);
    return glob.test(name) || glob.test(urn);
}

let policyNames: readonly string[] = [];
export function setPolicyNames(names: readonly string[]): void {
    policyNames = names;
}

/** Parsed once per config the engine sent (the config objects are replaced, never changed, on Configure). */
const parsed = new WeakMap<object, ParsedWaivers>();
const NONE: ParsedWaivers = { waivers: [], errors: [] };

/** The waivers in force (valid ones; errors are reported by the summary policy). */
export function currentWaivers(): ParsedWaivers {
    const raw = capturedConfig(DECLARING_POLICY)?.waivers;
    if (raw === undefined) return NONE;
    if (typeof raw !== "object" || raw === null) return parseWaivers(raw, policyNames);
    let p = parsed.get(raw);
    if (!p) {
        p = parseWaivers(raw, policyNames);
        parsed.set(raw, p);
    }
    return p;
}

/** The waiver that covers this finding, recording it in the request's ledger; undefined when the finding must be reported. */
export function waive(policy: string, urn: string | undefined, message: string, workloads: readonly string[] = []): Waiver | undefined {
    const { waivers } = currentWaivers();
    if (waivers.length === 0) return undefined;
    const today = new Date().toISOString().slice(0, 10);
    for (const w of waivers) {
        if (w.policy !== policy || !matchesResource(w, urn)) continue;
        if (w.workload !== undefined && !workloads.includes(w.workload)) continue;
        if (isExpired(w, today)) continue;
        currentRequest().ledger.add({ waiver: w, policy, urn, message });
        return w;
    }
    return undefined;
}
