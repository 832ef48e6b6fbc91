/**
 * What `vsnet` promises beyond a correct report (issue 11): a partial input is refused unless
 * `--allow-partial` (and then the pack is told); a stack without vSphere resources says so in every
 * format; warnings come before the report; errors with `--format json`/`sarif` still give a valid
 * document; `-` reads standard input; input size limits; the pack start limit is a knob; and the
 * pack process never outlives `vsnet`, however `vsnet` ends.
 */
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import Ajv from "ajv";
import addFormats from "ajv-formats";
import { EXIT } from "../../cli/errors";
import { MAX_FILE_BYTES, MAX_STRING_CHARS } from "../../cli/stack-file";
import { CLI, example, limited, ROOT, show, vsnet, type Run } from "./run";

type Json = Record<string, unknown>;

const STACK_A = "examples/nested-vds-mac-learning/stack.json";
const CONFIG_A = "examples/nested-vds-mac-learning/policy-config.json";
const ECHO_PACK = "tests/fixtures/config-echo-pack";

function validateSarif(text: string): Json {
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    const validate = ajv.compile(JSON.parse(fs.readFileSync(path.join(ROOT, "tests/fixtures/sarif/sarif-schema-2.1.0.json"), "utf8")) as object);
    const doc = JSON.parse(text) as Json;
    assert.ok(validate(doc), `SARIF does not validate: ${JSON.stringify(validate.errors, null, 2)}`);
    return doc;
}

/** Runs the CLI through a shell with stderr merged into stdout, to see which comes first. */
function merged(args: string[]): Promise<Run> {
    return limited(
        () =>
            new Promise<Run>((resolve, reject) => {
                const quoted = [process.execPath, CLI, ...args].map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(" ");
                const child = spawn("sh", ["-c", `${quoted} 2>&1`], { cwd: ROOT, env: { ...process.env, VSNET_START_TIMEOUT: "120" }, stdio: ["ignore", "pipe", "pipe"] });
                let stdout = "";
                child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
                child.once("error", reject);
                child.once("close", (code) => resolve({ args, code, stdout, stderr: "" }));
            }),
    );
}

