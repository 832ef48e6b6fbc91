/**
 * Multicast to nested guests (SEMANTICS X3). A group frame is flooded like a broadcast (F5); a
 * guest behind a port takes it when the port passes the group: a promiscuous port receives every
 * group; where the switch's multicast filtering mode is snooping, the port receives the groups its
 * guests joined (assumed for ports with and without MAC learning alike); with legacy (basic)
 * filtering it depends on the nested hypervisor programming the vNIC's filter — not in the stack,
 * so the simulator branches on it and the flow comes out undetermined (assumed). A filtering mode
 * not known during preview is branched on too, once per switch.
 */
import type { Endpoint, Port, PortGroup, Switch } from "../model/model";
import type { SettingRef } from "../model/results";
import { decide, peek } from "./decide";
import { label, Stage, type FrameInfo, type Run } from "./run";
import { setting } from "./security";

function ref(port: Port, sw: Switch): SettingRef {
    return { objectId: port.id, setting: "multicast", value: sw.multicastFiltering ?? "legacy" };
}

function modeRef(sw: Switch): SettingRef {
    return { objectId: sw.id, setting: "multicast", value: sw.multicastFiltering ?? "legacy", ...(sw.multicastOrigin ? { origin: sw.multicastOrigin } : {}) };
}

/** Whether the switch snoops (branches on a mode not known during preview, once per switch). */
function snooping(run: Run, sw: Switch): boolean {
    if (sw.multicastFiltering !== "unknown") return sw.multicastFiltering === "snooping";
    const origin = sw.multicastOrigin ?? { kind: "explicit" as const, objectId: sw.id, property: "multicastFilteringMode" };
    return decide({ value: "unknown", origin, unknownKey: `${sw.id}.multicastFilteringMode` }, modeRef(sw), run.assume);
}

/** A bystander's snooping without branching: only if the run already decided it. */
function peekSnooping(run: Run, sw: Switch): boolean {
    return sw.multicastFiltering === "snooping" || (sw.multicastFiltering === "unknown" && run.assume.get(`${sw.id}.multicastFilteringMode`) === true);
}

/** X3 for one guest behind a port. Returns the event to deliver under, or -1 (the target's drop recorded). */
export function joinsGroup(run: Run, sw: Switch, port: Port, pg: PortGroup, e: Endpoint, f: FrameInfo, at: string, parent: number): number {
    const isTarget = run.target?.endpoint.id === e.id;
    const promisc = isTarget ? setting(run, pg, "promiscuous").on : peek(pg.security.promiscuous, run.assume) === true;
    if (promisc) return run.hop(parent, Stage.TargetPort, { action: "forward", rule: "X3", at, detail: `a promiscuous port receives every group, ${f.dst} included` });
    if (isTarget ? snooping(run, sw) : peekSnooping(run, sw)) {
        return run.hop(parent, Stage.TargetPort, { action: "forward", rule: "X3", at, detail: `multicast snooping: the port receives the groups ${label(e)} joined`, setting: sw.multicastFiltering === "unknown" ? modeRef(sw) : ref(port, sw) });
    }
    if (!isTarget) return -1;
    const r = ref(port, sw);
    const on = decide({ value: "unknown", origin: { kind: "assumed", objectId: port.id, rule: "X3" }, unknownKey: `${port.id}.multicast` }, r, run.assume);
    if (on) {
        return run.hop(parent, Stage.TargetPort, { action: "forward", rule: "X3", at, detail: `legacy multicast filtering: this case assumes the nested hypervisor adds ${label(e)}'s groups to the vNIC's filter`, setting: r });
    }
    run.hop(parent, Stage.TargetPort, { action: "drop", rule: "X3", at, detail: `legacy multicast filtering: this case assumes the vNIC's filter has only its own groups, not ${label(e)}'s (set multicastFilteringMode: snooping, or promiscuous)`, setting: r });
    return -1;
}
