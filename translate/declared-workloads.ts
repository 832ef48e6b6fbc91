/**
 * Declared workloads (config `workloads[]`, issue 3 §3): a guest behind a VM's NIC (`nestedIn`;
 * `kind: "vmk"` for a nested ESXi's VMkernel NIC), a VM's own NIC (`vm`, optionally with the MAC
 * its guest programs), a device on the physical network of a port group (`external`), or a host's
 * VMkernel NIC (`vnic`; see vmk-workloads.ts). Each error is one `config` diagnostic naming the config
 * path; that workload is skipped and the rest still translate.
 */
import { show, type Context } from "./context";
import type { InventoryNetworks } from "./inventory";
import type { DiagnosticKind } from "./types";
import { parseUnicastMac } from "./mac";
import { MAX_MTU, MIN_MTU } from "./mtu";
import type { PortGroups } from "./portgroups";
import { describeLookupFailure, type Stack } from "./stack";
import { isRecord, readInt, readRaw, readString } from "./unknowns";
import type { VmInfo, VmNic } from "./vms";
import { checkKindTarget, nestedVmk, vnicWorkload, type Fail as FailFn } from "./vmk-workloads";
import type { VnicInfo } from "./vnics";
import type { PortGroup } from "../sim/model/model";

export interface DeclaredWorkloads {
    /** Workload name → endpoint id, for the workloads that translated. */
    endpointOf: Map<string, string>;
    /** Names declared but skipped, with the index of the failing entry. */
    skipped: Map<string, number>;
    /** Of those, the ones skipped because what they name cannot be seen during preview (undecided, not wrong). */
    undecided: Set<string>;
    /** URNs of VMs some workload is declared `nestedIn` (no implicit guests for them). */
    declaredIn: Set<string>;
}


const TARGETS = ["nestedIn", "vm", "external", "vnic"] as const;

export function workloadEndpointId(name: string): string {
    return `workload:${name}`;
}

class Fail extends Error {
    constructor(
        readonly configPath: string,
        readonly why: string,
        /** `reference`: the declaration is fine but names something left out of the check (unknown, unmanaged). */
        readonly kind: DiagnosticKind = "config",
    ) {
        super(why);
    }
}

export function addDeclaredWorkloads(
    ctx: Context,
    stack: Stack,
    pgs: PortGroups,
    vms: Map<string, VmInfo>,
    workloads: unknown,
    vnics: ReadonlyMap<string, VnicInfo> = new Map(),
    inventory?: InventoryNetworks,
): DeclaredWorkloads {
    const out: DeclaredWorkloads = { endpointOf: new Map(), skipped: new Map(), undecided: new Set(), declaredIn: new Set() };
    const skip = (name: string, configPath: string, w: unknown) => ctx.skipped.push({ name, configPath, portGroupIds: whereabouts(stack, pgs, vms, w, vnics, inventory) });
    if (workloads === undefined || workloads === null) return out;
    if (!Array.isArray(workloads)) {
        ctx.diag({ kind: "config", configPath: "workloads", message: "workloads must be a list; no workload is checked." });
        return out;
    }
    const seen = new Set<string>();
    workloads.forEach((w, i) => {
        const base = `workloads[${i}]`;
        const name = readString(w, ["name"]);
        const label = name.kind === "value" && name.value !== "" ? show(name.value) : `#${i}`;
        try {
            if (!isRecord(w)) throw new Fail(base, "is not an object");
            if (name.kind !== "value" || name.value.trim() === "") throw new Fail(`${base}.name`, "needs a name");
            if (seen.has(name.value)) throw new Fail(`${base}.name`, "repeats the name of an earlier workload");
            seen.add(name.value);
            addOne(ctx, stack, pgs, vms, vnics, out, w, base, name.value, inventory);
        } catch (e) {
            if (!(e instanceof Fail)) throw e;
            if (name.kind === "value" && !out.endpointOf.has(name.value)) {
                out.skipped.set(name.value, i);
                if (e.kind !== "config") out.undecided.add(name.value);
            }
            if (!out.endpointOf.has(name.kind === "value" ? name.value : "")) skip(name.kind === "value" ? name.value : `#${i}`, e.configPath, w);
            ctx.diag({ kind: e.kind, configPath: e.configPath, message: `Workload ${label}: ${e.configPath} ${e.why}; this workload is skipped.` });
        }
    });
    return out;
}

/**
 * Where a skipped workload may sit, best effort and never throwing: the port group of the NIC it
 * names, or the port group it names; undefined when that cannot be told (the advice that rests on
 * what it needs is then withheld everywhere).
 */
