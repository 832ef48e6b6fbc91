/**
 * Running out of ports (SEMANTICS P3): a distributed port group with static binding and
 * `autoExpand: false` connects at most `numberOfPorts` vNICs and vmks; more fail when the stack is
 * applied (assumed an error, not a silent drop). Counts every port of the model on it (the stack's
 * VM NICs and vmks, and an inventory's VMs, which hold ports too). A count or binding not known
 * during preview, or left to vCenter, makes the shortfall possible rather than certain.
 */
import type { PortCapacity } from "../model/model";
import type { Net } from "../model/network";

export interface PortShortfall {
    portGroupId: string;
    capacity: PortCapacity;
    /** Ports the model connects to the port group. */
    portIds: string[];
    /** True when the stack says the port group has fewer ports than that; false: it may. */
    certain: boolean;
}

export function portShortfalls(net: Net): PortShortfall[] {
    const out: PortShortfall[] = [];
    for (const pg of net.model.portGroups) {
        const c = pg.capacity;
        if (!c || c.binding === "ephemeral" || c.autoExpand === true) continue;
        const ports = net.groupPorts.get(pg.id) ?? [];
        if (ports.length === 0) continue;
        const n = c.numberOfPorts;
        if (typeof n === "number" && ports.length <= n) continue;
        const certain = typeof n === "number" && c.binding === "static" && c.autoExpand === false;
        out.push({ portGroupId: pg.id, capacity: c, portIds: ports.map((p) => p.id), certain });
    }
    return out;
}
