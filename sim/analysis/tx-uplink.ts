/**
 * Copies out an uplink (SEMANTICS X1): with `txUplink` every frame a port sends also leaves by an
 * uplink, so traffic that would stay on one host (VM to VM, a nested hypervisor's guests to the VMs
 * beside it) is on the physical network too — exposure, not reachability. Grouped by the object
 * that sets it (a switch and the port groups that inherit it, T6, or one port group), with the
 * promiscuous port groups that may then observe those frames: where the physical switch has not
 * learned a destination it floods the copy to every host, and a promiscuous port on another host in
 * the VLAN receives it (S3).
 */
import type { FlagSetting, Origin, PortGroup } from "../model/model";
import type { Net } from "../model/network";
import { overlaps } from "../forwarding/vlan";
import { bypasses } from "./duplicates";

export interface TxUplinkCopies {
    /** The object whose `txUplink` the port groups carry: a switch, or a port group of its own. */
    holderId: string;
    /** true, or unknown during preview. */
    value: true | "unknown";
    origin: Origin;
    /** Port groups with ports whose frames are copied. */
    portGroupIds: string[];
    /** Promiscuous port groups (accept or unknown) with a nested hypervisor or bridge on another host, sharing a VLAN with them. */
    observers: string[];
}

/** Where the port group's value is set: itself, or the switch it inherits from (the origin chain's end). */
function holderOf(flag: FlagSetting): { id: string; origin: Origin } {
    let o: Origin = flag.origin;
    while (o.kind === "inherited" && o.from) o = o.from;
    return { id: o.objectId, origin: o };
}

/** Hosts of the port group's ports (undefined: DRS places it); `listening`: only ports whose guests listen for other MACs (U5). */
function hostsOf(net: Net, pg: PortGroup, listening = false): Set<string | undefined> {
    const ports = (net.groupPorts.get(pg.id) ?? []).filter((p) => !listening || (!bypasses(p) && (net.behind.get(p.id) ?? []).some((e) => e.kind === "guest")));
    return new Set(ports.map((p) => p.hostId));
}

export function txUplinkCopies(net: Net): TxUplinkCopies[] {
    const byHolder = new Map<string, TxUplinkCopies>();
    const seen = new Map<string, Set<string>>();
    // Who may listen, worked out once: promiscuous port groups and the hosts of their nested hypervisors.
    let listeners: Array<{ pg: PortGroup; hosts: Set<string | undefined> }> | undefined;
    for (const pg of net.model.portGroups) {
        const flag = pg.txUplink;
        if (!flag || flag.value === false || (net.groupPorts.get(pg.id) ?? []).length === 0) continue;
        const holder = holderOf(flag);
        let c = byHolder.get(holder.id);
        if (!c) {
            byHolder.set(holder.id, (c = { holderId: holder.id, value: flag.value, origin: holder.origin, portGroupIds: [], observers: [] }));
            seen.set(holder.id, new Set());
        }
        const observed = seen.get(holder.id)!;
        if (flag.value === true) c.value = true;
        c.portGroupIds.push(pg.id);
        const mine = [...hostsOf(net, pg)];
        listeners ??= net.model.portGroups
            .filter((g) => g.security.promiscuous.value !== "reject")
            .map((g) => ({ pg: g, hosts: hostsOf(net, g, true) }))
            .filter((l) => l.hosts.size > 0);
        for (const { pg: other, hosts } of listeners) {
            if (observed.has(other.id) || !overlaps(pg.vlan, other.vlan)) continue;
            // Another host than every port of the copied port group (a DRS-placed port may be anywhere).
            const elsewhere = [...hosts].some((h) => h === undefined || mine.some((m) => m === undefined || m !== h));
            if (!elsewhere) continue;
            observed.add(other.id);
            c.observers.push(other.id);
        }
    }
    return [...byHolder.values()];
}