function whereabouts(stack: Stack, pgs: PortGroups, vms: Map<string, VmInfo>, w: unknown, vnics: ReadonlyMap<string, VnicInfo>, inventory?: InventoryNetworks): string[] | undefined {
    if (!isRecord(w)) return undefined;
    if (typeof w.vnic === "string") {
        const found = stack.findByName(["vnic"], w.vnic);
        const at = found.kind === "found" ? vnics.get(found.resource.urn) : undefined;
        return at ? [at.portGroup.id] : undefined;
    }
    const vmName = typeof w.nestedIn === "string" ? w.nestedIn : typeof w.vm === "string" ? w.vm : undefined;
    if (vmName !== undefined) {
        const found = stack.findByName(["virtualMachine"], vmName);
        const vm = found.kind === "found" ? vms.get(found.resource.urn) : undefined;
        if (!vm) return undefined;
        const nic = typeof w.nic === "number" && Number.isInteger(w.nic) ? w.nic : 0;
        const at = vm.nics[nic];
        if (at && !(vm.nicsUnknown && nic >= vm.nics.length)) return [at.portGroup.id];
        // The NIC is not known: any port group of the VM.
        const all = vm.nics.filter((n): n is VmNic => n !== undefined).map((n) => n.portGroup.id);
        return vm.nicsUnknown || all.length === 0 ? undefined : [...new Set(all)];
    }
    if (typeof w.external === "string") {
        const found = stack.findByName(["hostPortGroup", "distributedPortGroup"], w.external);
        const pg = found.kind === "found" ? pgs.byUrn.get(found.resource.urn) : undefined;
        if (pg) return [pg.id];
        const inInventory = inventory?.lookupPortGroup(w.external);
        const placed = inInventory?.kind === "found" ? inventory!.placedId(inInventory.id) : undefined;
        return placed ? [placed] : undefined;
    }
    return undefined;
}

/**
 * The port group an `external` names: a port group of the stack (Pulumi name, `name` property or
 * URN), or one of an inventory (its id such as `dvportgroup-13`, or its name). A name that both the
 * stack and an inventory use for different port groups is ambiguous, and the message says how to
 * name each.
 */
function externalPortGroup(stack: Stack, pgs: PortGroups, inventory: InventoryNetworks | undefined, ref: string, path: string): PortGroup {
    const kinds = ["hostPortGroup", "distributedPortGroup"] as const;
    const byUrn = stack.byUrn.get(ref);
    const found = byUrn && kinds.includes(stack.kindOf(ref) as (typeof kinds)[number]) ? ({ kind: "found", resource: byUrn } as const) : stack.findByName(kinds, ref);
    const inv = inventory && !inventory.empty ? inventory.lookupPortGroup(ref) : { kind: "none" as const };
    if (found.kind === "found" && inv.kind === "found" && !inventory!.isStackPortGroup(inv.id, found.resource.urn) && found.resource.urn !== ref) {
        throw new Fail(path, `names two port groups: ${show(found.resource.name)} of this stack and ${show(inv.id)} in ${inv.where}; name this stack's by its URN (${found.resource.urn}) or the inventory's by its id (${show(inv.id)})`);
    }
    if (found.kind === "found") {
        const pg = pgs.byUrn.get(found.resource.urn);
        if (!pg) throw new Fail(path, `names port group ${show(ref)}, which is left out of the check (see its diagnostic)`, "reference");
        return pg;
    }
    if (found.kind === "ambiguous" || inv.kind === "none") throw new Fail(path, describeLookupFailure("port group", ref, found) + (inventory && !inventory.empty && found.kind !== "ambiguous" ? " Nor does any inventory have a port group with that id or name." : ""));
    if (inv.kind === "fail") throw new Fail(path, inv.why, inv.undecided ? "reference" : "config");
    const placed = inv.place!();
    if (!placed.ok) throw new Fail(path, `names port group ${placed.why}`, "reference");
    return pgs.byUrn.get(placed.id)!;
}

function optionalInt(w: Record<string, unknown>, base: string, key: string, min: number, max: number): number | undefined {
    const r = readInt(w, [key]);
    if (r.kind === "absent") return undefined;
    if (r.kind !== "value" || r.value < min || r.value > max) throw new Fail(`${base}.${key}`, `must be a whole number from ${min} to ${max}`);
    return r.value;
}

function mac(w: Record<string, unknown>, base: string, key: string, required: boolean): string | undefined {
    const r = readRaw(w, [key]);
    if (r.kind === "absent") {
        if (required) throw new Fail(`${base}.${key}`, "is required (the MAC the workload sends from)");
        return undefined;
    }
    const parsed = parseUnicastMac(r.kind === "value" ? r.value : undefined);
    if (!parsed.ok) throw new Fail(`${base}.${key}`, parsed.reason);
    return parsed.mac;
}

function target(w: Record<string, unknown>, base: string): { key: (typeof TARGETS)[number]; name: string } {
    const given = TARGETS.filter((k) => w[k] !== undefined);
    if (given.length !== 1) throw new Fail(base, `needs exactly one of nestedIn, vm, external, vnic (has ${given.length})`);
    const key = given[0];
    if (typeof w[key] !== "string") throw new Fail(`${base}.${key}`, "must be a resource name");
    return { key, name: w[key] as string };
}

