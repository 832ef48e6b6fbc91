/**
 * Implicit workloads (issue 3 §4). A nested hypervisor with no declared workloads is assumed to run
 * one untagged guest with a MAC of its own behind each NIC. That guest must talk to the physical
 * network of the NIC's port group and to the implicit guests of the other nested hypervisors on the
 * same port group.
 */
import type { PortGroup } from "../sim/model/model";
import type { Context } from "./context";
import type { VmInfo } from "./vms";

export function implicitGuestId(portId: string): string {
    return `implicit-guest:${portId}`;
}

export function implicitExternalId(portGroupId: string): string {
    return `implicit-external:${portGroupId}`;
}

export function addImplicitWorkloads(ctx: Context, vms: readonly VmInfo[], declaredIn: ReadonlySet<string>): void {
    const externals = new Map<string, string>();
    /** Port group id → its implicit guests, with the VM each belongs to. */
    const guestsOn = new Map<string, Array<{ id: string; vmUrn: string }>>();

    const externalFor = (pg: PortGroup): string => {
        const existing = externals.get(pg.id);
        if (existing) return existing;
        const id = implicitExternalId(pg.id);
        const label = `physical network of ${pg.name ?? pg.id}`;
        // The port group's access VLAN on the wire; untagged for none and for a trunk (guests send untagged).
        const vlan = pg.vlan.kind === "vlan" ? pg.vlan.id : undefined;
        const mac = ctx.placeholderMac(`implicit-external:${pg.name ?? pg.id}`);
        ctx.model.endpoints.push({ id, kind: "external", mac, ...(vlan ? { vlan } : {}), label });
        ctx.endpoints.set(id, { name: label, source: "implicit", portGroupId: pg.id });
        externals.set(pg.id, id);
        return id;
    };

    for (const vm of vms) {
        if (!vm.nested || declaredIn.has(vm.res.urn)) continue;
        vm.nics.forEach((nic, i) => {
            if (!nic) return;
            const id = implicitGuestId(nic.port.id);
            const label = `${vm.res.name} nic ${i} guest`;
            const mac = ctx.placeholderMac(`implicit:${vm.res.name}:${i}`);
            ctx.model.endpoints.push({ id, kind: "guest", portId: nic.port.id, mac, label });
            ctx.endpoints.set(id, { name: label, source: "implicit", vmUrn: vm.res.urn, portGroupId: nic.portGroup.id });
            ctx.conversations.push({ a: id, b: externalFor(nic.portGroup), source: "implicit" });
            const list = guestsOn.get(nic.portGroup.id) ?? [];
            list.push({ id, vmUrn: vm.res.urn });
            guestsOn.set(nic.portGroup.id, list);
        });
    }

    for (const guests of guestsOn.values()) {
        for (let x = 0; x < guests.length; x++) {
            for (let y = x + 1; y < guests.length; y++) {
                if (guests[x].vmUrn !== guests[y].vmUrn) ctx.conversations.push({ a: guests[x].id, b: guests[y].id, source: "implicit" });
            }
        }
    }
}
