/**
 * Many conversations at once, by equivalence classes of endpoints.
 *
 * A nested lab pairs every implicit guest with every other one on its port group: the number of
 * conversations grows with the square of the guests, but most of them are the same conversation
 * with other names. Two endpoints are *interchangeable* when swapping them (with their ports) maps
 * the network onto itself as far as forwarding can tell; a conversation between interchangeable
 * endpoints is then the same simulation with other names in it. So each distinct pair of classes
 * is simulated once and the answer re-labelled for the others — the result is exactly what
 * `analyzeConversation` gives for each pair, traces included (tests/sim/classes.spec.ts checks it
 * against the pairwise reference on generated stacks).
 *
 * Class of an endpoint (the key, see `partitionEndpoints`): external devices are always alone.
 * A vNIC or guest shares a class with the others of the same kind and guest VLAN tag, on the same
 * port group, on the same host (or DRS-placed), whose port sits at the same place among the
 * host switch's *special* ports — as long as nothing makes it special itself:
 * - its port's guest changed the MAC (effective ≠ initial: S2 and F1 then depend on the port);
 * - its MAC, or its port's MAC, is used anywhere else, or its port has two vNIC endpoints
 *   (duplicates: which port learns or gets the frame depends on the order of ports);
 * - its port is a passthrough NIC (X4: the NIC, not the switch, decides, and its decisions name it);
 * - its port carries at least as many guests as MAC learning may learn there (M2: which guests
 *   were learned first depends on their order).
 * Such endpoints are classes of their own, simulated exactly. Why the rest is exact: in a
 * conversation the simulator reads the two endpoints, their ports and what is behind those
 * ports; other ports on the same host switch only receive copies of broadcasts and floods, and an
 * ordinary port (MAC unchanged, unique MACs) receiving one adds nothing to the reported legs — no
 * drop, no unknown to decide. Only special ports can (an S2 drop, an unknown MAC-changes setting, a
 * duplicate MAC), so an endpoint's place relative to them is part of its class.
 *
 * Re-labelling is exact by construction: the representative pair is simulated on a copy of the
 * network in which the two endpoints and their ports are renamed to sentinel strings (ids, labels,
 * MACs), which no model string contains; every place a name shows up in the answer then holds a
 * sentinel, replaced by each pair's own names. The partition does not depend on security settings,
 * MAC learning or trunks, so it stays valid for the what-ifs of the fix search and the needs.
 */
import type { ConversationSpec, Endpoint, Model, Port } from "../model/model";
import type { ConversationResult, Fix, Verdict } from "../model/results";
import { analyzeConversation } from "./conversation";
import { candidateChanges, findFix } from "./fixes";
import { hs, macOf, type Net } from "../model/network";
import { needsWith, type NeedsEngine, type NeedsOptions, type NeedsResult } from "./needs";
import { derivationOf, OverlayMap, registerDerivation, withChanges, withPortGroups } from "../model/overlay";

/** Endpoint id → class key. Endpoints alone in their class have a key starting with "=". */
export interface Partition {
    readonly classOf: ReadonlyMap<string, string>;
    /** False when some model string contains the sentinel character: every pair is then simulated as is. */
    readonly relabelSafe: boolean;
}

const DEFAULT_LIMIT = 4096;
const SEP = "\u0001";
/** Sentinels are wrapped in NUL, which no name, id or MAC in a model contains (checked). */
const NUL = "\u0000";

/** Whether a port's guest changed its MAC. */
function plain(p: Port): boolean {
    return p.effectiveMac === undefined || p.effectiveMac === p.initialMac;
}

