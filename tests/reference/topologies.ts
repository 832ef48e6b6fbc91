/**
 * Random vSphere topologies for the differential check, wider than tests/sim/arbitrary.ts: standard
 * and distributed switches side by side on one host, member hosts without uplinks or with standby
 * NICs only, unknown settings and uplinks, switches without MAC learning, VLAN trunks of several
 * shapes, guests that tag, MAC changes, DRS placement, RPF checks, and VMkernel NICs: hosts' vmks
 * (K1) among the VM ports and nested vmks (K2) among the guests; and native VLANs of hosts' physical
 * ports (V7), blocked port groups (P1, on the port group or inherited from the switch) and frame
 * sizes against switch and NIC MTUs (X2).
 */
import fc from "fast-check";
import type { ConversationSpec, MacLearningPolicy, Model, PortGroup, SecurityPolicy, SecuritySetting, Setting, Switch, SwitchMember, Tri, VlanMode } from "../../sim/model/model";

export interface Topology {
    model: Model;
    conversations: ConversationSpec[];
}

const SETTINGS: SecuritySetting[] = ["promiscuous", "forgedTransmits", "macChanges"];

type TriGen = "accept" | "reject" | "unknown";
const tri = fc.constantFrom<TriGen>("accept", "accept", "accept", "reject", "reject", "unknown");
/** A port group setting: inherit from the switch (undefined) or its own value. */
const pgTri = fc.option(tri, { nil: undefined, freq: 2 });

type UplinkGen = "none" | "one" | "two" | "standby" | "unknown";
const uplinkGen = fc.constantFrom<UplinkGen>("one", "one", "two", "none", "standby", "unknown");

const vlanGen = fc.constantFrom<VlanMode>(
    { kind: "none" },
    { kind: "none" },
    { kind: "none" },
    { kind: "none" },
    { kind: "vlan", id: 10 },
    { kind: "vlan", id: 20 },
    { kind: "trunk", ranges: [[0, 4094]] },
    { kind: "trunk", ranges: [[10, 10]] },
    { kind: "trunk", ranges: [[20, 30]] },
    { kind: "trunk", ranges: [[10, 10], [25, 25]] },
);

const guestVlan = fc.constantFrom<number | undefined>(undefined, undefined, undefined, undefined, 10, 20, 25);

const mlGen = fc.option(
    fc.record({
        enabled: fc.boolean(),
        allowUnicastFlooding: fc.boolean(),
        limit: fc.integer({ min: 1, max: 3 }),
        limitPolicy: fc.constantFrom<"drop" | "allow">("drop", "allow"),
    }),
    { nil: undefined, freq: 2 },
);

/** Mostly nothing declared; a native VLAN that a port group or external also uses, or one nothing uses. */
const nativeGen = fc.constantFrom<number | undefined>(undefined, undefined, undefined, 10, 20, 30);
const mtuGen = fc.constantFrom<number | undefined>(undefined, undefined, 1500, 9000);
const sizeGen = fc.constantFrom<number | undefined>(undefined, undefined, undefined, 9000, 1600);

const raw = fc.record({
    hosts: fc.integer({ min: 1, max: 3 }),
    rpf: fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }),
    native: fc.array(nativeGen, { minLength: 3, maxLength: 3 }),
    vdsMtu: mtuGen,
    vdsBlocked: fc.constantFrom(false, false, false, false, true),
    // Frame sizes in one topology of four: sizes make endpoints classes of their own, and the class
    // analysis (tests/sim/classes.spec.ts) must still find classes to share elsewhere.
    sized: fc.constantFrom(false, false, false, true),
    vds: fc.option(
        fc.record({
            members: fc.array(fc.option(uplinkGen, { nil: undefined, freq: 6 }), { minLength: 3, maxLength: 3 }),
            learning: fc.constantFrom(true, true, true, false),
            sec: fc.record({ promiscuous: tri, forgedTransmits: tri, macChanges: tri }),
        }),
        { nil: undefined, freq: 4 },
    ),
    vss: fc.array(fc.record({ host: fc.nat(), uplinks: uplinkGen, sec: fc.record({ promiscuous: tri, forgedTransmits: tri, macChanges: tri }), mtu: mtuGen }), { maxLength: 2 }),
    groups: fc.array(
        fc.record({ sw: fc.nat(), vlan: vlanGen, sec: fc.record({ promiscuous: pgTri, forgedTransmits: pgTri, macChanges: pgTri }), ml: mlGen, blocked: fc.constantFrom(false, false, false, false, false, true) }),
        { minLength: 1, maxLength: 4 },
    ),
    vms: fc.array(
        fc.record({
            group: fc.nat(),
            host: fc.option(fc.nat(), { nil: undefined, freq: 3 }),
            changed: fc.constantFrom(false, false, false, true),
            vmk: fc.constantFrom(false, false, false, true),
            size: sizeGen,
            nicMtu: fc.constantFrom<number | undefined>(undefined, undefined, undefined, 1500),
        }),
        { minLength: 1, maxLength: 5 },
    ),
    guests: fc.array(fc.record({ vm: fc.nat(), vlan: guestVlan, vmk: fc.constantFrom(false, false, true), size: sizeGen }), { maxLength: 5 }),
    externals: fc.array(fc.record({ vlan: fc.constantFrom<number | undefined>(undefined, 10, 20, 25), size: sizeGen }), { maxLength: 2 }),
    pairs: fc.array(fc.tuple(fc.nat(), fc.nat()), { minLength: 1, maxLength: 3 }),
});

