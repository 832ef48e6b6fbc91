/**
 * Issue 17: advice on a port group read from an inventory names where the setting really lives —
 * the port group in vCenter, or the resource of the other stack by its URN — and never a key of this
 * stack's program or of the pack's config that cannot change it. Following the advice works (the
 * config key it names is accepted). Advice on a port group other VMs use, whose needs nobody
 * declared, is withheld. Through the real analyzer protocol, as `pulumi preview` runs the pack.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { Inventory } from "../../inventory/format";
import { stackExportResources } from "../../inventory/stack-export";
import { PROJECT_ROOT, startPack, type Diag, type PackProcess, type PolicyPackConfig, type TestResource } from "../harness/analyzer";
import { labProvider, labVm, recordedInventory, ROOT } from "./recorded";

const LAB = path.join(ROOT, "examples/split-stack-inventory");
const labConfig = JSON.parse(fs.readFileSync(path.join(LAB, "policy-config.json"), "utf8"))["nested-workloads-reachable"];
const splitLab: TestResource[] = stackExportResources(JSON.parse(fs.readFileSync(path.join(LAB, "lab-stack.json"), "utf8"))).map((r) => ({ type: r.type, name: r.name, urn: r.urn, props: r.props, propertyDependencies: r.propertyDependencies }));
const NESTED_PG_URN = "urn:pulumi:prod::platform-net::vsphere:index/distributedPortGroup:DistributedPortGroup::nested-pg";

let pack: PackProcess;
async function preview(resources: TestResource[], declarations: Record<string, unknown>): Promise<Diag[]> {
    const config: PolicyPackConfig = { "nested-workloads-reachable": declarations };
    await pack.configure(config);
    return (await pack.analyzeStack(resources)).diagnostics;
}
const by = (ds: Diag[], policy: string) => ds.filter((d) => d.policyName === policy).map((d) => d.message);
const all = (ds: Diag[]) => ds.map((d) => `${d.policyName}: ${d.message}`).join("\n");

/** No message tells the user to write a config key or property for an object the stack does not have. */
function noImpossibleAdvice(ds: Diag[]): void {
    for (const d of ds) {
        assert.doesNotMatch(d.message, /"[^"]*\((dvportgroup|network|host)-[^"]*\)"/, `a config key naming an inventory object's display name: ${d.message}`);
        assert.doesNotMatch(d.message, /\(in (vCenter inventory|stack) [^)]*, not in this stack; then refresh the inventory\)/, d.message);
    }
}

