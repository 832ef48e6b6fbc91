/**
 * VMkernel NICs through the analyzer protocol (issue 13; K1–K3): the outer host's vmk and a nested
 * ESXi, a nested vmk1 that needs forged transmits, netstack in the findings, a malformed Vnic MAC.
 * Every Vnic reference is unknown, as during a first preview, and resolved through propertyDependencies.
 */
import assert from "node:assert/strict";
import { PROJECT_ROOT, startPack, UNKNOWN_STRING, type Diag, type PackProcess, type PolicyPackConfig, type TestResource } from "../harness/analyzer";
import { dvsLab, res, T } from "./stacks";

let pack: PackProcess;

async function preview(resources: TestResource[], config: PolicyPackConfig = {}): Promise<Diag[]> {
    await pack.configure(config);
    return (await pack.analyzeStack(resources)).diagnostics;
}

const of = (ds: Diag[], policy: string) => ds.filter((d) => d.policyName === policy);
const dump = (ds: Diag[]) => ds.map((d) => `${d.policyName}: ${d.message}`).join("\n---\n");
const about = (ds: Diag[], pair: RegExp) => of(ds, "nested-workloads-reachable").filter((d) => pair.test(d.message));

/**
 * The vDS lab (lab-pg on VLAN 20; esxi-01 on host-11, esxi-02 on host-12) with a second port group
 * `mgmt-pg` on `mgmtVlan` and the outer host-11's vmk1 on `on`, its references unknown.
 */
function lab(opts: { pg?: Record<string, unknown>; on?: "lab-pg" | "mgmt-pg"; mgmtVlan?: number; vnic?: Record<string, unknown> } = {}): TestResource[] {
    const base = dvsLab({ pg: opts.pg });
    const dvs = base.find((r) => r.type === T.dvs)!;
    const mgmt = res(T.dvpg, "mgmt-pg", { name: "mgmt-pg", distributedVirtualSwitchUuid: UNKNOWN_STRING, vlanId: opts.mgmtVlan ?? 30 }, { distributedVirtualSwitchUuid: [dvs.urn!] });
    const pg = opts.on === "mgmt-pg" ? mgmt : base.find((r) => r.name === "lab-pg")!;
    const vmk = res(
        T.vnic,
        "vmotion-11",
        { host: "host-11", distributedSwitchPort: UNKNOWN_STRING, distributedPortGroup: UNKNOWN_STRING, netstack: "defaultTcpipStack", ...opts.vnic },
        { distributedSwitchPort: [dvs.urn!], distributedPortGroup: [pg.urn!] },
    );
    return [...base, mgmt, vmk];
}

const config = (workloads: unknown[], flows: Array<[string, string]>): PolicyPackConfig => ({
    "nested-workloads-reachable": { workloads, flows: flows.map(([from, to]) => ({ from, to })) },
});
/** The outer vmk and the nested ESXi's own vNIC (its vmk0). */
const outerAndVmk0 = config([{ name: "outer", vnic: "vmotion-11" }, { name: "esxi-01-vmk0", vm: "esxi-01" }], [["outer", "esxi-01-vmk0"]]);
/** The outer vmk and the nested ESXi's vmk1, a MAC of its own. */
const outerAndVmk1 = config([{ name: "outer", vnic: "vmotion-11" }, { name: "esxi-01-vmk1", nestedIn: "esxi-01", kind: "vmk", mac: "00:50:56:6b:00:01" }], [["esxi-01-vmk1", "outer"]]);

