/**
 * Issue 13's attributes through the analyzer protocol, as `pulumi preview --policy-pack` runs the
 * pack: jumbo frames over a 1500-byte switch (X2), a port group blocked by its switch's default
 * (P1, T6), an SR-IOV nested ESXi (X4), per-port overrides (P2), a static port group that runs out
 * of ports (P3), txUplink (X1) and the native VLAN of the hosts' physical ports (V7).
 */
import assert from "node:assert/strict";
import { PROJECT_ROOT, startPack, UNKNOWN_STRING, type Diag, type PackProcess, type PolicyPackConfig, type TestResource } from "../harness/analyzer";
import { dvsLab, res, T } from "./stacks";

let pack: PackProcess;

async function preview(resources: TestResource[], config: PolicyPackConfig = {}): Promise<Diag[]> {
    await pack.configure(config);
    return (await pack.analyzeStack(resources)).diagnostics;
}

const of = (policy: string) => (ds: Diag[]) => ds.filter((d) => d.policyName === policy);
const reach = of("nested-workloads-reachable");
const exposure = of("promiscuous-exposure");
const dump = (ds: Diag[]) => ds.map((d) => `${d.policyName} [${d.enforcementLevel}]: ${d.message}`).join("\n---\n");
const OPEN = { allowPromiscuous: true, allowForgedTransmits: true, allowMacChanges: true };

/** Two nested ESXi on one host's standard switch, each with a vSAN vmk1 guest sending 9000-byte frames. */
function vsanLab(vssMtu?: number): TestResource[] {
    const vss = res(T.vss, "lab-vswitch", { name: "vSwitch1", hostSystemId: "host-21", networkAdapters: ["vmnic1"], activeNics: ["vmnic1"], ...(vssMtu !== undefined ? { mtu: vssMtu } : {}) });
    const pg = res(T.hpg, "vsan-pg", { name: "vsan-pg", hostSystemId: "host-21", virtualSwitchName: "vSwitch1", ...OPEN }, { virtualSwitchName: [vss.urn!] });
    const vms = [1, 2].map((i) =>
        res(T.vm, `esxi-0${i}`, { name: `esxi-0${i}`, guestId: "vmkernel8Guest", nestedHvEnabled: true, hostSystemId: "host-21", networkInterfaces: [{ networkId: UNKNOWN_STRING }] }, { networkInterfaces: [pg.urn!] }),
    );
    return [vss, pg, ...vms];
}

/** A guest `<name>-a` in esxi-01 and `<name>-b` in esxi-02 that send `mtu`-byte frames, and the flow between them. */
function jumboPair(name: string, mtu: number, macByte: string): PolicyPackConfig {
    const guest = (side: string, vm: string, n: number) => ({ name: `${name}-${side}`, nestedIn: vm, mac: `00:50:56:${macByte}:00:0${n}`, mtu });
    return { "nested-workloads-reachable": { workloads: [guest("a", "esxi-01", 1), guest("b", "esxi-02", 2)], flows: [{ from: `${name}-a`, to: `${name}-b` }] } };
}

const vsanConfig = jumboPair("vsan", 9000, "6a");

