/**
 * Advice about ports that changes no verdict: per-port overrides a verdict rests on (P2), static
 * port groups that run out of ports (P3), and frames copied out an uplink (X1). Each finding says
 * what breaks, where (resource, property, and where an inherited value comes from) and the smallest
 * fix. P2 and P3 are reported by nested-workloads-reachable, X1 by promiscuous-exposure.
 */
import { describeOrigin, overrideRisks, portShortfalls, txUplinkCopies, type ConversationSpec, type OverridablePolicy, type OverrideRisk, type PortCapacity } from "../sim";
import { OVERRIDE_FLAGS } from "../translate";
import type { Analysis } from "./analysis";
import type { Namer } from "./naming";
import { listSome, type Reporter } from "./report";

/** The provider's flag for each overridable policy. */
const FLAG = OVERRIDE_FLAGS;

const POLICY_WORDS: Record<OverridablePolicy, string> = {
    security: "security policy",
    vlan: "VLAN",
    team: "teaming",
    blocked: "blocked state",
};

/** "a", "a and b", "a, b and c" */
function andList(items: readonly string[]): string {
    return items.length <= 1 ? items.join("") : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

function conversationNames(namer: Namer, specs: readonly ConversationSpec[]): string {
    return listSome(specs.map((c) => `${namer.endpoint(c.a)} <-> ${namer.endpoint(c.b)}`), 3);
}

/** P2: one advisory per port group whose verdicts rest on settings single ports may override. */
export function reportOverrides(a: Analysis, namer: Namer, out: Reporter): void {
    const byGroup = new Map<string, OverrideRisk[]>();
    for (const r of overrideRisks(a.net, a.verdicts())) byGroup.set(r.portGroupId, [...(byGroup.get(r.portGroupId) ?? []), r]);
    for (const [pgId, risks] of byGroup) {
        const pg = namer.object(pgId);
        const flags = risks.map((r) => `its ${POLICY_WORDS[r.policy]} (${FLAG[r.policy]}: ${r.flag.value === "unknown" ? "not known during preview" : "true"})`);
        const unknown = risks.every((r) => r.flag.value === "unknown");
        const specs = [...new Set(risks.flatMap((r) => r.conversations))];
        const workloads = [...new Set(specs.flatMap((c) => [namer.endpoint(c.a), namer.endpoint(c.b)]))];
        const off = risks.map((r) => `${FLAG[r.policy]}: false`).join(" and ");
        out.violation(
            `${pg} ${unknown ? "may let" : "lets"} single ports override ${andList(flags)} [P2]. The verdicts of ${specs.length} conversation${specs.length === 1 ? "" : "s"} rest on ${risks.length === 1 ? "that setting" : "those settings"} of the port group (${conversationNames(namer, specs)}): they hold unless a port was overridden outside Pulumi (the vSphere Client, PowerCLI), which the stack cannot show. If no port needs a value of its own, the smallest fix is ${off} on ${pg} (or leaving ${risks.length === 1 ? "it" : "them"} unset: the provider sends false), so every port follows the port group.`,
            namer.urn(pgId),
            { level: "advisory", workloads },
        );
    }
}

function capacityWords(c: PortCapacity): { has: string; binding: string } {
    const binding = c.binding === "unknown" ? "static binding if its type (not known during preview) is earlyBinding" : "static binding (type earlyBinding)";
    const expand = c.autoExpand === "unknown" ? "autoExpand not known during preview" : "autoExpand: false";
    const has =
        c.numberOfPorts === undefined
            ? "no numberOfPorts, so its port count is vCenter's choice (not in the stack)"
            : c.numberOfPorts === "unknown"
              ? "a numberOfPorts not known during preview"
              : `numberOfPorts: ${c.numberOfPorts}`;
    return { has, binding: `${binding} and ${expand}` };
}

/** P3: a static port group that will run out of ports for the NICs the stack connects. */
export function reportPortShortfalls(a: Analysis, namer: Namer, out: Reporter): void {
    for (const s of portShortfalls(a.net)) {
        const pg = namer.object(s.portGroupId);
        const n = s.portIds.length;
        const names = listSome(s.portIds.map((p) => a.net.ports.get(p)?.label ?? p), 3);
        const w = capacityWords(s.capacity);
        const limit = typeof s.capacity.numberOfPorts === "number" ? s.capacity.numberOfPorts : undefined;
        const what = s.certain
            ? `the NICs past the ${limit}${ordinal(limit!)} fail to connect when the stack is applied (assumed an error, not a silent drop)`
            : `if it has fewer than ${n} ports, the NICs past them fail to connect when the stack is applied (assumed an error, not a silent drop)`;
        const fix = s.capacity.autoExpand === false && s.capacity.binding === "static" ? `set numberOfPorts: ${n} (or more) on ${pg}, or autoExpand: true` : `set numberOfPorts: ${n} (or more) and autoExpand: true on ${pg}, or type: "ephemeral"`;
        out.violation(
            `${pg} has ${w.binding}, with ${w.has} [P3], and this stack connects ${n} vNIC${n === 1 ? "" : "s"} and VMkernel NICs to it (${names}): ${what}. Smallest fix: ${fix}.`,
            namer.urn(s.portGroupId),
            { level: "advisory" },
        );
    }
}

function ordinal(n: number): string {
    const t = n % 100;
    if (t >= 11 && t <= 13) return "th";
    return ["th", "st", "nd", "rd"][n % 10] ?? "th";
}

/** X1: frames copied out an uplink, grouped by the object that sets txUplink. */
export function reportTxUplink(a: Analysis, namer: Namer, out: Reporter): void {
    for (const c of txUplinkCopies(a.net)) {
        const holder = namer.object(c.holderId);
        const groups = c.portGroupIds.filter((g) => g !== c.holderId);
        const inherits = groups.length ? ` (inherited by ${listSome(groups.map((g) => namer.object(g)), 3)}; a port group's txUplink: false is not sent by the provider, T6)` : "";
        const how = describeOrigin(c.origin, (id) => namer.object(id));
        const lead = c.value === "unknown" ? `If txUplink on ${holder} turns out true (not known during preview, ${how}), it copies` : `txUplink: true on ${holder}${inherits} copies`;
        const observers = c.observers.length
            ? `; where the physical switch has not learned a destination it floods the copy to every host, and the promiscuous ports of ${listSome(c.observers.map((g) => namer.object(g)), 3)} on other hosts may then observe it`
            : "";
        out.violation(
            `${lead} every frame their ports send out an uplink [X1]: traffic between VMs on one host, nested guests' included, also goes onto the physical network${observers}. If nothing on the physical network needs these copies (a monitoring or IDS port), the smallest fix is to remove txUplink: true from ${holder}.`,
            namer.urn(c.holderId),
            { level: "advisory" },
        );
    }
}
