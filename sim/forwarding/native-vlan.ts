/**
 * The native VLAN of a host's physical switch ports (SEMANTICS V7) and untagged frames on trunk port
 * groups (V6). The physical side is not in the stack: a host whose native VLAN is declared (config
 * `hosts`, or an inventory) puts its untagged frames into that VLAN on the physical network, and
 * frames of that VLAN reach it untagged — so they reach its untagged port groups and trunks, and a
 * port group tagging that very VLAN never sees them. Hosts that declare none share one untagged
 * network (VLAN key 0 on the wire, assumed), which no declared host's ports are in.
 */
import type { Host, PortGroup } from "../model/model";
import type { SettingRef } from "../model/results";
import { Stage, type Run } from "./run";
import { formatRanges, formatVlan, inRanges } from "./vlan";

/** The declared native VLAN of a host's physical ports (0: none declared, the shared untagged network). */
export function nativeVlanOf(host: Host | undefined): number {
    return host?.nativeVlan?.value ?? 0;
}

function ref(host: Host): SettingRef {
    const n = host.nativeVlan!;
    return { objectId: host.id, setting: "vlan", value: `native VLAN ${n.value}`, origin: n.origin };
}

/** V7 on the way out of a host's uplinks: the VLAN key on the wire, and the event to continue from. */
export function toWire(run: Run, hostId: string, key: number, at: string, parent: number): { key: number; event: number } {
    const host = run.sc.net.hosts.get(hostId);
    const native = nativeVlanOf(host);
    if (native === 0 || key !== 0) return { key, event: parent };
    const event = run.hop(parent, Stage.SourceSwitch, {
        action: "forward",
        rule: "V7",
        at,
        detail: `untagged frames leaving host ${hostId}'s uplinks join VLAN ${native}, the native VLAN of its physical switch ports`,
        setting: ref(host!),
    });
    return { key: native, event };
}

/**
 * V7 on the way into a host from the physical network: the VLAN key inside the host, or undefined
 * when the frame never arrives there (recording why when the target sits on that host switch).
 */
export function fromWire(run: Run, hostId: string, key: number, at: string, parent: number, targetHere: boolean): { key: number; event: number } | undefined {
    const host = run.sc.net.hosts.get(hostId);
    const native = nativeVlanOf(host);
    if (native === 0) return { key, event: parent };
    if (key === 0) {
        if (targetHere) {
            run.hop(parent, Stage.TargetSwitch, {
                action: "drop",
                rule: "V7",
                at,
                detail: `the frame is in the untagged network of the hosts that declare no native VLAN (assumed one network), but untagged on host ${hostId}'s physical ports is VLAN ${native}: it never arrives there`,
                setting: ref(host!),
                assumed: true,
            });
        }
        return undefined;
    }
    if (key !== native) return { key, event: parent };
    const event = run.hop(parent, Stage.TargetSwitch, {
        action: "forward",
        rule: "V7",
        at,
        detail: `VLAN ${native} is the native VLAN of host ${hostId}'s physical switch ports: its frames arrive untagged`,
        setting: ref(host!),
    });
    // The native-VLAN trap: a port group that tags the native VLAN itself never gets these frames.
    const target = targetHere ? run.target?.port : undefined;
    const pg = target && run.sc.net.portGroups.get(target.portGroupId);
    if (pg && pg.vlan.kind === "vlan" && pg.vlan.id === native) {
        run.hop(event, Stage.TargetPort, {
            action: "drop",
            rule: "V7",
            at,
            detail: `port group ${pg.name ?? pg.id} tags VLAN ${native} itself, but VLAN ${native} is the native VLAN of host ${hostId}'s physical ports: its frames arrive untagged and reach only untagged port groups and trunks`,
            setting: ref(host!),
        });
    }
    return { key: 0, event };
}

/**
 * V6 at a trunk port group whose ranges leave out 0 (assumed to carry untagged frames anyway): a
 * hop of its own for an untagged frame, so a trace that rests on the reading names it. Returns the
 * event to continue from.
 */
export function untaggedOnTrunk(run: Run, pg: PortGroup, key: number, at: string, parent: number): number {
    if (key !== 0 || pg.vlan.kind !== "trunk" || inRanges(pg.vlan.ranges, 0)) return parent;
    return run.hop(parent, Stage.TargetPort, {
        action: "forward",
        rule: "V6",
        at,
        detail: `an untagged frame passes trunk port group ${pg.name ?? pg.id} (VLANs ${formatRanges(pg.vlan.ranges)}) untagged, though its ranges leave out 0`,
        setting: { objectId: pg.id, setting: "vlan", value: formatVlan(pg.vlan) },
    });
}
