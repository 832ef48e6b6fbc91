/**
 * Which `accept` settings (and MAC learning) the conversations actually need — the ground of every
 * piece of least-privilege advice, so it must never call a setting unneeded when it is needed.
 *
 * A setting counts as needed by a conversation that works, or that would work once its own smallest
 * fix is applied: a conversation broken for another reason (a guest-tagged VLAN on an access port
 * group) still needs promiscuous mode, and advising to turn it off would re-break the lab after that
 * fix. Conversations with no fix (unfixable, or undetermined during preview) say nothing about what
 * their port groups need, so the advice on those port groups is withheld, with the reason; so is the
 * advice on port groups the caller knows the picture of is incomplete (a skipped workload, a partial
 * input).
 *
 * Greedy from the most permissive: a setting is revoked if no conversation touching its port group
 * gets worse without it, both on the network as it is and on the network with every conversation's
 * smallest fix applied — so following the advice keeps every verdict, with or without the fixes.
 */
import type { ConversationSpec, PortGroup, SecuritySetting } from "../model/model";
import type { Change, ConversationResult, Fix, Need, Verdict, Withheld, WithholdReason } from "../model/results";
import { VERDICT_ORDER } from "../model/results";
import { applyChanges } from "../model/changes";
import { analyzeConversation } from "./conversation";
import { findFix } from "./fixes";
import { compile, type Net } from "../model/network";

export type Grant = { portGroupId: string; setting: SecuritySetting | "macLearning" };

export const NEEDS_ORDER: ReadonlyArray<SecuritySetting | "macLearning"> = ["promiscuous", "macChanges", "forgedTransmits", "macLearning"];

export function revoke(g: Grant): Change {
    return g.setting === "macLearning"
        ? { kind: "macLearning", portGroupId: g.portGroupId, enabled: false }
        : { kind: "setting", objectId: g.portGroupId, scope: "portGroup", setting: g.setting, value: "reject" };
}

/** Port group ids a conversation's endpoints sit on. */
export function touchedGroups(net: Net, spec: ConversationSpec): Set<string> {
    const out = new Set<string>();
    for (const id of [spec.a, spec.b]) {
        const e = net.endpoints.get(id);
        if (!e || e.kind === "external") continue;
        const pg = net.ports.get(e.portId)?.portGroupId;
        if (pg) out.add(pg);
    }
    return out;
}

export interface NeedsResult {
    /** Grants some conversation needs. */
    needed: Need[];
    /** Grants (accept or MAC learning on a port group) no conversation needs. */
    unneeded: Grant[];
    /** Grants nothing can be said about: their port group serves a conversation with no fix, or the caller withheld it. */
    withheld: Withheld[];
    /** The verdicts the needs were measured against. */
    baseline: Map<ConversationSpec, ConversationResult>;
    /** The union of the smallest fixes of the failing conversations that have one. */
    repairs: Change[];
    /** The verdicts with `repairs` applied (every conversation that has a fix is reachable there), simulated when first asked. */
    repaired: VerdictLookup;
}

/** How the needs search simulates: plainly (compile every what-if) or by classes (sim/classes.ts). */
export interface NeedsEngine {
    /** The verdicts of `specs` on `net`, in order. */
    verdicts(net: Net, specs: readonly ConversationSpec[]): Verdict[];
    /** The smallest fix of a conversation on the base network. */
    fix(spec: ConversationSpec): Fix | undefined;
    /** `net` with some port groups replaced. */
    withGroups(net: Net, replaced: ReadonlyMap<string, PortGroup>): Net;
    /** `net` with changes applied. */
    withChanges(net: Net, changes: readonly Change[]): Net;
}

/** Verdicts by conversation, each computed when first read (most are never read). */
export interface VerdictLookup {
    get(spec: ConversationSpec): Verdict | undefined;
}

export interface NeedsOptions {
    /** Port groups whose advice the caller withholds, with why (skipped workloads, partial input). */
    withhold?: ReadonlyMap<string, WithholdReason[]>;
}

/** The plain engine: every what-if fully compiled, every conversation simulated on its own. */
export function plainEngine(net: Net): NeedsEngine {
    return {
        verdicts: (n, specs) => specs.map((s) => analyzeConversation(n, s).verdict),
        fix: (spec) => findFix(net, spec),
        withGroups: (n, replaced) => compile({ ...n.model, portGroups: n.model.portGroups.map((pg) => replaced.get(pg.id) ?? pg) }),
        withChanges: (n, changes) => compile(applyChanges(n.model, changes)),
    };
}

export function findNeeds(net: Net, specs: readonly ConversationSpec[], baseline?: Map<ConversationSpec, ConversationResult>, options: NeedsOptions = {}): NeedsResult {
    const base = baseline ?? new Map(specs.map((s) => [s, analyzeConversation(net, s)]));
    return needsWith(plainEngine(net), net, specs, base, options);
}

function sameChange(x: Change, y: Change): boolean {
    return JSON.stringify(x) === JSON.stringify(y);
}

