/**
 * Class-based analysis (sim/analysis/classes.ts) against the pairwise reference: on a generated mid-size
 * stack (bench/generate.ts) and on random topologies, every conversation's answer — verdict,
 * works, decidedBy, outcomes, legs and traces — is exactly `analyzeConversation`'s, and the needs,
 * the fixes and what-if verdicts are exactly `findNeeds`', `findFix`'s and the fully compiled model's.
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import { build, type Analysis } from "../../policies/analysis";
import { analyzeConversation, applyChanges, compile, findFix, findNeeds, type Change, type ConversationResult, type ConversationSpec, type Net } from "../../sim";
import { analyzeByClasses, findNeedsByClasses, FixFinder, partitionEndpoints, verdictOf, type Partition } from "../../sim/analysis/classes";
import { withChanges } from "../../sim/model/overlay";
import { generateStack } from "../../bench/generate";
import { rawResources } from "../../bench/simulate";
import { topology } from "../reference/topologies";

const same = (x: ConversationResult, y: ConversationResult): boolean => JSON.stringify(x) === JSON.stringify(y);

function assertSameAnswers(net: Net, specs: readonly ConversationSpec[], got: readonly ConversationResult[]): void {
    specs.forEach((s, i) => {
        const want = analyzeConversation(net, s);
        if (!same(got[i], want)) assert.deepStrictEqual(JSON.parse(JSON.stringify(got[i])), JSON.parse(JSON.stringify(want)), `${s.a} <-> ${s.b}`);
    });
}

/** Every ordered pair among (up to `max`) endpoints of each port group, externals included. */
function pairsByGroup(net: Net, max: number): ConversationSpec[] {
    const byGroup = new Map<string, string[]>();
    for (const e of net.model.endpoints) {
        const pg = e.kind === "external" ? "ext" : (net.ports.get(e.portId)?.portGroupId ?? "?");
        const list = byGroup.get(pg) ?? [];
        if (list.length < max) list.push(e.id);
        byGroup.set(pg, list);
    }
    const externals = byGroup.get("ext") ?? [];
    const out: ConversationSpec[] = [];
    for (const [pg, ids] of byGroup) {
        if (pg === "ext") continue;
        const all = [...ids, ...externals.slice(0, 3)];
        for (const a of all) for (const b of all) if (a !== b) out.push({ a, b });
    }
    return out;
}

