/**
 * CI conventions (issue 14, item 3): several formats in one run with `-o/--output`, short flags,
 * `--quiet`, `--no-color`/`NO_COLOR`/`FORCE_COLOR`, JUnit XML, GitHub annotations, `--policy` and
 * `--skip-policy`, `vsnet init`, the progress line, and the documents a failed run still writes.
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import Ajv from "ajv";
import addFormats from "ajv-formats";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { colorEnabled } from "../../cli/io";
import { planOutputs } from "../../cli/outputs";
import { Progress } from "../../cli/progress";
import { EXIT } from "../../cli/errors";
import { githubAnnotations } from "../../findings/github";
import { identityOf } from "../../findings/identity";
import type { Finding } from "../../findings/model";
import { policies } from "../../policies";
import { ROOT, show, vsnet, type Run } from "./run";

const LAB = "examples/nested-vss-t2";
const OK_LAB = "examples/nested-vds-mac-learning";
const order = (...pairs: Array<[string, string]>) => pairs.map(([name, value]) => ({ name, value }));

const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const validSarif = ajv.compile(JSON.parse(fs.readFileSync(path.join(ROOT, "tests/fixtures/sarif/sarif-schema-2.1.0.json"), "utf8")) as object);

interface JUnitCase {
    "@_classname": string;
    "@_name": string;
    "@_file"?: string;
    "@_line"?: string;
    failure?: { "@_type": string; "@_message": string; "#text": string };
    "system-out"?: string;
    skipped?: unknown;
}
interface JUnit {
    testsuites: { "@_tests": string; "@_failures": string; testsuite: Array<{ "@_name": string; "@_failures": string; testcase: JUnitCase[] }> };
}
const junit = (text: string): JUnit => {
    assert.equal(XMLValidator.validate(text), true, "well-formed XML");
    return new XMLParser({ ignoreAttributes: false, isArray: (name) => name === "testsuite" || name === "testcase" }).parse(text) as JUnit;
};

describe("CI conventions", function () {
    this.timeout(240_000);

    describe("outputs (in-process)", () => {
        it("each -o takes the --format just before it; without one, its extension; the one left goes to standard output", () => {
            assert.deepEqual(planOutputs([], ["text", "json"]), [{ format: "text" }]);
            assert.deepEqual(planOutputs(order(["format", "sarif"], ["output", "a.sarif"], ["format", "text"]), ["text", "sarif"]), [{ format: "sarif", file: "a.sarif" }, { format: "text" }]);
            assert.deepEqual(planOutputs(order(["output", "r.xml"], ["output", "r.SARIF"], ["output", "x.json"]), ["text", "json", "sarif", "junit"]), [
                { format: "junit", file: "r.xml" },
                { format: "sarif", file: "r.SARIF" },
                { format: "json", file: "x.json" },
            ]);
            assert.deepEqual(planOutputs(order(["format", "json"], ["output", "odd.name"]), ["json"]), [{ format: "json", file: "odd.name" }], "a --format names the file's format whatever its extension");
        });

        it("refuses two formats for standard output, a file given twice, and an output whose format cannot be told", () => {
            assert.throws(() => planOutputs(order(["format", "json"], ["format", "sarif"]), ["json", "sarif"]), /json and sarif would both go to standard output/);
            assert.throws(() => planOutputs(order(["format", "json"], ["output", "a.json"], ["format", "sarif"], ["output", "a.json"]), ["json", "sarif"]), /--output a\.json is given twice/);
            assert.throws(() => planOutputs(order(["output", "report.html"]), ["text", "json"]), /--output report\.html: put --format <text\|json> before it/);
            assert.throws(() => planOutputs(order(["output", "x.sarif"]), ["text", "json"]), /its extension names no format of this command/, "trace has no SARIF");
        });
    });

    describe("colour (in-process)", () => {
        it("FORCE_COLOR colours a pipe; NO_COLOR and TERM=dumb turn a terminal's off; FORCE_COLOR=0 turns it off", () => {
            assert.equal(colorEnabled({ isTTY: false }, {}), false);
            assert.equal(colorEnabled({ isTTY: true }, {}), true);
            assert.equal(colorEnabled({ isTTY: false }, { FORCE_COLOR: "1" }), true);
            assert.equal(colorEnabled({ isTTY: false }, { FORCE_COLOR: "true" }), true);
            assert.equal(colorEnabled({ isTTY: true }, { FORCE_COLOR: "0" }), false);
            assert.equal(colorEnabled({ isTTY: true }, { NO_COLOR: "1" }), false);
            assert.equal(colorEnabled({ isTTY: true }, { NO_COLOR: "" }), true, "an empty NO_COLOR is not set (no-color.org)");
            assert.equal(colorEnabled({ isTTY: true }, { TERM: "dumb" }), false);
        });
    });

    describe("progress (in-process)", () => {
        const fake = (isTTY: boolean) => {
            const writes: string[] = [];
            let tick: () => void = () => undefined;
            let stopped = false;
            let t = 0;
            return {
                stream: { isTTY, write: (s: string) => writes.push(s) },
                writes,
                every: (fn: () => void) => ((tick = fn), () => void (stopped = true)),
                now: () => t,
                at(ms: number) {
                    t = ms;
                    tick();
                },
                stopped: () => stopped,
            };
        };

        it("on a terminal: nothing within the first second, then one line rewritten in place, erased at the end", () => {
            const f = fake(true);
            const p = new Progress(f.stream, { enabled: true, now: f.now, every: f.every });
            p.update("analyzing resources", 3, 10);
            f.at(900);
            assert.deepEqual(f.writes, []);
            f.at(1500);
            p.update("analyzing resources", 10, 10);
            f.at(2600);
            assert.deepEqual(f.writes, ["\r\u001b[2Kvsnet: analyzing resources 3/10 (2 s)", "\r\u001b[2Kvsnet: analyzing resources 10/10 (3 s)"]);
            p.stop();
            assert.equal(f.writes.at(-1), "\r\u001b[2K");
            assert.ok(f.stopped());
        });

        it("a run within the second, a pipe, or --quiet: no progress at all; names in it are escaped", () => {
            const quick = fake(true);
            const p = new Progress(quick.stream, { enabled: true, now: quick.now, every: quick.every });
            p.update("starting the policy pack");
            quick.at(500);
            p.stop();
            assert.deepEqual(quick.writes, []);
            for (const [tty, enabled] of [[false, true], [true, false]] as const) {
                const f = fake(tty);
                const q = new Progress(f.stream, { enabled, now: f.now, every: f.every });
                q.update("x");
                f.at(5000);
                q.stop();
                assert.deepEqual(f.writes, []);
            }
            const hostile = fake(true);
            const h = new Progress(hostile.stream, { enabled: true, now: hostile.now, every: hostile.every });
            h.update("pg\u001b]0;owned\u0007");
            hostile.at(2000);
            assert.ok(!hostile.writes[0].slice(5).includes("\u001b"), hostile.writes[0]);
        });
    });

    describe("GitHub annotations (in-process)", () => {
        it("one line per finding: a message cannot end its line early or start another command", () => {
            const urn = "urn:pulumi:s::p::vsphere:index/hostPortGroup:HostPortGroup::pg,1:x";
            const f: Finding = { policy: "p", level: "advisory", severity: "medium", message: "100% wrong\n::error::forged\r\nend", title: "100% wrong", resource: { urn, name: "pg,1:x", type: null }, related: [], identity: identityOf("p", urn, "x"), fingerprint: "f" };
            const out = githubAnnotations([f, { ...f, level: "mandatory" }, { ...f, severity: "low" }], () => ({ path: "infra/index.ts", absolute: false, line: 7, column: 3, program: true }));
            assert.deepEqual(out.split("\n"), [
                "::warning file=infra/index.ts,line=7,col=3,title=p (pg%2C1%3Ax)::100%25 wrong%0A::error::forged%0D%0Aend",
                "::error file=infra/index.ts,line=7,col=3,title=p (pg%2C1%3Ax)::100%25 wrong%0A::error::forged%0D%0Aend",
                "::notice file=infra/index.ts,line=7,col=3,title=p (pg%2C1%3Ax)::100%25 wrong%0A::error::forged%0D%0Aend",
                "",
            ]);
            assert.equal(githubAnnotations([f], () => ({ path: "/abs/stack.json", absolute: true, program: false })).startsWith("::warning title="), true, "no file outside the repository");
        });
    });

    describe("vsnet (subprocess)", () => {
        let tmp: string;
        const runs: Record<string, Run> = {};
        const out = (name: string) => path.join(tmp, name);

        before(async () => {
            tmp = fs.mkdtempSync(path.join(os.tmpdir(), "vsnet-ci-"));
            fs.writeFileSync(out("exists.json"), "{}\n");
            const lab = [`${LAB}/preview.json`, "-c", `${LAB}/policy-config.json`];
            const cases: Record<string, { args: string[]; env?: Record<string, string | undefined> }> = {
                many: { args: ["check", ...lab, "-f", "sarif", "-o", out("v.sarif"), "-f", "junit", "-o", out("deep/v.xml"), "-o", out("v.json"), "-f", "github"] },
                text: { args: ["check", ...lab] },
                quietClean: { args: ["check", `${OK_LAB}/stack.json`, "-c", `${OK_LAB}/policy-config.json`, "-q"] },
                partialQuiet: { args: ["check", "-q", "--allow-partial", out("partial.json"), "-c", `${LAB}/policy-config.json`] },
                partialLoud: { args: ["check", "--allow-partial", out("partial.json"), "-c", `${LAB}/policy-config.json`] },
                forced: { args: ["check", ...lab, "--policy", "security-settings-explicit"], env: { FORCE_COLOR: "1" } },
                forcedNoColor: { args: ["check", ...lab, "--policy", "security-settings-explicit", "--no-color"], env: { FORCE_COLOR: "1" } },
                only: { args: ["check", ...lab, "--policy", "security-settings-explicit,uplink-teaming", "-f", "json"] },
                skip: { args: ["check", ...lab, "--skip-policy", "nested-workloads-reachable", "-f", "junit"] },
                badPolicy: { args: ["check", ...lab, "--skip-policy", "uplink-team"] },
                failedDocs: { args: ["check", "examples/no-such.json", "-f", "sarif", "-o", out("err.sarif"), "-f", "junit", "-o", out("err.xml"), "-f", "json"] },
                init: { args: ["init", `${LAB}/preview.json`, "-o", out("starter.json")] },
                initStdout: { args: ["init", `${LAB}/preview.json`] },
                initExists: { args: ["init", `${LAB}/preview.json`, "-o", out("exists.json")] },
                initNone: { args: ["init", "examples/macvlan-promiscuous-shared/stack.json"] },
                diffAnnotations: { args: ["diff", `${LAB}/preview.json`, `${LAB}/preview.json`, "-c", `${LAB}/policy-config.json`, "-f", "github", "-f", "junit", "-o", out("diff.xml")] },
            };
            // The partial preview: the lab without its unchanged resources.
            const doc = JSON.parse(fs.readFileSync(path.join(ROOT, LAB, "preview.json"), "utf8")) as { steps: Array<{ op: string }> };
            doc.steps = doc.steps.filter((s) => s.op !== "same");
            fs.writeFileSync(out("partial.json"), JSON.stringify(doc));
            const done = await Promise.all(Object.entries(cases).map(async ([k, c]) => [k, await vsnet(c.args, { env: c.env })] as const));
            for (const [k, r] of done) runs[k] = r;
            runs.initCheck = await vsnet(["check", `${LAB}/preview.json`, "-c", out("starter.json"), "-f", "json"]);
        });
        after(() => tmp && fs.rmSync(tmp, { recursive: true, force: true }));

        it("one run writes SARIF, JUnit and JSON to files (a directory made on the way) and GitHub annotations to standard output", () => {
            const r = runs.many;
            assert.equal(r.code, 1, show(r));
            assert.equal(r.stderr, "");
            const sarif = JSON.parse(fs.readFileSync(out("v.sarif"), "utf8")) as { runs: Array<{ results: unknown[] }> };
            assert.ok(validSarif(sarif), JSON.stringify(validSarif.errors));
            const json = JSON.parse(fs.readFileSync(out("v.json"), "utf8")) as { violations: unknown[]; summary: { mandatory: number } };
            const x = junit(fs.readFileSync(out("deep/v.xml"), "utf8"));
            assert.equal(sarif.runs[0].results.length, json.violations.length);
            assert.equal(Number(x.testsuites["@_failures"]), json.summary.mandatory, "a failure per finding at --fail-on mandatory");
            const lines = r.stdout.trimEnd().split("\n");
            assert.equal(lines.length, json.violations.length, "one annotation per finding");
            for (const l of lines) assert.match(l, /^::(error|warning|notice) file=examples\/nested-vss-t2\/index\.ts,line=\d+,col=\d+,title=[^:]+::\S/);
            assert.equal(lines.filter((l) => l.startsWith("::error ")).length, json.summary.mandatory);
        });

        it("JUnit: a suite per policy; failures carry the finding; advisories below --fail-on pass with their message; a skipped policy is skipped", () => {
            const x = junit(fs.readFileSync(out("deep/v.xml"), "utf8"));
            assert.deepEqual(x.testsuites.testsuite.map((s) => s["@_name"]), policies.map((p) => p.name));
            const reach = x.testsuites.testsuite.find((s) => s["@_name"] === "nested-workloads-reachable")!;
            assert.equal(reach.testcase.length, 3);
            for (const c of reach.testcase) {
                assert.equal(c.failure?.["@_type"], "mandatory");
                assert.match(c["@_name"], /^esxi-0[12]: nested-\w+ <-> \S+: /);
                assert.equal(c["@_file"], "examples/nested-vss-t2/index.ts");
                assert.match(c.failure!["#text"], /resource: urn:pulumi:/);
            }
            const explicit = x.testsuites.testsuite.find((s) => s["@_name"] === "security-settings-explicit")!;
            assert.ok(explicit.testcase.every((c) => !c.failure && /below --fail-on mandatory/.test(c["system-out"] ?? "")));
            const none = x.testsuites.testsuite.find((s) => s["@_name"] === "duplicate-mac-addresses")!;
            assert.deepEqual(none.testcase.map((c) => c["@_name"]), ["duplicate-mac-addresses: no findings"]);
            const skipped = junit(runs.skip.stdout).testsuites.testsuite.find((s) => s["@_name"] === "nested-workloads-reachable")!;
            assert.ok(skipped.testcase[0].skipped !== undefined, runs.skip.stdout.slice(0, 600));
        });

        it("--policy runs only the named policies (the others disabled); --skip-policy disables; an unknown name is exit 2 with the closest", () => {
            const only = JSON.parse(runs.only.stdout) as { violations: Array<{ policy: string }>; policies: Array<{ name: string; enforcementLevel: string }> };
            assert.equal(runs.only.code, 0, show(runs.only));
            assert.deepEqual([...new Set(only.violations.map((v) => v.policy))].sort(), ["security-settings-explicit", "uplink-teaming"]);
            assert.deepEqual(only.policies.filter((p) => p.enforcementLevel !== "disabled").map((p) => p.name), ["security-settings-explicit", "uplink-teaming"]);
            assert.equal(runs.skip.code, 0, "no mandatory finding without the reachability policy");
            assert.equal(runs.badPolicy.code, EXIT.USAGE);
            assert.equal(runs.badPolicy.stderr, 'vsnet: error: --skip-policy uplink-team: no such policy; did you mean "uplink-teaming"?\n');
        });

        it("--quiet: nothing on standard output for a clean run, no warnings; without it the warning is there", () => {
            assert.equal(runs.quietClean.code, 0, show(runs.quietClean));
            assert.equal(runs.quietClean.stdout, "");
            assert.equal(runs.quietClean.stderr, "");
            assert.equal(runs.partialQuiet.stderr, "", show(runs.partialQuiet));
            assert.match(runs.partialLoud.stderr, /^vsnet: warning: .*lists no unchanged resources/m);
            assert.notEqual(runs.partialQuiet.stdout, "", "findings are still reported");
        });

        it("FORCE_COLOR colours a pipe; --no-color wins over it; no colour by default on a pipe", () => {
            const ESC = "\u001b";
            assert.ok(runs.forced.stdout.includes(`${ESC}[33m`), show(runs.forced));
            assert.ok(!runs.forcedNoColor.stdout.includes(ESC));
            assert.ok(!runs.text.stdout.includes(ESC));
            assert.equal(runs.forced.stdout.replace(new RegExp(`${ESC}\\[\\d+m`, "g"), ""), runs.forcedNoColor.stdout);
        });

        it("a run that fails still writes a document to every machine-read output", () => {
            const r = runs.failedDocs;
            assert.equal(r.code, EXIT.UNREADABLE, show(r));
            assert.match(r.stderr, /^vsnet: error: cannot read saved stack examples\/no-such\.json: no such file\n$/);
            const sarif = JSON.parse(fs.readFileSync(out("err.sarif"), "utf8")) as { runs: Array<{ invocations: Array<{ executionSuccessful: boolean; exitCode: number }> }> };
            assert.ok(validSarif(sarif));
            assert.deepEqual(sarif.runs[0].invocations.map((i) => [i.executionSuccessful, i.exitCode]), [[false, EXIT.UNREADABLE]]);
            const x = fs.readFileSync(out("err.xml"), "utf8");
            assert.equal(XMLValidator.validate(x), true);
            assert.match(x, /<error type="exit 3" message="cannot read saved stack/);
            assert.equal((JSON.parse(r.stdout) as { error: { code: number } }).error.code, EXIT.UNREADABLE);
        });

        it("vsnet init: a starter config for the stack's nested hypervisors that vsnet accepts; it keeps an existing file", () => {
            const r = runs.init;
            assert.equal(r.code, 0, show(r));
            assert.match(r.stderr, /\d+ workloads in 2 nested hypervisors and their port groups, \d+ flows; the MACs are placeholders/);
            const starter = JSON.parse(fs.readFileSync(out("starter.json"), "utf8")) as { "nested-workloads-reachable": { workloads: Array<{ name: string; nestedIn?: string; external?: string; mac: string }>; flows: Array<{ from: string; to: string }> } };
            assert.deepEqual(JSON.parse(runs.initStdout.stdout), starter);
            const { workloads, flows } = starter["nested-workloads-reachable"];
            assert.deepEqual(workloads.filter((w) => w.nestedIn).map((w) => [w.name, w.nestedIn]), [["esxi-01-nic0-guest", "esxi-01"], ["esxi-02-nic0-guest", "esxi-02"]]);
            assert.ok(workloads.every((w) => /^02:76:/.test(w.mac)), "placeholder MACs, locally administered");
            assert.ok(flows.some((f) => f.from === "esxi-01-nic0-guest" && f.to === "nested-pg-01-gateway"));
            // vsnet accepts it: the run gets as far as findings (exit 1: the lab is broken), not a config error.
            assert.equal(runs.initCheck.code, 1, show(runs.initCheck));
            assert.equal(runs.initExists.code, EXIT.USAGE);
            assert.match(runs.initExists.stderr, /exists\.json exists; pass --force to overwrite it/);
            assert.equal(fs.readFileSync(out("exists.json"), "utf8"), "{}\n");
            assert.equal(runs.initNone.code, 0);
            assert.match(runs.initNone.stderr, /has no nested hypervisor/);
        });

        it("diff writes GitHub annotations and JUnit too (nothing introduced between a stack and itself)", () => {
            const r = runs.diffAnnotations;
            assert.equal(r.code, 0, show(r));
            assert.equal(r.stdout, "");
            assert.equal(junit(fs.readFileSync(out("diff.xml"), "utf8")).testsuites["@_failures"], "0");
        });
    });
});
