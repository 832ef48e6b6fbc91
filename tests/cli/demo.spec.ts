/** `npm run demo` (dist/cli/demo.js): every section runs, it ends in seconds, and it exits 0. */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { ROOT } from "./run";

describe("npm run demo (dist/cli/demo.js)", function () {
    this.timeout(60_000);

    it("runs the checks and a trace in clearly separated sections, exits 0, within seconds", async () => {
        const t0 = Date.now();
        const { code, stdout, stderr } = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
            const env = { ...process.env };
            delete env.NO_COLOR;
            const child = spawn(process.execPath, [path.join(ROOT, "dist", "cli", "demo.js")], { cwd: path.join(ROOT, "examples"), env, stdio: ["ignore", "pipe", "pipe"] });
            let out = "";
            let err = "";
            child.stdout.setEncoding("utf8").on("data", (d: string) => (out += d));
            child.stderr.setEncoding("utf8").on("data", (d: string) => (err += d));
            child.once("error", reject);
            child.once("close", (c) => resolve({ code: c, stdout: out, stderr: err }));
        });
        const seconds = (Date.now() - t0) / 1000;
        assert.equal(code, 0, `${stdout}\n${stderr}`);
        assert.equal(stderr, "");
        for (let i = 1; i <= 6; i++) assert.match(stdout, new RegExp(`\\n== ${i}/6 `), `section ${i}`);
        assert.match(stdout, /rule X2: a 9000-byte frame does not fit switch lab-vds's MTU 1500/);
        assert.match(stdout, /Smallest fix: set maxMtu: 9000 on DistributedVirtualSwitch lab-vds/);
        assert.match(stdout, /\$ vsnet check examples\/nested-vss-t2\/preview\.json --config examples\/nested-vss-t2\/policy-config\.json\nPolicy Violations:\n/);
        assert.match(stdout, /-> exit code 0 \(expected 0/);
        assert.match(stdout, /314 resources: 8 mandatory and \d+ advisory violations/);
        assert.match(stdout, /\$ vsnet trace .* --from nested-web --to gateway\nConversation nested-web <-> gateway/);
        assert.match(stdout, /Smallest fix: set allowForgedTransmits: true on HostPortGroup nested-pg-01/);
        assert.match(stdout, /\nwrote demo-output\/nested-vss-t2-report\.html \(\d+ KiB\): 3 conversations, \d+ findings/);
        assert.match(stdout, /Open .*demo-output\/nested-vss-t2-report\.html in a browser/);
        // The report is written (now) where it says, and is the last thing the demo does.
        const report = path.join(ROOT, "demo-output", "nested-vss-t2-report.html");
        assert.ok(fs.statSync(report).mtimeMs >= t0 - 1000, "the report was written by this run");
        assert.match(fs.readFileSync(report, "utf8"), /^<!doctype html>[\s\S]*id="vsnet-data"/);
        assert.match(stdout, /in a browser[^\n]*\n\nDone in/);
        assert.match(stdout, /\nDone in \d+\.\d s\./);
        assert.ok(seconds < 20, `took ${seconds} s`);
    });
});
