/**
 * The differential question a reviewer asks of a change: which conversations changed verdict,
 * which settings became needed or unneeded, whose traffic became (or stopped being) exposed.
 * Two analyses of the same stack, before and after; model ids derive from URNs, so they line up.
 */
import { VERDICT_ORDER, type ConversationResult } from "../sim";
import type { Analysis } from "./analysis";
import { exposureViews } from "./exposureView";

export type ConversationChangeKind = "healed" | "improved" | "broke" | "worsened" | "new-failing" | "gone";

export interface ConversationChange {
    kind: ConversationChangeKind;
    a: string;
    b: string;
    before?: ConversationResult;
    after?: ConversationResult;
}

export interface NeedChange {
    portGroupId: string;
    setting: string;
    kind: "now-needed" | "no-longer-needed" | "now-unnecessary";
}

export interface ExposureChange {
    portGroupId: string;
    grew: string[];
    shrank: string[];
}

export interface StackDiff {
    conversations: ConversationChange[];
    needs: NeedChange[];
    exposure: ExposureChange[];
}

const rank = (r: ConversationResult) => VERDICT_ORDER.indexOf(r.verdict);

export function diffAnalyses(before: Analysis, after: Analysis): StackDiff {
    const out: StackDiff = { conversations: [], needs: [], exposure: [] };
    const b = new Map([...before.verdicts()].map(([c, r]) => [`${c.a}|${c.b}`, r]));
    const a = new Map([...after.verdicts()].map(([c, r]) => [`${c.a}|${c.b}`, r]));
    for (const [key, now] of a) {
        const was = b.get(key);
        if (!was) {
            if (now.verdict !== "reachable") out.conversations.push({ kind: "new-failing", a: now.a, b: now.b, after: now });
            continue;
        }
        if (was.verdict === now.verdict) continue;
        const better = rank(now) > rank(was);
        const kind: ConversationChangeKind = better ? (now.verdict === "reachable" ? "healed" : "improved") : was.verdict === "reachable" ? "broke" : "worsened";
        out.conversations.push({ kind, a: now.a, b: now.b, before: was, after: now });
    }
    for (const [key, was] of b) if (!a.has(key) && was.verdict !== "reachable") out.conversations.push({ kind: "gone", a: was.a, b: was.b, before: was });

    const needed = (x: Analysis) => new Set(x.needs().needed.map((n) => `${n.portGroupId}|${n.setting}`));
    const unneeded = (x: Analysis) => new Set(x.needs().unneeded.map((n) => `${n.portGroupId}|${n.setting}`));
    const nb = needed(before);
    const na = needed(after);
    const ub = unneeded(before);
    const split = (k: string) => ({ portGroupId: k.slice(0, k.lastIndexOf("|")), setting: k.slice(k.lastIndexOf("|") + 1) });
    for (const k of na) if (!nb.has(k)) out.needs.push({ ...split(k), kind: "now-needed" });
    for (const k of nb) if (!na.has(k)) out.needs.push({ ...split(k), kind: "no-longer-needed" });
    for (const k of unneeded(after)) if (!ub.has(k) && !nb.has(k)) out.needs.push({ ...split(k), kind: "now-unnecessary" });

    const exposed = (x: Analysis) => new Map(exposureViews(x).map((v) => [v.portGroupId, new Set([...v.narrow, ...v.wide, ...v.maybe])]));
    const eb = exposed(before);
    const ea = exposed(after);
    for (const pg of new Set([...eb.keys(), ...ea.keys()])) {
        const x = eb.get(pg) ?? new Set<string>();
        const y = ea.get(pg) ?? new Set<string>();
        const grew = [...y].filter((e) => !x.has(e));
        const shrank = [...x].filter((e) => !y.has(e));
        if (grew.length || shrank.length) out.exposure.push({ portGroupId: pg, grew, shrank });
    }
    return out;
}

/** Whether the change introduced something a reviewer must look at (for exit codes and SARIF). */
export function introducesProblems(d: StackDiff): boolean {
    return d.conversations.some((c) => c.kind === "broke" || c.kind === "worsened" || c.kind === "new-failing") || d.exposure.some((e) => e.grew.length > 0) || d.needs.some((n) => n.kind === "now-unnecessary");
}
