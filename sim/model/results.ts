/**
 * What the simulator answers: verdicts, legs, hop-by-hop traces, fixes, needs and exposure.
 * Everything here is plain data so a policy, the CLI or a test can word it as it likes.
 */
import type { Origin, SecuritySetting, Tri } from "./model";

export type Verdict = "reachable" | "one-way" | "blocked" | "undetermined";

/** The worse verdict comes first; used to combine placements. */
export const VERDICT_ORDER: readonly Verdict[] = ["blocked", "one-way", "undetermined", "reachable"];

/** A setting as the simulator consulted it: on which object, its value and where that came from. */
export interface SettingRef {
    objectId: string;
    setting: SecuritySetting | "macLearning" | "uplinks" | "vlan" | "team" | "pvlan" | "blocked" | "mtu" | "passthrough" | "multicast";
    value: Tri | string;
    origin?: Origin;
}

export type HopAction = "send" | "forward" | "deliver" | "copy" | "drop" | "learn";

/** One step of a frame's path. Every trace ends with a hop whose rule decided the outcome. */
export interface Hop {
    action: HopAction;
    /** Rule id from SEMANTICS.md (or sim/model/rules.ts for the simulator's own). */
    rule: string;
    /** Where: "host esxi-1 / switch lab-vds / port vm-a:0", "physical network", … */
    at: string;
    detail: string;
    /** The setting that decided this hop, when one did. */
    setting?: SettingRef;
    /** True when the rule is marked *assumed* in SEMANTICS.md. */
    assumed?: boolean;
}

export type LegName = "arp-request" | "arp-reply" | "unicast-forward" | "unicast-back" | "multicast-forward" | "multicast-back";

export interface LegResult {
    leg: LegName;
    /** Endpoint ids. */
    from: string;
    to: string;
    delivered: boolean;
    /** How many copies the destination got (promiscuous port with several uplinks: more than one). */
    copies: number;
    /** The path to the destination, or to the hop that dropped the frame. */
    trace: Hop[];
}

/** A fact that was unknown during preview and changes the answer. */
export interface Decision {
    key: string;
    ref: SettingRef;
}

/** Which host each placed port ran on in one scenario (only ports whose host DRS picks). */
export interface Placement {
    kind: "known" | "same-host" | "cross-host";
    hosts: Record<string, string>;
}

export interface Duplicates {
    endpoint: string;
    portId: string;
    copies: number;
    hostId: string;
    rule: string;
}

export interface ConversationResult {
    a: string;
    b: string;
    verdict: Verdict;
    /** For `one-way`: the direction that works. */
    works?: { from: string; to: string };
    /** The legs of the scenario reported (the worst placement, and the worst assumption). */
    legs: LegResult[];
    placement: Placement;
    /** For `undetermined`: the unknown facts that decide it, and what each combination gives. */
    decidedBy?: Decision[];
    outcomes?: Array<{ assume: Record<string, Tri>; verdict: Verdict }>;
    /** For `undetermined`: true when no combination of the unknowns makes it reachable (it fails either way). */
    failsInEveryCase?: boolean;
    /** Reported, not fatal. */
    duplicates?: Duplicates[];
}

/** One atomic configuration change the fix search may propose. */
export type Change =
    | { kind: "setting"; objectId: string; scope: "portGroup" | "switch"; setting: SecuritySetting; value: "accept" | "reject" }
    | { kind: "macLearning"; portGroupId: string; enabled: boolean }
    | { kind: "trunk"; portGroupId: string; vlans: number[] }
    /** The port group stops overriding and takes its switch's value (S5). */
    | { kind: "inherit"; portGroupId: string; setting: SecuritySetting }
    /** The port group's team overridden: these uplinks active, these standby, the rest unused (U1). */
    | { kind: "team"; portGroupId: string; active: string[]; standby: string[] }
    /** A host fact the stack cannot say (U4): Net.ReversePathFwdCheckPromisc. */
    | { kind: "host"; hostId: string; rpfCheckPromisc: boolean }
    /** P1: `blockAllPorts` off on a port group, or on a switch (reaching the port groups that inherit it, T6). */
    | { kind: "unblock"; objectId: string; scope: "portGroup" | "switch" }
    /** X2: the switch's MTU (`mtu` on a HostVirtualSwitch, `maxMtu` on a DistributedVirtualSwitch) raised to `value`. */
    | { kind: "mtu"; switchId: string; value: number };

export interface Fix {
    changes: Change[];
    /** The verdict with the changes applied. */
    verdict: Verdict;
    cost: number;
}

/** An `accept` (or MAC learning) a conversation needs: flipping it alone breaks the conversation. */
export interface Need {
    portGroupId: string;
    setting: SecuritySetting | "macLearning";
    conversations: Array<{ a: string; b: string }>;
}

/** Why nothing can be said about what a port group needs. */
export type WithholdReason =
    /** A conversation on it fails and no change the fix search knows makes it work. */
    | { kind: "unfixable"; a: string; b: string; verdict: Verdict }
    /** A conversation on it depends on values not known yet. */
    | { kind: "undetermined"; a: string; b: string }
    /** A declared workload that may sit on it was skipped (a config error, or something not visible). */
    | { kind: "skipped"; workload: string; configPath?: string }
    /** The input is partial: resources that may sit on it are not in the picture. */
    | { kind: "partial"; why: string };

/** A grant (accept or MAC learning on a port group) whose need could not be judged. */
export interface Withheld {
    portGroupId: string;
    setting: SecuritySetting | "macLearning";
    reasons: WithholdReason[];
}

export interface ObservedEndpoint {
    endpoint: string;
    /** narrow: same port group on the same host; wide: another port group on the same switch, host and VLAN. */
    scope: "narrow" | "wide";
    /** False when the hosts are unknown (DRS) and the two may or may not share a host. */
    certain: boolean;
}

/**
 * What the promiscuous ports of one port group on one host can observe (S3). All promiscuous
 * ports of a port group on a host see the same traffic, so they are reported together.
 */
export interface Exposure {
    portGroupId: string;
    /** Undefined for ports whose host DRS picks: they may share a host with any member. */
    hostId?: string;
    portIds: string[];
    /** Promiscuous `unknown` during preview: exposure only if it turns out accept. */
    promiscuous: Tri;
    observes: ObservedEndpoint[];
}
