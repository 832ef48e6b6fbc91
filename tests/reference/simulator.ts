/**
 * A deliberately simple reference for the forwarding simulator, written from SEMANTICS.md alone
 * (not from sim/): every frame is pushed everywhere the rules let it go, with no notion of a
 * target, no focus, no staged drops and no traces; only at the end do we look at who got it.
 * Placements are brute force (every member host for every port whose host DRS picks), and
 * unknown settings are not handled at all: the caller substitutes every assignment first.
 *
 * It reads the simulator's model types (sim/model/model.ts) because that is the input format, nothing else.
 *
 * Readings taken where SEMANTICS.md is silent (each also a reading of the fast simulator's README):
 * - untagged frames on a guest-tagging port group travel as untagged (VLAN key 0);
 * - a MAC learning port's own (static) MAC is not counted against its limit (M2);
 * - steady state: before a conversation, every guest behind a MAC-learning port has already sent
 *   once, in declaration order, and was learned exactly as M1/M2 say (so only if its frame passes
 *   the port group's VLAN and forged-transmit checks, and only up to the limit);
 * - a port whose VM DRS places can run on any member host of its switch; the worst is reported;
 * - VMkernel NICs (K1, K2) have no case of their own: a host's vmk (`Port.kind` "vmk") is a port
 *   like a VM's on its host, and a nested ESXi's vmk1 (`vmk` on a guest) is a guest behind its vNIC
 *   (N1), so the topologies mix them in and both simulators must agree without reading the flags;
 * - a blocked port (P1) sends nothing, so MAC learning learns nothing from it either;
 * - native VLANs (V7): a host that declares one puts its untagged frames into it on the wire and gets
 *   that VLAN's frames untagged; the shared untagged network (key 0) never reaches such a host;
 * - frame sizes (X2): only the unicast legs carry the sender's declared size; it is checked against
 *   the NIC that sends, every switch it enters and the NIC that receives.
 */
import type { Endpoint, MacLearningPolicy, Model, Port, PortGroup, SecuritySetting, Switch, VlanMode } from "../../sim/model/model";

export type RefVerdict = "reachable" | "one-way" | "blocked";

export interface RefPlacement {
    /** Host of every port of the two endpoints whose host DRS picks. */
    hosts: Record<string, string>;
    /** Delivered? For arp-request, arp-reply, unicast-forward, unicast-back. */
    legs: [boolean, boolean, boolean, boolean];
    verdict: RefVerdict;
    /** For one-way: the direction that works. */
    works?: { from: string; to: string };
}

export interface RefResult {
    /** The worst placement's verdict. */
    verdict: RefVerdict;
    placements: RefPlacement[];
}

const BCAST = "ff:ff:ff:ff:ff:ff";
const WORSE: Record<RefVerdict, number> = { blocked: 0, "one-way": 1, reachable: 2 };

class NotKnown extends Error {}

function on(pg: PortGroup, s: SecuritySetting): boolean {
    const v = pg.security[s].value;
    if (v === "unknown") throw new NotKnown(`${pg.id}.${s} is unknown: substitute an assignment first`);
    return v === "accept";
}

/** V1/V2: the VLAN key of a frame a guest sends with `tag` (0: untagged), or undefined when dropped. */
function keyIn(mode: VlanMode, tag: number): number | undefined {
    if (mode.kind === "none") return tag === 0 ? 0 : undefined;
    if (mode.kind === "vlan") return tag === 0 ? mode.id : undefined;
    if (mode.kind === "pvlan") throw new Error("the reference simulator does not model private VLANs");
    if (tag === 0) return 0;
    return mode.ranges.some(([lo, hi]) => tag >= lo && tag <= hi) ? tag : undefined;
}

/** Whether a port group carries frames of this VLAN key to its ports. */
function carries(mode: VlanMode, key: number): boolean {
    if (mode.kind === "none") return key === 0;
    if (mode.kind === "vlan") return key === mode.id;
    if (mode.kind === "pvlan") throw new Error("the reference simulator does not model private VLANs");
    return key === 0 || mode.ranges.some(([lo, hi]) => key >= lo && key <= hi);
}

/** The tag a frame of this key has when it leaves the port towards the guest (0: untagged). */
function tagOut(mode: VlanMode, key: number): number {
    return mode.kind === "trunk" ? key : 0;
}

function blocked(pg: PortGroup): boolean {
    const v = pg.blocked?.value;
    if (v === "unknown") throw new NotKnown(`${pg.id}.blocked is unknown: substitute an assignment first`);
    return v === true;
}

/** X2: whether a frame of `size` (undefined: not checked) fits an MTU (undefined: not checked). */
function fits(size: number | undefined, mtu: { value: number | "unknown" } | undefined): boolean {
    if (size === undefined || mtu === undefined) return true;
    if (mtu.value === "unknown") throw new NotKnown("an MTU is unknown: substitute an assignment first");
    return size <= mtu.value;
}

