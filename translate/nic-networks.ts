/**
 * Which port group each VM NIC is on.
 *
 * `networkInterfaces[i].networkId` of a managed port group is usually unknown during preview, and
 * a port group's network id is not among its outputs anyway. What the engine does give us is
 * `propertyDependencies.networkInterfaces`: the port group resources the NIC list was computed
 * from (one flat list for all NICs). Order of resolution:
 *   1. a known id equal to a port group's `id`/`key` output;
 *   2. a known id mapped in config `networks` (ids of port groups looked up with `getNetwork`);
 *   3. the dependencies: one port group serves every NIC left, or as many as NICs left, by position;
 *   4. a known id in an inventory (config `inventory`): that inventory's port group;
 *   5. otherwise a known id is an unmanaged network and an unknown one is undetermined.
 */
import { show, type Context } from "./context";
import type { InventoryNetworks } from "./inventory";
import type { PortGroups } from "./portgroups";
import { describeLookupFailure, type Stack } from "./stack";
import type { RawResource } from "./types";
import { isRecord, readString } from "./unknowns";

export type NicNetwork =
    | { kind: "portGroup"; urn: string }
    /** Not resolvable; already reported (one diagnostic per VM for unmanaged networks). */
    | { kind: "unresolved" };

export function resolveNicNetworks(
    ctx: Context,
    stack: Stack,
    pgs: PortGroups,
    networks: Record<string, unknown>,
    vm: RawResource,
    nicCount: number,
    inventory?: InventoryNetworks,
): NicNetwork[] {
    const out: NicNetwork[] = Array.from({ length: nicCount }, () => ({ kind: "unresolved" as const }));
    const deps = stack.depsOf(vm, "networkInterfaces", ["hostPortGroup", "distributedPortGroup"]).map((r) => r.urn);
    const used = new Set<string>();
    const unknownNics: number[] = [];
    const knownNics: Array<{ nic: number; id: string }> = [];

    for (let i = 0; i < nicCount; i++) {
        const property = `networkInterfaces[${i}].networkId`;
        const r = readString(vm.props, ["networkInterfaces", i, "networkId"]);
        if (r.kind === "unknown") {
            unknownNics.push(i);
        } else if (r.kind !== "value" || r.value === "") {
            ctx.diag({ kind: "property", urn: vm.urn, property, message: `NIC ${i} of ${show(vm.name)} has no usable networkId; it is left out of the check.` });
        } else if (pgs.byNetworkId.has(r.value)) {
            out[i] = { kind: "portGroup", urn: pgs.byNetworkId.get(r.value)! };
            used.add(pgs.byNetworkId.get(r.value)!);
            inventory?.shadowed(r.value, pgs.byNetworkId.get(r.value)!);
        } else if (isRecord(networks) && Object.prototype.hasOwnProperty.call(networks, r.value)) {
            const mapped = mappedNetwork(ctx, stack, networks, r.value);
            if (mapped) {
                out[i] = { kind: "portGroup", urn: mapped };
                used.add(mapped);
            }
        } else {
            knownNics.push({ nic: i, id: r.value });
        }
    }

    const free = deps.filter((u) => !used.has(u));
    if (unknownNics.length > 0) {
        // An unknown id comes from a resource: one of the dependencies not explained by a known id,
        // or, when known ids explain them all, one of those (two NICs on one port group).
        const candidates = free.length > 0 ? free : deps;
        if (candidates.length === 1 || candidates.length === unknownNics.length) {
            unknownNics.forEach((nic, k) => (out[nic] = { kind: "portGroup", urn: candidates.length === 1 ? candidates[0] : candidates[k] }));
            free.length = 0;
        } else {
            const why =
                candidates.length === 0
                    ? "is not known during preview and was not computed from a port group in this stack"
                    : `is not known during preview and was computed from ${candidates.length} port groups, so which one it is cannot be told`;
            for (const nic of unknownNics) {
                ctx.diag({
                    kind: "unknown",
                    urn: vm.urn,
                    property: `networkInterfaces[${nic}].networkId`,
                    message: `The network of NIC ${nic} of ${show(vm.name)} ${why}; that NIC is left out of the check.`,
                });
            }
        }
    }

    // Known ids nothing else explains: after an update the id of a managed port group is known but
    // still not among its outputs, and the dependencies still name it.
    const explained = (nics: Array<{ nic: number; id: string }>): boolean => {
        const distinctIds = [...new Set(nics.map((k) => k.id))];
        if (nics.length === 0 || free.length === 0 || !(free.length === distinctIds.length || (free.length === 1 && distinctIds.length === 1))) return false;
        for (const k of nics) out[k.nic] = { kind: "portGroup", urn: free[distinctIds.indexOf(k.id)] };
        return true;
    };
    if (explained(knownNics)) return out;
    // Then the inventories: the port groups of another stack or of vCenter, by their ids.
    let rest = knownNics;
    if (inventory && !inventory.empty) {
        rest = [];
        for (const k of knownNics) {
            const placed = inventory.resolve(k.id, vm, k.nic);
            if (placed?.kind === "portGroup") out[k.nic] = placed;
            else if (!placed) rest.push(k);
        }
        if (rest.length < knownNics.length && explained(rest)) return out;
    }
    if (rest.length > 0) reportUnmanaged(ctx, vm, rest, inventory !== undefined && !inventory.empty);
    return out;
}

export function mappedNetwork(ctx: Context, stack: Stack, networks: Record<string, unknown>, id: string): string | undefined {
    const configPath = `networks.${id}`;
    const target = networks[id];
    if (typeof target !== "string") {
        ctx.diag({ kind: "config", configPath, message: `networks maps "${show(id)}" to something that is not a port group name.` });
        return undefined;
    }
    const found = stack.findByName(["hostPortGroup", "distributedPortGroup"], target);
    if (found.kind !== "found") {
        ctx.diag({ kind: "config", configPath, message: describeLookupFailure("port group", target, found) });
        return undefined;
    }
    return found.resource.urn;
}

/** One diagnostic per VM: what cannot be checked and both ways to fix it. */
function reportUnmanaged(ctx: Context, vm: RawResource, nics: Array<{ nic: number; id: string }>, withInventory = false): void {
    const list = nics.map((n) => `NIC ${n.nic} (network ${show(n.id)})`).join(", ");
    const example = show(nics[0].id);
    ctx.diag({
        kind: "unmanaged-network",
        urn: vm.urn,
        property: "networkInterfaces",
        message:
            `${show(vm.name)}: ${list} ${nics.length === 1 ? "is on a network" : "are on networks"} that no port group in this stack defines, ` +
            `${withInventory ? "and that no inventory lists, " : ""}so ${nics.length === 1 ? "its" : "their"} connectivity cannot be checked. Fix: set networkId from the port group resource ` +
            `(e.g. \`networkId: pg.id\`), map the id to the port group's resource name in the config of nested-workloads-reachable: ` +
            `"networks": { "${example}": "<port group resource name>" }, or give the pack an inventory of the network: ` +
            `"inventory": ["<file from vsnet inventory or pulumi stack export of the stack that owns it>"].`,
    });
}
