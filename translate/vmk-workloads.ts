/**
 * Declared workloads that are VMkernel NICs (issue 13 §3):
 * - `{ "name", "vnic": "<Vnic resource name or its id>" }`: a host's own vmk (K1), the endpoint
 *   vnics.ts made for it, under the declared name;
 * - `{ "name", "nestedIn": "<nested ESXi VM>", "kind": "vmk", "mac" }`: a nested ESXi's vmk1 or
 *   above, a guest behind its vNIC with a MAC of its own (K2). Its vmk0 uses the vNIC's MAC and is
 *   the VM's own NIC: declared with `vm`, not here.
 * declared-workloads.ts calls these; each problem is one `fail(configPath, why, kind)`.
 */
import { show, type Context } from "./context";
import type { Stack } from "./stack";
import type { DiagnosticKind, RawResource } from "./types";
import { readBool, readKeyword, readString } from "./unknowns";
import type { VmInfo, VmNic } from "./vms";
import type { VnicInfo } from "./vnics";

export type Fail = (configPath: string, why: string, kind?: DiagnosticKind) => never;

export const WORKLOAD_KINDS = ["guest", "vmk"] as const;

/** Keys a `vnic` workload cannot take: a VMkernel NIC sends from its Vnic's own MAC, untagged in its port group's VLAN. */
const NOT_FOR_VNIC = ["nic", "mac", "effectiveMac", "vlan", "kind"] as const;

/** The Vnic a `vnic` workload names: by Pulumi resource name, or by its id (`host-101_vmk1`) where the properties carry it. */
function findVnic(stack: Stack, ref: string): RawResource | undefined {
    const byName = stack.findByName(["vnic"], ref);
    if (byName.kind === "found") return byName.resource;
    return stack.of("vnic").find((r) => {
        const id = readString(r.props, ["id"]);
        return id.kind === "value" && id.value === ref;
    });
}

/** A `vnic` workload: the endpoint of that VMkernel NIC, renamed to the workload. Returns its endpoint id. */
export function vnicWorkload(ctx: Context, stack: Stack, vnics: ReadonlyMap<string, VnicInfo>, w: Record<string, unknown>, base: string, name: string, fail: Fail): string {
    for (const k of NOT_FOR_VNIC) {
        if (w[k] !== undefined) fail(`${base}.${k}`, "does not apply to a vnic workload (a VMkernel NIC sends from its Vnic's own mac, untagged, in its port group's VLAN)");
    }
    const ref = w.vnic as string;
    const res = findVnic(stack, ref);
    if (!res) {
        // Policies see a Vnic's id only in a stack export, never during a preview: say so rather than "no such Vnic".
        const id = /_vmk\d+$/.test(ref) ? "; Vnic ids (host_vmkN) are not visible to policies during a preview, so name it by its Pulumi resource name" : "";
        fail(`${base}.vnic`, `names no Vnic in this stack (neither a Pulumi resource name nor a Vnic id such as host-101_vmk1): "${show(ref)}"${id}`);
    }
    const info = vnics.get(res.urn);
    if (!info) fail(`${base}.vnic`, `names Vnic ${show(res.name)}, which is left out of the check (see its diagnostic)`, "reference");
    const existing = ctx.endpoints.get(info.endpointId);
    if (existing && existing.source === "vm") ctx.endpoints.set(info.endpointId, { ...existing, name, source: "declared" });
    return info.endpointId;
}

/** `kind` is only for nestedIn workloads. */
export function checkKindTarget(w: Record<string, unknown>, base: string, target: string, fail: Fail): void {
    if (target !== "nestedIn" && target !== "vnic" && w.kind !== undefined) fail(`${base}.kind`, `applies only to nestedIn workloads (a guest or a nested ESXi's vmk), not to ${target}`);
}

/**
 * `kind` of a nestedIn workload: true for a nested ESXi's VMkernel NIC (K2). It must sit in a
 * nested ESXi, and its MAC must not be the vNIC's own (that is vmk0, the VM's own NIC).
 */
export function nestedVmk(w: Record<string, unknown>, base: string, vm: VmInfo, at: VmNic, mac: string, nic: number, fail: Fail): boolean {
    if (w.kind === undefined) return false;
    if (typeof w.kind !== "string" || !(WORKLOAD_KINDS as readonly string[]).includes(w.kind)) {
        fail(`${base}.kind`, `must be "vmk" (a nested ESXi's VMkernel NIC with a MAC of its own, K2) or "guest" (the default)`);
    }
    if (w.kind !== "vmk") return false;
    const vmName = show(vm.res.name);
    const guest = readKeyword(vm.res.props, ["guestId"]);
    const hv = readBool(vm.res.props, ["nestedHvEnabled"]);
    // Only a guest id known not to be ESXi, on a VM not known to run a hypervisor, rules it out.
    if (guest.kind === "value" && !guest.value.startsWith("vmkernel") && !(hv.kind === "value" && hv.value) && hv.kind !== "unknown") {
        fail(`${base}.kind`, `is "vmk", but ${vmName} is not a nested ESXi (guestId "${show(guest.value)}", nestedHvEnabled not set): only ESXi has VMkernel NICs`);
    }
    if (mac === at.port.initialMac) {
        fail(
            `${base}.mac`,
            `is the MAC of NIC ${nic} of ${vmName} itself: that is its vmk0, which uses the vNIC's MAC and needs nothing extra (K2); declare it as { "vm": "${vmName}", "nic": ${nic} } instead`,
        );
    }
    return true;
}
