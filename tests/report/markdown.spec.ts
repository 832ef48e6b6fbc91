/** The markdown and Mermaid formatters, without a browser: escaping, the cap on diagrams, before/after. */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { build } from "../../policies/analysis";
import { checkMarkdown } from "../../report/markdown";
import { conversationMermaid, mermaidText } from "../../report/mermaid";
import { buildReportModel } from "../../report/model";
import { declarationsFrom } from "../../cli/trace";
import { loadPolicyConfig } from "../../cli/check";
import { loadStack, rawResources } from "../../cli/stack-file";
import { ROOT } from "../cli/run";
import { hostile, hostileLab } from "./hostile";

function analysisOf(stack: string, config: string) {
    return build(rawResources(loadStack(stack)), declarationsFrom(loadPolicyConfig(config)));
}

describe("report: markdown and Mermaid text", () => {
    it("a Mermaid label holds no character that could end it, open markup or start a statement", () => {
        for (const s of [hostile("x", true), '"]]', "a\nb\u0000c\u202e", "end", "<br/>", "`x`", "#quot;", "é中😀"]) {
            const t = mermaidText(s);
            assert.doesNotMatch(t.replace(/#\d+;/g, ""), /["<>\n\r`[\]{};|%#]/, t);
            // eslint-disable-next-line no-control-regex
            assert.doesNotMatch(t, /[\u0000-\u001f\u007f\u202e]/, t);
            assert.ok([...t.replace(/#\d+;/g, "_")].length <= 60, "long names are cut");
        }
        assert.equal(mermaidText("lab-pg 01"), "lab-pg 01");
    });

    it("every failing conversation of a lab gets a diagram until the cap, then 'N more not drawn'", () => {
        const a = analysisOf(path.join(ROOT, "examples/nested-vss-t2/preview.json"), path.join(ROOT, "examples/nested-vss-t2/policy-config.json"));
        const model = buildReportModel(a);
        const md = checkMarkdown(model, { file: "x.json", pack: "p v1", resources: 8, failOn: "mandatory", failed: true }, { maxDiagrams: 1 });
        assert.equal([...md.matchAll(/```mermaid/g)].length, 1);
        assert.match(md, /2 more not drawn/);
        assert.match(md, /\| ⛔ blocked \| 1 \|/);
        assert.match(md, /smallest fix\*\*: set allowForgedTransmits: true on HostPortGroup nested-pg-01/);
        const all = checkMarkdown(model, { file: "x.json", pack: "p v1", resources: 8, failOn: "mandatory", failed: true });
        assert.equal([...all.matchAll(/```mermaid/g)].length, 3);
        assert.doesNotMatch(all, /more not drawn/);
        for (const c of model.conversations) assert.match(conversationMermaid(model, c), /class n\d+ drop/, "the dropping hop is marked");
    });

    it("hostile names: markdown and diagrams carry no raw markup", () => {
        const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "vsnet-md-"));
        try {
            const h = hostileLab(tmp);
            const model = buildReportModel(analysisOf(h.stack, h.config));
            const md = checkMarkdown(model, { file: h.stack, pack: "p", resources: 8, failOn: "mandatory", failed: true });
            assert.doesNotMatch(md, /<script|<img/i);
            assert.match(md, /&lt;script&gt;/);
            // eslint-disable-next-line no-control-regex
            assert.doesNotMatch(md, /[\u0000-\u0008\u001b\u202e]/);
        } finally {
            fs.rmSync(tmp, { recursive: true, force: true });
        }
    });
});
