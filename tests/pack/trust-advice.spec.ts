/**
 * Issue 11, point 1: least-privilege, exposure and MAC-learning advice only from what is known —
 * never "turn it off" for a setting a broken-but-fixable conversation needs, a skipped workload may
 * need, or an input known to be partial may need. Through the real analyzer protocol.
 */
import assert from "node:assert/strict";
import { PROJECT_ROOT, startPack, type Diag, type PackProcess, type PolicyPackConfig, type TestResource } from "../harness/analyzer";
import { dvsLab } from "./stacks";

let pack: PackProcess;

async function preview(resources: TestResource[], config: PolicyPackConfig = {}): Promise<Diag[]> {
    await pack.configure(config);
    return (await pack.analyzeStack(resources)).diagnostics;
}

const by = (ds: Diag[], policy: string) => ds.filter((d) => d.policyName === policy);
const unneededPromiscuous = (ds: Diag[]) => by(ds, "security-settings-least-privilege").filter((d) => /Promiscuous mode is accepted on .*no nested workload on it needs it/i.test(d.message));

/** One nested ESXi on a VLAN 20 port group that accepts forged transmits and promiscuous mode. */
const lab = () => dvsLab({ nested: 1, pg: { allowForgedTransmits: true, allowPromiscuous: true, allowMacChanges: false } });

describe("advice from a partial picture is withheld (issue 11)", function () {
    this.timeout(120000);
    before(async () => {
        pack = await startPack(PROJECT_ROOT);
    });
    after(async () => {
        await pack?.stop();
    });

    it("control: with nothing declared that needs it, promiscuous mode is called unneeded", async () => {
        // The same port group with an ordinary VM and no nested hypervisor needs nothing extra.
        const ds = await preview(dvsLab({ nested: 0, extraVms: ["web-01"], pg: { allowForgedTransmits: true, allowPromiscuous: true, allowMacChanges: false } }), {
            "nested-workloads-reachable": {
                workloads: [
                    { name: "esxi-nic", vm: "web-01" },
                    { name: "gw", external: "lab-pg", mac: "00:11:22:33:44:55" },
                ],
                flows: [{ from: "esxi-nic", to: "gw" }],
            },
        });
        assert.equal(unneededPromiscuous(ds).length, 1, ds.map((d) => d.message).join("\n"));
    });

    it("a conversation broken by a guest-tagged VLAN still needs promiscuous mode: no advice to turn it off", async () => {
        const ds = await preview(lab(), {
            "nested-workloads-reachable": {
                workloads: [
                    { name: "inner-a", nestedIn: "esxi-01", mac: "00:50:56:aa:00:01", vlan: 30 },
                    { name: "gw", external: "lab-pg", mac: "00:11:22:33:44:55", vlan: 30 },
                ],
                flows: [{ from: "inner-a", to: "gw" }],
            },
        });
        const reach = by(ds, "nested-workloads-reachable").map((d) => d.message);
        assert.ok(reach.some((m) => /inner-a <-> gw: blocked/.test(m) && /vlanRanges|4095/.test(m)), reach.join("\n"));
        assert.deepEqual(unneededPromiscuous(ds), []);
    });

    it("a workload skipped for a bad MAC: the advice on its port group is withheld, and says why", async () => {
        const ds = await preview(lab(), {
            "nested-workloads-reachable": {
                workloads: [
                    { name: "inner-a", nestedIn: "esxi-01", mac: "not-a-mac" },
                    { name: "gw", external: "lab-pg", mac: "00:11:22:33:44:55" },
                ],
                flows: [{ from: "inner-a", to: "gw" }],
            },
        });
        assert.deepEqual(unneededPromiscuous(ds), []);
        const lp = by(ds, "security-settings-least-privilege").map((d) => d.message);
        assert.ok(
            lp.some((m) => /Cannot tell whether .*lab-pg.* needs promiscuous mode/.test(m) && /workload inner-a .*skipped/.test(m) && /workloads\[0\]\.mac/.test(m)),
            lp.join("\n"),
        );
        const exposure = by(ds, "promiscuous-exposure").map((d) => d.message);
        assert.ok(!exposure.some((m) => /None of these is part of a nested workload/.test(m)), exposure.join("\n"));
    });

    it("a partial input: no least-privilege advice anywhere, and failing verdicts are undecided", async () => {
        const config = {
            "nested-workloads-reachable": {
                partialInput: true,
                workloads: [
                    { name: "inner-a", nestedIn: "esxi-01", mac: "00:50:56:aa:00:01", vlan: 30 },
                    { name: "gw", external: "lab-pg", mac: "00:11:22:33:44:55", vlan: 30 },
                ],
                flows: [{ from: "inner-a", to: "gw" }],
            },
        };
        const ds = await preview(lab(), config);
        assert.deepEqual(unneededPromiscuous(ds), []);
        const lp = by(ds, "security-settings-least-privilege");
        assert.ok(lp.length > 0 && lp.every((d) => /Cannot tell/.test(d.message) && /input is partial/.test(d.message) && d.enforcementLevel === "advisory"), lp.map((d) => d.message).join("\n"));
        const reach = by(ds, "nested-workloads-reachable").filter((d) => /blocked|one-way/.test(d.message));
        assert.ok(reach.length > 0, "inner-a tags VLAN 30 on an access port group");
        assert.ok(reach.every((d) => /input is partial/.test(d.message) && d.enforcementLevel === "advisory"), reach.map((d) => `${d.enforcementLevel}: ${d.message}`).join("\n"));
    });
});
