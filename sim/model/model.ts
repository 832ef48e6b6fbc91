/**
 * The neutral layer-2 model the simulator reads. Plain data, no behaviour, no Pulumi.
 *
 * Rule ids (F1, S2, M3, …) refer to SEMANTICS.md; `sim/model/rules.ts` lists every id the
 * simulator can put in a trace, including the few it adds (PN1/PN2 for the physical network, N1
 * for the switch inside a nested hypervisor).
 *
 * MAC addresses are opaque strings to the simulator: the translation layer canonicalises them
 * (lower case, colon separated) and invents unique placeholders for MACs vCenter will assign.
 */

/** A three-valued security setting. `unknown` is a value not known during preview. */
export type Tri = "accept" | "reject" | "unknown";

/** The three legacy security settings every vSphere switch and port group carries. */
export type SecuritySetting = "promiscuous" | "forgedTransmits" | "macChanges";
export const SECURITY_SETTINGS: readonly SecuritySetting[] = ["promiscuous", "forgedTransmits", "macChanges"];

/**
 * Where a value came from, so a message can say "inherited from switch lab-vds (vSphere default)".
 * `objectId` is the model object (port group or switch) that holds the value.
 */
export interface Origin {
    kind:
        | "explicit" // set on this object by the user
        | "inherited" // taken from the switch; `from` says where the switch got it
        | "providerDefault" // what the Pulumi/Terraform provider sends when the property is unset (T1–T3)
        | "vsphereDefault" // nothing sent: vSphere's own default (S4)
        | "declared" // told to the pack in policy config (MAC learning, T4)
        | "whatIf" // a change applied by a fix search or by `vsnet trace --set`
        | "assumed"; // not in the stack and not declared: the pack's stated assumption (SEMANTICS "What the stack cannot say")
    objectId: string;
    /** The user-facing property that holds (or would hold) the value, e.g. `allowForgedTransmits`. */
    property?: string;
    /** The SEMANTICS rule that explains the value (T2, T3, S4 …). */
    rule?: string;
    /** One short sentence for the user: why this value. */
    note?: string;
    /** For `inherited`: the origin of the switch's value. */
    from?: Origin;
}

export interface Setting {
    value: Tri;
    origin: Origin;
    /**
     * For `unknown` values: the id of the decision this value depends on. Port groups that inherit
     * one unknown switch value share its key, so the simulator branches on it once.
     */
    unknownKey?: string;
}

export type SecurityPolicy = Record<SecuritySetting, Setting>;

/** vDS MAC learning (M1–M3), per distributed port group. Never set by the provider (T4). */
export interface MacLearningPolicy {
    enabled: boolean;
    /** M3; on by default when learning is on. */
    allowUnicastFlooding: boolean;
    /** M2; default and maximum 4096. */
    limit: number;
    /** M2; assumed `drop` when unset. */
    limitPolicy: "drop" | "allow";
    origin: Origin;
}

/**
 * VLAN mode of a port group (V1, V2): untagged, one VLAN the switch tags at the uplink, or guest
 * tagging for the VLANs in the ranges (4095 on a host port group is the range 0–4094).
 */
export type VlanMode =
    | { kind: "none" }
    | { kind: "vlan"; id: number }
    | { kind: "trunk"; ranges: Array<[number, number]> }
    /**
     * A distributed port group on a private VLAN (PV1): frames carry the secondary id on the wire
     * (the promiscuous entry has secondary = primary); PV2 decides who receives them.
     */
    | { kind: "pvlan"; primary: number; secondary: number; type: PvlanType };

/** The three kinds of private VLAN port (PV1, PV2). */
export type PvlanType = "promiscuous" | "community" | "isolated";

/** One entry of a distributed switch's `pvlanMappings` (PV1). */
export interface PvlanMapping {
    primary: number;
    secondary: number;
    type: PvlanType;
}

/**
 * A distributed boolean (T6: `false` is not sent, so a port group inherits its switch's `true`):
 * `blockAllPorts` (P1), `txUplink` (X1), a per-port override flag (P2). `origin` tells whether the
 * value was inherited from the switch.
 */
export interface FlagSetting {
    value: boolean | "unknown";
    origin: Origin;
    /** For `unknown`: the decision this value depends on (shared by the port groups that inherit it). */
    unknownKey?: string;
}