describe("class-based analysis equals the pairwise reference", function () {
    this.timeout(240_000); // 150 random topologies, pairwise: about 20 s on an idle 2-core machine, minutes under load

    describe("on a generated stack (2,000 resources, nested labs, DRS, unknowns, changed MACs)", () => {
        let a: Analysis;
        let net: Net;
        let part: Partition;
        before(() => {
            const g = generateStack(2000, 7);
            a = build(rawResources(g.resources), g.config["nested-workloads-reachable"]);
            net = a.net;
            part = partitionEndpoints(net);
        });

        it("groups endpoints into classes, and keeps special ones alone", () => {
            const classes = new Set(part.classOf.values());
            assert.ok(part.relabelSafe);
            assert.ok(classes.size < part.classOf.size / 2, `${classes.size} classes for ${part.classOf.size} endpoints`);
            // A port whose guest changed its MAC makes a class of its own.
            const changed = net.model.ports.filter((p) => p.effectiveMac !== undefined && p.effectiveMac !== p.initialMac);
            assert.ok(changed.length > 0, "the stack has a changed MAC");
            for (const p of changed) for (const e of net.behind.get(p.id) ?? []) assert.equal(part.classOf.get(e.id), `=${e.id}`);
        });

        it("every conversation of the stack, and every pair of endpoints on each port group: same answer, traces included", () => {
            const specs = [...a.translation.conversations, ...pairsByGroup(net, 14)];
            const run = analyzeByClasses(net, specs, { partition: part });
            assert.ok(run.simulated < specs.length / 2, `${run.simulated} simulations for ${specs.length} conversations`);
            assertSameAnswers(net, specs, run.results);
        });

        it("the pack's verdicts (declared one by one, implicit by class) are the pairwise ones", () => {
            for (const [c, r] of a.verdicts()) assert.ok(same(r, analyzeConversation(net, c)), `${c.a} <-> ${c.b}`);
        });

        it("needs by class equal findNeeds", () => {
            const specs = a.translation.conversations;
            const baseline = new Map(specs.map((s) => [s, analyzeConversation(net, s)]));
            const want = findNeeds(net, specs, baseline);
            const got = findNeedsByClasses(net, specs, baseline, part);
            assert.deepStrictEqual(got.needed, want.needed);
            assert.deepStrictEqual(got.unneeded, want.unneeded);
        });

        it("the fix of each failing conversation (searched once per class) equals findFix", () => {
            const finder = new FixFinder(net, part);
            const failing = [...a.verdicts()].filter(([, r]) => r.verdict !== "reachable").map(([c]) => c);
            assert.ok(failing.length > 20);
            for (const c of failing.slice(0, 150)) assert.deepStrictEqual(finder.find(c), findFix(net, c), `${c.a} <-> ${c.b}`);
            assert.ok(finder.searches < Math.min(150, failing.length));
        });

        it("what-if networks give the verdicts of the fully compiled changed model", () => {
            const lab = net.model.portGroups.find((pg) => pg.security.promiscuous.value === "accept" && (net.groupPorts.get(pg.id) ?? []).length > 3)!;
            const sw = net.switches.get(lab.switchId)!;
            const sets: Change[][] = [
                [{ kind: "setting", objectId: lab.id, scope: "portGroup", setting: "promiscuous", value: "reject" }],
                [
                    { kind: "setting", objectId: lab.id, scope: "portGroup", setting: "promiscuous", value: "reject" },
                    { kind: "macLearning", portGroupId: lab.id, enabled: true },
                ],
                [{ kind: "setting", objectId: sw.id, scope: "switch", setting: "forgedTransmits", value: "reject" }],
                [{ kind: "inherit", portGroupId: lab.id, setting: "forgedTransmits" }],
            ];
            const specs = a.translation.conversations.slice(0, 400);
            for (const changes of sets) {
                const full = compile(applyChanges(net.model, changes));
                const cheap = withChanges(net, changes);
                const memo = new Map();
                for (const s of specs) assert.equal(verdictOf(cheap, part, s, memo), analyzeConversation(full, s).verdict, `${JSON.stringify(changes)} ${s.a} <-> ${s.b}`);
            }
        });
    });

    it("on random topologies (unknowns, DRS, MAC learning limits, trunks, changed MACs): every pair, the needs and the fixes", () => {
        // FixFinder answers from its per-class cache after the first search of a class pair: count
        // those answers, so the comparison below is of the cache against findFix, not findFix with itself.
        let fromCache = 0;
        let queries = 0;
        fc.assert(
            fc.property(topology, (t) => {
                const net = compile(t.model);
                const ids = t.model.endpoints.map((e) => e.id);
                const specs: ConversationSpec[] = [];
                for (const x of ids) for (const y of ids) if (x !== y) specs.push({ a: x, b: y });
                const part = partitionEndpoints(net);
                assertSameAnswers(net, specs, analyzeByClasses(net, specs, { partition: part }).results);
                const baseline = new Map(t.conversations.map((s) => [s, analyzeConversation(net, s)]));
                const want = findNeeds(net, t.conversations, baseline);
                const got = findNeedsByClasses(net, t.conversations, baseline, part);
                assert.deepStrictEqual([got.needed, got.unneeded], [want.needed, want.unneeded]);
                // The declared conversations and up to 8 failing pairs: class members come after their representative.
                const results = analyzeByClasses(net, specs, { partition: part }).results;
                const failing = specs.filter((_, i) => results[i].verdict !== "reachable").slice(0, 8);
                const asked = [...t.conversations, ...failing];
                const finder = new FixFinder(net, part);
                for (const c of asked) assert.deepStrictEqual(finder.find(c), findFix(net, c), `${c.a} <-> ${c.b}`);
                queries += asked.length;
                fromCache += asked.length - finder.searches;
                // Asked in the opposite order (another member searched first), the answers are the same.
                const reverse = new FixFinder(net, part);
                for (const c of [...asked].reverse()) assert.deepStrictEqual(reverse.find(c), findFix(net, c), `${c.a} <-> ${c.b} (reverse order)`);
            }),
            { numRuns: Number(process.env.CLASSES_PROPERTY_RUNS ?? 150), seed: Number(process.env.CLASSES_PROPERTY_SEED ?? 20261124) },
        );
        assert.ok(fromCache > queries / 10, `only ${fromCache} of ${queries} fixes came from the class cache`);
    });
});
