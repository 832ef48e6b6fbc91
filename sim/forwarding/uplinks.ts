/**
 * Uplinks of a switch on a host (SEMANTICS F0: frames between hosts cross uplinks; a switch without
 * one on a host is internal there): whether a switch has uplinks on a host, the step out of one onto
 * the physical network, and how many copies of a flooded frame come in through them (U4, as far as
 * it is modelled today: one per active uplink, none of it with the reverse-path check for
 * promiscuous ports). Teaming (U1–U8) and link aggregation (L1–L3) belong here.
 */
import type { PortGroup, Switch, SwitchMember } from "../model/model";
import type { SettingRef } from "../model/results";
import { decide, peek } from "./decide";
import { hostSwitch } from "./host-switch";
import { atSwitch, Stage, type FrameInfo, type Run } from "./run";

/** F0: the switch is known to have no uplink on this member host (an internal switch there). */
export function knownInternal(m: SwitchMember): boolean {
    return m.uplinks.known && m.uplinks.active.length + m.uplinks.standby.length === 0;
}

/** Out one uplink of this switch on this host (F0 when it has none), onto the physical network. */
export function uplink(run: Run, host: string, sw: Switch, key: number, f: FrameInfo, rule: string, parent: number): void {
    const at = atSwitch(host, sw);
    if (!hasUplinks(run, host, sw, at, parent, Stage.SourceSwitch)) return;
    const e = run.hop(parent, Stage.SourceSwitch, { action: "forward", rule, at, detail: `out an uplink${key ? ` tagged VLAN ${key}` : " untagged"}` });
    run.stages.physical(run, hostSwitch(run.sc.net, host, sw.id).hk, key, f, e);
}

/** F0: whether frames leave and enter the host through this switch; records the drop when not. */
export function hasUplinks(run: Run, host: string, sw: Switch, at: string, parent: number, stage: Stage): boolean {
    const m = run.sc.member(sw.id, host);
    if (!m) {
        run.hop(parent, stage, { action: "drop", rule: "F0", at, detail: `switch ${sw.name ?? sw.id} does not reach host ${host}` });
        return false;
    }
    if (m.uplinks.known) {
        if (!knownInternal(m)) return true;
        run.hop(parent, stage, { action: "drop", rule: "F0", at, detail: `switch ${sw.name ?? sw.id} has no uplink on host ${host} (internal switch): nothing leaves or enters the host through it`, setting: { objectId: sw.id, setting: "uplinks", value: "none" } });
        return false;
    }
    const ref: SettingRef = { objectId: sw.id, setting: "uplinks", value: "unknown", origin: m.uplinks.origin };
    const has = decide({ value: "unknown", origin: m.uplinks.origin, unknownKey: m.uplinks.unknownKey }, ref, run.assume);
    if (!has) run.hop(parent, stage, { action: "drop", rule: "F0", at, detail: `assuming switch ${sw.name ?? sw.id} has no uplink on host ${host}`, setting: ref });
    return has;
}

/** How many uplinks a frame the physical network floods to this host switch arrives on (U4). */
export function arrivalCopies(m: SwitchMember): number {
    return m.uplinks.known ? Math.max(1, m.uplinks.active.length) : 1;
}

/**
 * How many copies a port receives of a frame that arrived on `copies` uplinks (U4): each, when the
 * frame was flooded by the physical network and the port is promiscuous, unless the host checks the
 * reverse path for promiscuous ports; otherwise one.
 */
export function receivedCopies(run: Run, host: string, pg: PortGroup, copies: number, flooded: boolean): number {
    const rpf = run.sc.net.hosts.get(host)?.rpfCheckPromisc === true;
    return flooded && !rpf && peek(pg.security.promiscuous, run.assume) === true ? copies : 1;
}
