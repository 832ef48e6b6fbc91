/**
 * Which `accept` settings (and MAC learning) the conversations actually need. Greedy from the most
 * permissive: drop a setting if no conversation touching its port group gets worse without it.
 * What is left is a least-permissive set that keeps every verdict; each kept setting names the
 * conversations that break when it alone is removed.
 */
import type { ConversationSpec, Model, SecuritySetting } from "./model";
import type { Change, ConversationResult, Need } from "./results";
import { VERDICT_ORDER } from "./results";
import { applyChanges } from "./changes";
import { analyzeConversation } from "./conversation";
import { compile, type Net } from "./network";

type Grant = { portGroupId: string; setting: SecuritySetting | "macLearning" };

const ORDER: Array<SecuritySetting | "macLearning"> = ["promiscuous", "macChanges", "forgedTransmits", "macLearning"];

function revoke(g: Grant): Change {
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
    /** The verdicts the needs were measured against. */
    baseline: Map<ConversationSpec, ConversationResult>;
}

export function findNeeds(net: Net, specs: readonly ConversationSpec[], baseline?: Map<ConversationSpec, ConversationResult>): NeedsResult {
    const base = baseline ?? new Map(specs.map((s) => [s, analyzeConversation(net, s)]));
    const byGroup = new Map<string, ConversationSpec[]>();
    for (const s of specs) for (const g of touchedGroups(net, s)) byGroup.set(g, [...(byGroup.get(g) ?? []), s]);
    const grants: Grant[] = [];
    for (const setting of ORDER) {
        for (const pg of net.model.portGroups) {
            const on = setting === "macLearning" ? pg.macLearning?.enabled === true : pg.security[setting].value === "accept";
            if (on) grants.push({ portGroupId: pg.id, setting });
        }
    }
    const revoked: Change[] = [];
    const kept: Grant[] = [];
    const unneeded: Grant[] = [];
    let model: Model = net.model;
    for (const g of grants) {
        const convs = byGroup.get(g.portGroupId) ?? [];
        const trial = applyChanges(model, [revoke(g)]);
        if (noneWorse(compile(trial), convs, base)) {
            model = trial;
            revoked.push(revoke(g));
            unneeded.push(g);
        } else {
            kept.push(g);
        }
    }
    // For each kept grant: which conversations break when it alone goes (from the reduced model).
    const reduced = model;
    const needed: Need[] = kept.map((g) => {
        const n = compile(applyChanges(reduced, [revoke(g)]));
        const broken = (byGroup.get(g.portGroupId) ?? []).filter((s) => worse(analyzeConversation(n, s), base.get(s)));
        return { portGroupId: g.portGroupId, setting: g.setting, conversations: broken.map((s) => ({ a: s.a, b: s.b })) };
    });
    return { needed, unneeded, baseline: base };
}

function noneWorse(net: Net, specs: ConversationSpec[], base: Map<ConversationSpec, ConversationResult>): boolean {
    return specs.every((s) => !worse(analyzeConversation(net, s), base.get(s)));
}

function worse(now: ConversationResult, before: ConversationResult | undefined): boolean {
    if (!before) return false;
    return VERDICT_ORDER.indexOf(now.verdict) < VERDICT_ORDER.indexOf(before.verdict);
}
