/**
 * Terminal injection: resource, port-group, workload and file names with ESC/OSC sequences, CR/LF,
 * C1 controls, DEL and bidi overrides go through `check`, `trace` and `diff` text output (and their
 * warnings). Nothing raw reaches stdout or stderr, no name forges a line of its own, and the names
 * are still shown (escaped). JSON stays exact.
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Guard, jsonText, safeBlock, safeLine, terminalSafe } from "../../cli/sanitize";
import { ROOT, show, vsnet, type Run } from "./run";

type Json = Record<string, unknown>;

/** Every character that must never reach a terminal raw (LF is the layout's own). */
// eslint-disable-next-line no-control-regex
const RAW = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

/** The example lab's names, each replaced by a hostile one. */
const HOSTILE: Record<string, string> = {
    "nested-pg": "pg\u001b]0;PWNED-TITLE\u0007\u001b[2J\r\n[mandatory]  FORGED-PG",
    "esxi-01": "esxi\u202eevil\u2066-01\u009b31m\u2069",
    "esxi-02": "esxi-02\rNo policy violations FORGED-CR\u200f",
    "nested-web": "web\n[mandatory]  FORGED-WORKLOAD\u001b[31m",
    gateway: "gw\u061c\u007f\u2028FORGED-LS\u200e",
    "lab-vds": "vds\u0085FORGED-NEL\u001b[1A",
};

/** The same JSON text with every example name replaced (URNs, names, dependencies, config). */
function hostile(text: string): string {
    let out = text;
    for (const [name, evil] of Object.entries(HOSTILE)) out = out.split(name).join(JSON.stringify(evil).slice(1, -1));
    return out;
}

function assertSafe(r: Run): void {
    for (const [stream, text] of [["stdout", r.stdout], ["stderr", r.stderr]] as const) {
        const m = RAW.exec(text);
        assert.equal(m, null, `raw U+${m?.[0].charCodeAt(0).toString(16).padStart(4, "0")} in ${stream}:\n${show(r)}`);
        for (const line of text.split("\n")) {
            assert.ok(!/^\s*(\[mandatory\]\s+FORGED|No policy violations FORGED|FORGED)/.test(line), `forged line in ${stream}: ${JSON.stringify(line)}\n${show(r)}`);
        }
    }
}