export function partitionEndpoints(net: Net): Partition {
    // MACs used more than once (ports' initial and effective MACs, guests', externals').
    const seen = new Set<string>();
    const dup = new Set<string>();
    const note = (mac: string): void => {
        if (seen.has(mac)) dup.add(mac);
        else seen.add(mac);
    };
    for (const p of net.ports.values()) {
        note(p.initialMac);
        if (!plain(p)) note(p.effectiveMac!);
    }
    for (const e of net.endpoints.values()) if (e.kind !== "vnic") note(e.mac);
    seen.clear();

    // Ports whose reception can show up in someone else's conversation, and ports whose guests may
    // exceed what MAC learning learns.
    const special = new Set<string>();
    const lonely = new Set<string>();
    for (const p of net.ports.values()) {
        const behind = net.behind.get(p.id) ?? [];
        let guests = 0;
        let vnics = 0;
        let dupBehind = false;
        for (const e of behind) {
            if (e.kind === "vnic") {
                vnics++;
                continue;
            }
            guests++;
            if (dup.has(e.mac)) dupBehind = true;
        }
        // Two vNIC endpoints on one port would share its MAC: a duplicate too.
        // A passthrough NIC (X4) is alone too: its decisions and origins name the port itself.
        if (!plain(p) || dup.has(p.initialMac) || dupBehind || vnics > 1 || p.passthrough !== undefined) special.add(p.id);
        const limit = Math.min(net.portGroups.get(p.portGroupId)?.macLearning?.limit ?? DEFAULT_LIMIT, DEFAULT_LIMIT);
        if (guests >= limit) lonely.add(p.id);
    }
    // Place of each port with a known host among the special ports of its host switch.
    const rank = new Map<string, number>();
    for (const ports of net.localKnown.values()) {
        let n = 0;
        for (const p of ports) {
            rank.set(p.id, n);
            if (special.has(p.id)) n++;
        }
    }

    // Short keys: port groups and hosts by number.
    const numbers = new Map<string, number>();
    const num = (id: string): number => {
        let n = numbers.get(id);
        if (n === undefined) {
            n = numbers.size;
            numbers.set(id, n);
        }
        return n;
    };
    const classOf = new Map<string, string>();
    for (const e of net.endpoints.values()) {
        const p = e.kind === "external" ? undefined : net.ports.get(e.portId);
        if (!p || special.has(p.id) || lonely.has(p.id) || !net.portGroups.has(p.portGroupId)) {
            classOf.set(e.id, `=${e.id}`);
            continue;
        }
        const where = p.hostId === undefined ? "d" : `${num(`h${SEP}${p.hostId}`)}.${rank.get(p.id) ?? -1}`;
        // What else a trace reads of the endpoint and its NIC: its frame size (X2), a nested vmk (K2),
        // a host vmk (K1), the NIC's MTU (X2) and a passthrough NIC (X4).
        const nic = `${e.mtu ?? ""}.${e.kind === "guest" && e.vmk ? "k" : ""}.${p.kind ?? ""}.${p.mtu?.value ?? ""}.${p.passthrough?.kind ?? ""}`;
        classOf.set(e.id, `${e.kind === "vnic" ? "v" : `g${e.vlan}`}${SEP}${num(`p${SEP}${p.portGroupId}`)}${SEP}${where}${SEP}${nic}`);
    }
    return { classOf, relabelSafe: sentinelFree(net.model) };
}

/** No string of the model contains NUL (so sentinels are unambiguous). */
function sentinelFree(model: Model): boolean {
    const bad = (v: unknown): boolean => {
        if (typeof v === "string") return v.includes(NUL);
        if (Array.isArray(v)) return v.some(bad);
        if (v && typeof v === "object") return Object.entries(v).some(([k, x]) => k.includes(NUL) || bad(x));
        return false;
    };
    for (const p of model.ports) if (bad(p.id) || bad(p.label) || bad(p.initialMac) || bad(p.effectiveMac) || bad(p.portGroupId) || bad(p.hostId)) return false;
    for (const e of model.endpoints) if (bad(e.id) || bad(e.label) || (e.kind !== "vnic" && bad(e.mac)) || (e.kind !== "external" && bad(e.portId))) return false;
    return !bad(model.hosts) && !bad(model.switches) && !bad(model.portGroups);
}

function portIdOf(net: Net, id: string): string | undefined {
    const e = net.endpoints.get(id);
    return e && e.kind !== "external" ? e.portId : undefined;
}

/** Conversations with the same key are the same simulation up to names. */
export function pairKey(part: Partition, net: Net, spec: ConversationSpec): string {
    const ca = part.classOf.get(spec.a) ?? `=${spec.a}`;
    const cb = part.classOf.get(spec.b) ?? `=${spec.b}`;
    const pa = portIdOf(net, spec.a);
    const same = pa !== undefined && pa === portIdOf(net, spec.b);
    return `${ca}${SEP}${SEP}${cb}${SEP}${SEP}${same ? 1 : 0}${spec.multicast ? "m" : ""}`;
}

