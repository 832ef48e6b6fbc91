/**
 * Compares the fast analysis (`analyzeConversation`) with the reference on one conversation:
 * - for every assignment of the unknowns: the same verdict, the direction that works for one-way,
 *   and (when DRS has nothing to choose) the same delivered legs;
 * - over the unknowns: "reachable" exactly when every assignment is reachable, a failing verdict
 *   only when no assignment is reachable, `failsInEveryCase` exactly when no assignment is
 *   reachable; and, when DRS has nothing to choose, a definite verdict only when every assignment
 *   agrees and each explored outcome matching every assignment it covers.
 * Returns the disagreements, empty when they agree.
 */
import { analyzeConversation, compile, type ConversationResult, type ConversationSpec, type Model } from "../../sim";
import { assignments, referenceConversation, substitute, unknownKeys, type RefResult } from "./simulator";

export type FastAnalysis = (model: Model, spec: ConversationSpec) => ConversationResult;

export const fastAnalysis: FastAnalysis = (model, spec) => analyzeConversation(compile(model), spec);

export function disagreements(model: Model, spec: ConversationSpec, fast: FastAnalysis = fastAnalysis): string[] {
    const out: string[] = [];
    const keys = unknownKeys(model);
    const all = assignments(keys);
    const refs: Array<{ assume: Map<string, boolean>; ref: RefResult }> = [];
    const tag = `${spec.a} <-> ${spec.b}`;
    for (const assume of all) {
        const known = substitute(model, assume);
        const ref = referenceConversation(known, spec.a, spec.b);
        refs.push({ assume, ref });
        const f = fast(known, spec);
        const where = keys.length ? ` under ${[...assume].map(([k, v]) => `${k}=${v ? "accept" : "reject"}`).join(", ")}` : "";
        if (f.verdict !== ref.verdict) {
            out.push(`${tag}${where}: fast says ${f.verdict}, reference ${ref.verdict} (reference legs per placement: ${ref.placements.map((p) => `${JSON.stringify(p.hosts)} ${p.legs.map(Number).join("")}`).join("; ")}; fast legs ${f.legs.map((l) => Number(l.delivered)).join("")})`);
            continue;
        }
        if (f.verdict === "one-way") {
            const ok = ref.placements.some((p) => p.verdict === "one-way" && p.works?.from === f.works?.from && p.works?.to === f.works?.to);
            if (!ok) out.push(`${tag}${where}: fast says ${f.works?.from} -> ${f.works?.to} works, the reference has no such one-way placement`);
        }
        if (ref.placements.length === 1) {
            const fl = f.legs.map((l) => l.delivered);
            const rl = ref.placements[0].legs;
            if (fl.some((d, i) => d !== rl[i])) out.push(`${tag}${where}: legs differ: fast ${fl.map(Number).join("")}, reference ${rl.map(Number).join("")}`);
        }
    }
    if (keys.length === 0) return out;

    const u = fast(model, spec);
    const verdicts = refs.map((r) => r.ref.verdict);
    const allReachable = verdicts.every((v) => v === "reachable");
    const noneReachable = verdicts.every((v) => v !== "reachable");
    const seen = [...new Set(verdicts)].join("/");
    if ((u.verdict === "reachable") !== allReachable) out.push(`${tag}: over the unknowns fast says ${u.verdict}, the assignments give ${seen}`);
    if ((u.verdict === "blocked" || u.verdict === "one-way") && !noneReachable) out.push(`${tag}: fast says ${u.verdict} whatever the unknowns, but some assignment is reachable (${seen})`);
    if (u.verdict === "undetermined" && u.failsInEveryCase !== noneReachable) {
        out.push(`${tag}: undetermined with failsInEveryCase=${u.failsInEveryCase}, but the assignments give ${seen}`);
    }
    const onePlacement = refs.every((r) => r.ref.placements.length <= 1);
    if (onePlacement) {
        const same = new Set(verdicts).size === 1;
        if (u.verdict !== "undetermined" && !(same && verdicts[0] === u.verdict)) out.push(`${tag}: fast says ${u.verdict}, the assignments give ${seen}`);
        if (u.verdict === "undetermined" && same) out.push(`${tag}: fast says undetermined, every assignment gives ${verdicts[0]}`);
        for (const o of u.outcomes ?? []) {
            for (const r of refs) {
                const covers = Object.entries(o.assume).every(([k, v]) => r.assume.get(k) === (v === "accept"));
                if (covers && r.ref.verdict !== o.verdict) {
                    out.push(`${tag}: the explored outcome ${JSON.stringify(o.assume)} -> ${o.verdict}, but the reference gives ${r.ref.verdict} under ${JSON.stringify(Object.fromEntries(r.assume))}`);
                }
            }
        }
    }
    return out;
}
