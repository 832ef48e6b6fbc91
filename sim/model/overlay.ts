/**
 * Cheap variants of a compiled network, for the what-ifs the analysis runs by the thousand (fix
 * search, needs, class representatives). `compile(applyChanges(model, changes))` re-indexes every
 * port and endpoint — on a large vCenter that is most of the cost of a what-if — although a change
 * of settings only touches port groups and switches. The variants here share every index with the
 * base network and replace only what differs; a conversation simulated on them gives exactly what
 * it gives on the fully compiled model.
 */
import type { Model, PortGroup, Switch } from "./model";
import type { Change } from "./results";
import { applyChanges } from "./changes";
import type { Net } from "./network";

/**
 * How a network was derived from another, so that what the simulator caches per host switch
 * (sim/forwarding/host-switch.ts) can be shared where nothing differs: host switches with no port
 * on a changed port group, and none of the renamed ports (sim/analysis/classes.ts).
 */
export interface Derivation {
    base: Net;
    /** Port groups whose settings, MAC learning or VLANs differ from `base`. */
    changedGroups?: ReadonlySet<string>;
    /** "host|switch" keys whose ports differ from `base` (renamed ports). */
    changedHostSwitches?: ReadonlySet<string>;
    /** Ids (in `base`) of the ports renamed there, when that is all that differs on those host switches. */
    renamedPorts?: ReadonlySet<string>;
}

const derivations = new WeakMap<Net, Derivation>();

export function derivationOf(net: Net): Derivation | undefined {
    return derivations.get(net);
}

export function registerDerivation(net: Net, d: Derivation): Net {
    derivations.set(net, d);
    return net;
}

/**
 * A map that reads through to a base map, with some keys replaced or removed. For look-ups only
 * (the simulator never iterates these maps while it simulates); iterating one is a bug and throws.
 */
export class OverlayMap<K, V> extends Map<K, V> {
    constructor(
        private readonly base: ReadonlyMap<K, V>,
        private readonly over: ReadonlyMap<K, V>,
        private readonly removed: ReadonlySet<K> = new Set(),
    ) {
        super();
    }
    override get(k: K): V | undefined {
        if (this.over.has(k)) return this.over.get(k);
        return this.removed.has(k) ? undefined : this.base.get(k);
    }
    override has(k: K): boolean {
        return this.over.has(k) || (!this.removed.has(k) && this.base.has(k));
    }
    override get size(): number {
        throw new Error("OverlayMap is for look-ups only");
    }
    override set(): this {
        throw new Error("OverlayMap is read-only");
    }
    override forEach(): void {
        throw new Error("OverlayMap is for look-ups only");
    }
    override entries(): MapIterator<[K, V]> {
        throw new Error("OverlayMap is for look-ups only");
    }
    override keys(): MapIterator<K> {
        throw new Error("OverlayMap is for look-ups only");
    }
    override values(): MapIterator<V> {
        throw new Error("OverlayMap is for look-ups only");
    }
    override [Symbol.iterator](): MapIterator<[K, V]> {
        throw new Error("OverlayMap is for look-ups only");
    }
}

/**
 * The network with the port groups and switches of `model` (same ids, same switch of each port
 * group: what `applyChanges` produces), every other index shared with `base`. Exactly what
 * `compile(model)` would give for everything the simulator reads: ports, endpoints, what sits
 * behind each port and which ports are on each host depend on neither settings nor VLAN modes.
 */
export function rebase(base: Net, model: Model): Net {
    const switchGroups = new Map<string, PortGroup[]>();
    for (const pg of model.portGroups) {
        const list = switchGroups.get(pg.switchId);
        if (list) list.push(pg);
        else switchGroups.set(pg.switchId, [pg]);
    }
    return {
        ...base,
        model,
        hosts: new Map(model.hosts.map((h) => [h.id, h])),
        switches: new Map(model.switches.map((s) => [s.id, s])),
        portGroups: new Map(model.portGroups.map((p) => [p.id, p])),
        switchGroups,
    };
}

