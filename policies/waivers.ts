/**
 * Waivers: accept one known exception (a CARP pair that really needs promiscuous mode) without
 * losing the check everywhere else. Written once, in `nested-workloads-reachable.waivers`; every
 * violation of every policy goes through `waive()`. A ledger remembers, for the current run, what
 * was waived and which waivers matched, so the `policy-waivers` policy can summarise at the end.
 */
import type { PolicyConfigJSONSchema } from "@pulumi/policy/schema";
import { capturedConfig, DECLARING_POLICY } from "./sharedConfig";

export interface Waiver {
    index: number;
    policy: string;
    resource: string;
    workload?: string;
    reason: string;
    expires?: string;
    ticket?: string;
}

export interface WaivedFinding {
    waiver: Waiver;
    policy: string;
    urn?: string;
    message: string;
}

/** JSON schema of one waiver (part of the declaring policy's configSchema). */
export const waiverSchema: PolicyConfigJSONSchema = {
    type: "object",
    properties: {
        policy: { type: "string", minLength: 1, description: "The policy whose finding is waived." },
        resource: { type: "string", minLength: 1, description: "Pulumi resource name, URN, or a glob (* and ?) over either." },
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
    raw.forEach((w: unknown, i) => {
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
        }
        if (!reason || reason.trim().length < 3) {
            out.errors.push({ path: `${path}.reason`, message: "is required: say why the exception is acceptable" });
            ok = false;
        }
        if (expires !== undefined && !validDate(expires)) {
            out.errors.push({ path: `${path}.expires`, message: "must be a date YYYY-MM-DD" });
            ok = false;
        }
        if (ok) out.waivers.push({ index: i, policy: policy!, resource: resource!, reason: reason!, workload: str("workload"), expires, ticket: str("ticket") });
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

function globToRegExp(glob: string): RegExp {
    const esc = glob.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
    return new RegExp(`^${esc}$`);
}

export function matchesResource(pattern: string, urn: string | undefined): boolean {
    if (!urn) return pattern === "*";
    const name = urn.slice(urn.lastIndexOf("::") + 2);
    if (pattern === urn || pattern === name) return true;
    if (!/[*?]/.test(pattern)) return false;
    const re = globToRegExp(pattern);
    return re.test(name) || re.test(urn);
}

/** The run's ledger: reset when a run's summary has been reported. */
class Ledger {
    waived: WaivedFinding[] = [];
    matched = new Set<number>();
    reset(): void {
        this.waived = [];
        this.matched.clear();
    }
}
export const ledger = new Ledger();

let policyNames: readonly string[] = [];
export function setPolicyNames(names: readonly string[]): void {
    policyNames = names;
}

/** The waivers in force (valid ones; errors are reported by the summary policy). */
export function currentWaivers(): ParsedWaivers {
    return parseWaivers(capturedConfig(DECLARING_POLICY)?.waivers, policyNames);
}

/** The waiver that covers this finding, recording it; undefined when the finding must be reported. */
export function waive(policy: string, urn: string | undefined, message: string, workloads: readonly string[] = []): Waiver | undefined {
    for (const w of currentWaivers().waivers) {
        if (w.policy !== policy || !matchesResource(w.resource, urn)) continue;
        if (w.workload !== undefined && !workloads.includes(w.workload)) continue;
        if (isExpired(w)) continue;
        ledger.matched.add(w.index);
        if (!ledger.waived.some((f) => f.waiver.index === w.index && f.urn === urn && f.message === message)) ledger.waived.push({ waiver: w, policy, urn, message });
        return w;
    }
    return undefined;
}