/** Whether the ports of a port group are blocked (P1, `blockAllPorts`). */
export type BlockedSetting = FlagSetting;

/**
 * A maximum frame size (X2): a switch's `mtu` / `maxMtu`, a VMkernel NIC's `mtu`. `unknown`: not
 * known during preview; the simulator branches on whether a declared frame size fits.
 */
export interface MtuSetting {
    value: number | "unknown";
    origin: Origin;
    /** For `unknown`: the decision "the frame fits" depends on. */
    unknownKey?: string;
}

/** The settings a distributed port group may let single ports override (P2, `*OverrideAllowed`). */
export type OverridablePolicy = "security" | "vlan" | "team" | "blocked";
export const OVERRIDABLE_POLICIES: readonly OverridablePolicy[] = ["security", "vlan", "team", "blocked"];

/**
 * How a distributed port group hands out ports (P3): static binding (`earlyBinding`, the default)
 * keeps one port per connected vNIC or vmk, and with `autoExpand: false` stops at `numberOfPorts`;
 * ephemeral ports are made on demand. `unknown` parts are not known during preview.
 */
export interface PortCapacity {
    binding: "static" | "ephemeral" | "unknown";
    autoExpand: boolean | "unknown";
    /** Undefined: unset, vCenter's choice (not in the stack). */
    numberOfPorts?: number | "unknown";
    origin: Origin;
}

export interface Host {
    id: string;
    name?: string;
    /** Net.ReversePathFwdCheckPromisc; when false a promiscuous port gets one copy per uplink (U4). */
    rpfCheckPromisc?: boolean;
    /** Where `rpfCheckPromisc` came from: declared in config, or assumed from the ESXi version's default. */
    rpfOrigin?: Origin;
    /** The physical side of this host's links (L1–L3): a static EtherChannel, LACP, or plain ports. */
    channel?: { kind: "none" | "static" | "lacp"; origin: Origin };
    /**
     * V7: the native VLAN of the host's physical switch ports, declared or read from vCenter (CDP):
     * untagged frames leaving its uplinks join it, and frames of that VLAN arrive untagged. Undefined
     * (or 0): the one untagged network every host without one shares (assumed).
     */
    nativeVlan?: { value: number; origin: Origin };
}

/** How a team spreads a port's frames over its active uplinks (U3). */
export type TeamingPolicy = "loadbalance_srcid" | "loadbalance_srcmac" | "loadbalance_ip" | "loadbalance_loadbased" | "failover_explicit";

/**
 * Which uplinks carry a port group's traffic (U1, U2): uplink names in order (a vDS's uplink names,
 * a vSS's NIC names). Names the switch does not bind on a host are ignored there; the rest of the
 * switch's uplinks are unused.
 */
export interface Team {
    active: string[];
    standby: string[];
    policy: TeamingPolicy | "unknown";
    origin: Origin;
    /** The lists are not known during preview. */
    unknownKey?: string;
    /** U8: worth an advisory, never a verdict. */
    notifySwitches?: boolean;
    checkBeacon?: boolean;
}

/** One uplink of a switch on one host: its name in teams and the physical NIC bound to it (none: unbound). */
export interface Uplink {
    name: string;
    nic?: string;
}

/** The physical NICs of one switch on one host. `unknown` while preview cannot tell. */
export type UplinkSet =
    | { known: true; links: Uplink[] }
    | { known: false; unknownKey: string; origin: Origin };

export interface SwitchMember {
    hostId: string;
    uplinks: UplinkSet;
}

