/**
 * Every rule id a finding or a trace can print ([S1], [T2], [U4, assumed]) with what it means, for
 * `vsnet explain <rule>` and docs/RULES.md. The simulator's own ids come from sim/model/rules.ts;
 * the rest are the ids the translation and the advice cite (provider behaviour T*, inheritance and
 * defaults, teaming advice). Meanings follow SEMANTICS.md, worded for a reader of a finding.
 */
import { allRules, type RuleInfo } from "../sim";

export interface RuleEntry extends RuleInfo {
    /** Where the rule acts: a hop of a trace, the reading of the stack, or advice that changes no verdict. */
    kind: "forwarding" | "provider" | "advice";
    family: string;
}

const FAMILY: Record<string, string> = {
    F: "Forwarding on one host",
    S: "Security policy",
    M: "MAC learning",
    V: "VLANs",
    U: "Uplinks and teaming",
    L: "Link aggregation",
    PN: "Physical network",
    N: "Nested hypervisors",
    T: "What the vSphere provider sends",
    PV: "Private VLANs",
    P: "Port state",
    K: "VMkernel NICs",
    X: "Other things that change a verdict",
};

const EXTRA: Array<Omit<RuleEntry, "family">> = [
    { id: "K3", kind: "advice", summary: "a VMkernel NIC's netstack (vmotion, provisioning, a custom TCP/IP stack) chooses its routes, layer 3: it neither isolates its frames on the switch nor changes whether they are delivered" },
    { id: "S4", kind: "provider", summary: "when nothing is set, vSphere's defaults apply: a standard switch rejects promiscuous mode and accepts MAC changes and forged transmits; a distributed switch rejects all three" },
    { id: "S5", kind: "provider", summary: "a port group that leaves a setting unset inherits its switch's value (distributed: switch, then port group, then port where allowed)" },
    { id: "T1", kind: "provider", summary: "HostVirtualSwitch: an unset setting is sent as promiscuous false, forged transmits true, MAC changes true" },
    { id: "T2", kind: "provider", summary: "HostPortGroup: since provider 4.15.0 an unset (or false) setting is sent as an explicit Reject override; before, unset inherited the switch" },
    { id: "T3", kind: "provider", summary: "DistributedPortGroup: unset and false both mean inherit the switch; DistributedVirtualSwitch unset means vSphere's default (Reject)" },
    { id: "T4", kind: "provider", summary: "no provider resource sets MAC learning: it is set outside Pulumi and declared to the pack in policy config" },
    { id: "T5", kind: "provider", summary: "HostPortGroup teams: both lists unset inherit the switch's team; one list set sends the other empty; notify and beacon unset are sent as no since 4.15.0" },
    { id: "T6", kind: "provider", summary: "distributed booleans (blockAllPorts, txUplink, notifySwitches, lacpEnabled, checkBeacon) are not sent when false, so they inherit; empty team lists inherit" },
    { id: "T7", kind: "provider", summary: "DistributedPortGroup VLAN 0 or unset with no ranges and no private VLAN sends nothing: the switch's VLAN is inherited" },
    { id: "V5", kind: "provider", summary: "a DistributedPortGroup that sends no VLAN (vlanId 0 or unset, no ranges, no private VLAN) takes its switch's vlanId, vlanRanges or private VLAN; none there: untagged" },
    { id: "U1", kind: "provider", summary: "each port group has a team on each host: active and standby uplinks, its own or its switch's; a switch that names none has every uplink active (assumed)" },
    { id: "U2", kind: "advice", summary: "standby uplinks carry traffic only when every active one has failed; unused ones never do; floods still arrive on standby links" },
    { id: "U5", kind: "advice", summary: "an ordinary port accepts a flooded frame only from the uplink its own team would use, so it never sees duplicates (assumed)", assumed: true },
    { id: "U7", kind: "advice", summary: "the physical switch relearns a MAC wherever it last arrived: IP hash without a port channel makes nested guests' MACs flap" },
    { id: "U8", kind: "advice", summary: "failback, notify switches and beacon probing do not change forwarding; beacon probing with IP hash, LACP or guest tagging is unsupported, and notify off delays recovery" },
    { id: "L1", kind: "advice", summary: "IP hash needs every team uplink active and a static EtherChannel on the physical side; standard switches cannot do LACP" },
    { id: "L2", kind: "advice", summary: "an EtherChannel or LACP group is one logical uplink: one copy of each flooded frame, no MAC flapping" },
    { id: "P2", kind: "advice", summary: "a distributed port group's *OverrideAllowed flags let single ports override its security policy, VLAN, teaming or blocked state outside Pulumi: a verdict that rests on one holds unless a port was overridden" },
    { id: "P3", kind: "advice", summary: "a distributed port group with static binding and autoExpand false connects at most numberOfPorts vNICs and VMkernel NICs; more fail to connect when the stack is applied (assumed an error)", assumed: true },
    { id: "X1", kind: "advice", summary: "txUplink copies every frame a port sends out an uplink: traffic that would stay on one host shows on the physical network (exposure, not reachability)" },
    { id: "L3", kind: "provider", summary: "LACP is enabled on the distributed switch (lacpEnabled, lacpMode); the port group's LACP fields are never sent" },
];

/** The family key of an id: "PN1" → "PN", "PV2" → "PV", "S1" → "S". */
function prefixOf(id: string): string {
    const prefix = /^[A-Z]+/.exec(id)?.[0] ?? id;
    return prefix in FAMILY ? prefix : prefix[0];
}

export function ruleDictionary(): RuleEntry[] {
    const out: RuleEntry[] = allRules().map((r) => ({ ...r, kind: "forwarding", family: FAMILY[prefixOf(r.id)] ?? "Other" }));
    for (const e of EXTRA) if (!out.some((r) => r.id === e.id)) out.push({ ...e, family: FAMILY[prefixOf(e.id)] ?? "Other" });
    const order = Object.keys(FAMILY);
    const num = (id: string) => Number(/\d+/.exec(id)?.[0] ?? 0);
    return out.sort((a, b) => order.indexOf(prefixOf(a.id)) - order.indexOf(prefixOf(b.id)) || num(a.id) - num(b.id));
}

export function findRule(id: string): RuleEntry | undefined {
    const want = id.trim().toUpperCase();
    return ruleDictionary().find((r) => r.id === want);
}

/** docs/RULES.md: the dictionary as a document (kept current by a test). */
export function rulesMarkdown(): string {
    const lines = ["# Rule dictionary", "", "Every rule id a finding or a trace of the pack can print, and what it means. `vsnet explain <id>` prints one.", "Rules marked *assumed* rest on a reading the public sources do not settle; a trace that depends on one says so."];
    let current = "";
    for (const r of ruleDictionary()) {
        if (r.family !== current) {
            current = r.family;
            lines.push("", `## ${current}`, "", "| id | where | meaning |", "|---|---|---|");
        }
        const where = r.kind === "forwarding" ? "trace" : r.kind === "provider" ? "reading the stack" : "advice";
        lines.push(`| ${r.id} | ${where} | ${r.summary}${r.assumed ? " (*assumed*)" : ""} |`);
    }
    return lines.join("\n") + "\n";
}