describe("vsnet trust: partial input, warnings, error documents, stdin, limits (subprocess)", function () {
    this.timeout(240_000);
    let tmp: string;
    const runs: Record<string, Run> = {};
    const file = (name: string, content: string | object): string => {
        const p = path.join(tmp, name);
        fs.writeFileSync(p, typeof content === "string" ? content : JSON.stringify(content, null, 2));
        return p;
    };

    before(async () => {
        tmp = fs.mkdtempSync(path.join(os.tmpdir(), "vsnet-trust-"));
        // A preview without --show-sames: the unchanged resources are simply not there.
        const preview = JSON.parse(fs.readFileSync(path.join(ROOT, "examples/nested-vss-t2/preview.json"), "utf8")) as { steps: Json[] };
        const partial = file("partial.json", { ...preview, steps: preview.steps.filter((s) => s.op !== "same") });
        // The wrong stack: not a single vSphere resource.
        const aws = file("aws.json", {
            version: 3,
            deployment: {
                manifest: { time: "2025-01-01T00:00:00Z", magic: "x", version: "v3.205.0" },
                resources: [
                    { urn: "urn:pulumi:dev::web::pulumi:pulumi:Stack::web-dev", custom: false, type: "pulumi:pulumi:Stack" },
                    { urn: "urn:pulumi:dev::web::aws:s3/bucket:Bucket::site", custom: true, id: "site-123", type: "aws:s3/bucket:Bucket", inputs: { bucket: "site" }, outputs: { bucket: "site" } },
                ],
            },
        });
        // One value over the size limit for a value (the file itself is fine).
        const doc = JSON.parse(fs.readFileSync(path.join(ROOT, STACK_A), "utf8")) as { deployment: { resources: Json[] } };
        const vm = doc.deployment.resources.find((r) => (r.urn as string).endsWith("::jump-01"))!;
        (vm.inputs as Json).annotation = "x".repeat(MAX_STRING_CHARS + 1);
        const giant = file("giant-value.json", doc);
        // A file over the size limit (sparse: no disk is used).
        const huge = path.join(tmp, "huge.json");
        fs.writeFileSync(huge, "{");
        fs.truncateSync(huge, MAX_FILE_BYTES + 1);
        const hang = file("hang-config.json", { "nested-workloads-reachable": { hang: true } });
        void hang;

        const cases: Record<string, { args: string[]; input?: string; env?: Record<string, string | undefined> }> = {
            partial: { args: ["check", partial, "--config", "examples/nested-vss-t2/policy-config.json"] },
            partialJson: { args: ["check", partial, "--config", "examples/nested-vss-t2/policy-config.json", "--format", "json"] },
            partialTrace: { args: ["trace", partial, "--config", "examples/nested-vss-t2/policy-config.json", "--from", "nested-web", "--to", "gateway"] },
            partialDiff: { args: ["diff", "examples/nested-vss-t2/preview.json", partial, "--config", "examples/nested-vss-t2/policy-config.json"] },
            partialAllowed: { args: ["check", partial, "--allow-partial", "--pack", ECHO_PACK, "--format", "json"] },
            fullEcho: { args: ["check", "examples/nested-vss-t2/preview.json", "--pack", ECHO_PACK, "--format", "json"] },
            awsText: { args: ["check", aws] },
            awsJson: { args: ["check", aws, "--format", "json"] },
            awsSarif: { args: ["check", aws, "--format", "sarif"] },
            errorJson: { args: ["check", "examples/no-such-stack.json", "--format", "json"] },
            errorSarif: { args: ["check", "examples/no-such-stack.json", "--format=sarif"] },
            errorUsageJson: { args: ["check", STACK_A, "--bogus", "--format", "json"] },
            errorDiffSarif: { args: ["diff", STACK_A, file("bad.json", "{"), "--format", "sarif"] },
            stdin: { args: ["check", "-", "--config", CONFIG_A], input: fs.readFileSync(path.join(ROOT, STACK_A), "utf8") },
            stdinTrace: { args: ["trace", "-", "--config", CONFIG_A, "--from", "nested-web", "--to", "gateway", "--format", "json"], input: fs.readFileSync(path.join(ROOT, STACK_A), "utf8") },
            stdinTwice: { args: ["diff", "-", "-"], input: "" },
            giantValue: { args: ["check", giant, "--config", CONFIG_A] },
            giantTrace: { args: ["trace", giant, "--config", CONFIG_A, "--from", "nested-web", "--to", "gateway"] },
            hugeFile: { args: ["check", huge] },
            hugeFileRaised: { args: ["check", huge], env: { VSNET_MAX_FILE_MB: "65" } },
            startTimeout: { args: ["check", ...example("nested-vds-mac-learning", "stack.json"), "--start-timeout", "0.001"] },
            startTimeoutEnv: { args: ["check", ...example("nested-vds-mac-learning", "stack.json"), "--format", "json"], env: { VSNET_START_TIMEOUT: "0.001" } },
            startTimeoutBad: { args: ["check", STACK_A, "--start-timeout", "soon"] },
        };
        await Promise.all(Object.entries(cases).map(async ([k, c]) => (runs[k] = await vsnet(c.args, { input: c.input, env: { NO_COLOR: undefined, ...c.env } }))));
        runs.partialAllowedMerged = await merged(["check", partial, "--allow-partial", "--config", "examples/nested-vss-t2/policy-config.json"]);
        runs.awsMerged = await merged(["check", aws]);
    });

    after(() => {
        if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
    });

    it("a preview without --show-sames is refused with its own exit code (check, trace and diff), in one line", () => {
        for (const k of ["partial", "partialTrace", "partialDiff"]) {
            const r = runs[k];
            assert.equal(r.code, EXIT.PARTIAL, show(r));
            assert.equal(r.stdout, "", show(r));
            assert.match(r.stderr, /^vsnet: error: \S*partial\.json is a `pulumi preview --json` without unchanged resources, so the check would not see the whole stack: save it with `pulumi preview --json --show-sames`, or pass --allow-partial to check what is there\n$/, show(r));
        }
        const j = JSON.parse(runs.partialJson.stdout) as { error: { code: number; message: string } };
        assert.equal(j.error.code, EXIT.PARTIAL);
    });

    it("--allow-partial: the pack is sent partialInput: true in the config of nested-workloads-reachable (and only then)", () => {
        const r = runs.partialAllowed;
        assert.equal(r.code, 0, show(r));
        const j = JSON.parse(r.stdout) as { violations: Array<{ message: string }>; warnings: string[] };
        assert.deepEqual(j.violations.map((v) => v.message.split("\n").pop()), ['config={"partialInput":true}']);
        assert.match(j.warnings[0], /lists no unchanged resources/);
        const full = JSON.parse(runs.fullEcho.stdout) as { violations: Array<{ message: string }> };
        assert.deepEqual(full.violations.map((v) => v.message.split("\n").pop()), ["config={}"]);
        // The shipped pack withholds least-privilege advice on what it cannot see.
        assert.match(runs.partialAllowedMerged.stdout, /no least-privilege advice is given on it: the input is partial/, show(runs.partialAllowedMerged));
    });

    it("warnings come before the report", () => {
        for (const k of ["partialAllowedMerged", "awsMerged"]) {
            const r = runs[k];
            const warning = r.stdout.indexOf("vsnet: warning:");
            const report = Math.max(r.stdout.indexOf("Policy Violations:"), r.stdout.indexOf("No policy violations"));
            assert.ok(warning >= 0 && report > warning, show(r));
        }
    });

    it("a stack without a vSphere resource: a warning in text, in JSON (top-level warnings) and in SARIF (a tool execution notification)", () => {
        const text = runs.awsText;
        assert.equal(text.code, 0, show(text));
        assert.match(text.stderr, /^vsnet: warning: \S*aws\.json holds no vSphere resource \(1 other resource, e\.g\. aws:s3\/bucket:Bucket\): this pack has nothing to check; is it the right stack\?\n$/);
        const j = JSON.parse(runs.awsJson.stdout) as { warnings: string[]; input: { warnings: string[] } };
        assert.equal(j.warnings.length, 1);
        assert.match(j.warnings[0], /holds no vSphere resource/);
        assert.deepEqual(j.input.warnings, j.warnings);
        const s = validateSarif(runs.awsSarif.stdout) as { runs: Array<{ invocations: Array<{ executionSuccessful: boolean; toolExecutionNotifications: Array<{ level: string; message: { text: string } }> }> }> };
        const inv = s.runs[0].invocations[0];
        assert.equal(inv.executionSuccessful, true);
        assert.equal(inv.toolExecutionNotifications.length, 1);
        assert.equal(inv.toolExecutionNotifications[0].level, "warning");
        assert.match(inv.toolExecutionNotifications[0].message.text, /holds no vSphere resource/);
    });

    it("errors with --format json or sarif: still a valid document on stdout, and the one line on stderr", () => {
        for (const k of ["errorJson", "errorUsageJson"]) {
            const r = runs[k];
            assert.match(r.stderr, /^vsnet: error: [^\n]+\n$/, show(r));
            const j = JSON.parse(r.stdout) as { schemaVersion: number; error: { code: number; message: string } };
            assert.equal(j.schemaVersion, 1);
            assert.equal(j.error.code, r.code, show(r));
            assert.equal(`vsnet: error: ${j.error.message}\n`, r.stderr);
        }
        assert.equal(runs.errorJson.code, EXIT.UNREADABLE);
        assert.equal(runs.errorUsageJson.code, EXIT.USAGE);
        for (const [k, code] of [["errorSarif", EXIT.UNREADABLE], ["errorDiffSarif", EXIT.MALFORMED]] as const) {
            const r = runs[k];
            assert.equal(r.code, code, show(r));
            const s = validateSarif(r.stdout) as { runs: Array<{ results: unknown[]; invocations: Array<{ executionSuccessful: boolean; exitCode: number; toolExecutionNotifications: Array<{ level: string; message: { text: string } }> }> }> };
            const inv = s.runs[0].invocations[0];
            assert.equal(inv.executionSuccessful, false);
            assert.equal(inv.exitCode, code);
            assert.equal(inv.toolExecutionNotifications[0].level, "error");
            assert.equal(`vsnet: error: ${inv.toolExecutionNotifications[0].message.text}\n`, r.stderr);
            assert.deepEqual(s.runs[0].results, []);
        }
    });

    it("`-` reads the saved stack from standard input", () => {
        assert.equal(runs.stdin.code, 0, show(runs.stdin));
        assert.equal(runs.stdin.stdout, "No policy violations: vsphere-nested-networking v0.1.0 checked 8 resources of (stdin) (pulumi stack export).\n");
        assert.equal(runs.stdinTrace.code, 0, show(runs.stdinTrace));
        assert.equal((JSON.parse(runs.stdinTrace.stdout) as { verdict: string }).verdict, "reachable");
        assert.equal(runs.stdinTwice.code, EXIT.USAGE, show(runs.stdinTwice));
    });

    it("a value over 16 MiB or a file over 64 MiB: one line, the bad-input exit code, before anything is sent to the pack", () => {
        for (const k of ["giantValue", "giantTrace"]) {
            const r = runs[k];
            assert.equal(r.code, EXIT.UNRECOGNISED, show(r));
            assert.equal(r.stdout, "");
            assert.match(r.stderr, /^vsnet: error: saved stack \S*giant-value\.json: the value at deployment\.resources\[\d+\]\.inputs\.annotation is 16 MiB long, over the 16 MiB limit for one value\n$/, show(r));
        }
        const r = runs.hugeFile;
        assert.equal(r.code, EXIT.UNRECOGNISED, show(r));
        assert.match(r.stderr, /^vsnet: error: saved stack \S*huge\.json is 64 MiB, over the 64 MiB limit for an input file \(VSNET_MAX_FILE_MB raises it\)\n$/, show(r));
        // The limit can be raised: the same file is then read (and is not JSON).
        assert.equal(runs.hugeFileRaised.code, EXIT.MALFORMED, show(runs.hugeFileRaised));
    });

    it("the pack start limit: --start-timeout and VSNET_START_TIMEOUT; a timeout says the machine is slow and how to raise it", () => {
        const slow = /the policy pack in \S+ did not start within 0\.001 s: this machine is slow or busy .*; raise the limit with --start-timeout <seconds> or VSNET_START_TIMEOUT=<seconds>/;
        const r = runs.startTimeout;
        assert.equal(r.code, EXIT.FAILED, show(r));
        assert.match(r.stderr, new RegExp(`^vsnet: error: ${slow.source}\\n$`), show(r));
        const e = runs.startTimeoutEnv;
        assert.equal(e.code, EXIT.FAILED, show(e));
        assert.match((JSON.parse(e.stdout) as { error: { message: string } }).error.message, slow);
        const bad = runs.startTimeoutBad;
        assert.equal(bad.code, EXIT.USAGE, show(bad));
        assert.match(bad.stderr, /--start-timeout must be a number of seconds between 0 and 3600, not "soon"/);
    });
});

