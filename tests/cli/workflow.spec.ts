/**
 * The documented GitHub Actions workflow (examples/github-actions/vsnet.yml): its `vsnet check`
 * step, run as written with bash (the preview step replaced by the lab's committed preview.json, the
 * policy pack by this build), places every finding of examples/nested-vss-t2 on the line of its
 * committed Pulumi program, writes the JUnit report and the step summary, and annotates.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import Ajv from "ajv";
import addFormats from "ajv-formats";
import { CLI, ROOT } from "./run";

const WORKFLOW = path.join(ROOT, "examples/github-actions/vsnet.yml");

/** The `run: >-` block of the step named `name` (a folded scalar: its lines joined by spaces). */
function stepRun(yaml: string, name: string): string {
    const lines = yaml.split("\n");
    const at = lines.findIndex((l) => l.trim() === `- name: ${name}`);
    assert.ok(at >= 0, name);
    const run = lines.findIndex((l, i) => i > at && /^\s+run: >-$/.test(l));
    const indent = /^\s*/.exec(lines[run + 1])![0].length;
    const body: string[] = [];
    for (let i = run + 1; i < lines.length && /^\s*/.exec(lines[i])![0].length >= indent && lines[i].trim() !== ""; i++) body.push(lines[i].trim());
    return body.join(" ");
}

/** The job's `env:` values. */
function jobEnv(yaml: string): Record<string, string> {
    const out: Record<string, string> = {};
    const block = /\n {4}env:\n((?: {6}.*\n)+)/.exec(yaml)![1];
    for (const l of block.split("\n")) {
        const m = /^ {6}([A-Z_]+): (.+)$/.exec(l);
        if (m) out[m[1]] = m[2].replace(/\s+#.*$/, "");
    }
    return out;
}

describe("the example GitHub Actions workflow", function () {
    this.timeout(240_000);

    it("its vsnet step, as written, places the lab's findings on the lines of its committed program", () => {
        const yaml = fs.readFileSync(WORKFLOW, "utf8");
        const env = jobEnv(yaml);
        assert.equal(env.PROJECT_DIR, "examples/nested-vss-t2");
        assert.match(yaml, /pulumi preview .*--json --show-sames > preview\.json/);
        assert.match(yaml, /uses: github\/codeql-action\/upload-sarif@v3\n\s+with:\n\s+sarif_file: vsnet\.sarif/);
        const command = stepRun(yaml, "vsnet check");
        assert.match(command, /^\$VSNET check preview\.json /);

        // A checkout of this repository: the preview the first steps would have written, at its root.
        const work = fs.mkdtempSync(path.join(os.tmpdir(), "vsnet-workflow-"));
        try {
            fs.cpSync(path.join(ROOT, "examples/nested-vss-t2"), path.join(work, "examples/nested-vss-t2"), { recursive: true });
            fs.copyFileSync(path.join(ROOT, "examples/nested-vss-t2/preview.json"), path.join(work, "preview.json"));
            fs.mkdirSync(path.join(work, ".git"));
            const summary = path.join(work, "summary.md");
            const r = spawnSync("bash", ["-c", command], {
                cwd: work,
                encoding: "utf8",
                env: { ...process.env, ...env, VSNET: `${process.execPath} ${CLI}`, GITHUB_STEP_SUMMARY: summary, VSNET_START_TIMEOUT: "120", FORCE_COLOR: undefined },
            });
            assert.equal(r.status, 1, `the lab has mandatory findings, so the step fails (after writing everything)\n${r.stderr}`);
            assert.equal(r.stderr, "");

            const sarif = JSON.parse(fs.readFileSync(path.join(work, "vsnet.sarif"), "utf8")) as { runs: Array<{ results: Array<{ locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } }; logicalLocations: Array<{ name: string }> }> }> }> };
            const ajv = new Ajv({ strict: false });
            addFormats(ajv);
            assert.ok(ajv.compile(JSON.parse(fs.readFileSync(path.join(ROOT, "tests/fixtures/sarif/sarif-schema-2.1.0.json"), "utf8")) as object)(sarif));
            const program = fs.readFileSync(path.join(ROOT, "examples/nested-vss-t2/index.ts"), "utf8").split("\n");
            const results = sarif.runs[0].results;
            assert.ok(results.length >= 9);
            for (const res of results) {
                const loc = res.locations[0];
                assert.equal(loc.physicalLocation.artifactLocation.uri, "examples/nested-vss-t2/index.ts");
                const line = program[loc.physicalLocation.region.startLine - 1];
                const prefix = loc.logicalLocations[0].name.replace(/-\d+$/, "");
                assert.ok(line.includes("new vsphere.") && line.includes(`\`${prefix}-\${n}\``), `${loc.logicalLocations[0].name} at line ${loc.physicalLocation.region.startLine}: ${line}`);
            }
            assert.match(fs.readFileSync(path.join(work, "vsnet-junit.xml"), "utf8"), /^<\?xml version="1\.0"/);
            assert.match(fs.readFileSync(summary, "utf8"), /```mermaid/);
            const annotations = r.stdout.trimEnd().split("\n");
            assert.equal(annotations.length, results.length);
            assert.ok(annotations.every((a) => a.includes("file=examples/nested-vss-t2/index.ts,line=")));
        } finally {
            fs.rmSync(work, { recursive: true, force: true });
        }
    });
});
