/**
 * The pack end to end through the real analyzer protocol (run-policy-pack + gRPC), as
 * `pulumi preview --policy-pack` drives it: Configure, Analyze per resource, AnalyzeStack.
 */
import assert from "node:assert/strict";
import { PROJECT_ROOT, UNKNOWN_BOOL, UNKNOWN_STRING, startPack, type AnalyzeResult, type Diag, type PackProcess, type PolicyPackConfig, type TestResource } from "../harness/analyzer";
import { dvsLab, res, T, vssLab } from "./stacks";

let pack: PackProcess;

/** Runs a whole preview: configure, analyze every resource, then the stack. */
async function preview(resources: TestResource[], config: PolicyPackConfig = {}): Promise<Diag[]> {
    await pack.configure(config);
    const out: Diag[] = [];
    for (const r of resources) out.push(...(await pack.analyze(r)).diagnostics);
    const stack: AnalyzeResult = await pack.analyzeStack(resources);
    return [...out, ...stack.diagnostics];
}

const by = (ds: Diag[], policy: string) => ds.filter((d) => d.policyName === policy);
const reach = (ds: Diag[]) => by(ds, "nested-workloads-reachable");
/** Reachability findings other than the (legitimate) duplicate-frames advisory. */
const failing = (ds: Diag[]) => reach(ds).filter((d) => !/copies of each broadcast/.test(d.message));
const noCantRun = (ds: Diag[]) => assert.ok(!ds.some((d) => /can't run policy/.test(d.message)), ds.map((d) => d.message).join("\n"));

describe("policy pack through the analyzer protocol", function () {
    this.timeout(60000);
    before(async () => {
        pack = await startPack(PROJECT_ROOT);
    });
    after(async () => {
        await pack?.stop();
    });

    it("serves the six policies and the waiver summary with their metadata", async () => {
        const info = await pack.getAnalyzerInfo();
        assert.equal(info.name, "vsphere-nested-networking");
        const names = info.policies.map((p) => p.name).sort();
        assert.deepEqual(names, ["duplicate-mac-addresses", "nested-workloads-reachable", "policy-waivers", "prefer-mac-learning", "promiscuous-exposure", "security-settings-explicit", "security-settings-least-privilege", "uplink-teaming"]);
        for (const p of info.policies) {
            assert.ok(p.description.length > 20 && p.severity && p.remediationSteps.length > 20, p.name);
        }
    });

    it("a working nested ESXi lab on a vDS with MAC learning: no reachability violation, no can't-run advisory", async () => {
        const ds = await preview(dvsLab({ pg: { allowForgedTransmits: true } }), { "nested-workloads-reachable": { macLearning: { "lab-pg": { enabled: true } } } });
        noCantRun(ds);
        assert.deepEqual(reach(ds).map((d) => d.message), []);
        assert.deepEqual(by(ds, "prefer-mac-learning"), []);
    });

    it("the same lab with promiscuous instead: reachable, and prefer-mac-learning says so", async () => {
        const ds = await preview(dvsLab({ pg: { allowForgedTransmits: true, allowPromiscuous: true } }));
        assert.deepEqual(failing(ds).map((d) => d.message), []);
        // Two active uplinks per host: the promiscuous nested hosts get each flooded frame twice.
        const dup = reach(ds).filter((d) => /copies of each broadcast/.test(d.message));
        assert.ok(dup.length > 0 && dup.every((d) => d.enforcementLevel === "advisory"));
        const pref = by(ds, "prefer-mac-learning");
        assert.equal(pref.length, 1);
        assert.match(pref[0].urn, /DistributedPortGroup::lab-pg$/);
    });

    it("forged transmits missing: nothing gets out (S1), on the nested host's VM, naming the setting, its origin and the fix", async () => {
        const ds = await preview(dvsLab({ pg: { allowPromiscuous: true } }));
        const v = reach(ds);
        assert.ok(v.length > 0);
        const d = v[0];
        assert.equal(d.enforcementLevel, "mandatory");
        assert.match(d.urn, /VirtualMachine::esxi-0/);
        // Promiscuous is on, so frames still come in: one-way, the guest's own frames dropped at S1.
        assert.match(d.message, /one-way: physical network of lab-pg -> esxi-0\d nic 0 guest works/);
        assert.match(d.message, /rule S1/);
        assert.match(d.message, /allowForgedTransmits\) = reject on DistributedPortGroup lab-pg, inherited from switch DistributedVirtualSwitch lab-vds/);
        assert.match(d.message, /Smallest fix: set allowForgedTransmits: true on DistributedPortGroup lab-pg/);
    });

    it("promiscuous and MAC learning missing: one-way, replies dropped at F4, fix prefers MAC learning", async () => {
        const ds = await preview(dvsLab({ pg: { allowForgedTransmits: true } }));
        const d = reach(ds)[0];
        assert.ok(d, "a violation");
        assert.match(d.message, /one-way/);
        assert.match(d.message, /rule F4/);
        assert.match(d.message, /enable MAC learning on DistributedPortGroup lab-pg/);
    });

    it("standard switch: the host port group leaves forged transmits unset (T2) and is blocked on a current provider", async () => {
        const ds = await preview(vssLab({ providerVersion: "4.17.0" }));
        const d = reach(ds)[0];
        assert.ok(d, "a violation");
        assert.match(d.message, /rule S1/);
        assert.match(d.message, /T2/);
        const explicit = by(ds, "security-settings-explicit").filter((x) => /HostPortGroup nested-pg/.test(x.message));
        assert.equal(explicit.length, 1);
        assert.match(explicit[0].message, /allowForgedTransmits \(forged transmits\) will be Reject, sent as an explicit override/);
    });

    it("the same standard-switch lab on a provider before 4.15.0 inherits the switch and works", async () => {
        const ds = await preview(vssLab({ providerVersion: "4.14.0" }));
        assert.deepEqual(reach(ds).map((d) => d.message), []);
    });

    it("a DVPG false under a DVS true is promiscuous (T3) and the explicit-settings policy says the false is ignored", async () => {
        const ds = await preview(dvsLab({ dvs: { allowPromiscuous: true, allowForgedTransmits: true }, pg: { allowPromiscuous: false } }));
        assert.deepEqual(failing(ds).map((d) => d.message), [], "promiscuous is really on, so the lab works");
        const ignored = by(ds, "security-settings-explicit").filter((d) => /lab-pg sets allowPromiscuous to false, which the provider ignores/.test(d.message));
        assert.equal(ignored.length, 1);
        assert.match(ignored[0].message, /DistributedPortGroup lab-pg sets allowPromiscuous to false/);
    });

    it("a NIC on a network no resource defines: one unmanaged-network diagnostic, and the mapping in config resolves it", async () => {
        const lab = dvsLab({ pg: { allowForgedTransmits: true, allowPromiscuous: true }, preview: false });
        lab.push(res(T.vm, "esxi-09", { name: "esxi-09", nestedHvEnabled: true, hostSystemId: "host-11", networkInterfaces: [{ networkId: "network-1234" }] }));
        const ds = await preview(lab);
        const un = reach(ds).filter((d) => /network-1234/.test(d.message));
        assert.equal(un.length, 1);
        assert.equal(un[0].enforcementLevel, "advisory");
        assert.match(un[0].message, /"networks"/);
        const mapped = await preview(lab, { "nested-workloads-reachable": { networks: { "network-1234": "lab-pg" } } });
        assert.deepEqual(reach(mapped).filter((d) => /network-1234/.test(d.message)), []);
    });

    it("invalid config: a flow naming no workload is a violation naming the config path; the rest still runs", async () => {
        const ds = await preview(dvsLab({ pg: { allowPromiscuous: true } }), {
            "nested-workloads-reachable": { workloads: [{ name: "inner-a", nestedIn: "esxi-01", mac: "00:50:56:aa:00:01" }], flows: [{ from: "inner-a", to: "nobody" }] },
        });
        const cfg = reach(ds).filter((d) => /flows\[0\]\.to/.test(d.message));
        assert.equal(cfg.length, 1);
        assert.match(cfg[0].message, /nobody/);
        assert.ok(reach(ds).some((d) => /rule S1/.test(d.message)), "the lab is still checked");
    });

    it("a promiscuous port group shared with unrelated VMs: promiscuous-exposure names them", async () => {
        const ds = await preview(dvsLab({ pg: { allowForgedTransmits: true, allowPromiscuous: true }, extraVms: ["web-01", "db-01"] }));
        const ex = by(ds, "promiscuous-exposure");
        assert.equal(ex.length, 1);
        assert.match(ex[0].message, /web-01/);
        assert.match(ex[0].message, /db-01/);
        // The nested hosts are the observers, never listed among the observed.
        assert.match(ex[0].message, /\(esxi-01 nic 0, esxi-02 nic 0\) observe/);
        assert.doesNotMatch(ex[0].message.split(" observe ")[1], /esxi-0/);
    });

    it("preview with unknown ids everywhere still checks (no can't-run advisory from any policy)", async () => {
        const lab = dvsLab({ pg: { allowForgedTransmits: UNKNOWN_BOOL } });
        const ds = await preview(lab);
        noCantRun(ds);
        assert.ok(reach(ds).length > 0);
    });

    it("least privilege: a switch-wide accept that only one port group needs, and an accept nothing needs", async () => {
        const lab = dvsLab({ dvs: { allowForgedTransmits: true, allowPromiscuous: true, allowMacChanges: true } });
        lab.push(res(T.dvpg, "web-pg", { name: "web-pg", distributedVirtualSwitchUuid: UNKNOWN_STRING, vlanId: 30 }, { distributedVirtualSwitchUuid: [lab[0].urn!] }));
        lab.push(res(T.vm, "web-01", { name: "web-01", hostSystemId: "host-11", networkInterfaces: [{ networkId: UNKNOWN_STRING }] }, { networkInterfaces: [lab.at(-1)!.urn!] }));
        const ds = by(await preview(lab), "security-settings-least-privilege");
        const forged = ds.find((d) => /^forged transmits is accepted on the whole DistributedVirtualSwitch lab-vds/m.test(d.message));
        assert.ok(forged, ds.map((d) => d.message).join("\n"));
        assert.match(forged.message, /only lab-pg need\(s\) it; web-pg inherit\(s\) it for nothing/);
        assert.match(forged.message, /VCSA-80-000268/);
        const macChanges = ds.find((d) => /MAC address changes is accepted on the whole DistributedVirtualSwitch lab-vds/.test(d.message));
        assert.ok(macChanges, "no workload changes its MAC");
        assert.match(macChanges.message, /none needs it/);
    });

    it("a lab that needs exactly what it has: no least-privilege finding on its port group", async () => {
        const ds = by(await preview(dvsLab({ pg: { allowForgedTransmits: true, allowPromiscuous: true, allowMacChanges: false } })), "security-settings-least-privilege");
        assert.deepEqual(ds.filter((d) => /DistributedPortGroup lab-pg/.test(d.message)).map((d) => d.message), []);
    });

    it("duplicate MACs: a declared guest reusing a VM's assigned MAC in one layer-2 domain is mandatory", async () => {
        const lab = dvsLab({ pg: { allowForgedTransmits: true, allowPromiscuous: true }, extraVms: ["web-01"], preview: false });
        const web = lab.find((r) => r.name === "web-01")!;
        (web.props.networkInterfaces as Array<Record<string, unknown>>)[0].macAddress = "00:50:56:01:02:03";
        const ds = await preview(lab, { "nested-workloads-reachable": { workloads: [{ name: "inner-a", nestedIn: "esxi-01", mac: "00-50-56-01-02-03", vlan: 0 }] } });
        const dup = by(ds, "duplicate-mac-addresses");
        assert.equal(dup.length, 1);
        assert.equal(dup[0].enforcementLevel, "mandatory");
        assert.match(dup[0].message, /00:50:56:01:02:03 is used by 2 endpoints/);
        assert.match(dup[0].message, /inner-a/);
    });

    it("MAC address changes missing: a guest that changed its MAC receives nothing (S2); the fix is allowMacChanges", async () => {
        const lab = dvsLab({ pg: { allowForgedTransmits: true, allowPromiscuous: true }, extraVms: ["bond-01"] });
        const ds = await preview(lab, {
            "nested-workloads-reachable": {
                workloads: [
                    { name: "bond", vm: "bond-01", effectiveMac: "02:00:00:00:00:10" },
                    { name: "gw", external: "lab-pg", mac: "00:11:22:33:44:55" },
                ],
                flows: [{ from: "bond", to: "gw" }],
            },
        });
        const d = failing(ds).find((x) => /bond <-> gw/.test(x.message));
        assert.ok(d, failing(ds).map((x) => x.message).join("\n"));
        assert.match(d.message, /one-way: bond -> gw works/);
        assert.match(d.message, /rule S2/);
        assert.match(d.message, /Smallest fix: set allowMacChanges: true on DistributedPortGroup lab-pg/);
        assert.match(d.urn, /VirtualMachine::bond-01$/);
    });

    it("VLAN trunking missing: a guest tagging VLAN 30 behind a VLAN 20 port group is blocked (V1); the fix trunks VLAN 30", async () => {
        const ds = await preview(dvsLab({ pg: { allowForgedTransmits: true, allowPromiscuous: true } }), {
            "nested-workloads-reachable": {
                workloads: [
                    { name: "inner-30", nestedIn: "esxi-01", mac: "00:50:56:aa:00:30", vlan: 30 },
                    { name: "gw-30", external: "lab-pg", mac: "00:11:22:33:44:30", vlan: 30 },
                ],
                flows: [{ from: "inner-30", to: "gw-30" }],
            },
        });
        const d = failing(ds).find((x) => /inner-30 <-> gw-30/.test(x.message));
        assert.ok(d, failing(ds).map((x) => x.message).join("\n"));
        assert.match(d.message, /blocked/);
        assert.match(d.message, /rule V[13]/);
        assert.match(d.message, /add \{ minVlan: 30, maxVlan: 30 \} to vlanRanges on DistributedPortGroup lab-pg/);
    });
});
