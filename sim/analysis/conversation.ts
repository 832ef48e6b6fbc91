/**
 * A conversation between two endpoints: the four legs (ARP request, ARP reply, unicast both
 * ways), learning state carried from leg to leg, a verdict; unknown facts explored both ways; and
 * DRS placements (same host, different hosts) tried when a VM's host is not known.
 */
import type { ConversationSpec, Endpoint, Port, Tri } from "../model/model";
import type { ConversationResult, Decision, Duplicates, Hop, LegName, LegResult, Placement, Verdict } from "../model/results";
import { VERDICT_ORDER } from "../model/results";
import { NeedDecision, type Assumptions } from "../forwarding/decide";
import { BROADCAST, Fabric, furthestDrop, MULTICAST_GROUP, pathTo, sendFrame } from "../forwarding/frame";
import { macOf, Scenario, type Net } from "../model/network";

/** Above this many explored combinations of unknowns the answer is `undetermined` without more search. */
const MAX_LEAVES = 256;

interface Leaf {
    assume: Map<string, boolean>;
    legs: LegResult[];
    verdict: Verdict;
    works?: { from: string; to: string };
    duplicates: Duplicates[];
}

/** Runs the four legs of a conversation in one scenario under fixed assumptions. */
export function runLegs(sc: Scenario, a: Endpoint, b: Endpoint, assume: Assumptions, multicast = false): Omit<Leaf, "assume"> {
    const fabric = new Fabric();
    // X3: a multicast flow is one group frame each way (the other side joined the group).
    const plan: Array<[LegName, Endpoint, Endpoint, string]> = multicast
        ? [
              ["multicast-forward", a, b, MULTICAST_GROUP],
              ["multicast-back", b, a, MULTICAST_GROUP],
          ]
        : [
              ["arp-request", a, b, BROADCAST],
              ["arp-reply", b, a, macOf(sc.net, a)],
              ["unicast-forward", a, b, macOf(sc.net, b)],
              ["unicast-back", b, a, macOf(sc.net, a)],
          ];
    const legs: LegResult[] = [];
    const duplicates: Duplicates[] = [];
    for (const [leg, from, to, dst] of plan) {
        // X2: the unicast legs carry the sender's largest frame when it declares one; ARP stays small.
        const size = leg === "unicast-forward" || leg === "unicast-back" ? from.mtu : undefined;
        const run = sendFrame(sc, fabric, assume, from, dst, size === undefined ? { target: to, focus: true } : { target: to, focus: true, size });
        const landing = run.landings.find((l) => l.endpoint === to.id);
        let trace: Hop[];
        if (landing) {
            trace = pathTo(run.events, landing.event);
            if (landing.copies > 1 && landing.portId && landing.hostId) {
                duplicates.push({ endpoint: to.id, portId: landing.portId, copies: landing.copies, hostId: landing.hostId, rule: "S3" });
            }
        } else {
            const d = furthestDrop(run.events);
            trace = d >= 0 ? pathTo(run.events, d) : [...pathTo(run.events, run.events.length - 1), noPath(to)];
        }
        legs.push({ leg, from: from.id, to: to.id, delivered: landing !== undefined, copies: landing?.copies ?? 0, trace });
    }
    const ab = multicast ? legs[0].delivered : legs[0].delivered && legs[2].delivered;
    const ba = multicast ? legs[1].delivered : legs[1].delivered && legs[3].delivered;
    const verdict: Verdict = ab && ba ? "reachable" : ab || ba ? "one-way" : "blocked";
    const works = verdict === "one-way" ? (ab ? { from: a.id, to: b.id } : { from: b.id, to: a.id }) : undefined;
    return { legs, verdict, works, duplicates: dedupe(duplicates) };
}

function noPath(to: Endpoint): Hop {
    return { action: "drop", rule: "F0", at: "network", detail: `no path reaches ${to.label ?? to.id}` };
}

function dedupe(ds: Duplicates[]): Duplicates[] {
    const seen = new Map<string, Duplicates>();
    for (const d of ds) seen.set(`${d.endpoint}|${d.portId}`, d);
    return [...seen.values()];
}

interface Explored {
    leaves: Leaf[];
    deciding: Map<string, Decision>;
    truncated: boolean;
}