// ------------------------------------------------------------------------------------------------
// Sentinel copies and re-labelling
// ------------------------------------------------------------------------------------------------

type Role = "A" | "B";
/** e endpoint id, l endpoint label, m endpoint MAC, p port id, q port label, n port MAC. */
type Item = "e" | "l" | "m" | "p" | "q" | "n";
const tok = (role: Role, item: Item): string => `${NUL}${role}${item}${NUL}`;

/** The names a pair puts where the sentinels are. */
function namesOf(net: Net, spec: ConversationSpec): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [role, id] of [["A", spec.a], ["B", spec.b]] as Array<[Role, string]>) {
        const e = net.endpoints.get(id)!;
        out[`${role}e`] = e.id;
        out[`${role}l`] = e.label ?? e.id;
        out[`${role}m`] = macOf(net, e);
        const p = e.kind === "external" ? undefined : net.ports.get(e.portId);
        if (p) {
            out[`${role}p`] = p.id;
            out[`${role}q`] = p.label ?? p.id;
            out[`${role}n`] = p.initialMac;
        }
    }
    return out;
}

/**
 * The network with the endpoints of the roles in `vary` (and their ports) renamed to sentinels.
 * Returns the network and the spec of the representative pair in it.
 */
function sentinelNet(net: Net, spec: ConversationSpec, vary: ReadonlySet<Role>): { net: Net; spec: ConversationSpec } {
    const ends: Record<Role, Endpoint> = { A: net.endpoints.get(spec.a)!, B: net.endpoints.get(spec.b)! };
    const ports = new Map<string, Port>();
    const endpoints = new Map<string, Endpoint>();
    const removed = new Set<string>();
    const behind = new Map<string, Endpoint[]>();
    const local = new Map<string, Port[]>();
    /** Original port id → its sentinel copy. */
    const renamedPort = new Map<string, Port>();
    const renamedEndpoint = new Map<string, Endpoint>();

    for (const role of ["A", "B"] as Role[]) {
        if (!vary.has(role)) continue;
        const e = ends[role];
        if (e.kind !== "external" && !renamedPort.has(e.portId)) {
            const p = net.ports.get(e.portId)!;
            const copy: Port = { ...p, id: tok(role, "p"), label: tok(role, "q"), initialMac: tok(role, "n") };
            if (p.effectiveMac !== undefined) copy.effectiveMac = tok(role, "n");
            // The NIC's own MTU (X2) names the port as its origin: renamed with it.
            if (p.mtu?.origin.objectId === p.id) copy.mtu = { ...p.mtu, origin: { ...p.mtu.origin, objectId: copy.id } };
            renamedPort.set(p.id, copy);
        }
        const copy = { ...e, id: tok(role, "e"), label: tok(role, "l") } as Endpoint;
        if (copy.kind !== "vnic") copy.mac = tok(role, "m");
        renamedEndpoint.set(e.id, copy);
    }
    for (const [oldId, copy] of renamedPort) {
        removed.add(oldId);
        ports.set(copy.id, copy);
        // Everything behind the port moves with it (a vNIC's MAC is its port's).
        const list = (net.behind.get(oldId) ?? []).map((x) => {
            const moved = { ...(renamedEndpoint.get(x.id) ?? x), portId: copy.id } as Endpoint;
            endpoints.set(moved.id, moved);
            if (moved.id !== x.id) removed.add(x.id);
            return moved;
        });
        behind.set(copy.id, list);
        if (copy.hostId !== undefined) {
            const pg = net.portGroups.get(copy.portGroupId);
            if (pg) {
                const k = hs(copy.hostId, pg.switchId);
                const base = local.get(k) ?? net.localKnown.get(k) ?? [];
                local.set(k, base.map((x) => (x.id === oldId ? copy : x)));
            }
        }
    }
    for (const [oldId, copy] of renamedEndpoint) {
        if (!endpoints.has(copy.id)) {
            // An external (never renamed in practice: externals are classes of their own).
            endpoints.set(copy.id, copy);
            removed.add(oldId);
        }
    }
    const view: Net = {
        ...net,
        ports: new OverlayMap(net.ports, ports, removed),
        endpoints: new OverlayMap(net.endpoints, endpoints, removed),
        behind: new OverlayMap(net.behind, behind, removed),
        localKnown: new OverlayMap(net.localKnown, local),
    };
    registerDerivation(view, { base: net, changedHostSwitches: new Set(local.keys()), renamedPorts: new Set(renamedPort.keys()) });
    return { net: view, spec: { a: renamedEndpoint.get(spec.a)?.id ?? spec.a, b: renamedEndpoint.get(spec.b)?.id ?? spec.b, ...(spec.multicast ? { multicast: true } : {}) } };
}

