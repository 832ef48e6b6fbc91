/** `vsnet report` and `--format markdown` as subprocesses: files, exit codes, self-containment. */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { example, ROOT, show, vsnet } from "../cli/run";

describe("vsnet report and --format markdown (subprocess)", function () {
    this.timeout(120_000);
    let tmp: string;
    before(() => {
        tmp = fs.mkdtempSync(path.join(os.tmpdir(), "vsnet-report-cli-"));
    });
    after(() => fs.rmSync(tmp, { recursive: true, force: true }));

    it("writes one self-contained file within the size budget, and says where", async () => {
        const out = path.join(tmp, "sub", "r.html");
        const r = await vsnet(["report", ...example("nested-vss-t2", "preview.json"), "-o", out]);
        assert.equal(r.code, 0, show(r));
        assert.match(r.stdout, /^wrote .*r\.html \(\d+ KiB\): 3 conversations, \d+ findings/);
        const html = fs.readFileSync(out, "utf8");
        assert.ok(html.length < 100 * 1024, `${html.length} bytes`);
        assert.match(html, /Content-Security-Policy" content="default-src 'none'; script-src 'sha256-/);
        assert.doesNotMatch(html, /<(script|link|img|iframe)[^>]+(src|href)=/i, "nothing loaded from elsewhere");
        assert.equal([...html.matchAll(/<script/g)].length, 2);
    });

    it("needs -o, and a readable stack", async () => {
        const r = await vsnet(["report", ...example("nested-vss-t2", "preview.json")]);
        assert.equal(r.code, 2, show(r));
        assert.match(r.stderr, /needs --out/);
        const m = await vsnet(["report", path.join(tmp, "missing.json"), "-o", path.join(tmp, "x.html")]);
        assert.equal(m.code, 3, show(m));
    });

    it("check --format markdown keeps check's exit code; diff --format markdown is accepted", async () => {
        const c = await vsnet(["check", ...example("nested-vss-t2", "preview.json"), "--format", "markdown"]);
        assert.equal(c.code, 1, show(c));
        assert.match(c.stdout, /^## vsnet check: examples\/nested-vss-t2\/preview\.json/);
        assert.match(c.stdout, /### Failing conversations \(3\)/);
        const ok = await vsnet(["check", ...example("nested-vds-mac-learning", "stack.json"), "--format", "markdown"]);
        assert.equal(ok.code, 0, show(ok));
        assert.match(ok.stdout, /Every conversation is reachable/);
        const d = await vsnet(["diff", "examples/nested-vss-t2/preview.json", "examples/nested-vss-t2/preview.json", "--config", "examples/nested-vss-t2/policy-config.json", "--format", "markdown"]);
        assert.equal(d.code, 0, show(d));
        assert.match(d.stdout, /The change introduces no new problem/);
    });

    it("the committed example markdown is what `vsnet check --format markdown` writes today", async () => {
        const c = await vsnet(["check", ...example("nested-vss-t2", "preview.json"), "--format", "markdown"]);
        assert.equal(c.code, 1, show(c));
        assert.equal(c.stdout, fs.readFileSync(path.join(ROOT, "examples/nested-vss-t2.check.md"), "utf8"), "examples/nested-vss-t2.check.md is out of date");
    });

    it("without chromium the browser suite says once that it was skipped, and passes", () => {
        const r = spawnSync(process.execPath, [require.resolve("mocha/bin/mocha.js"), "--no-config", "--reporter", "dot", path.join(ROOT, "dist/tests/report/browser.spec.js")], { cwd: ROOT, env: { ...process.env, CHROMIUM_PATH: "" }, encoding: "utf8", timeout: 120_000 });
        assert.equal(r.status, 0, r.stdout + r.stderr);
        assert.equal([...r.stdout.matchAll(/browser suite skipped: no chromium found/g)].length, 1, r.stdout);
        assert.match(r.stdout, /pending/);
    });
});
