/**
 * Virtual machines: one port per NIC whose port group is known, and a `vnic` endpoint for each.
 */
import type { Port, PortGroup } from "../sim/model/model";
import { show, type Context } from "./context";
import type { Hosts } from "./hosts";
import { parseUnicastMac } from "./mac";
import type { InventoryNetworks } from "./inventory";
import { resolveNicNetworks } from "./nic-networks";
import { nicPassthrough } from "./passthrough";
import type { PortGroups } from "./portgroups";
import type { Stack } from "./stack";
import type { Switches } from "./switches";
import type { RawResource } from "./types";
import { readArray, readBool, readKeyword, readString } from "./unknowns";

export interface VmNic {
    vmUrn: string;
    port: Port;
    portGroup: PortGroup;
    /** The id of the VM's own `vnic` endpoint. */
    endpointId: string;
}

export interface VmInfo {
    res: RawResource;
    /** Index = NIC number; undefined where the NIC could not be placed on a port group. */
    nics: Array<VmNic | undefined>;
    /** `nestedHvEnabled` or a `vmkernel*` guest id: runs a hypervisor whose guests sit behind its NICs. */
    nested: boolean;
    /** The NIC list is not known during preview. */
    nicsUnknown?: boolean;
}

export function portId(vmUrn: string, nic: number): string {
    return `${vmUrn}#nic${nic}`;
}

export function vnicEndpointId(port: string): string {
    return `vnic:${port}`;
}

function isNestedHypervisor(ctx: Context, vm: RawResource): boolean {
    const hv = readBool(vm.props, ["nestedHvEnabled"]);
    if (hv.kind === "value" && hv.value) return true;
    const guest = readKeyword(vm.props, ["guestId"]);
    if (guest.kind === "value" && guest.value.startsWith("vmkernel")) return true;
    // Neither says yes, and one of them is not known: whether guests sit behind its NICs cannot be told.
    if (hv.kind === "unknown" || guest.kind === "unknown") {
        ctx.diag({
            kind: "unknown",
            urn: vm.urn,
            property: hv.kind === "unknown" ? "nestedHvEnabled" : "guestId",
            message: `Whether ${show(vm.name)} is a nested hypervisor is not known during preview (${hv.kind === "unknown" ? "nestedHvEnabled" : "guestId"}); its NICs are checked as an ordinary VM's, without implicit nested guests.`,
        });
    }
    return false;
}

function nicCount(ctx: Context, vm: RawResource): number {
    const nis = readArray(vm.props, ["networkInterfaces"]);
    if (nis.kind === "value") return nis.value.length;
    if (nis.kind === "unknown") {
        ctx.diag({ kind: "unknown", urn: vm.urn, property: "networkInterfaces", message: `The NICs of ${show(vm.name)} are not known during preview; they are not checked.` });
    } else if (nis.kind === "wrongType") {
        ctx.diag({ kind: "property", urn: vm.urn, property: "networkInterfaces", message: `networkInterfaces of ${show(vm.name)} is ${nis.found}, not a list; no NIC is checked.` });
    }
    return 0;
}

/**
 * The configured MAC when static and valid; the MAC vCenter assigned when the outputs already carry
 * it (a deployed stack); otherwise a placeholder (vCenter assigns unique MACs).
 */
function initialMac(ctx: Context, vm: RawResource, nic: number): string {
    const placeholder = (): string => ctx.placeholderMac(`vc-assigned:${vm.name}:${nic}`);
    const isStatic = readBool(vm.props, ["networkInterfaces", nic, "useStaticMac"]);
    const mac = readString(vm.props, ["networkInterfaces", nic, "macAddress"]);
    if (isStatic.kind !== "value" || !isStatic.value) {
        const assigned = mac.kind === "value" ? parseUnicastMac(mac.value) : undefined;
        return assigned?.ok ? assigned.mac : placeholder();
    }
    if (mac.kind === "unknown") {
        // Unique as far as reachability goes, but a duplicate of another MAC cannot be ruled out.
        ctx.diag({ kind: "unknown", urn: vm.urn, property: `networkInterfaces[${nic}].macAddress`, message: `The static MAC of NIC ${nic} of ${show(vm.name)} is not known during preview, so it is not checked for duplicates.` });
        return placeholder();
    }
    if (mac.kind === "absent") return placeholder();
    const parsed = parseUnicastMac(mac.kind === "value" ? mac.value : undefined);
    if (parsed.ok) return parsed.mac;
    ctx.diag({
        kind: "property",
        urn: vm.urn,
        property: `networkInterfaces[${nic}].macAddress`,
        message: `The static MAC of NIC ${nic} of ${show(vm.name)} ${parsed.reason}; checked as if vCenter assigned one.`,
    });
    return placeholder();
}

