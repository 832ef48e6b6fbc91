/** Teaming through the protocol (issue 12): duplicates on a vSS active/standby pair, whichever way flows are declared. */
import assert from "node:assert/strict";
import { PROJECT_ROOT, startPack, type Diag, type PackProcess, type PolicyPackConfig, type TestResource } from "../harness/analyzer";
import { vssLab } from "./stacks";

let pack: PackProcess;

async function preview(resources: TestResource[], config: PolicyPackConfig = {}): Promise<Diag[]> {
    await pack.configure(config);
    return (await pack.analyzeStack(resources)).diagnostics;
}

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
});
