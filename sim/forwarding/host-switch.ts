/**
 * What the simulator keeps per network about each host switch (F0: one proxy switch per host),
 * reused by every conversation that passes there: its "host|switch" key, its ports with a known
 * host, those in each VLAN (V1, V2), and the MAC-learning records learning.ts fills (M1).
 */
import type { MacLearningPolicy, Port, PortGroup } from "../model/model";
import { hs, type Scenario } from "../model/network";
import { derivationOf } from "../model/overlay";
import type { SteadyState } from "./fabric";
import { carries } from "./vlan";

/**
 * A MAC-learning port on a host switch and the guests behind it that it may have learned (M1).
 * Shared between networks that differ only in other settings (see `sharedWithBase`): of `pg`, read
 * only its MAC learning, VLAN, forged transmits and MAC changes.
 */
export interface WarmEntry {
    port: Port;
    pg: PortGroup;
    ml: MacLearningPolicy;
    /** Guests in declaration order whose frames enter the port group (V1/V2), with their table key. */
    guests: Array<{ mac: string; key: string }>;
}

/**
 * One host switch's record. Reached through nested maps on the host and switch ids, so no key
 * string is built per frame.
 */
export interface HostSwitch {
    hk: string;
    known: readonly Port[];
    /** Port groups of the known ports (filled when a derived network asks). */
    groups?: ReadonlySet<string>;
    inVlan: Map<number, Port[]>;
    warm?: WarmEntry[];
    /** null: the steady state depends on an unknown value. */
    steady?: SteadyState | null;
    /**
     * On a network whose only difference here is renamed ports (a class representative): the base's
     * record, and the renamed ports' base ids. While none of them learns MACs, the warm entries and
     * steady state are the base's (same ports, same guests, same order), so they are shared.
     */
    learningOf?: { base: HostSwitch; renamed: ReadonlySet<string> };
}

const hostSwitches = new WeakMap<Scenario["net"], Map<string, Map<string, HostSwitch>>>();

export function hostSwitch(net: Scenario["net"], host: string, switchId: string): HostSwitch {
    let byHost = hostSwitches.get(net);
    if (!byHost) {
        byHost = new Map();
        hostSwitches.set(net, byHost);
    }
    let bySwitch = byHost.get(host);
    if (!bySwitch) {
        bySwitch = new Map();
        byHost.set(host, bySwitch);
    }
    let h = bySwitch.get(switchId);
    if (!h) {
        h = sharedWithBase(net, host, switchId) ?? { hk: hs(host, switchId), known: net.localKnown.get(hs(host, switchId)) ?? [], inVlan: new Map() };
        bySwitch.set(switchId, h);
    }
    return h;
}

/** A derived network (what-if, renamed representative) shares the base's record where it does not differ. */
function sharedWithBase(net: Scenario["net"], host: string, switchId: string): HostSwitch | undefined {
    const d = derivationOf(net);
    if (!d) return undefined;
    const parent = hostSwitch(d.base, host, switchId);
    if (d.changedHostSwitches?.has(parent.hk)) {
        if (!d.renamedPorts || (d.changedGroups && d.changedGroups.size > 0)) return undefined;
        return { hk: parent.hk, known: net.localKnown.get(parent.hk) ?? [], inVlan: new Map(), learningOf: { base: parent, renamed: d.renamedPorts } };
    }
    if (d.changedGroups && d.changedGroups.size > 0) {
        parent.groups ??= new Set(parent.known.map((p) => p.portGroupId));
        let learningSame = true;
        for (const g of d.changedGroups) {
            if (!parent.groups.has(g)) continue;
            const was = d.base.portGroups.get(g);
            const now = net.portGroups.get(g);
            // The record holds what the port groups' VLANs decide (inVlan) and what MAC learning,
            // forged transmits and MAC changes decide (warm, steady): a change of anything else
            // (promiscuous mode, the team, a block) leaves it as it is.
            if (!was || !now || was.vlan !== now.vlan || was.macLearning !== now.macLearning) return undefined;
            // Forged transmits and MAC changes matter here only on ports that learn.
            if (was.macLearning?.enabled && (was.security.forgedTransmits !== now.security.forgedTransmits || was.security.macChanges !== now.security.macChanges)) learningSame = false;
        }
        if (!learningSame) return { hk: parent.hk, known: parent.known, groups: parent.groups, inVlan: parent.inVlan };
    }
    return parent;
}

const NO_PORTS: readonly Port[] = [];

/** The warm entries of a host switch's known ports: computed once, shared with the base record where `learningOf` allows. */
export function warmOf(h: HostSwitch, compute: () => WarmEntry[]): WarmEntry[] {
    if (h.warm) return h.warm;
    const from = h.learningOf;
    if (from?.base.warm && !learnsOnRenamed(from.base.warm, from.renamed)) return (h.warm = from.base.warm);
    h.warm = compute();
    // Computed here first: the same entries the base would compute, unless a renamed port learns.
    if (from && !from.base.warm && !learnsOnRenamed(h.warm, new Set())) from.base.warm = h.warm;
    return h.warm;
}

/** The steady state of a host switch's known ports (`undefined`: not computed yet), shared like `warmOf`. */
export function steadyOf(h: HostSwitch): SteadyState | null | undefined {
    if (h.steady !== undefined) return h.steady;
    const from = h.learningOf;
    return from && h.warm === from.base.warm ? from.base.steady : undefined;
}

export function setSteady(h: HostSwitch, s: SteadyState | null): void {
    h.steady = s;
    const from = h.learningOf;
    if (from && h.warm === from.base.warm && from.base.steady === undefined) from.base.steady = s;
}

function learnsOnRenamed(entries: readonly WarmEntry[], renamed: ReadonlySet<string>): boolean {
    return entries.some((e) => renamed.has(e.port.id) || e.port.id.includes("\u0000"));
}

/** Ports DRS placed on this host switch in this scenario: what `localPorts` adds after the known ones, in its order. */
export function placedHere(sc: Scenario, host: string, switchId: string): readonly Port[] {
    if (sc.placed.size === 0) return NO_PORTS;
    const out: Port[] = [];
    for (const [portId, hostId] of sc.placed) {
        if (hostId !== host) continue;
        const p = sc.net.ports.get(portId);
        const pg = p && sc.net.portGroups.get(p.portGroupId);
        if (p && pg && pg.switchId === switchId) out.push(p);
    }
    return out;
}

/** `localPorts(host, switch)` whose port group carries VLAN `key`, in order (known ones cached per network). */
export function portsInVlan(sc: Scenario, host: string, switchId: string, key: number): Port[] {
    const h = hostSwitch(sc.net, host, switchId);
    let known = h.inVlan.get(key);
    if (!known) {
        known = h.known.filter((p) => carries(sc.pg(p).vlan, key, sc.net.pvlanRoles));
        h.inVlan.set(key, known);
    }
    const placed = placedHere(sc, host, switchId);
    return placed.length === 0 ? known : known.concat(placed.filter((p) => carries(sc.pg(p).vlan, key, sc.net.pvlanRoles)));
}
