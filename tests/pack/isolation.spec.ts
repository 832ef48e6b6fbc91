/**
 * One pack process, many requests: parallel AnalyzeStack calls each get their own answer, an
 * aborted or partial run leaves nothing for the next, and repeated config problems are aggregated.
 */
import assert from "node:assert/strict";
import { PROJECT_ROOT, startPack, type Diag, type PackProcess, type PolicyPackConfig, type TestResource } from "../harness/analyzer";
import { dvsLab, vssLab } from "./stacks";

let pack: PackProcess;

const key = (ds: Diag[]) => ds.map((d) => `${d.policyName}|${d.enforcementLevel}|${d.urn ?? ""}|${d.message}`).sort();

async function preview(resources: TestResource[], config: PolicyPackConfig): Promise<Diag[]> {
    await pack.configure(config);
    const out: Diag[] = [];
    for (const r of resources) out.push(...(await pack.analyze(r)).diagnostics);
    return [...out, ...(await pack.analyzeStack(resources)).diagnostics];
}

describe("request isolation and aggregated config problems (through the analyzer protocol)", function () {
    this.timeout(120000);
    before(async () => {
        pack = await startPack(PROJECT_ROOT);
    });
    after(async () => {
        await pack?.stop();
    });

    it("parallel AnalyzeStack calls of different stacks (same URNs, different settings) on one pack process each get their own answer", async () => {
        await pack.configure({ "nested-workloads-reachable": { waivers: [{ policy: "promiscuous-exposure", resource: "lab-pg", reason: "reviewed exposure" }] } });
        const stacks: TestResource[][] = [
            dvsLab({ pg: { allowPromiscuous: true } }), // guests cannot send: blocked
            dvsLab({ pg: { allowPromiscuous: true, allowForgedTransmits: true } }), // works
            dvsLab({ pg: { allowForgedTransmits: true } }), // one-way or blocked, differently
            dvsLab({ pg: { allowPromiscuous: true, allowForgedTransmits: true }, extraVms: ["web-01"] }), // exposure (waived)
            vssLab({ providerVersion: "4.17.0" }),
        ];
        const expected: string[][] = [];
        for (const s of stacks) expected.push(key((await pack.analyzeStack(s)).diagnostics));
        assert.equal(new Set(expected.map((e) => e.join("\n"))).size, stacks.length, "the stacks answer differently (else the test proves nothing)");
        const order = Array.from({ length: 60 }, (_, i) => (i * 7) % stacks.length);
        const answers = await Promise.all(order.map((i) => pack.analyzeStack(stacks[i])));
        const wrong = answers.filter((a, j) => key(a.diagnostics).join("\n") !== expected[order[j]].join("\n")).length;
        assert.equal(wrong, 0, `${wrong} of ${order.length} parallel answers differ from the same stack's answer alone`);
    });

    it("an aborted run (Analyze calls, no AnalyzeStack) leaves no waived finding for the next run", async () => {
        const config: PolicyPackConfig = { "nested-workloads-reachable": { waivers: [{ policy: "security-settings-explicit", resource: "lab-*", reason: "defaults reviewed" }] } };
        await pack.configure(config);
        for (const r of dvsLab()) await pack.analyze(r); // waives findings on lab-vds; the preview is then cancelled
        const next = await preview(vssLab({ providerVersion: "4.17.0" }), config);
        const summary = next.filter((d) => d.policyName === "policy-waivers").map((d) => d.message).join("\n");
        assert.doesNotMatch(summary, /lab-vds|waived in this run/);
        assert.match(summary, /matched no finding in this run/, "the waiver matched nothing in this run");
    });

    it("a run with policy-waivers disabled leaves nothing for the next run", async () => {
        const waivers = [{ policy: "security-settings-explicit", resource: "lab-*", reason: "defaults reviewed" }];
        await preview(dvsLab(), { "nested-workloads-reachable": { waivers }, "policy-waivers": { enforcementLevel: "disabled" } });
        const next = await preview(vssLab({ providerVersion: "4.17.0" }), { "nested-workloads-reachable": { waivers } });
        assert.doesNotMatch(next.filter((d) => d.policyName === "policy-waivers").map((d) => d.message).join("\n"), /lab-vds|waived in this run/);
    });

    it("a waiver still covers its resource-policy findings in a whole run (Analyze, then AnalyzeStack)", async () => {
        const ds = await preview(dvsLab(), { "nested-workloads-reachable": { waivers: [{ policy: "security-settings-explicit", resource: "lab-*", reason: "defaults reviewed" }] } });
        assert.match(ds.filter((d) => d.policyName === "policy-waivers").map((d) => d.message).join("\n"), /security-settings-explicit on lab-vds/);
    });

    it("20,000 flows naming unknown workloads and 20,000 malformed waivers give a handful of diagnostics, with counts and examples", async () => {
        const flows = Array.from({ length: 20_000 }, (_, i) => ({ from: `ghost-${i}`, to: "gw" }));
        const waivers = Array.from({ length: 20_000 }, (_, i) => (i % 2 ? { policy: "no-such-policy", resource: "x", reason: "some reason" } : { policy: "promiscuous-exposure", resource: `r-${i}` }));
        const config: PolicyPackConfig = {
            "nested-workloads-reachable": { workloads: [{ name: "gw", external: "lab-pg", mac: "00:11:22:33:44:55" }], flows, waivers },
        };
        const ds = await pack.analyzeStack(dvsLab({ pg: { allowPromiscuous: true, allowForgedTransmits: true } })).then(async () => {
            await pack.configure(config);
            return (await pack.analyzeStack(dvsLab({ pg: { allowPromiscuous: true, allowForgedTransmits: true } }))).diagnostics;
        });
        assert.ok(ds.length <= 12, `${ds.length} diagnostics:\n${ds.map((d) => d.message.split("\n")[0]).join("\n")}`);
        const flowsDiag = ds.filter((d) => /flows\[\]\.from/.test(d.message));
        assert.equal(flowsDiag.length, 1);
        assert.match(flowsDiag[0].message, /^20000 declarations/m);
        assert.match(flowsDiag[0].message, /ghost-0, which is not a declared workload/);
        assert.equal(flowsDiag[0].enforcementLevel, "mandatory", "a config mistake stays at the policy's level");
        const waiverDiags = ds.filter((d) => d.policyName === "policy-waivers" && /invalid waivers/.test(d.message));
        assert.ok(waiverDiags.length >= 2 && waiverDiags.length <= 4, waiverDiags.map((d) => d.message.split("\n")[0]).join("\n"));
        assert.ok(waiverDiags.every((d) => d.enforcementLevel === "mandatory"));
        assert.ok(ds.some((d) => /has 20000 waivers; at most 1000 are read/.test(d.message)));
        assert.ok(waiverDiags.some((d) => /^500 invalid waivers/m.test(d.message)), "the count of one kind");
    });

    it("a few problems are still reported one by one, as written", async () => {
        await pack.configure({ "nested-workloads-reachable": { workloads: [{ name: "gw", external: "lab-pg", mac: "00:11:22:33:44:55" }], flows: [{ from: "ghost", to: "gw" }] } });
        const ds = (await pack.analyzeStack(dvsLab({ pg: { allowPromiscuous: true, allowForgedTransmits: true } }))).diagnostics;
        assert.ok(ds.some((d) => /^flows\[0\]\.from names ghost, which is not a declared workload/m.test(d.message)));
    });
});