/** Explores every combination of the unknowns the frames meet; records which ones change the verdict. */
function explore(sc: Scenario, a: Endpoint, b: Endpoint, multicast: boolean): Explored {
    const out: Explored = { leaves: [], deciding: new Map(), truncated: false };
    const walk = (assume: Map<string, boolean>): Set<Verdict> => {
        if (out.leaves.length >= MAX_LEAVES) {
            out.truncated = true;
            return new Set();
        }
        try {
            const leaf = { assume, ...runLegs(sc, a, b, assume, multicast) };
            out.leaves.push(leaf);
            return new Set([leaf.verdict]);
        } catch (e) {
            if (!(e instanceof NeedDecision)) throw e;
            const yes = walk(new Map(assume).set(e.key, true));
            const no = walk(new Map(assume).set(e.key, false));
            if (!sameSet(yes, no)) out.deciding.set(e.key, { key: e.key, ref: e.ref });
            return new Set([...yes, ...no]);
        }
    };
    walk(new Map());
    return out;
}

function sameSet<T>(x: Set<T>, y: Set<T>): boolean {
    return x.size === y.size && [...x].every((v) => y.has(v));
}

function rank(v: Verdict): number {
    return VERDICT_ORDER.indexOf(v);
}

/** The verdict of a conversation in one placement, combining the unknowns. */
function inScenario(sc: Scenario, a: Endpoint, b: Endpoint, placement: Placement, multicast: boolean): ConversationResult {
    const ex = explore(sc, a, b, multicast);
    const verdicts = new Set(ex.leaves.map((l) => l.verdict));
    const worst = ex.leaves.reduce((w, l) => (rank(l.verdict) < rank(w.verdict) ? l : w), ex.leaves[0]);
    const undetermined = verdicts.size > 1 || ex.truncated;
    const result: ConversationResult = {
        a: a.id,
        b: b.id,
        verdict: undetermined ? "undetermined" : worst.verdict,
        legs: worst.legs,
        placement,
    };
    if (!undetermined && worst.works) result.works = worst.works;
    if (undetermined) {
        result.decidedBy = [...ex.deciding.values()];
        result.outcomes = ex.leaves.map((l) => ({ assume: triOf(l.assume), verdict: l.verdict }));
        result.failsInEveryCase = !ex.truncated && !verdicts.has("reachable");
    }
    const dups = ex.leaves.flatMap((l) => l.duplicates);
    if (dups.length) result.duplicates = dedupe(dups);
    return result;
}

function triOf(m: Map<string, boolean>): Record<string, Tri> {
    const o: Record<string, Tri> = {};
    for (const [k, v] of m) o[k] = v ? "accept" : "reject";
    return o;
}

function portOf(net: Net, e: Endpoint): Port | undefined {
    return e.kind === "external" ? undefined : net.ports.get(e.portId);
}

/** Hosts a port may run on: its own, or (DRS) any member of its switch, one per kind of member. */
function candidates(net: Net, p: Port): string[] {
    if (p.hostId !== undefined) return [p.hostId];
    const pg = net.portGroups.get(p.portGroupId);
    const sw = pg && net.switches.get(pg.switchId);
    if (!sw) return [];
    // Members alike in uplinks behave alike: keep one of each kind.
    const seen = new Set<string>();
    const out: string[] = [];
    for (const m of sw.members) {
        const sig = kindOfHost(net, sw.id, m.hostId);
        if (seen.has(sig)) continue;
        seen.add(sig);
        out.push(m.hostId);
    }
    return out;
}

/** What tells two member hosts of a switch apart for forwarding: their uplinks, RPF check, port channel and native VLAN (V7). */
function kindOfHost(net: Net, switchId: string, hostId: string): string {
    const m = net.switches.get(switchId)?.members.find((x) => x.hostId === hostId);
    const sig = !m ? "none" : m.uplinks.known ? m.uplinks.links.map((l) => `${l.name}:${l.nic !== undefined}`).join(",") : "unknown";
    const h = net.hosts.get(hostId);
    return `${sig}|${h?.rpfCheckPromisc === true}|${h?.channel?.kind ?? "none"}|${h?.nativeVlan?.value ?? 0}`;
}

function allHosts(net: Net, p: Port): string[] {
    if (p.hostId !== undefined) return [p.hostId];
    const pg = net.portGroups.get(p.portGroupId);
    const sw = pg && net.switches.get(pg.switchId);
    return sw ? sw.members.map((m) => m.hostId) : [];
}

