/**
 * SARIF for code scanning (issue 14, item 1): results on the program's lines (`sourcePosition` and
 * `--project-dir`), `relatedLocations` for every resource of a stack finding, fingerprints from the
 * finding's identity (distinct in a run, kept across runs of a changed lab, the same in `check` and
 * `diff`), specific first sentences, readable rule names, `helpUri`, `informationUri`, and the
 * `security` marks only on policies about security. Every log validates against the SARIF 2.1.0
 * schema. In-process units first, then `vsnet` as a subprocess on examples/nested-vss-t2, whose
 * Pulumi program (index.ts) is committed beside its preview.
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import Ajv from "ajv";
import addFormats from "ajv-formats";
import { fingerprints, identityOf } from "../../findings/identity";
import { isSecurityRule, type Finding, type Rule } from "../../findings/model";
import { ruleName, sarifLog } from "../../findings/sarif";
import { parseSourcePosition, programPosition } from "../../findings/source";
import { loadStack } from "../../cli/stack-file";
import { policies } from "../../policies";
import { ROOT, show, vsnet, type Run } from "./run";

const SCHEMA = path.join(ROOT, "tests", "fixtures", "sarif", "sarif-schema-2.1.0.json");
const LAB = "examples/nested-vss-t2";
const PROGRAM = `${LAB}/index.ts`;

type Json = Record<string, unknown>;
interface Loc {
    physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string; index?: number }; region?: { startLine: number; startColumn?: number } };
    logicalLocations?: Array<{ name: string; fullyQualifiedName: string; kind: string }>;
    id?: number;
    message?: { text: string };
}
interface Result {
    ruleId: string;
    level: string;
    message: { text: string };
    locations: Loc[];
    relatedLocations?: Loc[];
    partialFingerprints: Record<string, string>;
}
interface Log {
    runs: Array<{
        tool: { driver: { name: string; informationUri?: string; rules: Array<{ id: string; name: string; helpUri?: string; properties: Json }> } };
        artifacts: Array<{ location: { uri: string } }>;
        results: Result[];
        invocations: Array<{ toolExecutionNotifications?: Array<{ message: { text: string } }> }>;
    }>;
}

const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const validate = ajv.compile(JSON.parse(fs.readFileSync(SCHEMA, "utf8")) as object);

function sarif(text: string): Log {
    const doc = JSON.parse(text) as Log;
    assert.ok(validate(doc), `SARIF does not validate: ${JSON.stringify(validate.errors, null, 2)}`);
    return doc;
}

/** The line of the program that declares a resource named `name` (the `new vsphere.X(\`<prefix>-${n}\`` line). */
function declaredAt(name: string): number {
    const prefix = name.replace(/-\d+$/, "");
    const lines = fs.readFileSync(path.join(ROOT, PROGRAM), "utf8").split("\n");
    const i = lines.findIndex((l) => l.includes("new vsphere.") && l.includes(`\`${prefix}-\${n}\``));
    assert.ok(i >= 0, name);
    return i + 1;
}

const FP = "vsnetFinding/v2";
const fp = (r: Result) => r.partialFingerprints[FP];
/** What a reader sees of a finding: its rule, resource and first line. */
const seen = (r: Result) => `${r.ruleId}|${r.locations[0].logicalLocations?.[0]?.name ?? "(stack)"}|${r.message.text.split("\n")[0]}`;