export function addVm(ctx: Context, stack: Stack, hosts: Hosts, switches: Switches, pgs: PortGroups, networks: Record<string, unknown>, vm: RawResource, inventory?: InventoryNetworks): VmInfo {
    const info: VmInfo = { res: vm, nics: [], nested: isNestedHypervisor(ctx, vm) };
    if (readArray(vm.props, ["networkInterfaces"]).kind === "unknown") info.nicsUnknown = true;
    const count = nicCount(ctx, vm);
    const placement = resolveNicNetworks(ctx, stack, pgs, networks, vm, count, inventory);
    // DRS places the VM when no host is pinned (or the pin is not known): the simulator tries both.
    const vmHost = hosts.resolve(vm, ["hostSystemId"], "hostSystemId");
    if (vmHost.kind === "wrongType") {
        ctx.diag({ kind: "property", urn: vm.urn, property: "hostSystemId", message: `hostSystemId of ${show(vm.name)} is ${vmHost.found}, not a host id; DRS placement assumed.` });
    }
    for (let i = 0; i < count; i++) {
        const where = placement[i];
        info.nics.push(undefined);
        if (where.kind !== "portGroup") continue;
        const pg = pgs.byUrn.get(where.urn);
        if (!pg) {
            const why = pgs.omitted.has(where.urn) ? "is on a port group that is left out (see its diagnostic)" : "is on a resource that is not a port group";
            ctx.diag({ kind: "reference", urn: vm.urn, property: `networkInterfaces[${i}]`, message: `NIC ${i} of ${show(vm.name)} ${why}; it is not checked.` });
            continue;
        }
        const sw = switches.byId.get(pg.switchId) ?? inventory?.switchById(pg.switchId);
        // A standard port group exists on one host only, so the VM runs there.
        const hostId = sw?.kind === "standard" ? sw.members[0]?.hostId : vmHost.kind === "host" ? vmHost.id : undefined;
        // A distributed switch reaches only its member hosts; when those are not known, neither is this NIC's network.
        const partial = sw !== undefined && switches.partialMembers.has(sw.id);
        if (sw?.kind === "distributed" && !sw.members.some((m) => hostId === undefined || m.hostId === hostId) && (hostId !== undefined || partial)) {
            const swName = show(sw.name ?? sw.id);
            const hostName = hostId === undefined ? "" : show(ctx.objects.get(hostId)?.name ?? hostId);
            ctx.diag({
                kind: partial ? "unknown" : "reference",
                urn: vm.urn,
                property: `networkInterfaces[${i}]`,
                message: partial
                    ? `NIC ${i} of ${show(vm.name)} is on distributed switch ${swName}, whose member hosts are not all known during preview${hostName ? `, so whether it reaches host ${hostName} cannot be told` : ""}; that NIC is not checked.`
                    : `NIC ${i} of ${show(vm.name)} runs on host ${hostName}, which is not a member of distributed switch ${swName} (its hosts): the NIC cannot connect there, so it is not checked.`,
            });
            continue;
        }
        const id = portId(vm.urn, i);
        const label = `${vm.name} nic ${i}`;
        const port: Port = { id, portGroupId: pg.id, initialMac: initialMac(ctx, vm, i), label };
        if (hostId !== undefined) port.hostId = hostId;
        const passthrough = nicPassthrough(vm, i, id);
        if (passthrough) port.passthrough = passthrough;
        ctx.model.ports.push(port);
        ctx.objects.set(id, { kind: "virtualMachine", name: vm.name, urn: vm.urn, type: vm.type });
        const endpointId = vnicEndpointId(id);
        ctx.model.endpoints.push({ id: endpointId, kind: "vnic", portId: id, label });
        ctx.endpoints.set(endpointId, { name: label, source: "vm", vmUrn: vm.urn, portGroupId: pg.id });
        info.nics[i] = { vmUrn: vm.urn, port, portGroup: pg, endpointId };
    }
    return info;
}
