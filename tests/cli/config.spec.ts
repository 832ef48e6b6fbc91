/**
 * Config validated the same way everywhere (issue 14, item 2): `vsnet` refuses what `pulumi preview
 * --policy-pack-config` refuses (each policy's configSchema, with Ajv, as the Pulumi CLI does) and
 * what the pack reports during a preview (keys no policy reads, names that name nothing), as usage
 * errors with "did you mean" (exit 2, one line); in a preview the same mistakes are clear findings at
 * the policy's level (mandatory by default). Ajv is never loaded by the pack.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { EXIT } from "../../cli/errors";
import { usage } from "../../cli/commands";
import { PROJECT_ROOT, startPack, type Diag, type PackProcess, type PolicyPackConfig } from "../harness/analyzer";
import { dvsLab } from "../pack/stacks";
import { nestedWorkloadsReachable } from "../../policies/nestedWorkloadsReachable";
import { ROOT, show, vsnet, type Run } from "./run";

const LAB = "examples/nested-vss-t2";
const POLICY = "nested-workloads-reachable";
const workloads = [
    { name: "nested-web", nestedIn: "esxi-01", mac: "00:50:56:aa:01:01" },
    { name: "gateway", external: "nested-pg-01", mac: "00:1c:73:00:00:01" },
];

interface Case {
    config: unknown;
    /** The one line on stderr. */
    error: RegExp;
}