function tagOf(e: Endpoint): number {
    return e.kind === "guest" ? (e.vlan ?? 0) : e.kind === "external" ? (e.vlan ?? 0) : 0;
}

/** One switch on one host, as seen by the frames. */
interface Instance {
    key: string;
    host: string;
    sw: Switch;
    ports: Port[];
    uplinks: boolean;
}

interface State {
    /** Physical network: vlan|mac → attachment. */
    phys: Map<string, string>;
    /** MAC learning: instance|vlan|mac → port id. */
    learned: Map<string, string>;
    learnedCount: Map<string, number>;
}

class World {
    readonly pg = new Map<string, PortGroup>();
    readonly sw = new Map<string, Switch>();
    readonly host = new Map<string, string>();
    readonly instances = new Map<string, Instance>();
    readonly behind = new Map<string, Endpoint[]>();
    readonly externals: Endpoint[];
    /** V7: host → the native VLAN of its physical ports (absent: the shared untagged network). */
    readonly native = new Map<string, number>();

    constructor(
        readonly model: Model,
        placed: Record<string, string>,
    ) {
        for (const h of model.hosts) if (h.nativeVlan && h.nativeVlan.value !== 0) this.native.set(h.id, h.nativeVlan.value);
        for (const s of model.switches) this.sw.set(s.id, s);
        for (const g of model.portGroups) this.pg.set(g.id, g);
        for (const s of model.switches) {
            for (const m of s.members) {
                if (!m.uplinks.known) throw new NotKnown(`uplinks of ${s.id} on ${m.hostId} are unknown: substitute first`);
                const k = `${m.hostId}|${s.id}`;
                if (!this.instances.has(k)) this.instances.set(k, { key: k, host: m.hostId, sw: s, ports: [], uplinks: m.uplinks.links.some((l) => l.nic !== undefined) });
            }
        }
        for (const p of model.ports) {
            const h = p.hostId ?? placed[p.id];
            if (h === undefined) continue; // a bystander DRS has not placed: not on any host here
            const g = this.pg.get(p.portGroupId);
            const inst = g && this.instances.get(`${h}|${g.switchId}`);
            if (!inst) continue;
            this.host.set(p.id, h);
            inst.ports.push(p);
        }
        for (const e of model.endpoints) {
            if (e.kind === "external") continue;
            this.behind.set(e.portId, [...(this.behind.get(e.portId) ?? []), e]);
        }
        this.externals = model.endpoints.filter((e) => e.kind === "external");
    }

    port(id: string): Port | undefined {
        return this.model.ports.find((p) => p.id === id);
    }

    groupOf(p: Port): PortGroup {
        return this.pg.get(p.portGroupId)!;
    }

    instanceOf(p: Port): Instance | undefined {
        const h = this.host.get(p.id);
        return h === undefined ? undefined : this.instances.get(`${h}|${this.groupOf(p).switchId}`);
    }

    effective(p: Port): string {
        return p.effectiveMac ?? p.initialMac;
    }

    /** F1/S1: the MAC the switch holds for the port (the effective one only with MAC changes Accept). */
    tableMac(p: Port): string {
        return this.effective(p) !== p.initialMac && on(this.groupOf(p), "macChanges") ? this.effective(p) : p.initialMac;
    }

    macOf(e: Endpoint): string {
        if (e.kind !== "vnic") return e.mac;
        const p = this.port(e.portId);
        return p ? this.effective(p) : "";
    }

    learning(p: Port): MacLearningPolicy | undefined {
        const ml = this.groupOf(p).macLearning;
        const inst = this.instanceOf(p);
        return ml?.enabled && inst?.sw.macLearningSupported ? ml : undefined;
    }
}