describe("inventory: advice names where the setting lives", function () {
    this.timeout(180000);
    before(async () => {
        pack = await startPack(PROJECT_ROOT);
    });
    after(async () => {
        await pack?.stop();
    });

    describe("a port group of another stack (its export as inventory)", () => {
        const decl = { ...labConfig, inventory: [path.join(LAB, "platform-stack.json")], inventoryMaxAgeDays: 100000 };

        it("prefer-mac-learning: the other stack's resource by URN, MAC learning declared by the port group's id", async () => {
            const ds = await preview(splitLab, decl);
            const [m, ...rest] = by(ds, "prefer-mac-learning");
            assert.ok(m && rest.length === 0, all(ds));
            assert.ok(m.includes(`DistributedPortGroup nested-pg (${NESTED_PG_URN}) of stack platform-net/prod`), m);
            assert.match(m, /in that stack's program remove allowPromiscuous from it \(the provider does not send false on a DistributedPortGroup, T3/);
            assert.match(m, /"macLearning": \{ "dvportgroup-2001": \{ "enabled": true \} \}/);
            assert.match(m, /export stack platform-net\/prod again/);
            assert.doesNotMatch(m, /nested-pg \(dvportgroup-2001\)"/);
            noImpossibleAdvice(ds);
        });

        it("least-privilege: the unneeded accept is changed in the other stack, with the caveat that its other users are not known", async () => {
            const ds = await preview(splitLab, decl);
            const lp = by(ds, "security-settings-least-privilege").filter((m) => /MAC address changes is accepted/.test(m));
            assert.equal(lp.length, 1, all(ds));
            assert.ok(lp[0].includes(`It is not in this stack: remove allowMacChanges from DistributedPortGroup nested-pg (${NESTED_PG_URN}) of stack platform-net/prod`), lp[0]);
            assert.doesNotMatch(lp[0], /Set allowMacChanges: false \(/);
            assert.match(lp[0], /Only this stack's and stack platform-net\/prod's VMs are known to be on it/);
            assert.deepEqual(by(ds, "security-settings-explicit"), [], "explicit-settings reads this stack's resources only");
        });

        it("following the advice: the macLearning key it names is accepted, and the MAC-learning advice is then done", async () => {
            const ds = await preview(splitLab, { ...decl, macLearning: { "dvportgroup-2001": { enabled: true } } });
            assert.ok(!ds.some((d) => /macLearning/.test(d.message) && /ignored/.test(d.message)), all(ds));
            assert.deepEqual(by(ds, "prefer-mac-learning"), []);
            // With MAC learning on, promiscuous mode is what is unneeded now, and it is changed in the other stack.
            const lp = by(ds, "security-settings-least-privilege").filter((m) => /promiscuous mode is accepted on DistributedPortGroup nested-pg/i.test(m));
            assert.equal(lp.length, 1, all(ds));
            assert.ok(lp[0].includes(`remove allowPromiscuous from DistributedPortGroup nested-pg (${NESTED_PG_URN}) of stack platform-net/prod`), lp[0]);
            noImpossibleAdvice(ds);
        });

        it("the smallest fix of a blocked conversation is worded for the other stack", async () => {
            const ds = await preview(splitLab, decl);
            const m = by(ds, "nested-workloads-reachable").find((x) => /nested-app <-> nested-web: blocked/.test(x));
            assert.ok(m, all(ds));
            assert.match(m, /Smallest fix: enable MAC learning on DistributedPortGroup lab-pg \(urn:pulumi:prod::platform-net::[^)]*\) of stack platform-net\/prod .*"macLearning": \{ "dvportgroup-2002": \{ "enabled": true \} \}/);
        });
    });

    describe("a port group in vCenter (a vsnet inventory)", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "vsnet-advice-"));
        const file = path.join(dir, "vc01.json");
        const lab: TestResource[] = [labProvider("vc01.lab.example"), labVm("esxi-a", "dvportgroup-13", { host: "host-23" }), labVm("esxi-b", "dvportgroup-13", { host: "host-31" })];

        async function write(edit?: (i: Inventory) => void): Promise<void> {
            const { inventory } = await recordedInventory();
            const pg = inventory.portGroups["dvportgroup-13"];
            // Not 20: that is the native VLAN the recorded hosts announce over CDP, whose frames arrive untagged (V7).
            pg.vlan = { kind: "vlan", id: 30 };
            pg.security = { allowPromiscuous: true, allowForgedTransmits: true, allowMacChanges: true };
            const sw = inventory.switches[pg.switch];
            sw.version = "8.0.0";
            sw.hosts = ["host-23", "host-31"].map((h) => ({ host: h, nics: ["vmnic1"] }));
            edit?.(inventory);
            fs.writeFileSync(file, JSON.stringify(inventory));
        }

        it("prefer-mac-learning and least-privilege: changed in vCenter, then a new inventory; no config key", async () => {
            await write();
            const ds = await preview(lab, { inventory: [file] });
            const [m] = by(ds, "prefer-mac-learning");
            assert.ok(m, all(ds));
            assert.match(m, /enable MAC learning on port group DC0_DVPG0 \(dvportgroup-13\) in vCenter vc01\.lab\.example \(vSphere Client or PowerCLI\), set its Promiscuous mode to Reject and keep Forged transmits at Accept; then take a new inventory \(vsnet inventory\)/);
            assert.doesNotMatch(m, /macLearning|allowPromiscuous/);
            const lp = by(ds, "security-settings-least-privilege").filter((x) => /MAC address changes is accepted/.test(x));
            assert.equal(lp.length, 1, all(ds));
            assert.match(lp[0], /It is not in this stack: set MAC address changes to Reject on port group DC0_DVPG0 \(dvportgroup-13\) in vCenter vc01\.lab\.example/);
            assert.doesNotMatch(lp[0], /allowMacChanges/);
            noImpossibleAdvice(ds);
        });

        it("other VMs on it, whose needs nobody declared here: least-privilege and MAC-learning advice withheld, exposure says where promiscuous mode is set", async () => {
            await write((i) => {
                i.vms["vm-36"].nics = [{ mac: "00:0c:29:00:00:36", network: "dvportgroup-13", connected: true }];
                i.vms["vm-36"].host = "host-23";
            });
            const ds = await preview(lab, { inventory: [file] });
            assert.deepEqual(by(ds, "prefer-mac-learning"), [], all(ds));
            const lp = by(ds, "security-settings-least-privilege");
            assert.ok(!lp.some((x) => /is accepted on/.test(x)), lp.join("\n"));
            assert.ok(lp.some((x) => /Cannot tell whether DistributedPortGroup DC0_DVPG0 \(dvportgroup-13\) needs .*1 VM\(s\) that are not this stack's are on it in vCenter vc01\.lab\.example \(DC0_C0_RP0_VM0\)/.test(x)), lp.join("\n"));
            const ex = by(ds, "promiscuous-exposure");
            assert.ok(ex.some((x) => /DC0_C0_RP0_VM0 nic 0/.test(x) && /It is not in this stack: its promiscuous mode is changed on port group DC0_DVPG0 \(dvportgroup-13\) in vCenter vc01\.lab\.example/.test(x)), all(ds));
            noImpossibleAdvice(ds);
        });

        it("a macLearning key for a vCenter port group whose MAC learning the inventory records: a named finding, not silently used", async () => {
            await write((i) => (i.portGroups["dvportgroup-13"].macLearning = { enabled: false, allowUnicastFlooding: true, limit: 4096, limitPolicy: "drop" }));
            const ds = await preview(lab, { inventory: [file], macLearning: { "dvportgroup-13": { enabled: true } } });
            assert.ok(ds.some((d) => /macLearning\.dvportgroup-13 names port group dvportgroup-13 of vCenter inventory vc01\.lab\.example, which records its MAC learning itself/.test(d.message)), all(ds));
            assert.equal(by(ds, "prefer-mac-learning").length, 1, "still promiscuous without MAC learning, as vCenter says");
        });
    });
});