export interface Switch {
    id: string;
    name?: string;
    kind: "standard" | "distributed";
    /** The switch's own effective values; port groups that inherit point here. */
    security: SecurityPolicy;
    /** vDS version ≥ 6.6.0 (MAC learning exists). Standard switches: always false (M4). */
    macLearningSupported: boolean;
    /** A standard switch has exactly one member; a distributed switch one per member host (F0). */
    members: SwitchMember[];
    /** The default team of its port groups (U1). */
    team?: Team;
    /** L3: the switch's uplinks form one LACP LAG (vDS `lacpEnabled`). */
    lacp?: { enabled: boolean; mode: "active" | "passive"; origin: Origin };
    /** PV1: the private VLANs of a distributed switch. */
    pvlans?: PvlanMapping[];
    /** P1: `blockAllPorts` on the switch, the default of its port groups. */
    blocked?: BlockedSetting;
    /** X2: the largest frame the switch passes (vSS `mtu`, default 1500; vDS `maxMtu`). Undefined: not checked. */
    mtu?: MtuSetting;
    /** X3: `multicastFilteringMode` (vDS); undefined: legacy (basic) filtering, the only mode of a vSS. */
    multicastFiltering?: "legacy" | "snooping" | "unknown";
    /** Where `multicastFiltering` came from (the trace names it). */
    multicastOrigin?: Origin;
    /** X1: `txUplink` on the switch, the default of its port groups (T6). */
    txUplink?: FlagSetting;
}

export interface PortGroup {
    id: string;
    name?: string;
    switchId: string;
    vlan: VlanMode;
    security: SecurityPolicy;
    macLearning?: MacLearningPolicy;
    /** A team that overrides the switch's (T5, T6); undefined: the switch's team. */
    team?: Team;
    /** P1: every port of the group blocked (its own `blockAllPorts` or the switch's, T6). Undefined: not blocked. */
    blocked?: BlockedSetting;
    /** Where `vlan` came from, when not the port group's own setting (V5, T7: inherited from a distributed switch). */
    vlanOrigin?: Origin;
    /** X1: every frame a port sends is also copied out an uplink (its own `txUplink` or the switch's, T6). Undefined: off. */
    txUplink?: FlagSetting;
    /** P2: the policies single ports may override (only flags that are true or unknown). Undefined: none. */
    overrides?: Partial<Record<OverridablePolicy, FlagSetting>>;
    /** P3: how ports are handed out (distributed port groups). Undefined: not limited as far as the stack says. */
    capacity?: PortCapacity;
}

/** A VM vNIC or a host's VMkernel NIC (K1) connected to a port group. */
export interface Port {
    id: string;
    portGroupId: string;
    /** The host the VM runs on; undefined when DRS decides (the simulator tries both placements). */
    hostId?: string;
    /** From the VM's configuration. */
    initialMac: string;
    /** What the guest OS programmed; defaults to the initial MAC. */
    effectiveMac?: string;
    /** Human name of the VM and NIC, for traces. */
    label?: string;
    /** K1: a VMkernel NIC of its host (forwarded like a VM port). Undefined: a VM vNIC. */
    kind?: "vnic" | "vmk";
    /** X2: the NIC's MTU (a Vnic's `mtu`). Undefined: not checked. */
    mtu?: MtuSetting;
    /**
     * X4: an SR-IOV or passthrough NIC that bypasses the virtual switch. `unknownKey`: whether the NIC
     * is one at all is not known during preview (its `adapterType` is computed); the simulator branches.
     */
    passthrough?: { kind: "sriov" | "passthrough"; origin: Origin; unknownKey?: string };
}

/**
 * What the user wants to connect:
 * - `vnic`: the VM's own interface (its port's effective MAC);
 * - `guest`: something behind a vNIC with a MAC of its own (a VM in a nested hypervisor, a macvlan
 *   container, a VRRP virtual MAC), optionally sending 802.1Q-tagged frames;
 * - `external`: a device on the physical network, in a VLAN (0 or undefined: untagged).
 *
 * `mtu` (X2): the largest frame the workload sends; undefined: not checked (1500 fits every
 * switch). `vmk` on a guest: a nested ESXi's vmk1 and above, with a MAC of its own (K2).
 */
export type Endpoint =
    | { id: string; kind: "vnic"; portId: string; label?: string; mtu?: number }
    | { id: string; kind: "guest"; portId: string; mac: string; vlan?: number; label?: string; mtu?: number; vmk?: boolean }
    | { id: string; kind: "external"; mac: string; vlan?: number; label?: string; mtu?: number };

export interface Model {
    hosts: Host[];
    switches: Switch[];
    portGroups: PortGroup[];
    ports: Port[];
    endpoints: Endpoint[];
}

/** A two-way conversation between endpoints, by endpoint id. */
export interface ConversationSpec {
    a: string;
    b: string;
    /** X3: a multicast flow (each side sends to a group the other joined) instead of ARP and unicast. */
    multicast?: boolean;
}
