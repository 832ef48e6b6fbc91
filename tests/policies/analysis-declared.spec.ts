/**
 * The pack analyses declared conversations by class (issue 16): every answer — verdict, legs with
 * their hops and rule ids, deciding settings — must be exactly what simulating each declared
 * conversation on its own gives. Generated stacks (bench/generate.ts: nested labs, DRS, unknown ids,
 * MAC learning, failing labs) at a few seeds.
 */
import assert from "node:assert/strict";
import { generateStack } from "../../bench/generate";
import { rawResources } from "../../bench/simulate";
import { build } from "../../policies/analysis";

describe("declared conversations by class", () => {
    for (const seed of [7, 42, 1234]) {
        it(`give the answers of one-by-one simulation (generated stack, seed ${seed})`, function () {
            this.timeout(300_000);
            const g = generateStack(600, seed);
            const raw = rawResources(g.resources);
            const config = g.config["nested-workloads-reachable"];
            const byClass = build(raw, config);
            const oneByOne = build(raw, config, { declared: "one-by-one" });
            const got = [...byClass.verdicts().values()];
            const want = [...oneByOne.verdicts().values()];
            assert.equal(got.length, want.length);
            assert.ok(want.some((r) => r.verdict !== "reachable"), "the stack has failing conversations to compare");
            assert.ok(byClass.stats().simulated < oneByOne.stats().simulated, "by class simulates fewer times");
            for (let i = 0; i < want.length; i++) {
                // Legs are read (they are simulated lazily), so traces are compared too.
                assert.deepStrictEqual(JSON.parse(JSON.stringify(got[i])), JSON.parse(JSON.stringify(want[i])), `conversation ${i}`);
            }
            const needs = (a: typeof byClass) => {
                const n = a.needs();
                return JSON.stringify([n.needed, n.unneeded, n.withheld, n.repairs]);
            };
            assert.equal(needs(byClass), needs(oneByOne));
        });
    }
});