/** Replaces each sentinel (the odd parts when split at NUL: no model string has a NUL) by its name. */
function substitute(s: string, names: Record<string, string>): string {
    if (!s.includes(NUL)) return s;
    return s
        .split(NUL)
        .map((part, i) => (i % 2 === 1 ? (names[part] ?? `${NUL}${part}${NUL}`) : part))
        .join("");
}

/** A deep copy of plain data with the sentinels replaced (in keys too). */
function relabelDeep<T>(v: T, names: Record<string, string>): T {
    if (typeof v === "string") return substitute(v, names) as T;
    if (Array.isArray(v)) return v.map((x) => relabelDeep(x, names)) as T;
    if (v && typeof v === "object") {
        const out: Record<string, unknown> = {};
        for (const [k, x] of Object.entries(v)) out[substitute(k, names)] = relabelDeep(x, names);
        return out as T;
    }
    return v;
}

/** The representative's answer under a pair's own names; the legs (the bulk) only when read. */
function relabel(rest: Omit<ConversationResult, "legs">, order: readonly string[], legs: () => ConversationResult["legs"], spec: ConversationSpec, names: Record<string, string>): ConversationResult {
    const out = relabelDeep(rest, names) as ConversationResult;
    out.a = spec.a;
    out.b = spec.b;
    return withLazyLegs(out, order, () => relabelDeep(legs(), names));
}

/**
 * The answer with its legs computed on first read. Legs and their traces are most of an answer's
 * size, and only failing conversations are ever explained, so a large stack keeps them only for
 * those. Field order is `analyzeConversation`'s (JSON output reads the same).
 */
function withLazyLegs(r: Omit<ConversationResult, "legs">, order: readonly string[], legs: () => ConversationResult["legs"]): ConversationResult {
    const out = {} as ConversationResult;
    let cached: ConversationResult["legs"] | undefined;
    for (const k of order) {
        if (k === "legs") {
            Object.defineProperty(out, "legs", {
                enumerable: true,
                configurable: true,
                get: () => (cached ??= legs()),
                set: (v: ConversationResult["legs"]) => {
                    cached = v;
                },
            });
        } else if (k in r) {
            (out as unknown as Record<string, unknown>)[k] = (r as unknown as Record<string, unknown>)[k];
        }
    }
    return out;
}

/** `analyzeConversation`, keeping the verdict and simulating again for the legs if they are read. */
function exactLean(net: Net, spec: ConversationSpec): ConversationResult {
    const full = analyzeConversation(net, spec);
    const { legs: _legs, ...rest } = full;
    return withLazyLegs(rest, Object.keys(full), () => analyzeConversation(net, spec).legs);
}

// ------------------------------------------------------------------------------------------------
// Many conversations
// ------------------------------------------------------------------------------------------------

export interface ClassRun {
    /** One answer per spec, in order: exactly `analyzeConversation(net, spec)`. */
    results: ConversationResult[];
    /** How many simulations were run (distinct class pairs, plus exact ones). */
    simulated: number;
}

export interface ClassOptions {
    partition?: Partition;
    /** Specs to simulate one by one whatever their class (e.g. the conversations the user declared). */
    exact?: (spec: ConversationSpec, index: number) => boolean;
}

