/**
 * The model, indexed once for fast lookups, and a scenario: the network with every port placed
 * on a host (ports whose host DRS picks get one per scenario).
 */
import type { Endpoint, Host, Model, Port, PortGroup, PvlanMapping, Switch, SwitchMember } from "./model";

export interface Net {
    model: Model;
    hosts: Map<string, Host>;
    switches: Map<string, Switch>;
    portGroups: Map<string, PortGroup>;
    ports: Map<string, Port>;
    endpoints: Map<string, Endpoint>;
    /** Port id → endpoints behind it (its vnic endpoint and guests), in declaration order. */
    behind: Map<string, Endpoint[]>;
    /** "host|switch" → ports with a known host there. */
    localKnown: Map<string, Port[]>;
    /** Switch id → its port groups. */
    switchGroups: Map<string, PortGroup[]>;
    /** Port group id → its ports. */
    groupPorts: Map<string, Port[]>;
    /** External endpoints (attached to the physical network). */
    externals: Endpoint[];
    /**
     * PV1: the private VLAN each VLAN id on the wire belongs to (switches' mappings, then the port
     * groups' own modes), one domain for the physical network (assumed to carry the PVLANs).
     * Settings changes never touch it, so what-if networks share it.
     */
    pvlanRoles: ReadonlyMap<number, PvlanMapping>;
}

export function hs(hostId: string, switchId: string): string {
    return `${hostId}|${switchId}`;
}

/** Index a model. Dangling references are tolerated here; `validateModel` reports them. */
export function compile(model: Model): Net {
    const net: Net = {
        model,
        hosts: new Map(model.hosts.map((h) => [h.id, h])),
        switches: new Map(model.switches.map((s) => [s.id, s])),
        portGroups: new Map(model.portGroups.map((p) => [p.id, p])),
        ports: new Map(model.ports.map((p) => [p.id, p])),
        endpoints: new Map(model.endpoints.map((e) => [e.id, e])),
        behind: new Map(),
        localKnown: new Map(),
        switchGroups: new Map(),
        groupPorts: new Map(),
        externals: model.endpoints.filter((e) => e.kind === "external"),
        pvlanRoles: pvlanRoles(model),
    };
    for (const pg of model.portGroups) push(net.switchGroups, pg.switchId, pg);
    for (const e of model.endpoints) if (e.kind !== "external") push(net.behind, e.portId, e);
    for (const p of model.ports) {
        push(net.groupPorts, p.portGroupId, p);
        const pg = net.portGroups.get(p.portGroupId);
        if (pg && p.hostId !== undefined) push(net.localKnown, hs(p.hostId, pg.switchId), p);
    }
    return net;
}

/** PV1: VLAN id → its private VLAN, from the switches' mappings and the port groups on PVLANs (first wins). */
function pvlanRoles(model: Model): Map<number, PvlanMapping> {
    const roles = new Map<number, PvlanMapping>();
    for (const sw of model.switches) for (const m of sw.pvlans ?? []) if (!roles.has(m.secondary)) roles.set(m.secondary, m);
    for (const pg of model.portGroups) {
        const v = pg.vlan;
        if (v.kind === "pvlan" && !roles.has(v.secondary)) roles.set(v.secondary, { primary: v.primary, secondary: v.secondary, type: v.type });
    }
    // Frames of a promiscuous port carry the primary id: known as such even without its own entry.
    for (const m of [...roles.values()]) if (!roles.has(m.primary)) roles.set(m.primary, { primary: m.primary, secondary: m.primary, type: "promiscuous" });
    return roles;
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
    const list = m.get(k);
    if (list) list.push(v);
    else m.set(k, [v]);
}

/** A network in which every port that matters has a host. */
export class Scenario {
    private readonly extra = new Map<string, Port[]>();
    constructor(
        readonly net: Net,
        /** Hosts chosen for ports whose host is unknown. */
        readonly placed: ReadonlyMap<string, string>,
    ) {
        for (const [portId, hostId] of placed) {
            const p = net.ports.get(portId);
            const pg = p && net.portGroups.get(p.portGroupId);
            if (p && pg) push(this.extra, hs(hostId, pg.switchId), p);
        }
    }

    hostOf(port: Port): string | undefined {
        return port.hostId ?? this.placed.get(port.id);
    }

    localPorts(hostId: string, switchId: string): Port[] {
        const known = this.net.localKnown.get(hs(hostId, switchId)) ?? [];
        const extra = this.extra.get(hs(hostId, switchId));
        return extra ? known.concat(extra) : known;
    }

    member(switchId: string, hostId: string): SwitchMember | undefined {
        return this.net.switches.get(switchId)?.members.find((m) => m.hostId === hostId);
    }

    pg(port: Port): PortGroup {
        const pg = this.net.portGroups.get(port.portGroupId);
        if (!pg) throw new Error(`port ${port.id} names missing port group ${port.portGroupId}`);
        return pg;
    }

    sw(pg: PortGroup): Switch {
        const s = this.net.switches.get(pg.switchId);
        if (!s) throw new Error(`port group ${pg.id} names missing switch ${pg.switchId}`);
        return s;
    }
}

/** What is wrong with a model's references; the simulator refuses to run on a model with any. */
export function validateModel(model: Model, compiled?: Net): string[] {
    const errors: string[] = [];
    const ids = new Set<string>();
    // Read-only use of the index: a caller that compiled the model already passes it.
    const net = compiled ?? compile(model);
    for (const o of [...model.hosts, ...model.switches, ...model.portGroups, ...model.ports]) {
        if (ids.has(o.id)) errors.push(`duplicate id ${o.id}`);
        ids.add(o.id);
    }
    for (const s of model.switches) {
        if (s.kind === "standard" && s.members.length > 1) errors.push(`standard switch ${s.id} has ${s.members.length} hosts`);
        for (const m of s.members) if (!net.hosts.has(m.hostId)) errors.push(`switch ${s.id} member host ${m.hostId} is not a host`);
    }
    for (const pg of model.portGroups) if (!net.switches.has(pg.switchId)) errors.push(`port group ${pg.id} names missing switch ${pg.switchId}`);
    for (const p of model.ports) {
        const pg = net.portGroups.get(p.portGroupId);
        if (!pg) errors.push(`port ${p.id} names missing port group ${p.portGroupId}`);
        if (p.hostId !== undefined && !net.hosts.has(p.hostId)) errors.push(`port ${p.id} names missing host ${p.hostId}`);
        if (pg && p.hostId !== undefined && !net.switches.get(pg.switchId)?.members.some((m) => m.hostId === p.hostId)) {
            errors.push(`port ${p.id} is on host ${p.hostId}, which switch ${pg.switchId} does not reach`);
        }
    }
    const eids = new Set<string>();
    for (const e of model.endpoints) {
        if (eids.has(e.id)) errors.push(`duplicate endpoint id ${e.id}`);
        eids.add(e.id);
        if (e.kind !== "external" && !net.ports.has(e.portId)) errors.push(`endpoint ${e.id} names missing port ${e.portId}`);
    }
    return errors;
}

/** The MAC other endpoints address this endpoint with (what its OS uses). */
export function macOf(net: Net, e: Endpoint): string {
    if (e.kind !== "vnic") return e.mac;
    const p = net.ports.get(e.portId);
    return p ? (p.effectiveMac ?? p.initialMac) : "";
}