describe("VMkernel NICs through the protocol (issue 13: K1–K3)", function () {
    this.timeout(120000);
    before(async () => {
        pack = await startPack(PROJECT_ROOT);
    });
    after(async () => {
        await pack?.stop();
    });

    it("K1: the outer host's vmk1 reaches a nested ESXi's vmk0 on its VLAN; on another VLAN it is blocked, and the trace names vmotion-11 on host-11", async () => {
        const same = await preview(lab({ on: "lab-pg" }), outerAndVmk0);
        assert.deepEqual(about(same, /outer <-> esxi-01-vmk0/), [], dump(same));
        const other = await preview(lab({ on: "mgmt-pg" }), outerAndVmk0);
        const d = about(other, /outer <-> esxi-01-vmk0/);
        assert.equal(d.length, 1, dump(other));
        assert.match(d[0].message, /outer <-> esxi-01-vmk0: blocked/);
        assert.match(d[0].message, /\[K1\] send at host host-11 \/ switch lab-vds \/ port group mgmt-pg \/ port vmotion-11: vmotion-11 on host-11 \(a VMkernel NIC of the host\) sends/);
        assert.match(d[0].message, /different VLANs need a router/);
        assert.equal(d[0].urn, "urn:pulumi:dev::lab::vsphere:index/vnic:Vnic::vmotion-11", "reported on the Vnic");
        assert.doesNotMatch(d[0].message, /K3/, "the default stack needs no word");
    });

    it("K2: a nested ESXi's vmk1 needs forged transmits on the outer port group; with it (and promiscuous mode) it talks to the outer vmk", async () => {
        const closed = await preview(lab({ pg: { allowPromiscuous: true } }), outerAndVmk1);
        const d = about(closed, /esxi-01-vmk1 <-> outer/);
        assert.equal(d.length, 1, dump(closed));
        assert.match(d[0].message, /esxi-01-vmk1 <-> outer: (blocked|one-way)/);
        assert.match(d[0].message, /rule S1\b/);
        assert.match(d[0].message, /\[K2\] send at [^\n]*: esxi-01-vmk1 \(a nested VMkernel NIC with a MAC of its own\) sends/);
        assert.match(d[0].message, /Smallest fix: set allowForgedTransmits: true on DistributedPortGroup lab-pg/);
        const open = await preview(lab({ pg: { allowPromiscuous: true, allowForgedTransmits: true } }), outerAndVmk1);
        assert.deepEqual(about(open, /esxi-01-vmk1 <-> outer/), [], dump(open));
    });

    it("K3: a vmk on the vmotion stack fails exactly as on the default one, and the finding says the stack is no cause and no fix", async () => {
        const vmotion = about(await preview(lab({ on: "mgmt-pg", vnic: { netstack: "vmotion" } }), outerAndVmk0), /outer <-> esxi-01-vmk0/);
        const plain = about(await preview(lab({ on: "mgmt-pg" }), outerAndVmk0), /outer <-> esxi-01-vmk0/);
        assert.equal(vmotion.length, 1);
        assert.match(vmotion[0].message, /outer \(vmotion-11 on host-11, netstack vmotion\) uses a TCP\/IP stack of its own: that chooses routes \(layer 3\), not how frames are switched, so it neither causes this nor fixes it \[K3\]/);
        assert.equal(vmotion[0].message.replace(/\n[^\n]*\[K3\][^\n]*/, ""), plain[0].message, "the same finding otherwise");
        // Reachable on the vmotion stack too: no finding at all.
        assert.deepEqual(about(await preview(lab({ on: "lab-pg", vnic: { netstack: "vmotion" } }), outerAndVmk0), /outer <-> esxi-01-vmk0/), []);
    });

    it("K3 in exposure: a vmotion vmk beside promiscuous nested ESXi is exposed all the same, and the finding says why", async () => {
        const ds = await preview(lab({ on: "lab-pg", pg: { allowPromiscuous: true, allowForgedTransmits: true }, vnic: { netstack: "vmotion" } }));
        const d = of(ds, "promiscuous-exposure");
        assert.equal(d.length, 1, dump(ds));
        assert.match(d[0].message, /observe the unicast of 1 VM NIC\(s\) on the same port group and host: vmotion-11 on host-11/);
        assert.match(d[0].message, /VMkernel NIC vmotion-11 on host-11 \(netstack vmotion\): a TCP\/IP stack of its own separates routing, not layer 2, so the promiscuous ports still receive its frames \[K3\]/);
    });

    it("a malformed Vnic MAC is reported naming the Vnic and its mac, and the vmk is still checked", async () => {
        const ds = await preview(lab({ on: "mgmt-pg", vnic: { mac: "00:50:56:zz:00:01" } }), outerAndVmk0);
        const bad = of(ds, "nested-workloads-reachable").filter((d) => /mac of VMkernel NIC/.test(d.message));
        assert.equal(bad.length, 1, dump(ds));
        assert.match(bad[0].message, /^mac of VMkernel NIC vmotion-11 is not a MAC address \(use .*\); checked as if ESXi assigned one\. \(property mac\)$/);
        assert.equal(bad[0].urn, "urn:pulumi:dev::lab::vsphere:index/vnic:Vnic::vmotion-11");
        assert.doesNotMatch(bad[0].message, /zz/, "the input is not echoed");
        assert.equal(about(ds, /outer <-> esxi-01-vmk0: blocked/).length, 1, "still simulated");
    });

    it("a vnic workload whose Vnic cannot be placed during preview is undecided (advisory), with its flow", async () => {
        const stack = lab();
        const vmk = stack.find((r) => r.type === T.vnic)!;
        vmk.propertyDependencies = {};
        const ds = await preview(stack, outerAndVmk0);
        const unknown = of(ds, "nested-workloads-reachable").filter((d) => /VMkernel NIC vmotion-11 is on a distributed port group whose key is not known during preview/.test(d.message));
        assert.equal(unknown.length, 1, dump(ds));
        assert.equal(unknown[0].enforcementLevel, "advisory");
        const skipped = of(ds, "nested-workloads-reachable").filter((d) => /Workload outer: workloads\[0\]\.vnic names Vnic vmotion-11, which is left out/.test(d.message));
        assert.equal(skipped.length, 1, dump(ds));
        assert.equal(skipped[0].enforcementLevel, "advisory");
    });
});
