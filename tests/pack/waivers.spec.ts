/** Waivers through the analyzer protocol: waived, expired, stale, malformed. */
import assert from "node:assert/strict";
import { PROJECT_ROOT, startPack, type Diag, type PackProcess, type PolicyPackConfig, type TestResource } from "../harness/analyzer";
import { dvsLab } from "./stacks";

let pack: PackProcess;

async function preview(resources: TestResource[], config: PolicyPackConfig): Promise<Diag[]> {
    await pack.configure(config);
    const out: Diag[] = [];
    for (const r of resources) out.push(...(await pack.analyze(r)).diagnostics);
    return [...out, ...(await pack.analyzeStack(resources)).diagnostics];
}

const by = (ds: Diag[], policy: string) => ds.filter((d) => d.policyName === policy);
const mandatoryReach = (ds: Diag[]) => by(ds, "nested-workloads-reachable").filter((d) => d.enforcementLevel === "mandatory");
/** A lab whose nested guests cannot send (forged transmits Reject): mandatory violations on esxi-01 and esxi-02. */
const broken = () => dvsLab({ pg: { allowPromiscuous: true } });
const waive = (waivers: unknown[]): PolicyPackConfig => ({ "nested-workloads-reachable": { waivers } });

describe("waivers through the analyzer protocol", function () {
    this.timeout(60000);
    before(async () => {
        pack = await startPack(PROJECT_ROOT);
    });
    after(async () => {
        await pack?.stop();
    });

    it("without waivers the broken lab has mandatory violations (the baseline the other cases waive)", async () => {
        assert.ok(mandatoryReach(await preview(broken(), {})).length >= 2);
    });

    it("a waived violation is not reported at its level and is listed, with its reason, in one summary", async () => {
        const ds = await preview(broken(), waive([{ policy: "nested-workloads-reachable", resource: "esxi-0*", reason: "lab switch, forged transmits pending change CHG-42", ticket: "CHG-42", expires: "2999-12-31" }]));
        assert.deepEqual(mandatoryReach(ds).map((d) => d.message), []);
        const summary = by(ds, "policy-waivers").filter((d) => /waived in this run/.test(d.message));
        assert.equal(summary.length, 1);
        assert.equal(summary[0].enforcementLevel, "advisory");
        assert.match(summary[0].message, /nested-workloads-reachable on esxi-01/);
        assert.match(summary[0].message, /forged transmits pending change CHG-42/);
        assert.doesNotMatch(summary.map((d) => d.message).join(), /stale/);
    });

    it("a waiver can be narrowed to one workload: others stay reported", async () => {
        const config: PolicyPackConfig = {
            "nested-workloads-reachable": {
                workloads: [
                    { name: "inner-a", nestedIn: "esxi-01", mac: "00:50:56:aa:00:01" },
                    { name: "gw", external: "lab-pg", mac: "00:11:22:33:44:55" },
                    { name: "inner-b", nestedIn: "esxi-02", mac: "00:50:56:aa:00:02" },
                ],
                flows: [
                    { from: "inner-a", to: "gw" },
                    { from: "inner-b", to: "gw" },
                ],
                waivers: [{ policy: "nested-workloads-reachable", resource: "*", workload: "inner-a", reason: "inner-a is decommissioned next sprint" }],
            },
        };
        const left = mandatoryReach(await preview(broken(), config));
        assert.ok(left.some((d) => /inner-b <-> gw/.test(d.message)));
        assert.ok(!left.some((d) => /inner-a <-> gw/.test(d.message)));
    });

    it("a resource policy's finding can be waived too (Analyze runs before AnalyzeStack)", async () => {
        const ds = await preview(broken(), waive([{ policy: "security-settings-explicit", resource: "lab-*", reason: "defaults reviewed" }]));
        assert.deepEqual(by(ds, "security-settings-explicit").filter((d) => /lab-pg|lab-vds/.test(d.message)), []);
        assert.match(by(ds, "policy-waivers").map((d) => d.message).join("\n"), /security-settings-explicit on lab-vds/);
    });

    it("an expired waiver stops applying and is itself reported", async () => {
        const ds = await preview(broken(), waive([{ policy: "nested-workloads-reachable", resource: "esxi-0*", reason: "temporary", expires: "2020-01-31" }]));
        assert.ok(mandatoryReach(ds).length >= 2, "the findings are back");
        const expired = by(ds, "policy-waivers").filter((d) => /expired on 2020-01-31/.test(d.message));
        assert.equal(expired.length, 1);
    });

    it("a waiver that matched nothing is reported as stale", async () => {
        const ds = await preview(broken(), waive([{ policy: "duplicate-mac-addresses", resource: "esxi-01", reason: "old clone" }]));
        const stale = by(ds, "policy-waivers").filter((d) => /matched no finding/.test(d.message));
        assert.equal(stale.length, 1);
        assert.match(stale[0].message, /waivers\[0\] \(duplicate-mac-addresses on esxi-01\)/);
    });

    it("a waiver without a reason is a config error, and waives nothing", async () => {
        const ds = await preview(broken(), waive([{ policy: "nested-workloads-reachable", resource: "esxi-0*" }]));
        const err = by(ds, "policy-waivers").filter((d) => /Invalid waiver/.test(d.message));
        assert.equal(err.length, 1);
        assert.match(err[0].message, /nested-workloads-reachable\.waivers\[0\]\.reason is required/);
        assert.equal(err[0].enforcementLevel, "mandatory");
        assert.ok(mandatoryReach(ds).length >= 2);
    });
});
