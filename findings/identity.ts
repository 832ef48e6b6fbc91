/**
 * A finding's identity and fingerprint. Code scanning tracks an alert across runs by its
 * fingerprint, so it must not change when only the wording or the details of a finding change (a
 * verdict going from blocked to one-way, a count of port groups), and two distinct findings must never
 * share one. The identity is the policy, the resource, the workloads of a conversation, the setting a
 * least-privilege finding names, and a subject: what else tells apart two findings of one policy on
 * one resource, read from the shape of the pack's own message (the patterns below follow the wording
 * in policies/; `tests/cli/sarif.spec.ts` checks every example lab's findings get distinct subjects).
 */
import { createHash } from "node:crypto";
import type { Finding, FindingIdentity } from "./model";

const SETTING = "(promiscuous mode|forged transmits|MAC address changes|MAC learning)";

type Subject = (firstLine: string) => { subject: string; setting?: string } | undefined;

/** Per policy of this pack: the subject of a finding from its first line (undefined: the line itself). */
const SUBJECTS: Record<string, Subject> = {
    "nested-workloads-reachable": (l) => {
        const u4 = /nested hypervisors on .* (?:on|if DRS places them on) host (\S+) \(.*copies of each broadcast and flooded frame/.exec(l);
        if (u4) return { subject: `U4 host ${u4[1]}` };
        if (/^The network model is inconsistent/.test(l)) return { subject: "model" };
        return undefined;
    },
    "security-settings-explicit": (l) => {
        if (/ leaves (a security setting|\d+ security settings) implicit:?$/.test(l)) return { subject: "unset" };
        if (/ to false, which the provider ignores/.test(l)) return { subject: "false ignored" };
        return undefined;
    },
    "security-settings-least-privilege": (l) => {
        if (/^Cannot tell whether /.test(l)) return { subject: "withheld" };
        const m = new RegExp(`^${SETTING} is (?:accepted|declared) on (the whole )?`).exec(l);
        if (m) return { subject: m[2] ? "switch-wide" : "unneeded", setting: m[1] };
        return undefined;
    },
    "promiscuous-exposure": (l) => ({ subject: /^Cannot tell whose/.test(l) ? "withheld" : "exposure" }),
    "prefer-mac-learning": () => ({ subject: "promiscuous instead of MAC learning" }),
    "duplicate-mac-addresses": (l) => {
        const m = /MAC (\S+) is used by \d+ endpoints in one layer-2 domain \(([^)]*)\)/.exec(l);
        return m ? { subject: `${m[1]} ${m[2]}` } : undefined;
    },
    "uplink-teaming": (l) => {
        const kinds: Array<[RegExp, string]> = [
            [/ balances by IP hash but leaves /, "ip-hash-partial-team"],
            [/ declared without a port channel /, "ip-hash-no-channel"],
            [/ balances by IP hash on .*: that requires a static EtherChannel/, "ip-hash-channel-unverified"],
            [/ is on a standard switch with IP hash/, "ip-hash-lacp-on-standard"],
            [/ uses beacon probing together with /, "beacon-unsupported"],
            [/ does not notify the physical switches /, "notify-off"],
        ];
        const k = kinds.find(([re]) => re.test(l));
        return k ? { subject: k[1] } : undefined;
    },
    "policy-waivers": (l) => {
        const one = /^waivers\[(\d+)\] .*?(expired on|matched no finding)/.exec(l);
        if (one) return { subject: `${one[2] === "expired on" ? "expired" : "stale"} waivers[${one[1]}]` };
        if (/^\d+ finding\(s\) waived in this run/.test(l)) return { subject: "waived" };
        if (/^\d+ waivers expired/.test(l)) return { subject: "expired" };
        if (/^\d+ waivers matched no finding/.test(l)) return { subject: "stale" };
        return undefined;
    },
};

/** The identity of a finding. `workloads`: the two ends of the conversation it is about, if any. */
export function identityOf(policy: string, urn: string | undefined, message: string, workloads: readonly string[] = []): FindingIdentity {
    const first = (message.split("\n").find((l) => l.trim() !== "") ?? "").trim();
    // Internal errors name what failed; everything else of the pack has a subject of its own.
    const known = /^Internal error checking /.test(first) ? undefined : SUBJECTS[policy]?.(first);
    const subject = workloads.length ? "conversation" : (known?.subject ?? first);
    return { policy, resources: urn ? [urn] : [], workloads: [...workloads], setting: known?.setting ?? null, subject };
}

function hash(text: string): string {
    return createHash("sha256").update(text).digest("hex").slice(0, 32);
}

/**
 * Fingerprints for a run's findings, in order: the hash of the identity; a second finding with the
 * same identity (which the pack should not produce) gets its ordinal added, so none collide.
 */
export function fingerprints(identities: readonly FindingIdentity[]): string[] {
    const seen = new Map<string, number>();
    return identities.map((id) => {
        const key = JSON.stringify([id.policy, id.resources, id.workloads, id.setting, id.subject]);
        const n = (seen.get(key) ?? 0) + 1;
        seen.set(key, n);
        return hash(n === 1 ? key : `${key}\u0000${n}`);
    });
}

/** Sets `fingerprint` on each finding from its identity (see `fingerprints`). */
export function assignFingerprints(findings: Finding[]): Finding[] {
    const prints = fingerprints(findings.map((f) => f.identity));
    findings.forEach((f, i) => (f.fingerprint = prints[i]));
    return findings;
}
