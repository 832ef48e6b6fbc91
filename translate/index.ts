/**
 * The one entry from Pulumi resources to the simulator: `translate(resources, declarations)`.
 * It never throws. Whatever cannot be read becomes a diagnostic naming the resource and property
 * (or config path), and everything else is still translated.
 *
 * Model ids: switches and port groups are resource URNs; hosts are managed object ids (`host-123`)
 * or a Host resource's URN; ports are `<vm urn>#nic<i>` (a VMkernel NIC's: the Vnic's URN); endpoints
 * are `vnic:<port id>`, `workload:<name>`, `implicit-guest:<port id>` and `implicit-external:<port group id>`.
 */
import { Context, show } from "./context";
import { addDeclaredWorkloads } from "./declared-workloads";
import { addDeclaredFlows } from "./flows";
import { addHostFacts } from "./host-facts";
import { Hosts } from "./hosts";
import { addImplicitWorkloads } from "./implicit-workloads";
import { InventoryNetworks } from "./inventory";
import { addMacLearning } from "./mac-learning";
import { assumeCommonNativeVlan, placeExternalsInNativeVlan } from "./native-vlan";
import { PortGroups } from "./portgroups";
import { ProviderVersions } from "./provider";
import { secretDiagnostics } from "./secrets";
import { Stack } from "./stack";
import { Switches } from "./switches";
import type { Declarations, RawResource, Translation } from "./types";
import { isRecord } from "./unknowns";
import { addVm, type VmInfo } from "./vms";
import { Vnics } from "./vnics";

export type * from "./types";
export { declarationsSchema } from "./schema";
export { fromPolicyResources } from "./peel";
export { isUnknown } from "./unknowns";
export { parseMac, parseUnicastMac } from "./mac";
export { implicitExternalId, implicitGuestId } from "./implicit-workloads";
export { portId, vnicEndpointId } from "./vms";
export { workloadEndpointId } from "./declared-workloads";
export { OVERRIDE_FLAGS } from "./overrides";

export function translate(resources: readonly RawResource[], decl: Declarations = {}): Translation {
    const ctx = new Context();
    let providerVersion: Translation["providerVersion"] = { source: "assumed current", inheritsUnset: false };
    try {
        // Config may come from a file the CLI did not validate: read it as untrusted too.
        const d: Record<string, unknown> = isRecord(decl) ? (decl as Record<string, unknown>) : {};
        const stack = new Stack(resources, ctx);
        for (const d of secretDiagnostics([...stack.byUrn.values()])) ctx.diag(d);
        const versions = new ProviderVersions(stack, d.providerVersion, ctx);
        providerVersion = versions.stackLevel;
        const hosts = new Hosts(stack, ctx);

        const switches = new Switches(ctx, hosts);
        for (const r of stack.of("hostVirtualSwitch")) ctx.guard(r, "switch", () => switches.addStandard(r));
        for (const r of stack.of("distributedVirtualSwitch")) ctx.guard(r, "switch", () => switches.addDistributed(r));

        const pgs = new PortGroups(ctx, stack, hosts, switches, versions);
        for (const r of stack.of("hostPortGroup")) ctx.guard(r, "port group", () => pgs.addHostPortGroup(r));
        pgs.finishHostPortGroups();
        for (const r of stack.of("distributedPortGroup")) ctx.guard(r, "port group", () => pgs.addDistributedPortGroup(r));

        const networks = isRecord(d.networks) ? d.networks : {};
        if (d.networks !== undefined && !isRecord(d.networks)) {
            ctx.diag({ kind: "config", configPath: "networks", message: "networks must map network ids to port group names; it is ignored." });
        }
        // Another stack's export is read with this same translation, without inventories of its own.
        const inventory = new InventoryNetworks(ctx, stack, pgs, d, (rs) => translate(rs, {}));
        const vms = new Map<string, VmInfo>();
        for (const r of stack.of("virtualMachine")) {
            const vm = ctx.guard(r, "networkInterfaces", () => addVm(ctx, stack, hosts, switches, pgs, networks, r, inventory));
            if (vm) vms.set(r.urn, vm);
        }

        const vnics = new Vnics(ctx, stack, hosts, switches, pgs, networks);
        for (const r of stack.of("vnic")) ctx.guard(r, "portgroup", () => vnics.add(r));

        inventory.addOtherVms(stack.of("virtualMachine"));
        const declared = addDeclaredWorkloads(ctx, stack, pgs, vms, d.workloads, vnics.byUrn, inventory);
        // An external may have brought in another inventory port group, with its other VMs.
        inventory.addOtherVms(stack.of("virtualMachine"));
        addMacLearning(ctx, stack, pgs, switches, d.macLearning, inventory);
        addDeclaredFlows(ctx, declared, d.flows);
        addImplicitWorkloads(ctx, [...vms.values()], declared.declaredIn);
        // Last: every host is known by now, and which of them run LACP.
        addHostFacts(ctx, d.hosts);
        assumeCommonNativeVlan(ctx);
        placeExternalsInNativeVlan(ctx);
    } catch (e) {
        // A bug, not bad input (readers do not throw): report it and hand out what was built.
        ctx.diag({ kind: "property", message: `Translation stopped early (${e instanceof Error ? show(e.name) : "error"}); the check is incomplete.` });
    }
    return {
        model: ctx.model,
        conversations: ctx.conversations,
        diagnostics: ctx.diagnostics,
        objects: ctx.objects,
        endpoints: ctx.endpoints,
        skipped: ctx.skipped,
        providerVersion,
    };
}