/** `specs.map((s) => analyzeConversation(net, s))`, computing each distinct class pair once. */
export function analyzeByClasses(net: Net, specs: readonly ConversationSpec[], opts: ClassOptions = {}): ClassRun {
    const part = opts.partition ?? partitionEndpoints(net);
    const results: ConversationResult[] = new Array(specs.length);
    const groups = new Map<string, number[]>();
    let simulated = 0;
    specs.forEach((s, i) => {
        if (!part.relabelSafe || opts.exact?.(s, i)) {
            results[i] = exactLean(net, s);
            simulated++;
            return;
        }
        const k = pairKey(part, net, s);
        const g = groups.get(k);
        if (g) g.push(i);
        else groups.set(k, [i]);
    });
    for (const members of groups.values()) {
        const first = specs[members[0]];
        if (members.length === 1) {
            results[members[0]] = exactLean(net, first);
            simulated++;
            continue;
        }
        const vary = new Set<Role>();
        if (members.some((i) => specs[i].a !== first.a)) vary.add("A");
        if (members.some((i) => specs[i].b !== first.b)) vary.add("B");
        const rep = sentinelNet(net, first, vary);
        const full = analyzeConversation(rep.net, rep.spec);
        simulated++;
        const { legs: _legs, ...rest } = full;
        // The representative's legs are not kept: read (failing conversations get explained), they
        // are simulated again, once for the class pair.
        let legs: ConversationResult["legs"] | undefined;
        const repLegs = (): ConversationResult["legs"] => {
            if (!legs) {
                const again = sentinelNet(net, first, vary);
                legs = analyzeConversation(again.net, again.spec).legs;
            }
            return legs;
        };
        const order = Object.keys(full);
        for (const i of members) results[i] = relabel(rest, order, repLegs, specs[i], namesOf(net, specs[i]));
    }
    return { results, simulated };
}

/**
 * Verdicts only (for what-ifs): one simulation per distinct class pair, no re-labelling. `memo`
 * (pair key → verdict) may be shared by calls on the same network.
 */
export function verdictOf(net: Net, part: Partition, spec: ConversationSpec, memo: Map<string, Verdict>): Verdict {
    if (!part.relabelSafe) return analyzeConversation(net, spec).verdict;
    const k = pairKey(part, net, spec);
    let v = memo.get(k);
    if (v === undefined) {
        v = analyzeConversation(net, spec).verdict;
        memo.set(k, v);
    }
    return v;
}

// ------------------------------------------------------------------------------------------------
// Needs (sim/needs.ts findNeeds, same algorithm and answer) and fixes (sim/fixes.ts findFix)
// ------------------------------------------------------------------------------------------------

/**
 * `findNeeds` by classes: the same search (sim/needs.ts), each what-if simulated once per class
 * pair on what-if networks that replace only the revoked port groups, fixes searched once per class.
 */
export function findNeedsByClasses(
    net: Net,
    specs: readonly ConversationSpec[],
    baseline: Map<ConversationSpec, ConversationResult>,
    part: Partition = partitionEndpoints(net),
    options: NeedsOptions & { fixes?: FixFinder } = {},
): NeedsResult {
    const fixes = options.fixes ?? new FixFinder(net, part);
    const memos = new WeakMap<Net, Map<string, Verdict>>();
    const memoOf = (n: Net) => {
        let m = memos.get(n);
        if (!m) memos.set(n, (m = new Map()));
        return m;
    };
    const engine: NeedsEngine = {
        verdicts: (n, ss) => {
            const memo = memoOf(n);
            return ss.map((s) => verdictOf(n, part, s, memo));
        },
        fix: (spec) => fixes.find(spec),
        withGroups: (n, replaced) => withPortGroups(n, replaced),
        // Materialised once: the needs search derives many networks from this one.
        withChanges: (n, changes) => {
            const derived = withChanges(n, changes);
            const plain: Net = { ...derived };
            const d = derivationOf(derived);
            return d ? registerDerivation(plain, d) : plain;
        },
    };
    return needsWith(engine, net, specs, baseline, options);
}

/**
 * `findFix`, remembered per class pair and candidate changes: conversations that are the same
 * simulation up to names get the same fix (its changes name port groups and switches only).
 */
export class FixFinder {
    private readonly cache = new Map<string, Fix | undefined>();
    private readonly part: Partition;
    searches = 0;

    constructor(
        private readonly net: Net,
        part?: Partition,
    ) {
        this.part = part ?? partitionEndpoints(net);
    }

    find(spec: ConversationSpec): Fix | undefined {
        if (!this.part.relabelSafe) return this.search(spec);
        const key = `${pairKey(this.part, this.net, spec)}${SEP}${JSON.stringify(candidateChanges(this.net, spec))}`;
        if (this.cache.has(key)) return this.cache.get(key);
        const fix = this.search(spec);
        this.cache.set(key, fix);
        return fix;
    }

    private search(spec: ConversationSpec): Fix | undefined {
        this.searches++;
        return findFix(this.net, spec);
    }
}
