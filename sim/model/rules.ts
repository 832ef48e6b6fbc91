/**
 * Every rule id the simulator can put in a trace, with a one-line summary. Ids and wording follow
 * SEMANTICS.md; `assumed` marks rules SEMANTICS.md marks **assumed** (public sources silent), so a
 * trace that depends on one can say so. PN1, PN2 and N1 are the simulator's own names for parts of
 * the model SEMANTICS.md describes without an id.
 *
 * Rules that only ever give advice and never decide a frame (P2 per-port overrides, P3 running out
 * of ports, X1 txUplink, K3 netstack, and the translation rules V5, T6, T7) are not listed:
 * no trace names them.
 */
export interface RuleInfo {
    id: string;
    summary: string;
    assumed?: boolean;
}

const RULES: RuleInfo[] = [
    { id: "F0", summary: "each host runs its own data plane; frames leave a host only through that switch's uplinks on it" },
    { id: "F1", summary: "the switch knows its ports' MACs from configuration (MAC changes Accept: the effective MAC replaces the initial one)" },
    { id: "F2", summary: "known unicast is delivered to that port only, locally, within the VLAN on the same switch" },
    { id: "F3", summary: "unknown unicast from a VM port goes out one uplink, plus copies to local promiscuous and MAC-learning-flooding ports", assumed: true },
    { id: "F4", summary: "unknown unicast from an uplink reaches only promiscuous and MAC-learning-flooding ports; otherwise dropped" },
    { id: "F5", summary: "broadcast reaches every local port in the VLAN and, from a VM port, one uplink; never uplink to uplink", assumed: true },
    { id: "F6", summary: "an ordinary port receives only frames for its table MAC and broadcasts" },
    { id: "S1", summary: "forged transmits Reject drops frames whose source MAC is not the port's MAC" },
    { id: "S2", summary: "MAC address changes Reject: a port whose effective MAC differs from the initial one receives nothing" },
    { id: "S3", summary: "promiscuous Accept: the port receives every frame its port group carries on that host, within its VLANs (narrow scope assumed for reachability)" },
    { id: "M1", summary: "MAC learning learns source MACs per port (after the forged-transmit check) and delivers frames for them there" },
    { id: "M2", summary: "past the per-port MAC limit, new sources are dropped (drop) or forwarded unlearned (allow)" },
    { id: "M3", summary: "unknown unicast is flooded to every port with MAC learning and unicast flooding on" },
    { id: "M4", summary: "standard switches have no MAC learning; promiscuous is their only way to receive for other MACs" },
    { id: "V1", summary: "VLAN 0 is untagged and 1–4094 is tagged by the switch; a frame the guest tagged itself is dropped", assumed: true },
    { id: "V2", summary: "guest tagging (4095 / VLAN ranges) passes the guest's tags through, only for VLANs in range" },
    { id: "V3", summary: "guests on VLANs behind a nested hypervisor need the outer port group to trunk those VLANs" },
    { id: "V6", summary: "a trunk port group also carries untagged frames, even when its VLAN ranges leave out 0", assumed: true },
    { id: "V7", summary: "untagged frames leaving a host's uplinks join the native VLAN of its physical ports (declared per host in hosts.nativeVlan, or read from vCenter over CDP), and that VLAN's frames arrive untagged; hosts with none share one untagged network (assumed)" },
    { id: "U3", summary: "a port group's frames leave by one active uplink of its team, chosen by the teaming policy (per port, per source MAC, per IP pair, or the first in failover order); standby and unused uplinks carry none" },
    { id: "U4", summary: "a flooded frame reaches a nested hypervisor's promiscuous port once per uplink of its team, active and standby, unless the host checks the reverse path (Net.ReversePathFwdCheckPromisc = 1) or the links are aggregated", assumed: true },
    { id: "U6", summary: "a port group whose team has no active uplink bound on a host is internal there: nothing leaves or enters the host through it" },
    { id: "PV1", summary: "a port group on a private VLAN sends with its secondary id (promiscuous: the primary), which must be one of its switch's PVLAN mappings" },
    { id: "PV2", summary: "private VLANs: promiscuous ports talk to every port of their primary, community ports to their community and promiscuous ports, isolated ports to promiscuous ports only — on one host and across hosts (the physical network assumed to carry the PVLAN)" },
    { id: "PV3", summary: "guests inside one nested hypervisor on a PVLAN port still talk through its own switch; towards the outside a promiscuous port gets only what the PVLAN filter lets through", assumed: true },
    { id: "P1", summary: "a blocked port group (blockAllPorts on it, or on its switch and inherited) sends and receives nothing" },
    { id: "K1", summary: "a VMkernel NIC is a port of its port group on its host, with its own MAC, forwarded like a VM port" },
    { id: "K2", summary: "a nested ESXi's vmk1 and above have MACs of their own: guests behind its vNIC, needing forged transmits and promiscuous or MAC learning outside" },
    { id: "X2", summary: "a frame larger than the MTU of a NIC or switch on its path is dropped; small frames (ARP, ping) pass" },
    { id: "X3", summary: "a group frame reaches a nested guest through a promiscuous port, or where multicast snooping is on; with legacy filtering it depends on the nested hypervisor", assumed: true },
    { id: "X4", summary: "an SR-IOV or passthrough NIC bypasses the virtual switch: whether guests behind it send and receive with their own MACs depends on the NIC (not in the stack)" },
    { id: "PN1", summary: "the physical network learns source MACs per VLAN and sends known unicast to that port only, never back where it came from" },
    { id: "PN2", summary: "the physical network floods broadcast and unknown unicast to every other port in the VLAN" },
    { id: "N1", summary: "inside a nested hypervisor, its own switch joins the guests behind one vNIC without the outer switch" },
];

export const RULE_INDEX: ReadonlyMap<string, RuleInfo> = new Map(RULES.map((r) => [r.id, r]));

export function isAssumed(rule: string): boolean {
    return RULE_INDEX.get(rule)?.assumed === true;
}

export function allRules(): readonly RuleInfo[] {
    return RULES;
}
