/**
 * Needs, the ground of least-privilege advice: a setting counts as needed by a conversation that
 * works or would work once its own smallest fix is applied; conversations with no fix withhold the
 * advice on their port groups; following the advice never breaks a conversation, with or without
 * the other findings' fixes.
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import { analyzeConversation, applyChanges, compile, findNeeds, VERDICT_ORDER, type Change, type Grant } from "../../sim";
import { findNeedsByClasses } from "../../sim/analysis/classes";
import { randomLab } from "./arbitrary";
import { Lab, nestedVdsLab } from "./lab";

const RUNS = Number(process.env.SIM_PROPERTY_RUNS ?? 300);
const params = { numRuns: RUNS, seed: Number(process.env.SIM_PROPERTY_SEED ?? 20261202) };

function revocations(gs: readonly Grant[]): Change[] {
    return gs.map((g) =>
        g.setting === "macLearning" ? { kind: "macLearning", portGroupId: g.portGroupId, enabled: false } : { kind: "setting", objectId: g.portGroupId, scope: "portGroup", setting: g.setting, value: "reject" },
    );
}

const key = (g: { portGroupId: string; setting: string }) => `${g.portGroupId}|${g.setting}`;

describe("needs (least-privilege ground truth)", () => {
    it("a conversation broken for another reason still needs the settings its fix relies on", () => {
        // The guest tags VLAN 30 on an access port group (V1): blocked. Promiscuous and forged are
        // what it needs once the trunk is fixed; the old greedy called them unneeded.
        const lab = nestedVdsLab({ forgedTransmits: "accept", promiscuous: "accept" }, {}).guest("tagged", "nested1", "00:50:56:aa:00:09", 30).external("gw30", "00:11:22:33:44:30", 30);
        const net = compile(lab.model);
        const specs = [{ a: "tagged", b: "gw30" }];
        assert.equal(analyzeConversation(net, specs[0]).verdict, "blocked");
        for (const result of [findNeeds(net, specs), findNeedsByClasses(net, specs, new Map(specs.map((s) => [s, analyzeConversation(net, s)])))]) {
            const needed = result.needed.map(key);
            assert.ok(needed.includes("lab-pg|promiscuous"), `promiscuous is needed: ${needed}`);
            assert.ok(needed.includes("lab-pg|forgedTransmits"), `forged transmits is needed: ${needed}`);
            assert.deepEqual(result.unneeded.map(key), []);
            assert.ok(result.repairs.some((c) => c.kind === "trunk"), "the fix measured against is the trunk");
            assert.equal(result.repaired.get(specs[0]), "reachable");
        }
    });

    it("a setting no conversation needs, even after the fixes, is unneeded", () => {
        // MAC address changes accepted, but no guest changes its MAC.
        const lab = nestedVdsLab({ forgedTransmits: "accept", promiscuous: "accept", macChanges: "accept" }).guest("tagged", "nested1", "00:50:56:aa:00:09", 30).external("gw30", "00:11:22:33:44:30", 30);
        const net = compile(lab.model);
        const r = findNeeds(net, [{ a: "tagged", b: "gw30" }]);
        assert.deepEqual(r.unneeded.map(key), ["lab-pg|macChanges"]);
    });

    it("a conversation with no fix withholds the advice on its port group, with the reason", () => {
        // The guest sits in VLAN 20 (untagged behind an access port group), the gateway in VLAN 30: a router's job.
        const lab = nestedVdsLab({ forgedTransmits: "accept", promiscuous: "accept", macChanges: "accept" }).external("gw30", "00:11:22:33:44:30", 30);
        const net = compile(lab.model);
        const spec = { a: "inner-a", b: "gw30" };
        assert.equal(analyzeConversation(net, spec).verdict, "blocked");
        const r = findNeeds(net, [spec]);
        assert.deepEqual(r.unneeded, []);
        assert.deepEqual(r.needed, []);
        assert.deepEqual(r.withheld.map(key).sort(), ["lab-pg|forgedTransmits", "lab-pg|macChanges", "lab-pg|promiscuous"]);
        assert.deepEqual(r.withheld[0].reasons, [{ kind: "unfixable", a: "inner-a", b: "gw30", verdict: "blocked" }]);
    });

    it("port groups the caller withholds get no advice either way, and others still do", () => {
        const lab = new Lab()
            .host("esx1")
            .vds("vds", ["esx1"])
            .pg("a-pg", "vds", { sec: { promiscuous: "accept" } })
            .pg("b-pg", "vds", { sec: { promiscuous: "accept" } })
            .vm("v1", "a-pg", "esx1", "00:50:56:00:00:01")
            .vm("v2", "b-pg", "esx1", "00:50:56:00:00:02");
        const net = compile(lab.model);
        const specs = [{ a: "v1", b: "v2" }];
        const r = findNeeds(net, specs, undefined, { withhold: new Map([["a-pg", [{ kind: "skipped", workload: "inner", configPath: "workloads[0].mac" }]]]) });
        assert.deepEqual(r.withheld.map(key), ["a-pg|promiscuous"]);
        assert.deepEqual(r.unneeded.map(key), ["b-pg|promiscuous"]);
    });

    it("following the advice never turns a conversation into a worse one, with or without the fixes (random labs)", () => {
        fc.assert(
            fc.property(randomLab, (lab) => {
                const net = compile(lab.model);
                const specs = lab.conversations;
                const r = findNeeds(net, specs);
                const advice = revocations(r.unneeded);
                const after = compile(applyChanges(lab.model, advice));
                const fixedAfter = compile(applyChanges(lab.model, [...r.repairs, ...advice]));
                for (const s of specs) {
                    const before = r.baseline.get(s)!.verdict;
                    const now = analyzeConversation(after, s).verdict;
                    assert.ok(VERDICT_ORDER.indexOf(now) >= VERDICT_ORDER.indexOf(before), `${s.a}<->${s.b}: ${before} became ${now} after the advice`);
                    const repaired = r.repaired.get(s)!;
                    const nowFixed = analyzeConversation(fixedAfter, s).verdict;
                    assert.ok(VERDICT_ORDER.indexOf(nowFixed) >= VERDICT_ORDER.indexOf(repaired), `${s.a}<->${s.b}: ${repaired} with the fixes became ${nowFixed} with the advice too`);
                    // Every failing conversation either has its fix in the repairs or withholds its port groups.
                    if (before !== "reachable" && repaired !== "reachable") {
                        const e = net.endpoints.get(s.a);
                        const pg = e && e.kind !== "external" ? net.ports.get(e.portId)?.portGroupId : undefined;
                        if (pg) assert.ok(!r.unneeded.some((g) => g.portGroupId === pg), `advice given on ${pg} although ${s.a}<->${s.b} has no fix`);
                    }
                }
            }),
            params,
        );
    });
});
