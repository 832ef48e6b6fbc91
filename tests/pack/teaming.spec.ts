/** Teaming through the protocol (issue 12): duplicates on a vSS active/standby pair, whichever way flows are declared. */
import assert from "node:assert/strict";
import { PROJECT_ROOT, startPack, type Diag, type PackProcess, type PolicyPackConfig, type TestResource } from "../harness/analyzer";
import { dvsLab, vssLab } from "./stacks";

let pack: PackProcess;

async function preview(resources: TestResource[], config: PolicyPackConfig = {}): Promise<Diag[]> {
    await pack.configure(config);
    return (await pack.analyzeStack(resources)).diagnostics;
}

const by = (ds: Diag[], policy: string) => ds.filter((d) => d.policyName === policy);
const dups = (ds: Diag[]) => ds.filter((d) => d.policyName === "nested-workloads-reachable" && /copies of each broadcast/.test(d.message));

describe("teaming through the protocol (issue 12)", function () {
    this.timeout(120000);
    before(async () => {
        pack = await startPack(PROJECT_ROOT);
    });
    after(async () => {
        await pack?.stop();
    });

    it("a vSS with an active/standby pair: the nested hosts get two copies, naming both NICs and the RPF setting", async () => {
        const ds = await preview(vssLab({ vss: { networkAdapters: ["vmnic1", "vmnic2"], activeNics: ["vmnic1"], standbyNics: ["vmnic2"] } }));
        const d = dups(ds);
        assert.equal(d.length, 1, ds.map((x) => x.message).join("\n"));
        assert.match(d[0].message, /2 copies of each broadcast/);
        assert.match(d[0].message, /vmnic1 \(active\), vmnic2 \(standby\)/);
        assert.match(d[0].message, /Net\.ReversePathFwdCheckPromisc/);
        assert.equal(d[0].enforcementLevel, "advisory");
        assert.match(d[0].urn, /HostPortGroup::nested-pg$/);
    });

    it("one NIC: no duplicates; and the finding does not depend on which way a declared flow is written", async () => {
        assert.deepEqual(dups(await preview(vssLab())), []);
        const lab = vssLab({ vss: { networkAdapters: ["vmnic1", "vmnic2"], activeNics: ["vmnic1", "vmnic2"] } });
        const decl = (from: string, to: string) => ({
            "nested-workloads-reachable": {
                workloads: [
                    { name: "inner", nestedIn: "esxi-01", mac: "00:50:56:aa:00:01" },
                    { name: "gw", external: "nested-pg", mac: "00:11:22:33:44:55" },
                ],
                flows: [{ from, to }],
            },
        });
        const one = dups(await preview(lab, decl("inner", "gw"))).map((d) => d.message);
        const other = dups(await preview(lab, decl("gw", "inner"))).map((d) => d.message);
        assert.equal(one.length, 1);
        assert.deepEqual(one, other);
    });

    /** Two nested ESXi on a promiscuous vDS port group, host-11 and host-12, each binding vmnic1 and vmnic2 to uplink1 and uplink2. */
    const promiscuousDvs = (dvs: Record<string, unknown> = {}, pg: Record<string, unknown> = {}) => dvsLab({ dvs: { uplinks: ["uplink1", "uplink2"], ...dvs }, pg: { allowForgedTransmits: true, allowPromiscuous: true, ...pg } });

    it("vDS: both uplinks active doubles floods on each host; active uplink1 / standby uplink2 too (standby receives); a port group using uplink1 only does not", async () => {
        assert.equal(dups(await preview(promiscuousDvs())).length, 2, "one per host");
        assert.equal(dups(await preview(promiscuousDvs({ activeUplinks: ["uplink1"], standbyUplinks: ["uplink2"] }))).length, 2);
        const ds = await preview(promiscuousDvs({}, { activeUplinks: ["uplink1"] }));
        assert.deepEqual(dups(ds), [], "the DVPG's own team leaves uplink2 unused");
    });

    it("LACP on the vDS, or a host declared with Net.ReversePathFwdCheckPromisc=1: one copy", async () => {
        assert.deepEqual(dups(await preview(promiscuousDvs({ lacpEnabled: true, lacpMode: "active" }))), []);
        const ds = await preview(promiscuousDvs(), { "nested-workloads-reachable": { hosts: { "host-11": { rpfCheckPromisc: true } } } });
        assert.equal(dups(ds).length, 1);
        assert.match(dups(ds)[0].message, /host host-12/);
    });

    it("a HostPortGroup that sets only standbyNics has no active NIC (T5, U6): its nested guests cannot leave the host", async () => {
        const ds = await preview(vssLab({ vss: { networkAdapters: ["vmnic1"], activeNics: ["vmnic1"] }, pg: { standbyNics: ["vmnic1"], allowForgedTransmits: true } }));
        const reach = by(ds, "nested-workloads-reachable").filter((d) => /rule U6/.test(d.message));
        assert.ok(reach.length > 0, ds.map((d) => d.message).join("\n"));
        assert.match(reach[0].message, /no active uplink/);
        assert.match(reach[0].message, /Smallest fix: set activeNics: \["vmnic1"\] and standbyNics: \[\] on HostPortGroup nested-pg/);
    });

    it("IP hash: unverified without a declared port channel, fine with a static one, flapping when declared without", async () => {
        const lab = vssLab({ vss: { networkAdapters: ["vmnic1", "vmnic2"], activeNics: ["vmnic1", "vmnic2"], teamingPolicy: "loadbalance_ip" } });
        const teaming = async (hosts?: Record<string, unknown>) => by(await preview(lab, hosts ? { "nested-workloads-reachable": { hosts } } : {}), "uplink-teaming").map((d) => d.message).filter((m) => /balances by IP hash/.test(m));
        const unverified = await teaming();
        assert.equal(unverified.length, 1, unverified.join("\n---\n"));
        assert.match(unverified[0], /requires a static EtherChannel .* unverified/);
        assert.deepEqual(await teaming({ "host-21": { portChannel: "static" } }), []);
        const flapping = await teaming({ "*": { portChannel: "none" } });
        assert.equal(flapping.length, 1);
        assert.match(flapping[0], /MAC flapping/);
    });

    it("ordinary VMs on a promiscuous port group with two uplinks: no duplicates (U5)", async () => {
        const ds = await preview(dvsLab({ nested: 0, extraVms: ["web-01", "web-02"], pg: { allowPromiscuous: true } }));
        assert.deepEqual(dups(ds), []);
        assert.deepEqual(dups(await preview(dvsLab({ pg: { allowPromiscuous: true, allowForgedTransmits: true } }))).length, 2, "control: the same port group with nested ESXi doubles");
    });
});