// ------------------------------------------------------------------------------------------------
// Process lifetime
// ------------------------------------------------------------------------------------------------

/** The fields of /proc/<pid>/stat after the command name: state, ppid, ... */
function stat(pid: number): string[] | undefined {
    try {
        const text = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
        return text.slice(text.lastIndexOf(")") + 2).split(" ");
    } catch {
        return undefined;
    }
}

/** User CPU time of a process, in clock ticks (/proc/<pid>/stat field 14). */
function cpuTicks(pid: number): number {
    return Number(stat(pid)?.[11] ?? NaN);
}

/** Running (a zombie waiting for a parent that does not reap it counts as gone). */
function alive(pid: number): boolean {
    const s = stat(pid);
    return s !== undefined && s[0] !== "Z" && s[0] !== "X";
}

function packChildOf(pid: number): number | undefined {
    for (const d of fs.readdirSync("/proc")) {
        if (!/^\d+$/.test(d) || Number(stat(Number(d))?.[1]) !== pid) continue;
        try {
            if (fs.readFileSync(`/proc/${d}/cmdline`, "utf8").includes("run-policy-pack")) return Number(d);
        } catch {
            // gone meanwhile
        }
    }
    return undefined;
}

async function until(what: string, ms: number, fn: () => boolean): Promise<void> {
    const end = Date.now() + ms;
    while (!fn()) {
        if (Date.now() > end) throw new Error(`timed out waiting: ${what}`);
        await new Promise((r) => setTimeout(r, 50));
    }
}