const mac = (n: number): string => `02:00:00:00:${((n >> 8) & 0xff).toString(16).padStart(2, "0")}:${(n & 0xff).toString(16).padStart(2, "0")}`;

function setting(objectId: string, s: SecuritySetting, v: TriGen, key: string): Setting {
    return { value: v as Tri, origin: { kind: "explicit", objectId, property: s }, ...(v === "unknown" ? { unknownKey: key } : {}) };
}

function uplinks(swId: string, host: string, u: UplinkGen): SwitchMember["uplinks"] {
    switch (u) {
        case "none":
            return { known: true, links: [] };
        case "one":
            return { known: true, links: [{ name: "u1", nic: "u1" }] };
        case "two":
            return { known: true, links: [{ name: "u1", nic: "u1" }, { name: "u2", nic: "u2" }] };
        case "standby":
            return { known: true, links: [{ name: "u1" }, { name: "u2", nic: "u2" }] };
        case "unknown":
            return { known: false, unknownKey: `${swId}.${host}.uplinks`, origin: { kind: "explicit", objectId: swId, property: "uplinks" } };
    }
}

type Raw = typeof raw extends fc.Arbitrary<infer T> ? T : never;

function build(r: Raw): Topology {
    const model: Model = { hosts: [], switches: [], portGroups: [], ports: [], endpoints: [] };
    const hosts = Array.from({ length: r.hosts }, (_, i) => `esx${i + 1}`);
    const size = (v: number | undefined) => (r.sized && v !== undefined ? { mtu: v } : {});
    hosts.forEach((h, i) => {
        const native = r.native[i];
        model.hosts.push({ id: h, rpfCheckPromisc: r.rpf[i], ...(native !== undefined ? { nativeVlan: { value: native, origin: { kind: "declared", objectId: h } } } : {}) });
    });
    const mtu = (objectId: string, value: number | undefined) => (value === undefined ? {} : { mtu: { value, origin: { kind: "explicit" as const, objectId, property: "mtu" } } });
    const policy = (id: string, sec: Record<SecuritySetting, TriGen>): SecurityPolicy => {
        const out = {} as SecurityPolicy;
        for (const s of SETTINGS) out[s] = setting(id, s, sec[s], `${id}.${s}`);
        return out;
    };
    if (r.vds) {
        const members: SwitchMember[] = [];
        hosts.forEach((h, i) => {
            const u = r.vds!.members[i];
            if (u !== undefined) members.push({ hostId: h, uplinks: uplinks("vds", h, u) });
        });
        model.switches.push({
            id: "vds",
            kind: "distributed",
            security: policy("vds", r.vds.sec),
            macLearningSupported: r.vds.learning,
            members,
            ...mtu("vds", r.vdsMtu),
            ...(r.vdsBlocked ? { blocked: { value: true, origin: { kind: "explicit", objectId: "vds", property: "blockAllPorts" } } } : {}),
        });
    }
    r.vss.forEach((v, i) => {
        const h = hosts[v.host % hosts.length];
        model.switches.push({ id: `vss${i}`, kind: "standard", security: policy(`vss${i}`, v.sec), macLearningSupported: false, members: [{ hostId: h, uplinks: uplinks(`vss${i}`, h, v.uplinks) }], ...mtu(`vss${i}`, v.mtu) });
    });
    if (model.switches.length === 0) {
        model.switches.push({ id: "vss-default", kind: "standard", security: policy("vss-default", { promiscuous: "reject", forgedTransmits: "accept", macChanges: "accept" }), macLearningSupported: false, members: [{ hostId: hosts[0], uplinks: uplinks("vss-default", hosts[0], "one") }] });
    }
    r.groups.forEach((g, i) => {
        const sw: Switch = model.switches[g.sw % model.switches.length];
        const id = `pg${i}`;
        const security = {} as SecurityPolicy;
        for (const s of SETTINGS) {
            const own = g.sec[s];
            security[s] =
                own === undefined
                    ? { ...sw.security[s], origin: { kind: "inherited", objectId: id, from: sw.security[s].origin } }
                    : setting(id, s, own, `${id}.${s}`);
        }
        const ml: MacLearningPolicy | undefined = g.ml && sw.kind === "distributed" ? { ...g.ml, origin: { kind: "declared", objectId: id } } : undefined;
        // P1: its own block, or the switch's inherited (a DVPG's false is not sent, T6).
        const blocked = g.blocked ? { value: true, origin: { kind: "explicit" as const, objectId: id } } : sw.blocked ? { ...sw.blocked, origin: { kind: "inherited" as const, objectId: id, from: sw.blocked.origin } } : undefined;
        const pg: PortGroup = { id, switchId: sw.id, vlan: g.vlan, security, ...(ml ? { macLearning: ml } : {}), ...(blocked ? { blocked } : {}) };
        model.portGroups.push(pg);
    });
    let n = 1;
    const endpoints: string[] = [];
    r.vms.forEach((v, i) => {
        const pg = model.portGroups[v.group % model.portGroups.length];
        const sw = model.switches.find((s) => s.id === pg.switchId)!;
        // A standard port group exists on its switch's one host; on a vDS the VM runs on a member or DRS picks.
        // A host's vmk (K1) is pinned to its host: a member of the switch, never placed by DRS.
        const vmk = v.vmk && sw.members.length > 0;
        const pick = vmk ? (v.host ?? 0) : v.host;
        const host = sw.kind === "standard" ? sw.members[0].hostId : pick === undefined || sw.members.length === 0 ? undefined : sw.members[pick % sw.members.length].hostId;
        const initialMac = mac(n++);
        const effectiveMac = v.changed && !vmk ? mac(n++) : undefined;
        model.ports.push({ id: `vm${i}`, portGroupId: pg.id, ...(host !== undefined ? { hostId: host } : {}), initialMac, ...(effectiveMac ? { effectiveMac } : {}), label: `vm${i}`, ...(vmk ? { kind: "vmk" as const } : {}), ...mtu(`vm${i}`, r.sized ? v.nicMtu : undefined) });
        model.endpoints.push({ id: `vm${i}`, kind: "vnic", portId: `vm${i}`, label: `vm${i}`, ...size(v.size) });
        endpoints.push(`vm${i}`);
    });
    r.guests.forEach((g, i) => {
        model.endpoints.push({ id: `guest${i}`, kind: "guest", portId: `vm${g.vm % r.vms.length}`, mac: mac(n++), ...(g.vlan !== undefined ? { vlan: g.vlan } : {}), label: `guest${i}`, ...(g.vmk ? { vmk: true } : {}), ...size(g.size) });
        endpoints.push(`guest${i}`);
    });
    r.externals.forEach((x, i) => {
        model.endpoints.push({ id: `ext${i}`, kind: "external", mac: mac(n++), ...(x.vlan !== undefined ? { vlan: x.vlan } : {}), label: `ext${i}`, ...size(x.size) });
        endpoints.push(`ext${i}`);
    });
    const seen = new Set<string>();
    const conversations: ConversationSpec[] = [];
    for (const [x, y] of r.pairs) {
        const a = endpoints[x % endpoints.length];
        const b = endpoints[y % endpoints.length];
        if (a === b || seen.has(`${a}|${b}`)) continue;
        seen.add(`${a}|${b}`);
        conversations.push({ a, b });
    }
    return { model, conversations };
}

/** Counts the distinct unknown keys, to keep the assignments enumerable. */
function unknownCount(m: Model): number {
    const keys = new Set<string>();
    for (const g of m.portGroups) for (const s of SETTINGS) if (g.security[s].value === "unknown") keys.add(g.security[s].unknownKey ?? `${g.id}.${s}`);
    for (const s of m.switches) for (const mm of s.members) if (!mm.uplinks.known) keys.add(mm.uplinks.unknownKey);
    return keys.size;
}

export const topology: fc.Arbitrary<Topology> = raw.map(build).filter((t) => t.conversations.length > 0 && unknownCount(t.model) <= 3);