describe("issue 13 attributes through the protocol", function () {
    this.timeout(120000);
    before(async () => {
        pack = await startPack(PROJECT_ROOT);
    });
    after(async () => {
        await pack?.stop();
    });

    it("X2: nested vSAN with jumbo frames over a vSwitch left at 1500 — ping works, TCP stalls; at 9000 it works", async () => {
        const ds = reach(await preview(vsanLab(), vsanConfig));
        const flow = ds.filter((d) => /vsan-a <-> vsan-b/.test(d.message));
        assert.equal(flow.length, 1, dump(ds));
        assert.equal(flow[0].enforcementLevel, "mandatory");
        assert.match(flow[0].message, /blocked/);
        assert.match(flow[0].message, /\(unicast-forward\) .*rule X2: a 9000-byte frame does not fit switch lab-vswitch's MTU 1500/);
        assert.match(flow[0].message, /provider default for HostVirtualSwitch lab-vswitch \(mtu unset\)/);
        assert.match(flow[0].message, /Smallest fix: set mtu: 9000 on HostVirtualSwitch lab-vswitch\./);
        const jumbo = await preview(vsanLab(9000), vsanConfig);
        assert.deepEqual(reach(jumbo).filter((d) => /vsan-a <-> vsan-b/.test(d.message)), [], dump(jumbo));
    });

    it("X2 on a distributed switch: maxMtu below the declared frame, the fix names maxMtu", async () => {
        const config = jumboPair("tep", 1600, "6b");
        const d = reach(await preview(dvsLab({ dvs: { maxMtu: 1500 }, pg: OPEN }), config)).filter((x) => /tep-a <-> tep-b/.test(x.message));
        assert.equal(d.length, 1);
        assert.match(d[0].message, /Smallest fix: set maxMtu: 1600 on DistributedVirtualSwitch lab-vds/);
        assert.deepEqual(reach(await preview(dvsLab({ dvs: { maxMtu: 9000 }, pg: OPEN }), config)).filter((x) => /tep-a <-> tep-b/.test(x.message)), []);
    });

    it("P1: a DVPG that leaves blockAllPorts unset under a blocking switch is blocked; the trace names the switch, not its URN", async () => {
        const config = { "nested-workloads-reachable": { workloads: [{ name: "a", vm: "esxi-01" }, { name: "b", vm: "esxi-02" }], flows: [{ from: "a", to: "b" }] } };
        const ds = reach(await preview(dvsLab({ dvs: { blockAllPorts: true }, pg: OPEN }), config));
        const d = ds.filter((x) => /\ba <-> b\b/.test(x.message));
        assert.equal(d.length, 1, dump(ds));
        assert.match(d[0].message, /rule P1: port group lab-pg inherits blockAllPorts = true from switch lab-vds \(unset; inherited from the switch\)/);
        assert.doesNotMatch(d[0].message.split("\n").find((l) => l.startsWith("Dropped:")) ?? "", /urn:pulumi/);
        assert.match(d[0].message, /Smallest fix: set blockAllPorts: false on DistributedVirtualSwitch lab-vds/);
    });

    it("X4: a nested ESXi on an SR-IOV NIC bypasses the switch: its guests are undetermined, naming the NIC; its own NIC is fine", async () => {
        const lab = dvsLab({ pg: OPEN, nested: 1 });
        const vm = lab.find((r) => r.type === T.vm)!;
        (vm.props!.networkInterfaces as Array<Record<string, unknown>>)[0] = { networkId: UNKNOWN_STRING, adapterType: "sriov", physicalFunction: "0000:d8:00.0" };
        const ds = reach(await preview(lab));
        const guest = ds.filter((d) => /esxi-01 nic 0 guest <-> physical network of lab-pg/.test(d.message));
        assert.equal(guest.length, 1, dump(ds));
        assert.equal(guest[0].enforcementLevel, "advisory", "undecided: reported at the undecidedAs level");
        assert.match(guest[0].message, /undetermined/);
        assert.match(guest[0].message, /passthrough = sriov on VirtualMachine esxi-01/);
        assert.match(guest[0].message, /VF trust, spoof checking\) is set on the host's physical NIC, outside the stack/);
        assert.deepEqual(ds.filter((d) => /\[U4\]/.test(d.message)), [], "no promiscuous copies reach a NIC that bypasses the switch");
        const open = reach(await preview(dvsLab({ pg: OPEN, nested: 1 })));
        assert.deepEqual(open.filter((d) => /esxi-01 nic 0 guest/.test(d.message)), [], "the same lab on a vmxnet3 NIC works");
    });

    it("P2: a port group that lets ports override its security policy gets an advisory where a verdict rests on it; unset flags, none", async () => {
        const ds = reach(await preview(dvsLab({ pg: { ...OPEN, securityPolicyOverrideAllowed: true, vlanOverrideAllowed: false } })));
        const p2 = ds.filter((d) => /\[P2\]/.test(d.message));
        assert.equal(p2.length, 1, dump(ds));
        assert.equal(p2[0].enforcementLevel, "advisory");
        assert.match(p2[0].message, /^DistributedPortGroup lab-pg lets single ports override its security policy .*\(securityPolicyOverrideAllowed: true\) \[P2\]/);
        assert.match(p2[0].message, /The verdicts of \d+ conversations rest on that setting of the port group \(esxi-01 nic 0 guest <-> /);
        assert.match(p2[0].message, /the smallest fix is securityPolicyOverrideAllowed: false on DistributedPortGroup lab-pg/);
        assert.deepEqual(reach(await preview(dvsLab({ pg: OPEN }))).filter((d) => /\[P2\]/.test(d.message)), []);
    });

    it("P3: a static port group with autoExpand false and one port for two nested ESXi: the second NIC fails to connect", async () => {
        const ds = reach(await preview(dvsLab({ pg: { ...OPEN, type: "earlyBinding", autoExpand: false, numberOfPorts: 1 } })));
        const p3 = ds.filter((d) => /\[P3\]/.test(d.message));
        assert.equal(p3.length, 1, dump(ds));
        assert.equal(p3[0].enforcementLevel, "advisory");
        assert.match(p3[0].message, /DistributedPortGroup lab-pg has static binding \(type earlyBinding\) and autoExpand: false, with numberOfPorts: 1 \[P3\], and this stack connects 2 vNICs and VMkernel NICs to it \(esxi-01 nic 0, esxi-02 nic 0\): the NICs past the 1st fail to connect/);
        assert.match(p3[0].message, /Smallest fix: set numberOfPorts: 2 \(or more\) on DistributedPortGroup lab-pg, or autoExpand: true\./);
        assert.deepEqual(reach(await preview(dvsLab({ pg: { ...OPEN, autoExpand: false, numberOfPorts: 2 } }))).filter((d) => /\[P3\]/.test(d.message)), []);
    });

    it("X1: txUplink on the switch, false on the port group (not sent): one exposure advisory naming the switch as the fix", async () => {
        const ds = exposure(await preview(dvsLab({ dvs: { txUplink: true }, pg: { ...OPEN, txUplink: false } })));
        const x1 = ds.filter((d) => /\[X1\]/.test(d.message));
        assert.equal(x1.length, 1, dump(ds));
        assert.equal(x1[0].enforcementLevel, "advisory");
        assert.match(x1[0].message, /^txUplink: true on DistributedVirtualSwitch lab-vds \(inherited by DistributedPortGroup lab-pg; a port group's txUplink: false is not sent by the provider, T6\) copies every frame/);
        assert.match(x1[0].message, /the promiscuous ports of DistributedPortGroup lab-pg on other hosts may then observe it/);
        assert.match(x1[0].message, /the smallest fix is to remove txUplink: true from DistributedVirtualSwitch lab-vds\./);
        assert.deepEqual(exposure(await preview(dvsLab({ pg: { ...OPEN, txUplink: false } }))).filter((d) => /\[X1\]/.test(d.message)), []);
    });

    it("V7: a DVPG tagging VLAN 20 when 20 is the hosts' native VLAN never gets the gateway's frames", async () => {
        const config = (hosts: Record<string, unknown>) => ({
            "nested-workloads-reachable": {
                workloads: [
                    { name: "a", vm: "esxi-01" },
                    { name: "gw", external: "lab-pg", mac: "00:11:22:33:44:55" },
                ],
                flows: [{ from: "a", to: "gw" }],
                hosts,
            },
        });
        const ds = reach(await preview(dvsLab({ pg: OPEN }), config({ "*": { nativeVlan: 20 } })));
        const d = ds.filter((x) => /\ba <-> gw\b/.test(x.message));
        assert.equal(d.length, 1, dump(ds));
        assert.match(d[0].message, /one-way: a -> gw works/);
        assert.match(d[0].message, /rule V7: port group lab-pg tags VLAN 20 itself, but VLAN 20 is the native VLAN of host host-1[12]'s physical ports/);
        assert.match(d[0].message, /Setting: vlan = native VLAN 20 on host-1[12], declared in policy config/);
        assert.match(d[0].message, /native VLAN 20 of the host's physical switch ports \(hosts config\) is outside the stack/);
        assert.deepEqual(reach(await preview(dvsLab({ pg: OPEN }), config({ "*": { nativeVlan: 1 } }))).filter((x) => /\ba <-> gw\b/.test(x.message)), []);
    });
});
