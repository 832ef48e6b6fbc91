// Tests for the analyzer-protocol harness itself, against the tiny JS fixture pack in
// tests/fixtures/harness-pack (not compiled: referenced in the source tree).
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
    Diag, PackProcess, TestResource, UNKNOWN_BOOL, UNKNOWN_STRING, secret, startPack, urnOf,
} from "./harness/analyzer";

// Compiled to dist/tests/harness.spec.js: the project root is two levels up.
const ROOT = path.resolve(__dirname, "../..");
const FIXTURE = path.join(ROOT, "tests", "fixtures", "harness-pack");

const T_PG = "vsphere:index/distributedPortGroup:DistributedPortGroup";
const T_VM = "vsphere:index/virtualMachine:VirtualMachine";
const T_THING = "test:index/thing:Thing";

function only(diags: Diag[], policyName: string): Diag {
    const matching = diags.filter(d => d.policyName === policyName);
    assert.equal(matching.length, 1, `expected one ${policyName} diagnostic, got ${JSON.stringify(diags, null, 2)}`);
    return matching[0];
}

describe("analyzer harness (real gRPC protocol against a fixture pack)", function () {
    this.timeout(30_000);
    let pack: PackProcess;

    before(async () => {
        pack = await startPack(FIXTURE);
    });

    after(async () => {
        await pack?.stop();
    });

    it("lists both policies with their metadata", async () => {
        const info = await pack.getAnalyzerInfo();
        assert.equal(info.name, "harness-pack");
        assert.equal(info.version, "0.0.1");
        assert.equal(info.supportsConfig, true);
        const byName = new Map(info.policies.map(p => [p.name, p]));
        assert.deepEqual([...byName.keys()].sort(), ["harness-flag", "harness-stack"]);
        const flag = byName.get("harness-flag")!;
        assert.equal(flag.policyType, "resource");
        assert.equal(flag.enforcementLevel, "mandatory");
        assert.equal(flag.severity, "high");
        assert.deepEqual(flag.configSchema?.properties, { label: { type: "string", default: "default-label" } });
        const stack = byName.get("harness-stack")!;
        assert.equal(stack.policyType, "stack");
        assert.equal(stack.enforcementLevel, "advisory");
        assert.equal(stack.severity, "low");
    });

    it("configure then analyze: the violation carries the configured value, URN, level and severity", async () => {
        const sent = await pack.configure({ "harness-flag": { label: "from-config" } });
        // Reconciled like the CLI: every policy is configured, levels default to the policy's own.
        assert.deepEqual(sent, {
            "harness-flag": { enforcementLevel: "mandatory", properties: { label: "from-config" } },
            "harness-stack": { enforcementLevel: "advisory", properties: {} },
        });

        const res = await pack.analyze({ type: T_THING, name: "a", props: { flag: true } });
        const d = only(res.diagnostics, "harness-flag");
        const urn = urnOf(T_THING, "a");
        assert.equal(urn, "urn:pulumi:dev::lab::test:index/thing:Thing::a");
        assert.match(d.message, /^Resources must not set flag\.\n/);
        assert.match(d.message, /flag=true label=from-config /);
        assert.ok(d.message.includes(` type=${T_THING} name=a urn=${urn} provider=null `), d.message);
        assert.equal(d.urn, urn);
        assert.equal(d.enforcementLevel, "mandatory");
        assert.equal(d.severity, "high");
        assert.equal(d.policyPackName, "harness-pack");
        assert.equal(d.policyPackVersion, "0.0.1");
        assert.equal(d.description, "Resources must not set flag.");
        assert.deepEqual(res.notApplicable, []);
    });

    it("configure can change the enforcement level; schema defaults fill missing properties", async () => {
        try {
            await pack.configure({ "harness-flag": { enforcementLevel: "advisory" } });
            const d = only((await pack.analyze({ type: T_THING, name: "b", props: { flag: true } })).diagnostics, "harness-flag");
            assert.equal(d.enforcementLevel, "advisory");
            assert.match(d.message, /label=default-label /);
        } finally {
            await pack.configure({});
        }
    });

    it("no violation and a not-applicable reason when the resource doesn't set flag", async () => {
        const res = await pack.analyze({ type: T_THING, name: "c", props: { other: 1 } });
        assert.deepEqual(res.diagnostics, []);
        assert.deepEqual(res.notApplicable, [{ policyName: "harness-flag", reason: "flag is not set" }]);
    });

    it("unknown sentinels arrive as the engine sends them: the SDK's can't-run advisory", async () => {
        const res = await pack.analyze({ type: T_THING, name: "u", props: { flag: UNKNOWN_BOOL } });
        const d = only(res.diagnostics, "harness-flag");
        assert.equal(d.enforcementLevel, "advisory"); // downgraded from mandatory by the SDK
        assert.match(d.message, /^can't run policy 'harness-flag' from policy pack 'harness-pack@v0\.0\.1' during preview: boolean value at \.flag can't be known during preview$/);
        assert.equal(d.urn, urnOf(T_THING, "u"));
    });

    it("secret() values arrive unwrapped (also nested, also in the provider)", async () => {
        const res = await pack.analyze({
            type: T_THING,
            name: "s",
            props: { flag: true, password: secret("hunter2"), nested: { list: [secret(42), "plain"] }, dropped: undefined },
            provider: { type: "pulumi:providers:vsphere", name: "default", props: { password: secret("p") } },
        });
        const d = only(res.diagnostics, "harness-flag");
        const m = /provider=(.*) props=(.*)$/.exec(d.message);
        assert.ok(m, d.message);
        assert.deepEqual(JSON.parse(m[1]), { password: "p" });
        assert.deepEqual(JSON.parse(m[2]), { flag: true, password: "hunter2", nested: { list: [42, "plain"] } });
    });

    it("analyzeStack resolves propertyDependencies, dependencies, parent and provider to resources", async () => {
        const pg: TestResource = { type: T_PG, name: "pg", props: { id: UNKNOWN_STRING, vlanId: 10 } };
        const prov = { type: "pulumi:providers:vsphere", name: "default", props: {} };
        const provUrn = urnOf(prov.type, prov.name);
        const vm: TestResource = {
            type: T_VM,
            name: "vm",
            props: { networkId: UNKNOWN_STRING },
            propertyDependencies: { networkId: [urnOf(T_PG, "pg")], empty: [] },
            dependencies: [urnOf(T_PG, "pg")],
            parent: urnOf(T_PG, "pg"),
            provider: prov,
        };
        const res = await pack.analyzeStack([pg, vm]);
        const count = res.diagnostics.filter(d => d.message.endsWith("count=2"));
        assert.equal(count.length, 1, JSON.stringify(res.diagnostics));
        assert.equal(count[0].urn, ""); // stack policy reported no URN
        assert.equal(count[0].enforcementLevel, "advisory");
        assert.equal(count[0].severity, "low");
        const perResource = res.diagnostics.filter(d => d.message.includes("networkId<-"));
        assert.equal(perResource.length, 1, JSON.stringify(res.diagnostics));
        assert.equal(perResource[0].urn, urnOf(T_VM, "vm"));
        assert.ok(perResource[0].message.endsWith(
            `networkId<-[${urnOf(T_PG, "pg")}] dependencies=[${urnOf(T_PG, "pg")}] parent=${urnOf(T_PG, "pg")} provider=${provUrn}`),
        perResource[0].message);
        // The resource policy is not run by AnalyzeStack.
        assert.equal(res.diagnostics.filter(d => d.policyName === "harness-flag").length, 0);
    });

    it("a 20,000-resource analyzeStack goes through (request and response over gRPC's 4 MiB default)", async function () {
        this.timeout(60_000);
        const n = 20_000;
        const pg: TestResource = { type: T_PG, name: "pg", props: { vlanId: 10 } };
        const pad = "x".repeat(256);
        const resources: TestResource[] = [pg];
        for (let i = 0; i < n; i++) {
            resources.push({
                type: T_VM,
                name: `vm-${i}`,
                props: { networkId: UNKNOWN_STRING, pad },
                propertyDependencies: { networkId: [urnOf(T_PG, "pg")] },
            });
        }
        assert.ok(JSON.stringify(resources).length > 4 * 1024 * 1024);
        const res = await pack.analyzeStack(resources);
        assert.equal(res.diagnostics.filter(d => d.message.endsWith(`count=${n + 1}`)).length, 1);
        const perResource = res.diagnostics.filter(d => d.message.includes("networkId<-"));
        assert.equal(perResource.length, n);
        assert.equal(perResource[n - 1].urn, urnOf(T_VM, `vm-${n - 1}`));
        const responseBytes = res.diagnostics.reduce((s, d) => s + d.message.length + d.urn.length + d.description.length, 0);
        assert.ok(responseBytes > 4 * 1024 * 1024, `response only ~${responseBytes} bytes`);
    });

    it("stop() is idempotent and reports a dead pack clearly", async () => {
        const other = await startPack(FIXTURE);
        await other.stop();
        await other.stop();
        await assert.rejects(other.analyze({ type: T_THING, name: "x", props: {} }), /Analyze: pack .* was stopped/);
    });

    it("startPack fails with the child's stderr when the pack cannot load", async () => {
        const empty = fs.mkdtempSync(path.join(os.tmpdir(), "harness-empty-pack-"));
        try {
            await assert.rejects(startPack(empty), (e: Error) => {
                assert.match(e.message, /exited before printing its port/);
                assert.match(e.message, /pack process exited with code \d+; stderr:\n.*failed to locate the entry point/s);
                return true;
            });
        } finally {
            fs.rmSync(empty, { recursive: true, force: true });
        }
        await assert.rejects(startPack(path.join(empty, "missing")), /does not exist/);
    });
});