/** The search itself, for any engine. */
export function needsWith(engine: NeedsEngine, net: Net, specs: readonly ConversationSpec[], baseline: Map<ConversationSpec, ConversationResult>, options: NeedsOptions = {}): NeedsResult {
    const byGroup = new Map<string, ConversationSpec[]>();
    for (const s of specs) {
        for (const g of touchedGroups(net, s)) {
            const list = byGroup.get(g);
            if (list) list.push(s);
            else byGroup.set(g, [s]);
        }
    }

    // What each failing conversation would need after its own fix; the ones with none withhold their groups.
    const withhold = new Map<string, WithholdReason[]>();
    for (const [g, rs] of options.withhold ?? []) withhold.set(g, [...rs]);
    const addReason = (g: string, r: WithholdReason) => {
        const list = withhold.get(g);
        if (list) list.push(r);
        else withhold.set(g, [r]);
    };
    const repairs: Change[] = [];
    for (const s of specs) {
        const v = baseline.get(s)?.verdict;
        if (v === undefined || v === "reachable") continue;
        const fix = v === "undetermined" ? undefined : engine.fix(s);
        if (fix) {
            for (const c of fix.changes) if (!repairs.some((r) => sameChange(r, c))) repairs.push(c);
            continue;
        }
        const reason: WithholdReason = v === "undetermined" ? { kind: "undetermined", a: s.a, b: s.b } : { kind: "unfixable", a: s.a, b: s.b, verdict: v };
        for (const g of touchedGroups(net, s)) addReason(g, reason);
    }
    const repairedNet = repairs.length ? engine.withChanges(net, repairs) : net;
    const repaired = lazyVerdicts(engine, repairedNet, repairs.length > 0, baseline);

    const grants: Grant[] = [];
    const withheld: Withheld[] = [];
    for (const setting of NEEDS_ORDER) {
        for (const pg of net.model.portGroups) {
            const on = setting === "macLearning" ? pg.macLearning?.enabled === true : pg.security[setting].value === "accept";
            if (!on) continue;
            const reasons = withhold.get(pg.id);
            if (reasons) withheld.push({ portGroupId: pg.id, setting, reasons });
            else grants.push({ portGroupId: pg.id, setting });
        }
    }

    // Two worlds, revocations accumulating in both: the network as it is, and with every fix.
    const worlds = [
        { net, before: (s: ConversationSpec) => baseline.get(s)!.verdict, revoked: new Map<string, PortGroup>() },
        ...(repairs.length ? [{ net: repairedNet, before: (s: ConversationSpec) => repaired.get(s)!, revoked: new Map<string, PortGroup>() }] : []),
    ];
    const revokedIn = (w: (typeof worlds)[number], g: Grant): Map<string, PortGroup> => {
        const cur = w.revoked.get(g.portGroupId) ?? w.net.portGroups.get(g.portGroupId)!;
        const sw = w.net.switches.get(cur.switchId);
        const next = applyChanges({ hosts: [], ports: [], endpoints: [], switches: sw ? [sw] : [], portGroups: [cur] }, [revoke(g)]).portGroups[0];
        return new Map(w.revoked).set(next.id, next);
    };
    /** The conversations of `g`'s port group that get worse in world `w` when `g` goes too. */
    const brokenBy = (w: (typeof worlds)[number], g: Grant, trial: Map<string, PortGroup>): ConversationSpec[] => {
        // A conversation already at the lowest verdict cannot get worse: not simulated.
        const convs = (byGroup.get(g.portGroupId) ?? []).filter((s) => w.before(s) !== VERDICT_ORDER[0]);
        if (convs.length === 0) return [];
        const now = engine.verdicts(engine.withGroups(w.net, trial), convs);
        return convs.filter((s, i) => worse(now[i], w.before(s)));
    };

    // A grant is kept when some world breaks without it; the conversations it is needed by are
    // those that break in either world at that point of the search.
    const needed: Need[] = [];
    const unneeded: Grant[] = [];
    for (const g of grants) {
        const trials = worlds.map((w) => revokedIn(w, g));
        const broken = worlds.map((w, i) => brokenBy(w, g, trials[i]));
        const union = new Set(broken.flat());
        if (union.size === 0) {
            worlds.forEach((w, i) => w.revoked.set(g.portGroupId, trials[i].get(g.portGroupId)!));
            unneeded.push(g);
        } else {
            needed.push({ portGroupId: g.portGroupId, setting: g.setting, conversations: [...union].map((s) => ({ a: s.a, b: s.b })) });
        }
    }
    return { needed, unneeded, withheld, baseline, repairs, repaired };
}

function lazyVerdicts(engine: NeedsEngine, net: Net, changed: boolean, baseline: Map<ConversationSpec, ConversationResult>): VerdictLookup {
    const memo = new Map<ConversationSpec, Verdict>();
    return {
        get(spec) {
            if (!changed) return baseline.get(spec)?.verdict;
            let v = memo.get(spec);
            if (v === undefined && baseline.has(spec)) memo.set(spec, (v = engine.verdicts(net, [spec])[0]));
            return v;
        },
    };
}

function worse(now: Verdict, before: Verdict | undefined): boolean {
    if (before === undefined) return false;
    return VERDICT_ORDER.indexOf(now) < VERDICT_ORDER.indexOf(before);
}
