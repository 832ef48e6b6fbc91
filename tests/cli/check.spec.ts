/**
 * `vsnet check` as a subprocess on the example labs: exit codes, the text summary, the JSON shape,
 * and SARIF that validates against the SARIF 2.1.0 schema. Every run starts the pack through the
 * analyzer protocol (about a second), so the runs start in `before`, as many at once as there are
 * cores (`tests/cli/run.ts`).
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import Ajv from "ajv";
import addFormats from "ajv-formats";
import { policies } from "../../policies";
import { example, ROOT, show, vsnet, type Run } from "./run";

const SCHEMA = path.join(ROOT, "tests", "fixtures", "sarif", "sarif-schema-2.1.0.json");

function validateSarif(text: string): Record<string, unknown> {
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    const validate = ajv.compile(JSON.parse(fs.readFileSync(SCHEMA, "utf8")) as object);
    const doc = JSON.parse(text) as Record<string, unknown>;
    assert.ok(validate(doc), `SARIF does not validate: ${JSON.stringify(validate.errors, null, 2)}`);
    return doc;
}

/** The line of `"urn": "<urn>"` in a file, 1-based. */
function lineOfUrn(file: string, urn: string): number {
    const text = fs.readFileSync(path.resolve(ROOT, file), "utf8");
    const at = text.indexOf(`"urn": ${JSON.stringify(urn)}`);
    assert.ok(at >= 0, urn);
    return text.slice(0, at).split("\n").length;
}

interface Sarif {
    runs: Array<{
        tool: { driver: { name: string; rules: Array<{ id: string; shortDescription: { text: string }; help: { text: string }; defaultConfiguration: { level: string }; properties: Record<string, unknown> }> } };
        results: Array<{ ruleId: string; ruleIndex: number; level: string; message: { text: string }; locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region?: { startLine: number } }; logicalLocations?: Array<{ name: string; fullyQualifiedName: string; kind: string }> }> }>;
    }>;
}

interface CheckJson {
    schemaVersion: number;
    tool: { name: string; version: string };
    input: { file: string; format: string; resources: number; warnings: string[] };
    policyPack: { name: string; version: string };
    policies: Array<{ name: string; description: string; type: string; enforcementLevel: string; severity: string | null; tags: string[]; remediation: string; url: string | null }>;
    violations: Array<{ policy: string; enforcementLevel: string; severity: string | null; resource: { urn: string; name: string; type: string | null; line: number | null } | null; message: string }>;
    summary: { mandatory: number; advisory: number; failOn: string; failed: boolean };
}

