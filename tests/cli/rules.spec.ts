/** The rule dictionary (issue 14): every id the code can print is explained, and docs/RULES.md is current. */
import assert from "node:assert/strict";
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { explainPolicy } from "../../cli/explain";
import { PROJECT_ROOT } from "../harness/analyzer";
import { findRule, ruleDictionary, rulesMarkdown } from "../../policies/rule-dictionary";

function sources(dir: string): string[] {
    return readdirSync(dir).flatMap((f) => {
        const p = join(dir, f);
        return statSync(p).isDirectory() ? sources(p) : p.endsWith(".ts") ? [p] : [];
    });
}

describe("rule dictionary", () => {
    it("docs/RULES.md is what `npm run docs:rules` writes", () => {
        assert.equal(readFileSync(join(PROJECT_ROOT, "docs/RULES.md"), "utf8"), rulesMarkdown());
    });

    it("every rule id the sources put in a hop, an origin or a message is in the dictionary", () => {
        const cited = new Set<string>();
        for (const dir of ["sim", "translate", "policies"]) {
            for (const f of sources(join(PROJECT_ROOT, dir))) {
                const text = readFileSync(f, "utf8");
                for (const m of text.matchAll(/rule: "([A-Z]{1,2}\d+)"/g)) cited.add(m[1]);
                for (const m of text.matchAll(/\[((?:[A-Z]{1,2}\d+)(?:, [A-Z]{1,2}\d+)*)\]/g)) for (const id of m[1].split(", ")) cited.add(id);
            }
        }
        assert.ok(cited.size > 10, `found ${cited.size} cited ids`);
        const missing = [...cited].filter((id) => !findRule(id));
        assert.deepEqual(missing, []);
    });

    it("vsnet explain <rule> prints the rule; an unknown name says where the ids are", () => {
        assert.match(explainPolicy("s1", false), /^S1 {2}Security policy\n {2}where: a hop of a trace\n {2}forged transmits Reject drops/);
        assert.match(explainPolicy("U4", false), /assumed/);
        assert.match(explainPolicy("T2", false), /how the stack is read/);
        assert.throws(() => explainPolicy("Z9", false), /docs\/RULES\.md/);
        assert.ok(ruleDictionary().every((r) => r.summary.length > 20));
    });
});