describe("vsnet never leaves its pack process behind (subprocess, Linux /proc)", function () {
    this.timeout(120_000);
    let tmp: string;
    const started: number[] = [];

    before(function () {
        if (process.platform !== "linux") this.skip();
        tmp = fs.mkdtempSync(path.join(os.tmpdir(), "vsnet-lifetime-"));
        fs.writeFileSync(path.join(tmp, "hang.json"), JSON.stringify({ "nested-workloads-reachable": { hang: true } }));
        fs.writeFileSync(path.join(tmp, "busy.json"), JSON.stringify({ "nested-workloads-reachable": { busy: true } }));
    });

    after(() => {
        // Only what these tests started, by pid, if a test failed half-way.
        for (const pid of started) if (alive(pid)) process.kill(pid, "SIGKILL");
        if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
    });

    for (const [signal, code, mode] of [["SIGKILL", null, "hang"], ["SIGKILL", null, "busy"], ["SIGTERM", EXIT.SIGTERM, "hang"], ["SIGINT", EXIT.SIGINT, "hang"], ["SIGHUP", EXIT.SIGHUP, "hang"]] as const) {
        const doing = mode === "busy" ? "busy in a synchronous computation" : "waiting on a promise";
        it(`${signal} to vsnet while the pack is ${doing}: the pack process is gone within seconds${code ? `, exit ${code}` : ""}`, async () => {
            await limited(async () => {
                const child: ChildProcess = spawn(process.execPath, [CLI, "check", STACK_A, "--pack", ECHO_PACK, "--config", path.join(tmp, `${mode}.json`)], {
                    cwd: ROOT,
                    env: { ...process.env, VSNET_START_TIMEOUT: "120" },
                    stdio: ["ignore", "pipe", "pipe"],
                });
                started.push(child.pid!);
                let stderr = "";
                child.stderr!.setEncoding("utf8").on("data", (d: string) => (stderr += d));
                child.stdout!.resume();
                const exited = new Promise<number | null>((resolve) => child.once("exit", (c) => resolve(c)));
                let pack: number | undefined;
                await until("the pack process", 60_000, () => (pack = packChildOf(child.pid!)) !== undefined);
                started.push(pack!);
                // Let it start serving and receive the (never answered) AnalyzeStack.
                await new Promise((r) => setTimeout(r, 1500));
                if (mode === "busy") {
                    // Spinning for sure: 1.5 s of its CPU time spent since then (utime, in clock ticks).
                    const t0 = cpuTicks(pack!);
                    await until("the pack to spin", 60_000, () => cpuTicks(pack!) - t0 >= 150);
                }
                assert.ok(alive(pack!), "the pack runs");
                child.kill(signal);
                const exitCode = await exited;
                if (code !== null) {
                    assert.equal(exitCode, code, stderr);
                    assert.equal(stderr, `vsnet: error: interrupted by ${signal}\n`);
                }
                await until(`pack ${pack} to end after ${signal}`, 5_000, () => !alive(pack!));
            });
        });
    }
});