function vmNic(stack: Stack, vms: Map<string, VmInfo>, base: string, key: string, vmName: string, nic: number, onVm?: (vm: VmInfo) => void): VmNic {
    const found = stack.findByName(["virtualMachine"], vmName);
    if (found.kind !== "found") throw new Fail(`${base}.${key}`, describeLookupFailure("VirtualMachine", vmName, found));
    const vm = vms.get(found.resource.urn);
    if (!vm) throw new Fail(`${base}.${key}`, `names VM ${show(vmName)}, which could not be read`);
    onVm?.(vm);
    if (nic >= vm.nics.length && vm.nicsUnknown) {
        throw new Fail(`${base}.nic`, `is NIC ${nic} of ${show(vm.res.name)}, whose NICs are not known during preview`, "unknown");
    }
    if (nic >= vm.nics.length) {
        throw new Fail(`${base}.nic`, `is ${nic}, but ${show(vm.res.name)} has ${vm.nics.length} NIC${vm.nics.length === 1 ? "" : "s"}`);
    }
    const at = vm.nics[nic];
    if (!at) throw new Fail(`${base}.nic`, `is NIC ${nic} of ${show(vm.res.name)}, which is not on a port group this pack can see (see the diagnostics of that VM)`, "reference");
    return at;
}

const fail: FailFn = (configPath, why, kind) => {
    throw new Fail(configPath, why, kind);
};

function addOne(
    ctx: Context,
    stack: Stack,
    pgs: PortGroups,
    vms: Map<string, VmInfo>,
    vnics: ReadonlyMap<string, VnicInfo>,
    out: DeclaredWorkloads,
    w: Record<string, unknown>,
    base: string,
    name: string,
    inventory?: InventoryNetworks,
): void {
    const { key, name: ref } = target(w, base);
    checkKindTarget(w, base, key, fail);
    // X2: the largest frame the workload sends (undefined: not checked; 1500 fits every switch).
    const mtu = optionalInt(w, base, "mtu", MIN_MTU, MAX_MTU);
    const sized = mtu !== undefined ? { mtu } : {};
    if (key === "vnic") {
        const id = vnicWorkload(ctx, stack, vnics, w, base, name, fail);
        // Declared, it wins over the Vnic's own mtu as the size the vmk sends.
        const e = mtu !== undefined ? ctx.model.endpoints.find((x) => x.id === id) : undefined;
        if (e) e.mtu = mtu;
        out.endpointOf.set(name, id);
        return;
    }
    const nic = optionalInt(w, base, "nic", 0, 9999) ?? 0;
    const vlan = optionalInt(w, base, "vlan", 0, 4094);

    if (key === "nestedIn") {
        let vm: VmInfo | undefined;
        const at = vmNic(stack, vms, base, key, ref, nic, (v) => {
            vm = v;
            out.declaredIn.add(v.res.urn);
        });
        const m = mac(w, base, "mac", true)!;
        const vmk = nestedVmk(w, base, vm!, at, m, nic, fail);
        const id = workloadEndpointId(name);
        ctx.model.endpoints.push({ id, kind: "guest", portId: at.port.id, mac: m, ...(vlan ? { vlan } : {}), label: name, ...(vmk ? { vmk: true } : {}), ...sized });
        ctx.endpoints.set(id, { name, source: "declared", vmUrn: at.vmUrn, portGroupId: at.portGroup.id });
        out.endpointOf.set(name, id);
        return;
    }

    if (key === "vm") {
        const at = vmNic(stack, vms, base, key, ref, nic);
        const effective = mac(w, base, "effectiveMac", false);
        if (effective !== undefined) {
            if (at.port.effectiveMac !== undefined && at.port.effectiveMac !== effective) {
                throw new Fail(`${base}.effectiveMac`, `differs from the effectiveMac another workload declares for ${show(at.port.label ?? at.port.id)}`);
            }
            at.port.effectiveMac = effective;
        }
        if (mtu !== undefined) {
            const own = ctx.model.endpoints.find((x) => x.id === at.endpointId);
            if (own?.mtu !== undefined && own.mtu !== mtu) throw new Fail(`${base}.mtu`, `differs from the mtu another workload declares for ${show(at.port.label ?? at.port.id)}`);
            if (own) own.mtu = mtu;
        }
        // The workload is the VM's own vNIC endpoint, now under the declared name.
        const info = ctx.endpoints.get(at.endpointId);
        if (info && info.source === "vm") ctx.endpoints.set(at.endpointId, { ...info, name, source: "declared" });
        out.endpointOf.set(name, at.endpointId);
        return;
    }

    const pg = externalPortGroup(stack, pgs, inventory, ref, `${base}.external`);
    const m = mac(w, base, "mac", true)!;
    // The device sits in the port group's VLAN unless told otherwise; a trunk has no single one.
    const v = vlan ?? (pg.vlan.kind === "vlan" ? pg.vlan.id : undefined);
    const id = workloadEndpointId(name);
    ctx.model.endpoints.push({ id, kind: "external", mac: m, ...(v ? { vlan: v } : {}), label: name, ...sized });
    ctx.endpoints.set(id, { name, source: "declared", portGroupId: pg.id });
    out.endpointOf.set(name, id);
}