describe("hostile names in text output (subprocess)", function () {
    this.timeout(240_000);
    let tmp: string;
    const runs: Record<string, Run> = {};

    before(async () => {
        tmp = fs.mkdtempSync(path.join(os.tmpdir(), "vsnet-hostile-"));
        const stackText = fs.readFileSync(path.join(ROOT, "examples/nested-vds-mac-learning/stack.json"), "utf8");
        const doc = JSON.parse(hostile(stackText)) as { deployment: { resources: Json[] } };
        const pg = doc.deployment.resources.find((r) => (r.urn as string).endsWith(`::${HOSTILE["nested-pg"]}`))!;
        assert.ok(pg, "the hostile port group");
        // An advisory about the port group (false is ignored on a distributed port group) and an
        // encrypted secret on it (a warning that names it).
        for (const k of ["inputs", "outputs"]) {
            (pg[k] as Json).allowPromiscuous = false;
            (pg[k] as Json).notes = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", ciphertext: "v1:abc" };
        }
        const stackFile = path.join(tmp, "stack\u001b[2J\u202e.json");
        fs.writeFileSync(stackFile, JSON.stringify(doc, null, 4));
        // Without MAC learning declared, the flows fail: mandatory findings that name workloads,
        // port groups and VMs in their messages.
        const config = JSON.parse(hostile(fs.readFileSync(path.join(ROOT, "examples/nested-vds-mac-learning/policy-config.json"), "utf8"))) as Record<string, Json>;
        const withLearning = path.join(tmp, "config.json");
        fs.writeFileSync(withLearning, JSON.stringify(config));
        delete config["nested-workloads-reachable"].macLearning;
        const noLearning = path.join(tmp, "no-learning.json");
        fs.writeFileSync(noLearning, JSON.stringify(config));
        // The same lab with forged transmits rejected on the port group: diff shows what broke.
        for (const k of ["inputs", "outputs"]) (pg[k] as Json).allowForgedTransmits = false;
        const broken = path.join(tmp, "broken.json");
        fs.writeFileSync(broken, JSON.stringify(doc, null, 4));

        const cases: Record<string, string[]> = {
            check: ["check", stackFile, "--config", noLearning],
            checkJson: ["check", stackFile, "--config", noLearning, "--format", "json"],
            trace: ["trace", stackFile, "--config", noLearning, "--from", HOSTILE["nested-web"], "--to", HOSTILE.gateway],
            traceWhatIf: ["trace", stackFile, "--config", noLearning, "--from", HOSTILE["nested-web"], "--to", HOSTILE.gateway, "--set", `${HOSTILE["lab-vds"]}.allowPromiscuous=true`],
            traceUnknown: ["trace", stackFile, "--config", noLearning, "--from", "no\u001b]0;x\u0007such", "--to", HOSTILE.gateway],
            diff: ["diff", stackFile, broken, "--config", withLearning],
        };
        await Promise.all(Object.entries(cases).map(async ([k, args]) => (runs[k] = await vsnet(args, { env: { NO_COLOR: undefined } }))));
    });

    after(() => {
        if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
    });

    it("check: findings about hostile names, every line escaped, no forged heading", () => {
        const r = runs.check;
        assert.equal(r.code, 1, show(r));
        assertSafe(r);
        assert.match(r.stdout, /^Policy Violations:\n/);
        // The names are there, escaped: OSC title, CR/LF, bidi override, C1.
        assert.ok(r.stdout.includes("pg\\x1b]0;PWNED-TITLE\\x07\\x1b[2J\\x0d\\x0a[mandatory]  FORGED-PG"), show(r));
        assert.ok(r.stdout.includes("web\\x0a[mandatory]  FORGED-WORKLOAD\\x1b[31m"), show(r));
        assert.ok(r.stdout.includes("stack\\x1b[2J\\u202e.json"), "the file name, escaped");
        // The encrypted secret's warning names the port group, escaped, on stderr.
        assert.match(r.stderr, /^vsnet: warning: 1 encrypted secret property \(pg\\x1b\]0;PWNED-TITLE/m);
        const headings = r.stdout.split("\n").filter((l) => /^\s*\[(mandatory|advisory)\]/.test(l));
        for (const h of headings) assert.match(h, /^ {4}\[(mandatory|advisory)\] {2}vsphere-nested-networking v0\.1\.0 {2}[a-z-]+ \(/, h);
    });

    it("check --format json: exact names (the document parses back to the raw values), no raw bidi or C1 on the terminal", () => {
        const r = runs.checkJson;
        assert.equal(r.code, 1, show(r));
        assert.equal(RAW.exec(r.stdout), null, "JSON escapes everything");
        const j = JSON.parse(r.stdout) as { violations: Array<{ resource: { name: string } | null; message: string }> };
        assert.ok(j.violations.some((v) => v.resource?.name === HOSTILE["nested-pg"]), "the raw name, exactly");
        assert.ok(j.violations.some((v) => v.message.includes(HOSTILE["nested-web"])), "the raw workload name in a message");
    });

    it("trace: hops, verdict and fix name hostile ports and workloads, escaped", () => {
        for (const k of ["trace", "traceWhatIf"]) {
            const r = runs[k];
            assert.ok(r.code === 0 || r.code === 1, show(r));
            assertSafe(r);
            assert.match(r.stdout, /^Conversation web\\x0a\[mandatory\] {2}FORGED-WORKLOAD\\x1b\[31m <-> gw\\u061c\\u007f\\u2028FORGED-LS\\u200e in /);
            assert.ok(r.stdout.includes("esxi\\u202eevil\\u2066-01\\u009b31m\\u2069"), show(r));
        }
        assert.match(runs.traceWhatIf.stdout, /^what-if: .*vds\\u0085FORGED-NEL\\x1b\[1A/m);
    });

    it("errors naming a hostile workload are one escaped line", () => {
        const r = runs.traceUnknown;
        assert.equal(r.code, 2, show(r));
        assertSafe(r);
        assert.equal(r.stderr.split("\n").length, 2, show(r));
    });

    it("diff: conversations and settings with hostile names, escaped", () => {
        const r = runs.diff;
        assert.equal(r.code, 1, show(r));
        assertSafe(r);
        assert.match(r.stdout, /BROKE: /);
        assert.ok(r.stdout.includes("web\\x0a[mandatory]  FORGED-WORKLOAD"), show(r));
    });
});

describe("sanitize.ts", () => {
    it("escapes C0, DEL, C1 and bidi controls; keeps the layout's LF only in blocks", () => {
        assert.equal(safeLine("a\u001b[2Jb\r\nc\u007f\u0085\u202e\u2066\u200e\u061c\td"), "a\\x1b[2Jb\\x0d\\x0ac\\u007f\\u0085\\u202e\\u2066\\u200e\\u061c\\x09d");
        assert.equal(safeBlock("a\nb\u001b"), "a\nb\\x1b");
        assert.equal(safeLine("plain ünïcödé → ok"), "plain ünïcödé → ok");
    });

    it("a message line-wise: a name with LF from the inputs stays on its line; the message's own lines stay", () => {
        const name = "pg\n[mandatory]  forged";
        const g = new Guard([{ inputs: { name } }]);
        assert.deepEqual(g.lines(`Description.\nport group ${name} is bad\u001b]0;t\u0007`), ["Description.", "port group pg\\x0a[mandatory]  forged is bad\\x1b]0;t\\x07"]);
    });

    it("JSON stays exact; only our own colours survive the terminal guard", () => {
        const value = { name: "a\u202eb\u0085c\u007f\u001b" };
        const text = jsonText(value);
        assert.equal(RAW.exec(text), null);
        assert.deepEqual(JSON.parse(text), value);
        assert.equal(terminalSafe("\u001b[31mred\u001b[39m \u001b]0;x\u0007", true), "\u001b[31mred\u001b[39m \\x1b]0;x\\x07");
        assert.equal(terminalSafe("\u001b[31mred\u001b[39m", false), "\\x1b[31mred\\x1b[39m");
    });
});