/**
 * The network with `changes` applied, touching only the port groups and switches they reach
 * (a switch-level change reaches the port groups that inherit that setting, S5). The full model is
 * built only if someone reads `model` (the conversation simulator does not).
 */
export function withChanges(base: Net, changes: readonly Change[]): Net {
    if (changes.length === 0) return base;
    const switchIds = new Set<string>();
    const groupIds = new Set<string>();
    for (const c of changes) {
        if ((c.kind === "setting" || c.kind === "unblock") && c.scope === "switch") {
            switchIds.add(c.objectId);
            for (const pg of base.switchGroups.get(c.objectId) ?? []) groupIds.add(pg.id);
        } else if (c.kind === "setting" || c.kind === "unblock") groupIds.add(c.objectId);
        else if (c.kind === "mtu") switchIds.add(c.switchId);
        else if ("portGroupId" in c) groupIds.add(c.portGroupId);
        // A kind of change this file does not know: the full (slower, equally exact) way.
        else return rebase(base, applyChanges(base.model, changes));
    }
    // A port group's change may read its switch (e.g. "inherit"): the switches come along, unchanged unless changed.
    for (const id of groupIds) {
        const pg = base.portGroups.get(id);
        if (pg) switchIds.add(pg.switchId);
    }
    const mini: Model = {
        hosts: [],
        ports: [],
        endpoints: [],
        switches: [...switchIds].map((id) => base.switches.get(id)).filter((s): s is Switch => s !== undefined),
        portGroups: [...groupIds].map((id) => base.portGroups.get(id)).filter((p): p is PortGroup => p !== undefined),
    };
    const changed = applyChanges(mini, changes);
    const pgOver = new Map(changed.portGroups.map((p) => [p.id, p]));
    const swOver = new Map(changed.switches.map((s) => [s.id, s]));
    const groupsOver = new Map<string, PortGroup[]>();
    for (const pg of changed.portGroups) {
        if (groupsOver.has(pg.switchId)) continue;
        groupsOver.set(pg.switchId, (base.switchGroups.get(pg.switchId) ?? []).map((g) => pgOver.get(g.id) ?? g));
    }
    let model: Model | undefined;
    const net: Net = {
        ...base,
        switches: new OverlayMap(base.switches, swOver),
        portGroups: new OverlayMap(base.portGroups, pgOver),
        switchGroups: new OverlayMap(base.switchGroups, groupsOver),
    };
    Object.defineProperty(net, "model", {
        enumerable: true,
        configurable: true,
        get: () => (model ??= applyChanges(base.model, changes)),
    });
    return registerDerivation(net, { base, changedGroups: groupIds });
}

/**
 * The network with some port groups replaced (same ids and switches; e.g. a setting revoked), every
 * other index shared with `base`. The model is built only if read.
 */
export function withPortGroups(base: Net, replaced: ReadonlyMap<string, PortGroup>): Net {
    const groupsOver = new Map<string, PortGroup[]>();
    for (const pg of replaced.values()) {
        if (groupsOver.has(pg.switchId)) continue;
        groupsOver.set(pg.switchId, (base.switchGroups.get(pg.switchId) ?? []).map((g) => replaced.get(g.id) ?? g));
    }
    let model: Model | undefined;
    const net: Net = {
        ...base,
        portGroups: new OverlayMap(base.portGroups, replaced),
        switchGroups: new OverlayMap(base.switchGroups, groupsOver),
    };
    Object.defineProperty(net, "model", {
        enumerable: true,
        configurable: true,
        get: () => (model ??= { ...base.model, portGroups: base.model.portGroups.map((pg) => replaced.get(pg.id) ?? pg) }),
    });
    return registerDerivation(net, { base, changedGroups: new Set(replaced.keys()) });
}