describe("SARIF for code scanning", function () {
    this.timeout(240_000);

    describe("source positions (in-process)", () => {
        it("reads project:/// and file:/// positions, with and without a column; refuses anything else", () => {
            assert.deepEqual(parseSourcePosition("project:///index.ts#42,5"), { base: "project", path: "index.ts", line: 42, column: 5 });
            assert.deepEqual(parseSourcePosition("project:///src/lab%20one/main.ts#7"), { base: "project", path: "src/lab one/main.ts", line: 7 });
            assert.deepEqual(parseSourcePosition("file:///home/u/lib/x.ts#3,1"), { base: "file", path: "/home/u/lib/x.ts", line: 3, column: 1 });
            for (const bad of ["index.ts:42", "project:///index.ts", "project:///index.ts#0", "project:///../etc/passwd#1", "project:///#1", "project:///a%ZZ#1", "http://x/y#1"]) {
                assert.equal(parseSourcePosition(bad), undefined, bad);
            }
        });

        it("a resource registered by a library component is placed at the first frame of the user's program", () => {
            const lib = "project:///node_modules/@acme/lab/index.js#10,3";
            assert.deepEqual(programPosition({ sourcePosition: lib, stackTrace: [lib, "project:///node_modules/@acme/lab/pg.js#4", "project:///infra/main.ts#21,9"] }), { base: "project", path: "infra/main.ts", line: 21, column: 9 });
            assert.deepEqual(programPosition({ sourcePosition: lib }), { base: "project", path: "node_modules/@acme/lab/index.js", line: 10, column: 3 }, "no better frame: the library line");
            assert.equal(programPosition({}), undefined);
        });

        it("the stack reader keeps sourcePosition and stackTrace from an export and from a preview", () => {
            const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "vsnet-srcpos-"));
            try {
                const vm = "urn:pulumi:dev::p::vsphere:index/virtualMachine:VirtualMachine::vm";
                const file = path.join(tmp, "export.json");
                fs.writeFileSync(file, JSON.stringify({ version: 3, deployment: { manifest: {}, resources: [{ urn: vm, custom: true, type: "vsphere:index/virtualMachine:VirtualMachine", inputs: {}, outputs: {}, sourcePosition: "project:///index.ts#42,5", stackTrace: [{ sourcePosition: "project:///index.ts#42,5" }, { sourcePosition: "project:///main.ts#3" }, { nope: 1 }] }] } }));
                const r = loadStack(file).resources[0];
                assert.equal(r.sourcePosition, "project:///index.ts#42,5");
                assert.deepEqual(r.stackTrace, ["project:///index.ts#42,5", "project:///main.ts#3"]);
                const preview = loadStack(path.join(ROOT, LAB, "preview.json"));
                assert.equal(preview.resources.find((x) => x.name === "nested-pg-01")?.sourcePosition, "project:///index.ts#25,22");
                assert.equal(preview.resources.find((x) => x.type === "pulumi:pulumi:Stack")?.sourcePosition, undefined);
            } finally {
                fs.rmSync(tmp, { recursive: true, force: true });
            }
        });
    });

    describe("identity and fingerprints (in-process)", () => {
        const URN = "urn:pulumi:lab::p::vsphere:index/hostVirtualSwitch:HostVirtualSwitch::sw";
        it("the subject ignores the details a finding's wording carries; distinct problems get distinct identities", () => {
            const a = identityOf("security-settings-least-privilege", URN, "promiscuous mode is accepted on the whole HostVirtualSwitch sw: it reaches 2 port group(s) (a, b) and none needs it. Set ...");
            const b = identityOf("security-settings-least-privilege", URN, "promiscuous mode is accepted on the whole HostVirtualSwitch sw: no port group in this stack inherits it. Set ...");
            const c = identityOf("security-settings-least-privilege", URN, "forged transmits is accepted on the whole HostVirtualSwitch sw: no port group in this stack inherits it. Set ...");
            assert.deepEqual(a, b);
            assert.notDeepEqual(a, c);
            assert.equal(a.setting, "promiscuous mode");
            const blocked = identityOf("nested-workloads-reachable", URN, "x <-> y: blocked: ...", ["x", "y"]);
            const oneWay = identityOf("nested-workloads-reachable", URN, "x <-> y: one-way: ...", ["x", "y"]);
            assert.deepEqual(blocked, oneWay, "a conversation is the same finding whatever its verdict");
            assert.notDeepEqual(blocked, identityOf("nested-workloads-reachable", URN, "x <-> z: blocked", ["x", "z"]));
        });

        it("two findings with one identity still get distinct fingerprints, stable by order", () => {
            const id = identityOf("uplink-teaming", URN, "Internal error checking uplink teaming: boom");
            const [p1, p2, p3] = fingerprints([id, id, identityOf("uplink-teaming", URN, "Internal error checking uplink teaming: bang")]);
            assert.notEqual(p1, p2);
            assert.notEqual(p1, p3);
            assert.deepEqual(fingerprints([id, id]), [p1, p2]);
        });
    });

    describe("rules and the log (in-process)", () => {
        it("every policy of the pack has a url (https) for helpUri; the security ones cite their framework", () => {
            for (const p of policies) {
                assert.match(p.url ?? "", /^https:\/\/\S+$/, p.name);
                if (isSecurityRule({ tags: p.tags ?? [] })) {
                    assert.equal(p.framework?.name, "VMware vSphere Security Configuration Guide", p.name);
                    assert.match(p.framework?.specification ?? "", /network-reject-/, p.name);
                }
            }
            assert.deepEqual(policies.filter((p) => p.tags?.includes("security")).map((p) => p.name), ["security-settings-explicit", "security-settings-least-privilege", "promiscuous-exposure"]);
            assert.equal(ruleName("nested-workloads-reachable"), "NestedWorkloadsReachable");
        });

        it("informationUri is the tool's homepage when it has one; a stack finding is placed at the input file", () => {
            const rule: Rule = { id: "p", description: "D.", remediation: "R", severity: "low", enforcementLevel: "advisory", policyType: "stack", tags: [], url: null, framework: null };
            const finding: Finding = { policy: "p", level: "advisory", severity: "low", message: "It.", title: "It.", resource: null, related: [], identity: identityOf("p", undefined, "It."), fingerprint: "f" };
            const target = { path: "stack.json", absolute: false, program: false };
            const base = { rules: [rule], findings: [finding], locate: () => target, target, srcRoot: ROOT };
            const withUri = sarif(JSON.stringify(sarifLog({ ...base, tool: { name: "vsnet", version: "1", fullName: "vsnet 1", informationUri: "https://example.org/vsnet" } })));
            assert.equal(withUri.runs[0].tool.driver.informationUri, "https://example.org/vsnet");
            assert.equal(withUri.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri, "stack.json");
            const without = sarif(JSON.stringify(sarifLog({ ...base, tool: { name: "vsnet", version: "1", fullName: "vsnet 1" } })));
            assert.equal(without.runs[0].tool.driver.informationUri, undefined);
        });
    });

    describe("vsnet check and diff (subprocess)", () => {
        let tmp: string;
        const runs: Record<string, Run> = {};
        const args = (file: string, ...more: string[]) => ["check", file, "--config", `${LAB}/policy-config.json`, "--format", "sarif", "--fail-on", "never", ...more];

        before(async () => {
            tmp = fs.mkdtempSync(path.join(os.tmpdir(), "vsnet-sarif-"));
            // The lab changed: nested-pg-02 now accepts forged transmits (nested-db's side is fixed, nested-web's is not).
            const doc = JSON.parse(fs.readFileSync(path.join(ROOT, LAB, "preview.json"), "utf8")) as { steps: Array<{ urn: string; newState?: Json }> };
            for (const s of doc.steps) if (s.urn.endsWith("::nested-pg-02") && s.newState) for (const k of ["inputs", "outputs"]) if (s.newState[k]) (s.newState[k] as Json).allowForgedTransmits = true;
            // Outside the lab: --project-dir says where the program is (and without it, nothing does).
            fs.writeFileSync(path.join(tmp, "changed.json"), JSON.stringify(doc, null, 4));
            const cases: Record<string, string[]> = {
                lab: args(`${LAB}/preview.json`),
                changed: args(path.join(tmp, "changed.json"), "--project-dir", LAB),
                noProject: args(path.join(tmp, "changed.json")),
                wrongProject: args(`${LAB}/preview.json`, "--project-dir", "examples"),
                missingProject: args(`${LAB}/preview.json`, "--project-dir", "examples/no-such-dir"),
                macvlan: ["check", "examples/macvlan-promiscuous-shared/stack.json", "--config", "examples/macvlan-promiscuous-shared/policy-config.json", "--format", "sarif", "--fail-on", "never"],
                diff: ["diff", path.join(tmp, "changed.json"), `${LAB}/preview.json`, "--config", `${LAB}/policy-config.json`, "--format", "sarif", "--fail-on", "never", "--project-dir", LAB],
            };
            const done = await Promise.all(Object.entries(cases).map(async ([k, a]) => [k, await vsnet(a)] as const));
            for (const [k, r] of done) runs[k] = r;
        });
        after(() => tmp && fs.rmSync(tmp, { recursive: true, force: true }));

        it("places every finding on the line of the committed program that declares its resource", () => {
            const r = runs.lab;
            assert.equal(r.code, 0, show(r));
            assert.equal(r.stderr, "", "the lab's Pulumi.yaml is found next to its preview");
            const run = sarif(r.stdout).runs[0];
            assert.ok(run.results.length >= 9, show(r));
            for (const res of run.results) {
                const loc = res.locations[0];
                const name = loc.logicalLocations![0].name;
                assert.equal(loc.physicalLocation.artifactLocation.uri, PROGRAM, seen(res));
                assert.equal(loc.physicalLocation.artifactLocation.uriBaseId, "%SRCROOT%");
                assert.equal(loc.physicalLocation.region?.startLine, declaredAt(name), seen(res));
                assert.ok(loc.physicalLocation.region?.startColumn, seen(res));
                assert.equal(run.artifacts[loc.physicalLocation.artifactLocation.index!].location.uri, PROGRAM);
            }
        });

        it("a conversation lists every resource it involves as related locations, each on its own line", () => {
            const run = sarif(runs.lab.stdout).runs[0];
            const blocked = run.results.find((x) => x.message.text.startsWith("nested-web <-> nested-db: blocked"))!;
            assert.ok(blocked, "the blocked conversation");
            const related = blocked.relatedLocations!.map((l) => l.logicalLocations![0].name).sort();
            assert.deepEqual(related, ["esxi-02", "lab-vswitch-01", "lab-vswitch-02", "nested-pg-01", "nested-pg-02"]);
            for (const l of blocked.relatedLocations!) {
                assert.equal(l.physicalLocation.region?.startLine, declaredAt(l.logicalLocations![0].name));
                assert.match(l.message!.text, /^(VirtualMachine|HostPortGroup|HostVirtualSwitch) /);
            }
            assert.deepEqual(blocked.relatedLocations!.map((l) => l.id), blocked.relatedLocations!.map((_, i) => i + 1));
        });

        it("each result's first sentence is its own; no result starts with the policy description", () => {
            const run = sarif(runs.lab.stdout).runs[0];
            const firsts = run.results.map((x) => x.message.text.split("\n")[0]);
            assert.equal(new Set(firsts).size, firsts.length, firsts.join("\n"));
            for (const p of policies) assert.ok(!run.results.some((x) => x.message.text.startsWith(p.description)), p.name);
        });

        it("rules: readable names, helpUri from the policy's url, security tags and severity only where the policy is about security", () => {
            const run = sarif(runs.lab.stdout).runs[0];
            for (const rule of run.tool.driver.rules) {
                const p = policies.find((x) => x.name === rule.id)!;
                assert.equal(rule.name, ruleName(p.name));
                assert.match(rule.name, /^[A-Z][A-Za-z]+$/);
                assert.equal(rule.helpUri, p.url);
                const tags = rule.properties.tags as string[];
                assert.equal(tags.includes("security"), "security-severity" in rule.properties, rule.id);
            }
            const props = (id: string) => run.tool.driver.rules.find((x) => x.id === id)!.properties;
            assert.equal(props("nested-workloads-reachable")["security-severity"], undefined, "a connectivity finding is not a security alert");
            assert.equal(props("security-settings-least-privilege")["security-severity"], "5.5");
            assert.equal(props("promiscuous-exposure")["security-severity"], "8.0");
        });

        it("fingerprints: distinct in a run; unchanged findings keep theirs when the lab changes, and a conversation keeps its own when its verdict changes", () => {
            const before = sarif(runs.lab.stdout).runs[0].results;
            const after = sarif(runs.changed.stdout).runs[0].results;
            for (const rs of [before, after]) assert.equal(new Set(rs.map(fp)).size, rs.length, "no two results share a fingerprint");
            const was = new Map(before.map((x) => [seen(x), fp(x)]));
            const unchanged = after.filter((x) => was.has(seen(x)));
            assert.ok(unchanged.length >= 6, `most findings stand: ${unchanged.map(seen).join("\n")}`);
            for (const x of unchanged) assert.equal(fp(x), was.get(seen(x)), seen(x));
            // Changed in wording, same problem: the conversation nested-web <-> nested-db, nested-pg-02's implicit settings.
            const conv = (rs: Result[]) => rs.find((x) => x.message.text.startsWith("nested-web <-> nested-db: "))!;
            assert.notEqual(conv(before).message.text.split("\n")[0], conv(after).message.text.split("\n")[0], "its verdict changed");
            assert.equal(fp(conv(after)), fp(conv(before)));
            const implicit = (rs: Result[]) => rs.find((x) => x.ruleId === "security-settings-explicit" && x.locations[0].logicalLocations![0].name === "nested-pg-02")!;
            assert.notEqual(implicit(before).message.text, implicit(after).message.text);
            assert.equal(fp(implicit(after)), fp(implicit(before)));
            // Fixed findings are gone, and nothing new took an old fingerprint.
            assert.ok(!after.some((x) => x.message.text.startsWith("nested-db <-> gateway")));
            const oldPrints = new Set(before.map(fp));
            for (const x of after) if (!before.some((y) => seen(y) === seen(x)) && x !== conv(after) && x !== implicit(after)) assert.ok(!oldPrints.has(fp(x)), seen(x));
        });

        it("in two labs, the pack's own findings get distinct identities, each read from its message's shape (not its wording)", () => {
            for (const r of [runs.lab, runs.macvlan]) {
                const results = sarif(r.stdout).runs[0].results as Array<Result & { properties?: { workloads?: string[] } }>;
                const ids = results.map((x) => identityOf(x.ruleId, x.locations[0].logicalLocations?.[0].fullyQualifiedName, x.message.text, x.properties?.workloads ?? []));
                const keys = ids.map((id) => JSON.stringify(id));
                assert.equal(new Set(keys).size, keys.length, keys.join("\n"));
                for (const id of ids) assert.notEqual(id.subject, results[ids.indexOf(id)].message.text.split("\n")[0], `a known shape: ${id.subject}`);
            }
        });

        it("diff: a conversation the change breaks has the fingerprint check gives it", () => {
            const r = runs.diff;
            assert.equal(r.code, 0, show(r));
            const results = sarif(r.stdout).runs[0].results;
            const broke = results.find((x) => x.message.text.startsWith("nested-db <-> gateway: "))!;
            assert.ok(broke, show(r));
            const inCheck = sarif(runs.lab.stdout).runs[0].results.find((x) => x.message.text.startsWith("nested-db <-> gateway: "))!;
            assert.equal(fp(broke), fp(inCheck));
            assert.equal(broke.locations[0].physicalLocation.artifactLocation.uri, PROGRAM);
            assert.ok(broke.relatedLocations!.length >= 2);
        });

        it("no Pulumi.yaml, or one where the program is not: today's location in the saved stack, with one warning; a missing --project-dir is exit 3", () => {
            const none = runs.noProject;
            assert.equal(none.code, 0, show(none));
            assert.match(none.stderr, /^vsnet: warning: the saved stack records where the program declares each resource, but no Pulumi\.yaml was found .* pass --project-dir/m);
            const res = sarif(none.stdout).runs[0];
            assert.ok(res.results.every((x) => x.locations[0].physicalLocation.artifactLocation.uri.endsWith("changed.json")), show(none));
            assert.ok(res.results.every((x) => !x.locations[0].logicalLocations || x.locations[0].physicalLocation.region!.startLine > 1));
            assert.match(res.invocations[0].toolExecutionNotifications!.map((n) => n.message.text).join("\n"), /no Pulumi\.yaml was found/);

            const wrong = runs.wrongProject;
            assert.equal(wrong.code, 0, show(wrong));
            assert.match(wrong.stderr, /vsnet: warning: 1 program file named by the saved stack \(index\.ts\) is not in the project directory examples: .* is --project-dir right\?/);
            assert.ok(sarif(wrong.stdout).runs[0].results.every((x) => x.locations[0].physicalLocation.artifactLocation.uri === `${LAB}/preview.json`));

            const missing = runs.missingProject;
            assert.equal(missing.code, 3, show(missing));
            assert.match(missing.stderr, /^vsnet: error: --project-dir examples\/no-such-dir: no such directory\n$/);
            assert.equal(sarif(missing.stdout).runs[0].results.length, 0, "a failed run still writes a valid log");
        });
    });
});