const CASES: Record<string, Case> = {
    topLevelTypo: { config: { [POLICY]: { workload: workloads } }, error: /nested-workloads-reachable\.workload is not a setting of nested-workloads-reachable; did you mean "workloads"\?$/ },
    otherPolicyKey: { config: { "security-settings-least-privilege": { enforcementlevel: "mandatory" } }, error: /security-settings-least-privilege\.enforcementlevel is not a setting of security-settings-least-privilege; did you mean "enforcementLevel"\?$/ },
    allKey: { config: { all: { enforcementLevel: "advisory", undecidedAs: "mandatory" } }, error: /all\.undecidedAs is not a setting of "all"$/ },
    unknownPolicy: { config: { "nested-workload-reachable": {} }, error: /"nested-workload-reachable" is not a policy of vsphere-nested-networking; did you mean "nested-workloads-reachable"\?$/ },
    // What the Pulumi CLI itself refuses (the schema): an extra key in a workload, a bad MAC, a bad enum, a missing name.
    schemaExtra: { config: { [POLICY]: { workloads: [{ ...workloads[0], nestedin: "esxi-01" }] } }, error: /nested-workloads-reachable\.workloads\[0\]\.nestedin is not allowed \(allowed: .*\); did you mean "nestedIn"\?$/ },
    schemaMac: { config: { [POLICY]: { workloads: [{ ...workloads[0], mac: "00:50:56:aa:01" }] } }, error: /nested-workloads-reachable\.workloads\[0\]\.mac is not of the expected form \(The workload's MAC/ },
    schemaEnum: { config: { [POLICY]: { workloads, undecidedAs: "fatal" } }, error: /nested-workloads-reachable\.undecidedAs must be one of "advisory", "mandatory"$/ },
    schemaRequired: { config: { [POLICY]: { workloads: [{ nestedIn: "esxi-01", mac: "00:50:56:aa:01:01" }] } }, error: /nested-workloads-reachable\.workloads\[0\]\.name is required$/ },
    schemaType: { config: { [POLICY]: { flows: {} } }, error: /nested-workloads-reachable\.flows must be array$/ },
    // What the pack reports: names that name nothing, with the closest that exists.
    unknownVm: { config: { [POLICY]: { workloads: [{ ...workloads[0], nestedIn: "esxi-1" }] } }, error: /workloads\[0\]\.nestedIn No VirtualMachine named "esxi-1" .*; did you mean "esxi-01"\?$/ },
    unknownPortGroup: { config: { [POLICY]: { workloads: [workloads[0], { ...workloads[1], external: "nested-pg01" }] } }, error: /workloads\[1\]\.external No port group named "nested-pg01" .*; did you mean "nested-pg-01"\?$/ },
    unknownWorkload: { config: { [POLICY]: { workloads, flows: [{ from: "nested-web", to: "gatway" }] } }, error: /flows\[0\]\.to names gatway, which is not a declared workload; the flow is skipped; did you mean "gateway"\?$/ },
    macLearningOnNothing: { config: { [POLICY]: { workloads, macLearning: { "nested-pg-1": { enabled: true } } } }, error: /macLearning\.nested-pg-1 .*did you mean "nested-pg-0[12]"\?$/ },
};

/** Cases also run with `--pack .` (a pack start each: a few are enough). */
const WITH_PACK = ["topLevelTypo", "schemaMac", "unknownVm"];

describe("config validated the same way everywhere", function () {
    this.timeout(240_000);
    let tmp: string;
    const runs = new Map<string, Run[]>();

    before(async () => {
        tmp = fs.mkdtempSync(path.join(os.tmpdir(), "vsnet-config-"));
        const jobs: Array<Promise<void>> = [];
        for (const [k, c] of Object.entries(CASES)) {
            const file = path.join(tmp, `${k}.json`);
            fs.writeFileSync(file, JSON.stringify(c.config));
            const stack = `${LAB}/preview.json`;
            const argvs = [
                ["check", stack, "--config", file, "--format", "json"],
                ["trace", stack, "--config", file, "--from", "esxi-01", "--to", "esxi-02"],
                ["diff", stack, stack, "--config", file],
                // The same checks when the pack is named (they run once the pack says what it is).
                ...(WITH_PACK.includes(k) ? [["check", stack, "--config", file, "--pack", "."]] : []),
            ];
            jobs.push(Promise.all(argvs.map((a) => vsnet(a))).then((rs) => void runs.set(k, rs)));
        }
        await Promise.all(jobs);
    });
    after(() => tmp && fs.rmSync(tmp, { recursive: true, force: true }));

    for (const [k, c] of Object.entries(CASES)) {
        it(`${k}: a usage error in check, trace and diff (exit 2, one line naming the place and the fix)`, () => {
            const [json, trace, diff, check] = runs.get(k)!;
            for (const r of [trace, diff, ...(check ? [check] : [])]) {
                assert.equal(r.code, EXIT.USAGE, show(r));
                assert.equal(r.stdout, "", show(r));
                assert.match(r.stderr, /^vsnet: error: policy config \S+\.json: [^\n]+\n$/, show(r));
                assert.match(r.stderr.trimEnd(), c.error, show(r));
            }
            assert.equal(json.code, EXIT.USAGE, show(json));
            assert.match(json.stderr.trimEnd(), c.error);
            const doc = JSON.parse(json.stdout) as { error: { code: number; message: string } };
            assert.equal(doc.error.code, EXIT.USAGE);
            assert.match(doc.error.message, c.error);
        });
    }

    it("a config that is right passes (the lab's own, and the same with every policy's level set)", async () => {
        const file = path.join(tmp, "good.json");
        const own = JSON.parse(fs.readFileSync(path.join(ROOT, LAB, "policy-config.json"), "utf8")) as Record<string, Record<string, unknown>>;
        fs.writeFileSync(file, JSON.stringify({ ...own, all: "advisory", [POLICY]: { ...own[POLICY], enforcementLevel: "mandatory", undecidedAs: "mandatory" }, "uplink-teaming": "disabled" }));
        const r = await vsnet(["check", `${LAB}/preview.json`, "--config", file]);
        assert.equal(r.code, 1, show(r));
        assert.equal(r.stderr, "");
    });

    it("the usage documents exit 2 for an invalid policy config", () => {
        assert.match(usage(), /2 usage error or invalid policy config/);
    });

    it("the pack never loads Ajv (the Pulumi CLI validates the schema in a preview); vsnet loads it only to check a config", () => {
        const script = `require(${JSON.stringify(path.join(PROJECT_ROOT, "dist", "index.js"))}); process.stdout.write("\\n" + JSON.stringify(Object.keys(require.cache))); process.exit(0);`;
        const out = execFileSync(process.execPath, ["-e", script], { encoding: "utf8", timeout: 60_000 });
        const loaded = JSON.parse(out.slice(out.lastIndexOf("\n") + 1)) as string[];
        assert.ok(loaded.some((k) => /[\\/]dist[\\/]policies[\\/]config-check\.js$/.test(k)), "the pack's own config check is loaded");
        assert.ok(!loaded.some((k) => /[\\/]node_modules[\\/]ajv[\\/]|[\\/]dist[\\/](findings|cli)[\\/]/.test(k)), loaded.filter((k) => /ajv|findings|cli/.test(k)).join("\n"));
    });

    describe("in a preview (the analyzer protocol; the Pulumi CLI passes unknown keys on)", () => {
        let pack: PackProcess;
        before(async () => {
            pack = await startPack(PROJECT_ROOT);
        });
        after(async () => pack?.stop());

        async function preview(config: PolicyPackConfig): Promise<Diag[]> {
            await pack.configure(config);
            return (await pack.analyzeStack(dvsLab({ pg: { allowPromiscuous: true } }))).diagnostics;
        }

        it("a key no policy reads is one clear finding at the policy's level, with the key it meant", async () => {
            const ds = await preview({ [POLICY]: { workload: [{ name: "g", nestedIn: "esxi-01", mac: "00:50:56:aa:00:01" }] }, "prefer-mac-learning": { enforcementlevel: "mandatory" } });
            const keys = ds.filter((d) => / is not a setting of /.test(d.message));
            assert.deepEqual(
                keys.map((d) => d.message.replace(/^.*\n/, "")),
                [
                    `policy config ${POLICY}.workload is not a setting of ${POLICY}; did you mean "workloads"? It is ignored (${POLICY} reads ${settingsOf(nestedWorkloadsReachable)}).`,
                    `policy config prefer-mac-learning.enforcementlevel is not a setting of prefer-mac-learning; did you mean "enforcementLevel"? It is ignored (prefer-mac-learning takes only enforcementLevel).`,
                ],
            );
            for (const d of keys) {
                assert.equal(d.policyName, POLICY);
                assert.equal(d.enforcementLevel, "mandatory");
                assert.equal(d.urn, "");
            }
        });

        it("a declaration naming a VM that does not exist says which one is close", async () => {
            const ds = await preview({ [POLICY]: { workloads: [{ name: "g", nestedIn: "esxi-1", mac: "00:50:56:aa:00:01" }] } });
            const d = ds.find((x) => x.message.includes(`policy config ${POLICY}.workloads[0].nestedIn`) || x.message.includes("workloads[0].nestedIn"));
            assert.ok(d, ds.map((x) => x.message).join("\n---\n"));
            assert.match(d.message, /No VirtualMachine named "esxi-1".* Did you mean "esxi-01"\?$/s);
            assert.equal(d.enforcementLevel, "mandatory");
        });

        it("a config with every key right gets no such finding", async () => {
            const ds = await preview({ [POLICY]: { workloads: [{ name: "g", nestedIn: "esxi-01", mac: "00:50:56:aa:00:01" }], undecidedAs: "advisory" }, all: { enforcementLevel: "advisory" } });
            assert.deepEqual(ds.filter((d) => / is not a setting of |[Dd]id you mean/.test(d.message)).map((d) => d.message), []);
        });
    });
});

/** The settings a policy's schema declares, in its order, as the message lists them. */
function settingsOf(policy: { configSchema?: { properties?: Record<string, unknown> } }): string {
    return Object.keys(policy.configSchema?.properties ?? {})
        .filter((k) => k !== "enforcementLevel")
        .join(", ");
}
