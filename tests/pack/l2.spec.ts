/** Layer 2 through the protocol (issue 13, translation): private VLANs, VLAN inherited from the switch, blocked ports. */
import assert from "node:assert/strict";
import { PROJECT_ROOT, startPack, type Diag, type PackProcess, type PolicyPackConfig, type TestResource } from "../harness/analyzer";
import { dvsLab } from "./stacks";

let pack: PackProcess;

async function preview(resources: TestResource[], config: PolicyPackConfig = {}): Promise<Diag[]> {
    await pack.configure(config);
    return (await pack.analyzeStack(resources)).diagnostics;
}

const reach = (ds: Diag[]) => ds.filter((d) => d.policyName === "nested-workloads-reachable");
const dump = (ds: Diag[]) => ds.map((d) => `${d.policyName}: ${d.message}`).join("\n---\n");
/** The nested ESXi need promiscuous mode and forged transmits to be reachable at all. */
const OPEN = { allowPromiscuous: true, allowForgedTransmits: true, allowMacChanges: true };
const MAPPINGS = [
    { primaryVlanId: 100, secondaryVlanId: 100, pvlanType: "promiscuous" },
    { primaryVlanId: 100, secondaryVlanId: 101, pvlanType: "isolated" },
];

describe("layer 2 through the protocol (issue 13)", function () {
    this.timeout(120000);
    before(async () => {
        pack = await startPack(PROJECT_ROOT);
    });
    after(async () => {
        await pack?.stop();
    });

    /** The two nested ESXi's own vNICs, and a flow between them. */
    const vnics = { "nested-workloads-reachable": { workloads: [{ name: "a", vm: "esxi-01" }, { name: "b", vm: "esxi-02" }], flows: [{ from: "a", to: "b" }] } };
    const flowAB = (ds: Diag[]) => reach(ds).filter((d) => /\ba <-> b\b/.test(d.message));

    it("PV1/PV2: two nested ESXi on an isolated secondary, on two hosts, never talk; on the promiscuous primary they do", async () => {
        const isolated = await preview(dvsLab({ dvs: { pvlanMappings: MAPPINGS }, pg: { ...OPEN, vlanId: undefined, portPrivateSecondaryVlanId: 101 } }), vnics);
        const d = flowAB(isolated);
        assert.equal(d.length, 1, dump(isolated));
        assert.match(d[0].message, /a <-> b[^\n]*: blocked/);
        assert.match(d[0].message, /rule PV2\b/);
        assert.match(d[0].message, /isolated/);
        const promiscuous = await preview(dvsLab({ dvs: { pvlanMappings: MAPPINGS }, pg: { ...OPEN, vlanId: undefined, portPrivateSecondaryVlanId: 100 } }), vnics);
        assert.deepEqual(flowAB(promiscuous), [], dump(promiscuous));
    });

    it("V5/T7: a DVPG with vlanId 0 under a switch with vlanId 20 is VLAN 20", async () => {
        const ext = (vlan: number) => ({
            "nested-workloads-reachable": {
                workloads: [
                    { name: "inner", nestedIn: "esxi-01", mac: "00:50:56:aa:00:01" },
                    { name: "gw", external: "lab-pg", mac: "00:11:22:33:44:55", vlan },
                ],
                flows: [{ from: "inner", to: "gw" }],
            },
        });
        const lab = dvsLab({ dvs: { vlanId: 20 }, pg: { ...OPEN, vlanId: 0 } });
        const untagged = reach(await preview(lab, ext(0))).filter((d) => /inner <-> gw/.test(d.message));
        assert.equal(untagged.length, 1);
        assert.match(untagged[0].message, /blocked/);
        assert.match(untagged[0].message, /gw is in untagged, the frame in VLAN 20/);
        assert.deepEqual(reach(await preview(lab, ext(20))).filter((d) => /inner <-> gw/.test(d.message)), []);
    });

    it("P1/T6: a DVPG that says blockAllPorts false under a switch that says true is blocked, fixed on the switch", async () => {
        const ds = reach(await preview(dvsLab({ dvs: { blockAllPorts: true }, pg: { ...OPEN, blockAllPorts: false } }), vnics));
        const d = flowAB(ds);
        assert.equal(d.length, 1, dump(ds));
        assert.match(d[0].message, /blocked/);
        assert.match(d[0].message, /rule P1\b/);
        assert.match(d[0].message, /inherits blockAllPorts = true/);
        assert.match(d[0].message, /Smallest fix: set blockAllPorts: false on DistributedVirtualSwitch lab-vds/);
        assert.deepEqual(flowAB(await preview(dvsLab({ pg: { ...OPEN, blockAllPorts: false } }), vnics)), []);
    });
});