/** The placements to try: known hosts as they are; for DRS-placed VMs, the same host and two different hosts. */
export function placements(net: Net, a: Endpoint, b: Endpoint): Placement[] {
    const pa = portOf(net, a);
    const pb = portOf(net, b);
    const open = [pa, pb].filter((p): p is Port => p !== undefined && p.hostId === undefined);
    if (open.length === 0) return [{ kind: "known", hosts: {} }];
    if (!pa || !pb || pa === pb) {
        const p = open[0];
        return candidates(net, p).map((h) => ({ kind: "known", hosts: { [p.id]: h } }));
    }
    // Every pair of hosts DRS may pick, one per kind (each side's kind of host, same host or not):
    // the first cross-host pair alone can miss a member without uplinks.
    const out: Placement[] = [];
    const seen = new Set<string>();
    const swA = net.portGroups.get(pa.portGroupId)?.switchId ?? "";
    const swB = net.portGroups.get(pb.portGroupId)?.switchId ?? "";
    for (const h1 of allHosts(net, pa)) {
        for (const h2 of allHosts(net, pb)) {
            const k = `${kindOfHost(net, swA, h1)}|${kindOfHost(net, swB, h2)}|${h1 === h2}`;
            if (seen.has(k)) continue;
            seen.add(k);
            out.push({ kind: h1 === h2 ? "same-host" : "cross-host", hosts: only(open, { [pa.id]: h1, [pb.id]: h2 }) });
        }
    }
    return out.sort((x, y) => Number(x.kind === "cross-host") - Number(y.kind === "cross-host"));
}

function only(open: Port[], hosts: Record<string, string>): Record<string, string> {
    const o: Record<string, string> = {};
    for (const p of open) o[p.id] = hosts[p.id];
    return o;
}

/** The whole answer for one conversation: the worst placement, with its legs and traces. */
export function analyzeConversation(net: Net, spec: ConversationSpec): ConversationResult {
    const a = net.endpoints.get(spec.a);
    const b = net.endpoints.get(spec.b);
    if (!a || !b) throw new Error(`unknown endpoint ${!a ? spec.a : spec.b}`);
    const ps = placements(net, a, b);
    if (ps.length === 0) return unplaceable(a, b, spec.multicast === true);
    let worst: ConversationResult | undefined;
    const all: ConversationResult[] = [];
    for (const p of ps) {
        const r = inScenario(new Scenario(net, new Map(Object.entries(p.hosts))), a, b, p, spec.multicast === true);
        all.push(r);
        if (!worst || rank(r.verdict) < rank(worst.verdict)) worst = r;
    }
    return worst!.verdict === "undetermined" && all.length > 1 ? acrossPlacements(worst!, all) : worst!;
}

/**
 * Undetermined in the worst placement: it fails in every case when no assignment of the unknowns is
 * reachable in every placement at once (DRS picks the placement, the unknowns are what they are).
 * A placement that fails in every case on its own is the one reported.
 */
function acrossPlacements(worst: ConversationResult, all: readonly ConversationResult[]): ConversationResult {
    const open = all.filter((r) => r.verdict === "undetermined");
    const alone = open.find((r) => r.failsInEveryCase);
    if (alone) return alone;
    // Each placement's reachable cases (partial assignments); none listed: explored only in part.
    const cases = open.map((r) => (r.outcomes ?? []).filter((o) => o.verdict === "reachable").map((o) => o.assume));
    if (cases.some((c) => c.length === 0)) return worst;
    const compatible = (x: Record<string, Tri>, y: Record<string, Tri>) => Object.entries(y).every(([k, v]) => x[k] === undefined || x[k] === v);
    const reachableEverywhere = (i: number, acc: Record<string, Tri>): boolean =>
        i === cases.length || cases[i].some((c) => compatible(acc, c) && reachableEverywhere(i + 1, { ...acc, ...c }));
    return reachableEverywhere(0, {}) ? worst : { ...worst, failsInEveryCase: true };
}

function unplaceable(a: Endpoint, b: Endpoint, multicast: boolean): ConversationResult {
    const hop: Hop = { action: "drop", rule: "F0", at: "placement", detail: "the VM's switch has no member host to run on" };
    const names: LegName[] = multicast ? ["multicast-forward", "multicast-back"] : ["arp-request", "arp-reply", "unicast-forward", "unicast-back"];
    const legs: LegResult[] = names.map((leg, i) => ({
        leg,
        from: i % 2 === 0 ? a.id : b.id,
        to: i % 2 === 0 ? b.id : a.id,
        delivered: false,
        copies: 0,
        trace: [hop],
    }));
    return { a: a.id, b: b.id, verdict: "blocked", legs, placement: { kind: "known", hosts: {} } };
}