describe("vsnet check (subprocess, real analyzer protocol)", function () {
    // The runs start with bounded concurrency (tests/cli/run.ts): a few at a time on a small machine.
    this.timeout(240_000);
    const runs: Record<string, Run> = {};
    let tmp: string;

    before(async () => {
        tmp = fs.mkdtempSync(path.join(os.tmpdir(), "vsnet-check-"));
        // The working lab with secrets: an encrypted allowForgedTransmits on the nested port group, and
        // esxi-02's NIC list exported with --show-secrets (plaintext).
        const stack = JSON.parse(fs.readFileSync(path.join(ROOT, "examples/nested-vds-mac-learning/stack.json"), "utf8"));
        for (const r of stack.deployment.resources) {
            if (r.urn.endsWith("::nested-pg")) {
                for (const k of ["inputs", "outputs"]) r[k].allowForgedTransmits = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", ciphertext: "v1:c2VjcmV0:VERYSECRETCIPHERTEXT" };
            }
            if (r.urn.endsWith("::esxi-02")) {
                for (const k of ["inputs", "outputs"]) r[k].networkInterfaces = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", plaintext: JSON.stringify(r[k].networkInterfaces) };
            }
        }
        fs.writeFileSync(path.join(tmp, "secrets.json"), JSON.stringify(stack, null, 4));
        // The working lab where the nested port group says allowPromiscuous: false — ignored by the
        // provider (T3): one advisory and nothing else.
        const t3 = JSON.parse(fs.readFileSync(path.join(ROOT, "examples/nested-vds-mac-learning/stack.json"), "utf8"));
        for (const r of t3.deployment.resources) if (r.urn.endsWith("::nested-pg")) for (const k of ["inputs", "outputs"]) r[k].allowPromiscuous = false;
        fs.writeFileSync(path.join(tmp, "t3.json"), JSON.stringify(t3, null, 4));

        const cases: Record<string, string[]> = {
            aText: ["check", ...example("nested-vds-mac-learning", "stack.json")],
            aJsonAdvisory: ["check", path.join(tmp, "t3.json"), "--config", "examples/nested-vds-mac-learning/policy-config.json", "--format", "json", "--fail-on", "advisory"],
            aT3Text: ["check", path.join(tmp, "t3.json"), "--config", "examples/nested-vds-mac-learning/policy-config.json"],
            bText: ["check", ...example("nested-vss-t2", "preview.json")],
            bSarifNever: ["check", ...example("nested-vss-t2", "preview.json"), "--format", "sarif", "--fail-on", "never"],
            cJson: ["check", ...example("macvlan-promiscuous-shared", "stack.json"), "--format", "json"],
            cSarif: ["check", ...example("macvlan-promiscuous-shared", "stack.json"), "--format=sarif"],
            secrets: ["check", path.join(tmp, "secrets.json"), "--config", "examples/nested-vds-mac-learning/policy-config.json", "--format", "json"],
            otherPack: ["check", "examples/nested-vds-mac-learning/stack.json", "--pack", "tests/fixtures/harness-pack"],
        };
        const results = await Promise.all(Object.entries(cases).map(async ([k, args]) => [k, await vsnet(args, { env: { NO_COLOR: undefined } })] as const));
        for (const [k, r] of results) runs[k] = r;
    });

    after(() => {
        if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
    });

    it("the working lab (stack export): exit 0 and nothing to report", () => {
        const r = runs.aText;
        assert.equal(r.code, 0, show(r));
        assert.equal(r.stderr, "");
        assert.equal(r.stdout, "No policy violations: vsphere-nested-networking v0.1.0 checked 8 resources of examples/nested-vds-mac-learning/stack.json (pulumi stack export).\n");
    });

    it("an advisory only: grouped like Pulumi's summary, passes at --fail-on mandatory, no colour when not a terminal", () => {
        const r = runs.aT3Text;
        assert.equal(r.code, 0, show(r));
        assert.match(r.stdout, /^Policy Violations:\n/);
        assert.ok(!r.stdout.includes("[mandatory]"), show(r));
        assert.ok(r.stdout.includes("    [advisory]  vsphere-nested-networking v0.1.0  security-settings-explicit (nested-pg: vsphere:index/distributedPortGroup:DistributedPortGroup)\n"), show(r));
        assert.match(r.stdout, /0 mandatory violations and 1 advisory violation(s)? in 8 resources of .*t3\.json \(pulumi stack export\): passes at --fail-on mandatory\./);
        assert.ok(!r.stdout.includes("\u001b["), "no ANSI codes on a pipe");
    });

    it("--fail-on advisory turns the same advisories into exit 1; the JSON has the documented shape", () => {
        const r = runs.aJsonAdvisory;
        assert.equal(r.code, 1, show(r));
        const j = JSON.parse(r.stdout) as CheckJson;
        assert.equal(j.schemaVersion, 1);
        assert.equal(j.tool.name, "vsnet");
        assert.equal(j.input.format, "stack-export");
        assert.equal(j.input.resources, 8);
        assert.deepEqual(j.policyPack, { name: "vsphere-nested-networking", version: "0.1.0" });
        assert.deepEqual(j.policies.map((p) => p.name), policies.map((p) => p.name));
        for (const p of j.policies) {
            const source = policies.find((x) => x.name === p.name)!;
            assert.equal(p.description, source.description);
            assert.equal(p.remediation, source.remediationSteps);
            assert.equal(p.severity, source.severity);
            assert.ok(["resource", "stack"].includes(p.type));
        }
        assert.deepEqual(j.summary, { mandatory: 0, advisory: 1, failOn: "advisory", failed: true });
        assert.equal(j.violations.length, 1);
        for (const v of j.violations) {
            assert.deepEqual(Object.keys(v), ["policy", "enforcementLevel", "severity", "resource", "message"]);
            assert.equal(v.policy, "security-settings-explicit");
            assert.equal(v.enforcementLevel, "advisory");
            assert.ok(v.resource);
            assert.equal(v.resource.type, "vsphere:index/distributedPortGroup:DistributedPortGroup");
            assert.equal(v.resource.line, lineOfUrn(j.input.file, v.resource.urn));
            assert.match(v.message, /sets allowPromiscuous to false, which the provider ignores/);
        }
        assert.deepEqual(j.violations.map((v) => v.resource!.name), ["nested-pg"]);
    });

    it("the standard-switch lab (preview --json): exit 1; mandatory first, naming the rule, T2 and the smallest fix", () => {
        const r = runs.bText;
        assert.equal(r.code, 1, show(r));
        assert.equal(r.stderr, "", "a full preview (--show-sames) gives no warning");
        const out = r.stdout;
        const heading = "    [mandatory]  vsphere-nested-networking v0.1.0  nested-workloads-reachable (esxi-01: vsphere:index/virtualMachine:VirtualMachine)\n";
        assert.ok(out.includes(heading), show(r));
        // The message follows the heading, indented, starting with the policy's description.
        assert.ok(out.includes(`${heading}    Nested workloads (VMs inside nested hypervisors`), show(r));
        assert.match(out, /nested-web <-> gateway: one-way: gateway -> nested-web works, nested-web -> gateway is dropped\./);
        assert.match(out, /rule S1/);
        assert.match(out, /allowForgedTransmits unset\) \[T2\]/);
        assert.match(out, /Smallest fix: set allowForgedTransmits: true on HostPortGroup nested-pg-01\./);
        assert.ok(out.includes("    [advisory]  vsphere-nested-networking v0.1.0  security-settings-explicit (nested-pg-01: vsphere:index/hostPortGroup:HostPortGroup)"), show(r));
        assert.ok(out.lastIndexOf("[mandatory]") < out.indexOf("[advisory]"), "mandatory before advisory");
        // The two advisories beyond the security ones: each nested port group leaves notifySwitches
        // unset, which provider 4.15.0 and later send as "no" (T5, U8).
        assert.match(out, /uplink-teaming \(nested-pg-01: vsphere:index\/hostPortGroup:HostPortGroup\)/);
        assert.match(out, /3 mandatory violations and 8 advisory violations in 8 resources of examples\/nested-vss-t2\/preview\.json \(pulumi preview --json\): fails at --fail-on mandatory\.\n$/);
    });

    it("SARIF for the standard-switch lab validates against SARIF 2.1.0: one rule per policy, results with URN and file locations", () => {
        const r = runs.bSarifNever;
        assert.equal(r.code, 0, `--fail-on never: ${show(r)}`);
        const doc = validateSarif(r.stdout) as unknown as Sarif;
        assert.equal(doc.runs.length, 1);
        const run = doc.runs[0];
        assert.equal(run.tool.driver.name, "vsnet");
        assert.deepEqual(run.tool.driver.rules.map((x) => x.id), policies.map((p) => p.name));
        const reach = run.tool.driver.rules.find((x) => x.id === "nested-workloads-reachable")!;
        assert.equal(reach.defaultConfiguration.level, "error");
        assert.match(reach.help.text, /^Apply the fix named in the violation/);
        assert.deepEqual(reach.properties.tags, ["vsphere", "networking", "nested-virtualization"]);
        assert.equal(reach.properties["security-severity"], undefined, "connectivity is not a security alert");
        assert.equal(run.tool.driver.rules.find((x) => x.id === "promiscuous-exposure")!.properties["security-severity"], "8.0");
        const explicit = run.tool.driver.rules.find((x) => x.id === "security-settings-explicit")!;
        assert.equal(explicit.defaultConfiguration.level, "note");

        const headings = (runs.bText.stdout.match(/^ {4}\[(mandatory|advisory)\]/gm) ?? []).length;
        assert.equal(run.results.length, headings, "one result per violation");
        const first = run.results[0];
        assert.equal(first.ruleId, "nested-workloads-reachable");
        assert.equal(run.tool.driver.rules[first.ruleIndex].id, first.ruleId);
        assert.equal(first.level, "error");
        const loc = first.locations[0];
        // The lab's preview records where its program declares each resource (tests/cli/sarif.spec.ts has the rest).
        assert.equal(loc.physicalLocation.artifactLocation.uri, "examples/nested-vss-t2/index.ts");
        assert.deepEqual(loc.logicalLocations, [{ name: "esxi-01", fullyQualifiedName: "urn:pulumi:lab::nested-lab::vsphere:index/virtualMachine:VirtualMachine::esxi-01", kind: "resource" }]);
        assert.ok(run.results.filter((x) => x.ruleId === "security-settings-explicit").every((x) => x.level === "note"));
    });

    it("macvlan on a shared promiscuous port group: exposure names the unrelated VMs, at the level the config sets", () => {
        const r = runs.cJson;
        assert.equal(r.code, 1, show(r));
        const j = JSON.parse(r.stdout) as CheckJson;
        assert.equal(j.policies.find((p) => p.name === "promiscuous-exposure")!.enforcementLevel, "mandatory");
        const ex = j.violations.filter((v) => v.policy === "promiscuous-exposure");
        assert.equal(ex.length, 1);
        assert.equal(ex[0].enforcementLevel, "mandatory");
        assert.equal(ex[0].resource?.name, "apps-pg");
        assert.match(ex[0].message, /\(docker-01 nic 0\) observe the unicast of 2 VM NIC\(s\) on the same port group and host: web-01 nic 0, billing-01 nic 0\./);
        assert.doesNotMatch(ex[0].message, /db-01/, "db-01 takes part in a declared flow");
        assert.ok(j.violations.some((v) => v.policy === "prefer-mac-learning"));
        assert.equal(j.violations.filter((v) => v.policy === "nested-workloads-reachable" && v.enforcementLevel === "mandatory").length, 0, "the containers can talk");
    });

    it("SARIF for the macvlan lab validates too, with the configured level", () => {
        const r = runs.cSarif;
        assert.equal(r.code, 1, show(r));
        const doc = validateSarif(r.stdout) as unknown as Sarif;
        const run = doc.runs[0];
        const rule = run.tool.driver.rules.find((x) => x.id === "promiscuous-exposure")!;
        assert.equal(rule.properties.enforcementLevel, "mandatory");
        const res = run.results.find((x) => x.ruleId === "promiscuous-exposure")!;
        assert.equal(res.level, "error");
        assert.equal(res.locations[0].logicalLocations?.[0].name, "apps-pg");
        // A stack without source positions: the line of the resource in the saved stack, as before.
        const urn = res.locations[0].logicalLocations![0].fullyQualifiedName;
        assert.equal(res.locations[0].physicalLocation.artifactLocation.uri, "examples/macvlan-promiscuous-shared/stack.json");
        assert.equal(res.locations[0].physicalLocation.region?.startLine, lineOfUrn("examples/macvlan-promiscuous-shared/stack.json", urn));
    });

    it("secrets: encrypted ones are checked as unknown (one warning, never printed), plaintext ones are read", () => {
        const r = runs.secrets;
        assert.equal(r.code, 0, show(r));
        const warnings = r.stderr.trim().split("\n");
        assert.equal(warnings.length, 1, r.stderr);
        assert.match(warnings[0], /^vsnet: warning: 1 encrypted secret property \(nested-pg\.allowForgedTransmits\) cannot be read and is checked as unknown/);
        assert.ok(!r.stdout.includes("VERYSECRETCIPHERTEXT") && !r.stderr.includes("VERYSECRETCIPHERTEXT"));
        const j = JSON.parse(r.stdout) as CheckJson;
        assert.ok(!j.violations.some((v) => /can't run policy/.test(v.message)), "the policy SDK unwrapped every secret");
        const undecided = j.violations.filter((v) => v.policy === "nested-workloads-reachable");
        assert.ok(undecided.length > 0, show(r));
        assert.ok(undecided.every((v) => v.enforcementLevel === "advisory"));
        assert.ok(undecided.some((v) => /nested-db/.test(v.message)), "esxi-02's plaintext NIC list was read");
        assert.ok(undecided.some((v) => /unknown during preview/.test(v.message)), show(r));
    });

    it("--pack runs another policy pack through the same protocol", () => {
        const r = runs.otherPack;
        assert.equal(r.code, 0, show(r));
        assert.match(r.stdout, /\[advisory\] {2}harness-pack v0\.0\.1 {2}harness-stack \(stack\)\n/);
        assert.match(r.stdout, /count=8/);
    });
});