/** One frame, pushed everywhere; returns every endpoint that takes it. `size`: a unicast leg's declared frame size (X2). */
function send(w: World, st: State, from: Endpoint, dst: string, size?: number): Set<string> {
    const got = new Set<string>();
    const src = w.macOf(from);

    const toPort = (q: Port, key: number): void => {
        if (blocked(w.groupOf(q))) return; // P1
        // S2: a port whose guest changed its MAC under Reject receives nothing.
        if (w.effective(q) !== q.initialMac && !on(w.groupOf(q), "macChanges")) return;
        if (!fits(size, q.mtu)) return; // X2 at the receiving NIC
        const tag = tagOut(w.groupOf(q).vlan, key);
        for (const e of w.behind.get(q.id) ?? []) {
            if (tagOf(e) !== tag) continue;
            if (dst === BCAST || w.macOf(e) === dst) got.add(e.id);
        }
    };

    /** V7: the wire's VLAN of a frame leaving a host switch in `key`. */
    const wireKey = (inst: Instance, key: number): number => (key === 0 ? (w.native.get(inst.host) ?? 0) : key);

    const phys = (key: number, ingress: string): void => {
        st.phys.set(`${key}|${src}`, ingress);
        const known = dst === BCAST ? undefined : st.phys.get(`${key}|${dst}`);
        if (known === ingress) return;
        const all = [...[...w.instances.values()].filter((i) => i.uplinks).map((i) => i.key), ...w.externals.map((x) => `ext:${x.id}`)];
        for (const a of known !== undefined ? [known] : all.filter((x) => x !== ingress)) {
            if (a.startsWith("ext:")) {
                const x = w.externals.find((e) => `ext:${e.id}` === a)!;
                if (tagOf(x) === key && (dst === BCAST || w.macOf(x) === dst)) got.add(x.id);
            } else {
                const inst = w.instances.get(a)!;
                if (!inst.uplinks || !fits(size, inst.sw.mtu)) continue;
                // V7: the host's native VLAN arrives untagged; the shared untagged network not at all.
                const native = w.native.get(inst.host);
                if (native === undefined) inSwitch(inst, key, undefined);
                else if (key === native) inSwitch(inst, 0, undefined);
                else if (key !== 0) inSwitch(inst, key, undefined);
            }
        }
    };

    const inSwitch = (inst: Instance, key: number, ingress: Port | undefined): void => {
        const local = inst.ports.filter((q) => q !== ingress && carries(w.groupOf(q).vlan, key));
        let to: Port[];
        let out = false;
        if (dst === BCAST) {
            to = local; // F5
            out = ingress !== undefined;
        } else {
            const owner = local.find((q) => w.tableMac(q) === dst); // F2
            const learnedOn = st.learned.get(`${inst.key}|${key}|${dst}`);
            const learnt = local.find((q) => q.id === learnedOn); // M1
            if (owner) to = [owner];
            else if (learnt) to = [learnt];
            else {
                // F3 / F4, S3 (narrow scope from a VM port), M3.
                to = local.filter((q) => {
                    const ml = w.learning(q);
                    if (ml?.allowUnicastFlooding) return true;
                    return on(w.groupOf(q), "promiscuous") && (ingress === undefined || q.portGroupId === ingress.portGroupId);
                });
                out = ingress !== undefined;
            }
        }
        for (const q of to) toPort(q, key);
        if (out && inst.uplinks) phys(wireKey(inst, key), inst.key);
    };

    if (from.kind === "external") {
        phys(tagOf(from), `ext:${from.id}`);
        return got;
    }
    const p = w.port(from.portId);
    if (!p) return got;
    // N1: the nested hypervisor's own switch joins the endpoints behind one vNIC.
    const mates = (w.behind.get(p.id) ?? []).filter((e) => e.id !== from.id && tagOf(e) === tagOf(from));
    for (const m of mates) if (dst === BCAST || w.macOf(m) === dst) got.add(m.id);
    if (dst !== BCAST && mates.some((m) => w.macOf(m) === dst)) return got;

    const inst = w.instanceOf(p);
    if (!inst) return got;
    const g = w.groupOf(p);
    if (blocked(g)) return got; // P1
    const key = keyIn(g.vlan, tagOf(from));
    if (key === undefined) return got; // V1 / V2
    if (!fits(size, p.mtu)) return got; // X2 at the sending NIC
    const own = w.tableMac(p);
    if (src !== own && !on(g, "forgedTransmits")) return got; // S1
    if (!fits(size, inst.sw.mtu)) return got; // X2 at the switch
    const ml = w.learning(p);
    if (ml && src !== own) {
        const k = `${inst.key}|${key}|${src}`;
        if (st.learned.get(k) !== p.id) {
            const n = st.learnedCount.get(p.id) ?? 0;
            if (n < ml.limit) {
                st.learned.set(k, p.id);
                st.learnedCount.set(p.id, n + 1);
            } else if (ml.limitPolicy === "drop") return got; // M2
        }
    }
    inSwitch(inst, key, p);
    return got;
}

/** The steady state before a conversation: each guest behind a learning port has sent once. */
function warmUp(w: World, st: State): void {
    for (const inst of w.instances.values()) {
        for (const p of inst.ports) {
            const ml = w.learning(p);
            if (!ml) continue;
            const g = w.groupOf(p);
            if (blocked(g)) continue; // P1: a blocked port sends nothing to learn from
            for (const e of w.behind.get(p.id) ?? []) {
                if (e.kind !== "guest") continue;
                const key = keyIn(g.vlan, tagOf(e));
                if (key === undefined || e.mac === w.tableMac(p)) continue;
                if (!on(g, "forgedTransmits")) continue; // S1 drops before M1 learns
                const n = st.learnedCount.get(p.id) ?? 0;
                const k = `${inst.key}|${key}|${e.mac}`;
                if (n >= ml.limit || st.learned.has(k)) continue;
                st.learned.set(k, p.id);
                st.learnedCount.set(p.id, n + 1);
            }
        }
    }
}

