/** Invariants of the simulator over random topologies (fast-check; seeded, the seed is printed on failure). */
import assert from "node:assert/strict";
import fc from "fast-check";
import { analyzeConversation, applyChanges, candidateChanges, changeCost, compile, findFix, RULE_INDEX, type Model, type SecuritySetting, type Tri } from "../../sim";
import { randomLab, SETTINGS } from "./arbitrary";

const RUNS = Number(process.env.SIM_PROPERTY_RUNS ?? 1000);
const params = { numRuns: RUNS, seed: Number(process.env.SIM_PROPERTY_SEED ?? 20261124) };

/** The model with one port group's setting replaced by an explicit value. */
function withSetting(model: Model, pgId: string, s: SecuritySetting, value: Tri): Model {
    return {
        ...model,
        portGroups: model.portGroups.map((pg) => (pg.id === pgId ? { ...pg, security: { ...pg.security, [s]: { value, origin: { kind: "explicit", objectId: pgId }, unknownKey: value === "unknown" ? `${pgId}.${s}` : undefined } } } : pg)),
    };
}

describe("simulator properties (random topologies)", () => {
    it("switching one security setting from reject to accept never turns a delivered leg into a dropped one", () => {
        fc.assert(
            fc.property(randomLab, fc.nat(), fc.constantFrom(...SETTINGS), (lab, pick, setting) => {
                const rejecting = lab.model.portGroups.filter((pg) => pg.security[setting].value === "reject");
                fc.pre(rejecting.length > 0);
                const pg = rejecting[pick % rejecting.length];
                const before = compile(lab.model);
                const after = compile(withSetting(lab.model, pg.id, setting, "accept"));
                for (const c of lab.conversations) {
                    const b = analyzeConversation(before, c);
                    const a = analyzeConversation(after, c);
                    // Compare like with like: the same placement's legs.
                    if (a.placement.kind !== b.placement.kind || JSON.stringify(a.placement.hosts) !== JSON.stringify(b.placement.hosts)) continue;
                    b.legs.forEach((leg, i) => {
                        if (leg.delivered) assert.ok(a.legs[i].delivered, `${leg.leg} ${c.a}->${c.b} stopped when ${setting} on ${pg.id} became accept`);
                    });
                }
            }),
            params,
        );
    });

    it("a conversation has the same verdict name whichever end starts it", () => {
        fc.assert(
            fc.property(randomLab, (lab) => {
                const net = compile(lab.model);
                for (const c of lab.conversations) {
                    const ab = analyzeConversation(net, c);
                    const ba = analyzeConversation(net, { a: c.b, b: c.a });
                    assert.equal(ab.verdict, ba.verdict, `${c.a}<->${c.b}`);
                    if (ab.verdict === "one-way") assert.deepEqual(ab.works, ba.works);
                }
            }),
            params,
        );
    });

    it("every leg's trace ends at a known rule id, with a drop exactly when the leg failed", () => {
        fc.assert(
            fc.property(randomLab, (lab) => {
                const net = compile(lab.model);
                for (const c of lab.conversations) {
                    for (const leg of analyzeConversation(net, c).legs) {
                        const last = leg.trace[leg.trace.length - 1];
                        assert.ok(last && RULE_INDEX.has(last.rule), `trace ends at ${last?.rule}`);
                        assert.equal(last.action === "drop", !leg.delivered);
                    }
                }
            }),
            params,
        );
    });

    it("undetermined only when the unknown really decides; otherwise every assignment agrees", () => {
        fc.assert(
            fc.property(randomLab, fc.nat(), fc.constantFrom(...SETTINGS), (lab, pick, setting) => {
                const pg = lab.model.portGroups[pick % lab.model.portGroups.length];
                const open = withSetting(lab.model, pg.id, setting, "unknown");
                for (const c of lab.conversations) {
                    const r = analyzeConversation(compile(open), c);
                    const acc = analyzeConversation(compile(withSetting(lab.model, pg.id, setting, "accept")), c).verdict;
                    const rej = analyzeConversation(compile(withSetting(lab.model, pg.id, setting, "reject")), c).verdict;
                    if (acc === rej) assert.equal(r.verdict, acc);
                    else {
                        assert.equal(r.verdict, "undetermined");
                        assert.deepEqual(r.decidedBy?.map((d) => d.key), [`${pg.id}.${setting}`]);
                    }
                }
            }),
            params,
        );
    });

    it("a fix exists wherever the candidate changes together reach (at most four of them), makes the conversation reachable, and is minimal", () => {
        let guaranteed = 0;
        let proposed = 0;
        fc.assert(
            fc.property(randomLab, (lab) => {
                const net = compile(lab.model);
                for (const c of lab.conversations.slice(0, 1)) {
                    if (analyzeConversation(net, c).verdict === "reachable") continue;
                    const cands = candidateChanges(net, c);
                    const fix = findFix(net, c);
                    // The search tries every subset of up to four candidates: with at most four, the
                    // whole set is one of them, so if it works a fix must be found.
                    const all = cands.length > 0 && cands.length <= 4 && analyzeConversation(compile(applyChanges(lab.model, cands)), c).verdict === "reachable";
                    if (all) {
                        guaranteed++;
                        assert.ok(fix, `${c.a} <-> ${c.b}: applying all ${cands.length} candidates works, yet no fix`);
                        // Few candidates: every subset can be tried here. The fix is the cheapest working one.
                        let cheapest = Infinity;
                        for (let mask = 1; mask < 1 << cands.length; mask++) {
                            const subset = cands.filter((_, i) => mask & (1 << i));
                            const cost = subset.reduce((n, ch) => n + changeCost(ch), 0);
                            if (cost < cheapest && analyzeConversation(compile(applyChanges(lab.model, subset)), c).verdict === "reachable") cheapest = cost;
                        }
                        assert.equal(fix.cost, cheapest, `${c.a} <-> ${c.b}: ${JSON.stringify(fix.changes)} is not the cheapest fix`);
                    }
                    if (!fix) continue;
                    proposed++;
                    assert.equal(fix.verdict, "reachable");
                    assert.equal(analyzeConversation(compile(applyChanges(lab.model, fix.changes)), c).verdict, "reachable", `${c.a} <-> ${c.b} with ${JSON.stringify(fix.changes)}`);
                    assert.equal(fix.cost, fix.changes.reduce((n, ch) => n + changeCost(ch), 0));
                    for (const ch of fix.changes) assert.ok(cands.some((x) => JSON.stringify(x) === JSON.stringify(ch)), "every change is a candidate");
                    // Minimal: every change has a positive cost, so a working subset would have been cheaper.
                    fix.changes.forEach((_, i) => {
                        const fewer = fix.changes.filter((__, j) => j !== i);
                        assert.notEqual(analyzeConversation(compile(applyChanges(lab.model, fewer)), c).verdict, "reachable", `${JSON.stringify(fix.changes[i])} is not needed`);
                    });
                }
            }),
            { ...params, numRuns: Math.ceil(RUNS / 3) },
        );
        // The property must have been exercised, not skipped.
        // (30 of the 334 default runs; fewer runs, proportionally fewer.)
        assert.ok(guaranteed >= Math.floor(Math.ceil(RUNS / 3) / 40), `only ${guaranteed} labs where a fix is guaranteed`);
        assert.ok(proposed >= guaranteed);
    });
});
