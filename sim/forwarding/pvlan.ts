/**
 * Private VLANs (SEMANTICS PV1–PV3). A port group on a PVLAN sends its frames with its secondary id
 * (a promiscuous port: the primary id), on one host and on the wire alike (the physical network is
 * assumed to carry the PVLANs). PV1: the port group's PVLAN must be one of its switch's mappings.
 * PV2: who receives a frame in a PVLAN id — promiscuous ports every id of their primary, community
 * ports their own community and the primary, isolated ports the primary only; different primaries
 * are different VLANs. PV3: inside a nested hypervisor its own switch still joins its guests (N1),
 * and a promiscuous port receives only what PV2 lets it receive (the filter comes first, assumed).
 * No allocation per frame: the filter reads the port group's mode and the network's index of PVLAN ids.
 */
import type { Endpoint, PortGroup, PvlanMapping, PvlanType, Switch } from "../model/model";
import type { SettingRef } from "../model/results";
import { label, Stage, type Run } from "./run";

type PvlanMode = Extract<PortGroup["vlan"], { kind: "pvlan" }>;

/**
 * PV2: whether a receiver on PVLAN `recv` takes a frame carrying VLAN id `key`. `roles` maps each
 * PVLAN id to its mapping (Net.pvlanRoles); an id that is no PVLAN is another VLAN.
 */
export function pvlanAccepts(roles: ReadonlyMap<number, PvlanMapping>, recv: PvlanMapping, key: number): boolean {
    const k = roles.get(key) ?? (key === recv.primary ? PROMISCUOUS : undefined);
    if (!k || (k !== PROMISCUOUS && k.primary !== recv.primary)) return false;
    if (recv.type === "promiscuous" || k.type === "promiscuous") return true;
    return recv.type === "community" && key === recv.secondary;
}

/** Stands for "the primary id itself" when the network lists no promiscuous entry for it. */
const PROMISCUOUS: PvlanMapping = { primary: -1, secondary: -1, type: "promiscuous" };

/** An external device in VLAN `vlan` takes a frame in `key`: a device in a primary is a promiscuous port (assumed, PV2). */
export function externalAccepts(roles: ReadonlyMap<number, PvlanMapping>, vlan: number, key: number): boolean {
    const r = roles.size === 0 ? undefined : roles.get(vlan);
    return r ? pvlanAccepts(roles, r, key) : vlan === key;
}

/** Whether the frame in `key` is in the private VLAN of `mode` at all (same primary): a PV2 matter, not a VLAN one. */
export function samePrimary(roles: ReadonlyMap<number, PvlanMapping>, mode: PvlanMode, key: number): boolean {
    return key === mode.primary || roles.get(key)?.primary === mode.primary;
}

export function typeOfKey(roles: ReadonlyMap<number, PvlanMapping>, key: number): PvlanType | undefined {
    return roles.get(key)?.type;
}

export function pvlanRef(pg: PortGroup): SettingRef {
    return { objectId: pg.id, setting: "pvlan", value: describePvlan(pg.vlan as PvlanMode) };
}

export function describePvlan(m: PvlanMapping): string {
    return m.type === "promiscuous" ? `PVLAN ${m.primary} promiscuous` : `PVLAN ${m.primary} ${m.type} ${m.secondary}`;
}

/** "isolated secondary 101 of PVLAN 100" for the sender of a frame in `key`. */
function senderOf(roles: ReadonlyMap<number, PvlanMapping>, key: number): string {
    const r = roles.get(key);
    if (!r) return key === 0 ? "untagged" : `VLAN ${key}`;
    return r.type === "promiscuous" ? `the promiscuous primary ${r.primary}` : `${r.type} secondary ${r.secondary} of PVLAN ${r.primary}`;
}

/**
 * PV1 at ingress: the port group's PVLAN must be a mapping of its switch (when the switch lists
 * its mappings). Returns the event to continue from (a PV1 hop naming the PVLAN), or -1 when dropped.
 */
export function enterPvlan(run: Run, sw: Switch, pg: PortGroup, at: string, parent: number): number {
    const m = pg.vlan as PvlanMode;
    if (sw.pvlans !== undefined && !sw.pvlans.some((x) => x.secondary === m.secondary && x.primary === m.primary && x.type === m.type)) {
        run.hop(parent, Stage.Source, { action: "drop", rule: "PV1", at, detail: `${describePvlan(m)} is not among the private VLANs of switch ${sw.name ?? sw.id} (pvlanMappings): the port carries nothing`, setting: pvlanRef(pg) });
        return -1;
    }
    const wire = m.type === "promiscuous" ? `the primary id ${m.primary}` : `its secondary id ${m.secondary}`;
    return run.hop(parent, Stage.Source, { action: "forward", rule: "PV1", at, detail: `${describePvlan(m)}: frames carry ${wire}`, setting: pvlanRef(pg) });
}

/** PV2 (PV3 for a guest behind a promiscuous port) at the target: why a port on a PVLAN does not take a frame in `key`. */
export function explainPvlanDrop(run: Run, pg: PortGroup, target: Endpoint | undefined, key: number, at: string, parent: number): void {
    const m = pg.vlan as PvlanMode;
    const roles = run.sc.net.pvlanRoles;
    const who = target ? label(target) : "the port";
    const guest = target?.kind === "guest";
    const detail =
        m.type === "isolated"
            ? `${who} is on an isolated port (${describePvlan(m)}), the frame comes from ${senderOf(roles, key)}: isolated ports talk to promiscuous ports only`
            : `${who} is in community ${m.secondary} of PVLAN ${m.primary}, the frame comes from ${senderOf(roles, key)}: a community talks to itself and promiscuous ports only`;
    run.hop(parent, Stage.TargetPort, { action: "drop", rule: guest ? "PV3" : "PV2", at, detail: guest ? `${detail} (a nested hypervisor's promiscuous port gets only what the PVLAN filter lets through, assumed)` : detail, setting: pvlanRef(pg) });
}

/** PV2 at delivery: the hop that says which PVLAN types met. */
export function passPvlan(run: Run, pg: PortGroup, key: number, at: string, parent: number): number {
    const m = pg.vlan as PvlanMode;
    const from = senderOf(run.sc.net.pvlanRoles, key);
    return run.hop(parent, Stage.TargetPort, { action: "forward", rule: "PV2", at, detail: `${describePvlan(m)} receives from ${from}`, setting: pvlanRef(pg) });
}

/** PV3: guests inside one nested hypervisor on a PVLAN port talk through its own switch, whatever the PVLAN type. */
export function insidePvlan(run: Run, pg: PortGroup, at: string, parent: number): number {
    const m = pg.vlan as PvlanMode;
    if (m.type === "promiscuous") return parent;
    return run.hop(parent, Stage.Source, { action: "forward", rule: "PV3", at, detail: `the vNIC is ${m.type === "isolated" ? "an isolated" : "a community"} port (${describePvlan(m)}), but the nested hypervisor's own switch joins its guests without the outer switch` });
}