function legsIn(model: Model, placed: Record<string, string>, a: Endpoint, b: Endpoint): RefPlacement {
    const w = new World(model, placed);
    const st: State = { phys: new Map(), learned: new Map(), learnedCount: new Map() };
    warmUp(w, st);
    const legs: [boolean, boolean, boolean, boolean] = [
        send(w, st, a, BCAST).has(b.id),
        send(w, st, b, w.macOf(a)).has(a.id),
        send(w, st, a, w.macOf(b), a.mtu).has(b.id),
        send(w, st, b, w.macOf(a), b.mtu).has(a.id),
    ];
    const ab = legs[0] && legs[2];
    const ba = legs[1] && legs[3];
    const verdict: RefVerdict = ab && ba ? "reachable" : ab || ba ? "one-way" : "blocked";
    return { hosts: placed, legs, verdict, ...(verdict === "one-way" ? { works: ab ? { from: a.id, to: b.id } : { from: b.id, to: a.id } } : {}) };
}

/** Every way DRS may place the ports of the two endpoints whose host is not pinned. */
function allPlacements(model: Model, a: Endpoint, b: Endpoint): Array<Record<string, string>> | undefined {
    const open: Port[] = [];
    for (const e of [a, b]) {
        if (e.kind === "external") continue;
        const p = model.ports.find((x) => x.id === e.portId);
        if (p && p.hostId === undefined && !open.includes(p)) open.push(p);
    }
    let out: Array<Record<string, string>> = [{}];
    for (const p of open) {
        const g = model.portGroups.find((x) => x.id === p.portGroupId);
        const s = g && model.switches.find((x) => x.id === g.switchId);
        const hosts = s ? s.members.map((m) => m.hostId) : [];
        if (hosts.length === 0) return undefined;
        out = out.flatMap((o) => hosts.map((h) => ({ ...o, [p.id]: h })));
    }
    return out;
}

/** The reference answer for one conversation in a model without unknown values. */
export function referenceConversation(model: Model, aId: string, bId: string): RefResult {
    const a = model.endpoints.find((e) => e.id === aId);
    const b = model.endpoints.find((e) => e.id === bId);
    if (!a || !b) throw new Error(`no endpoint ${!a ? aId : bId}`);
    const ps = allPlacements(model, a, b);
    if (!ps) return { verdict: "blocked", placements: [] }; // nowhere to run
    const placements = ps.map((p) => legsIn(model, p, a, b));
    const verdict = placements.reduce<RefVerdict>((v, p) => (WORSE[p.verdict] < WORSE[v] ? p.verdict : v), "reachable");
    return { verdict, placements };
}

/** Every unknown in a model, by key: security settings of port groups and uplink sets. */
export function unknownKeys(model: Model): string[] {
    const keys = new Set<string>();
    for (const g of model.portGroups) {
        for (const s of ["promiscuous", "forgedTransmits", "macChanges"] as const) {
            const v = g.security[s];
            if (v.value === "unknown") keys.add(v.unknownKey ?? `${g.id}.${s}`);
        }
    }
    for (const s of model.switches) for (const m of s.members) if (!m.uplinks.known) keys.add(m.uplinks.unknownKey);
    return [...keys].sort();
}

/** The model with every unknown replaced: true = accept / has an uplink, false = reject / none. */
export function substitute(model: Model, assignment: ReadonlyMap<string, boolean>): Model {
    const pick = (key: string): boolean => {
        const v = assignment.get(key);
        if (v === undefined) throw new Error(`no value for ${key}`);
        return v;
    };
    return {
        ...model,
        portGroups: model.portGroups.map((g) => {
            const security = { ...g.security };
            for (const s of ["promiscuous", "forgedTransmits", "macChanges"] as const) {
                const v = g.security[s];
                if (v.value === "unknown") security[s] = { value: pick(v.unknownKey ?? `${g.id}.${s}`) ? "accept" : "reject", origin: v.origin };
            }
            return { ...g, security };
        }),
        switches: model.switches.map((s) => ({
            ...s,
            members: s.members.map((m) => (m.uplinks.known ? m : { ...m, uplinks: { known: true as const, links: pick(m.uplinks.unknownKey) ? [{ name: "assumed-uplink", nic: "assumed-uplink" }] : [] } })),
        })),
    };
}

/** Every assignment of the keys (2^n). */
export function assignments(keys: readonly string[]): Array<Map<string, boolean>> {
    let out: Array<Map<string, boolean>> = [new Map()];
    for (const k of keys) out = out.flatMap((m) => [new Map(m).set(k, true), new Map(m).set(k, false)]);
    return out;
}
