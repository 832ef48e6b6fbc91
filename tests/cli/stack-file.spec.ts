/**
 * Saved-stack reading in-process: format detection, what the engine would send (inputs to Analyze,
 * outputs over inputs to AnalyzeStack, the provider's inputs), secrets, preview steps; the text
 * output's colour; and the committed large lab matching its generator.
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { SECRET_SIG, SPECIAL_SIG_KEY, UNKNOWN_ARCHIVE, UNKNOWN_STRING } from "../../cli/analyzer-client";
import type { CheckResult } from "../../cli/check";
import { formatText } from "../../cli/check-output";
import { generateLargeLab } from "../../cli/generate-lab";
import { colorEnabled } from "../../cli/io";
import { loadStack, nameFromUrn, rawResources, urnLines, wireResources } from "../../cli/stack-file";
import { ROOT } from "./run";

const SIG = SPECIAL_SIG_KEY;
const T_VM = "vsphere:index/virtualMachine:VirtualMachine";
const T_PG = "vsphere:index/distributedPortGroup:DistributedPortGroup";
const urn = (type: string, name: string) => `urn:pulumi:dev::p::${type}::${name}`;
const PROVIDER = "urn:pulumi:dev::p::pulumi:providers:vsphere::default_4_17_0";

describe("saved stacks (in-process)", () => {
    let tmp: string;
    const write = (name: string, doc: unknown): string => {
        const p = path.join(tmp, name);
        fs.writeFileSync(p, JSON.stringify(doc, null, 4));
        return p;
    };
    before(() => {
        tmp = fs.mkdtempSync(path.join(os.tmpdir(), "vsnet-stack-"));
    });
    after(() => fs.rmSync(tmp, { recursive: true, force: true }));

    it("a stack export: Analyze gets inputs, AnalyzeStack outputs over inputs, the provider its inputs; deleted resources are left out", () => {
        const file = write("export.json", {
            version: 3,
            deployment: {
                manifest: { time: "2025-01-01T00:00:00Z", magic: "m", version: "v3.205.0" },
                resources: [
                    { urn: "urn:pulumi:dev::p::pulumi:pulumi:Stack::p-dev", custom: false, type: "pulumi:pulumi:Stack" },
                    { urn: PROVIDER, custom: true, id: "abc", type: "pulumi:providers:vsphere", inputs: { version: "4.17.0", password: { [SIG]: SECRET_SIG, ciphertext: "v1:xx" } }, outputs: { version: "4.17.0" } },
                    { urn: urn(T_PG, "pg"), custom: true, id: "dvportgroup-1", type: T_PG, inputs: { vlanId: 20 }, outputs: { vlanId: 20, key: "dvportgroup-1" }, provider: `${PROVIDER}::abc` },
                    {
                        urn: urn(T_VM, "vm"),
                        custom: true,
                        type: T_VM,
                        inputs: { networkInterfaces: [{ networkId: "dvportgroup-1" }], notes: { [SIG]: SECRET_SIG, plaintext: '"hello"' } },
                        outputs: {},
                        parent: "urn:pulumi:dev::p::pulumi:pulumi:Stack::p-dev",
                        dependencies: [urn(T_PG, "pg")],
                        propertyDependencies: { networkInterfaces: [urn(T_PG, "pg")] },
                        provider: `${PROVIDER}::abc`,
                        protect: true,
                        ignoreChanges: ["notes"],
                    },
                    { urn: urn(T_VM, "old"), custom: true, type: T_VM, delete: true, inputs: {} },
                ],
            },
        });
        const s = loadStack(file);
        assert.equal(s.format, "stack-export");
        assert.deepEqual(s.resources.map((r) => r.name), ["p-dev", "default_4_17_0", "pg", "vm"]);
        assert.deepEqual(s.warnings, [], "provider credentials are not worth a warning");
        const wire = wireResources(s);
        const pg = wire.analyze[2];
        assert.deepEqual(pg.props, { vlanId: 20 });
        assert.deepEqual(wire.analyzeStack[2].props, { vlanId: 20, key: "dvportgroup-1" });
        assert.equal(pg.provider?.urn, PROVIDER);
        assert.deepEqual(pg.provider?.props, { version: "4.17.0", password: { [SIG]: SECRET_SIG, value: UNKNOWN_STRING } });
        const vm = wire.analyzeStack[3];
        assert.deepEqual(vm.props, { networkInterfaces: [{ networkId: "dvportgroup-1" }], notes: { [SIG]: SECRET_SIG, value: "hello" } }, "empty outputs: the inputs");
        assert.deepEqual(vm.propertyDependencies, { networkInterfaces: [urn(T_PG, "pg")] });
        assert.equal(vm.parent, "urn:pulumi:dev::p::pulumi:pulumi:Stack::p-dev");
        assert.deepEqual(vm.options, { protect: true, ignoreChanges: ["notes"] });
        assert.equal(rawResources(s)[3].provider, `${PROVIDER}::abc`);
        assert.equal(urnLines(s).get(urn(T_VM, "vm")), fs.readFileSync(file, "utf8").split("\n").findIndex((l) => l.includes(`"urn": "${urn(T_VM, "vm")}"`)) + 1);
    });

    it("a preview: newState of each step (the step's URN if the state has none), deletes skipped, blinded secrets unknown, a warning without --show-sames", () => {
        const file = write("preview.json", {
            config: { "vsphere:password": "[secret]" },
            steps: [
                { op: "create", urn: urn(T_PG, "pg"), newState: { type: T_PG, custom: true, inputs: { vlanId: 20, allowPromiscuous: "[secret]", blob: { [SIG]: "0def7320c3a5731c473e5ecbe6d01bc7", path: "x" } } }, detailedDiff: null },
                { op: "update", urn: urn(T_VM, "vm"), oldState: { urn: urn(T_VM, "vm"), type: T_VM, custom: true }, newState: { urn: urn(T_VM, "vm"), type: T_VM, custom: true, inputs: { a: 1 }, outputs: {} }, detailedDiff: {} },
                { op: "delete", urn: urn(T_VM, "gone"), oldState: { urn: urn(T_VM, "gone"), type: T_VM, custom: true }, detailedDiff: null },
            ],
            changeSummary: { create: 1, update: 1, delete: 1 },
            duration: 1,
        });
        const s = loadStack(file);
        assert.equal(s.format, "preview");
        assert.deepEqual(s.resources.map((r) => [r.name, r.op]), [["pg", "create"], ["vm", "update"]]);
        assert.deepEqual(s.resources[0].inputs, { vlanId: 20, allowPromiscuous: UNKNOWN_STRING, blob: UNKNOWN_ARCHIVE });
        assert.equal(s.warnings.length, 1);
        assert.match(s.warnings[0], /lists no unchanged resources; run `pulumi preview --json --show-sames`/);
    });

    it("URN names may contain '::'", () => {
        assert.equal(nameFromUrn("urn:pulumi:dev::p::vsphere:index/host:Host::a::b"), "a::b");
        assert.equal(nameFromUrn("urn:pulumi:dev::p::my:component$vsphere:index/host:Host::h1"), "h1");
    });

    it("colour only on a terminal with NO_COLOR unset; the text output is coloured then", () => {
        assert.equal(colorEnabled({ isTTY: true }, {}), true);
        assert.equal(colorEnabled({ isTTY: true }, { NO_COLOR: "1" }), false);
        assert.equal(colorEnabled({ isTTY: false }, {}), false);
        assert.equal(colorEnabled({}, {}), false);
        const stack = loadStack(path.join(ROOT, "examples/nested-vds-mac-learning/stack.json"));
        const result: CheckResult = {
            stack,
            pack: { name: "vsphere-nested-networking", version: "0.1.0" },
            policies: [],
            violations: [
                { policyName: "x", policyPackName: "vsphere-nested-networking", policyPackVersion: "0.1.0", enforcementLevel: "mandatory", description: "d", message: "d\nm", urn: urn(T_VM, "vm"), resourceName: "vm", resourceType: T_VM, phase: "stack" },
            ],
        };
        const coloured = formatText(result, "mandatory", ROOT, true);
        assert.ok(coloured.includes("\u001b[31m[mandatory]\u001b[39m"), coloured);
        const plain = formatText(result, "mandatory", ROOT, false);
        assert.ok(!plain.includes("\u001b["));
        assert.ok(plain.includes(`    [mandatory]  vsphere-nested-networking v0.1.0  x (vm: ${T_VM})\n    d\n    m\n`), plain);
    });

    it("the committed large lab is what the generator makes (default options)", () => {
        const lab = generateLargeLab();
        const committed = fs.readFileSync(path.join(ROOT, "examples/large-generated/stack.json"), "utf8");
        assert.equal(committed, JSON.stringify(lab.builder.deployment(), null, 4) + "\n");
        assert.deepEqual(JSON.parse(fs.readFileSync(path.join(ROOT, "examples/large-generated/policy-config.json"), "utf8")), lab.config);
        assert.ok(committed.length < 2 * 1024 * 1024, "at most 2 MB");
    });
});
