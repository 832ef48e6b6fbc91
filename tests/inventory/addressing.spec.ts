/**
 * Issue 17: port groups of an inventory can be named where the user names port groups — an
 * `external` workload, a `macLearning` key, and `vsnet trace --set` — by their inventory id
 * (`dvportgroup-13`) or their name; a name two port groups share is reported with how to name each.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { runCommand } from "../../cli/commands";
import type { Inventory } from "../../inventory/format";
import { stackExportResources } from "../../inventory/stack-export";
import { build } from "../../policies/analysis";
import { parseWhatIf } from "../../policies/whatIf";
import { translate, type RawResource, type Translation } from "../../translate";
import { dvsLab } from "../pack/stacks";
import { labProvider, labVm, recordedInventory, ROOT } from "./recorded";

const LAB = path.join(ROOT, "examples/split-stack-inventory");
const lab = stackExportResources(JSON.parse(fs.readFileSync(path.join(LAB, "lab-stack.json"), "utf8")));
const labConfig = JSON.parse(fs.readFileSync(path.join(LAB, "policy-config.json"), "utf8"))["nested-workloads-reachable"];
const platform = { inventory: [path.join(LAB, "platform-stack.json")], inventoryMaxAgeDays: 100000 };
const inline = (inv: Inventory) => JSON.parse(JSON.stringify(inv)) as Record<string, unknown>;
const workloadDiags = (t: Translation) => t.diagnostics.filter((d) => d.configPath?.startsWith("workloads"));
const gw = (external: string) => ({ name: "gw", external, mac: "00:11:22:33:44:55" });

/** A stack with its own port group "lab-pg" (dvsLab), a provider on vc01, and a VM on the inventory's dvportgroup-13. */
async function clash(): Promise<{ resources: RawResource[]; inv: Inventory }> {
    const { inventory } = await recordedInventory();
    inventory.portGroups["dvportgroup-13"].name = "lab-pg";
    const resources = [labProvider("vc01.lab.example"), labVm("esxi-x", "dvportgroup-13"), ...dvsLab({ preview: false }).map((r) => ({ urn: r.urn!, type: r.type, name: r.name, props: r.props, propertyDependencies: r.propertyDependencies ?? {}, dependencies: [] }))];
    return { resources, inv: inventory };
}

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
    let out = "";
    let err = "";
    const code = await runCommand(args, { io: { out: (t) => void (out += t), err: (t) => void (err += t), color: false, cwd: LAB } });
    return { code, out, err };
}

describe("inventory port groups by id and by name", () => {
    describe("external workloads", () => {
        it("by inventory id and by name: a device on that port group's physical network", () => {
            for (const ref of ["dvportgroup-2002", "lab-pg"]) {
                const t = translate(lab, { ...labConfig, ...platform, workloads: [...labConfig.workloads, gw(ref)], flows: [{ from: "nested-app", to: "gw" }] });
                assert.deepEqual(workloadDiags(t), [], ref);
                assert.equal(t.endpoints.get("workload:gw")?.portGroupId, "inventory:0:dvportgroup-2002", ref);
                assert.ok(t.conversations.some((c) => c.a === "workload:nested-app" && c.b === "workload:gw"));
                const e = t.model.endpoints.find((x) => x.id === "workload:gw");
                assert.equal(e?.kind === "external" ? e.vlan : undefined, 20, "the port group's VLAN");
            }
        });

        it("without the inventory the same name is reported as before", () => {
            const t = translate(lab, { ...labConfig, workloads: [gw("lab-pg")] });
            assert.match(workloadDiags(t)[0]?.message ?? "", /No port group named "lab-pg" in this stack/);
        });

        it("an inventory port group no NIC of the stack uses is brought in, with the inventory's VMs on it", async () => {
            const { inventory } = await recordedInventory();
            const vm36 = inventory.vms["vm-36"];
            vm36.nics = [{ mac: "00:0c:29:00:00:36", network: "dvportgroup-13", connected: true }];
            const dvs = inventory.portGroups["dvportgroup-13"].switch;
            inventory.switches[dvs].hosts = [{ host: vm36.host!, nics: ["vmnic1"] }];
            const t = translate([labProvider("vc01.lab.example"), labVm("esxi-a", "network-7", { host: "host-23" })], { inventory: [inline(inventory)], workloads: [gw("DC0_DVPG0")] });
            assert.deepEqual(workloadDiags(t), []);
            const pg = t.model.portGroups.find((p) => p.name === "DC0_DVPG0");
            assert.ok(pg);
            assert.deepEqual(t.model.ports.filter((p) => p.portGroupId === pg.id).map((p) => p.initialMac), ["00:0c:29:00:00:36"]);
        });

        it("a name the stack and an inventory both use: reported, with how to name each; the id and the URN pick one", async () => {
            const { resources, inv } = await clash();
            const t = translate(resources, { inventory: [inline(inv)], workloads: [gw("lab-pg")] });
            const [d] = workloadDiags(t);
            assert.equal(d?.kind, "config");
            assert.match(d.message, /names two port groups: lab-pg of this stack and dvportgroup-13 in vCenter inventory vc01\.lab\.example; name this stack's by its URN \(urn:pulumi:dev::lab::vsphere:index\/distributedPortGroup:DistributedPortGroup::lab-pg\) or the inventory's by its id \(dvportgroup-13\)/);
            const byId = translate(resources, { inventory: [inline(inv)], workloads: [gw("dvportgroup-13")] });
            assert.deepEqual(workloadDiags(byId), []);
            assert.equal(byId.endpoints.get("workload:gw")?.portGroupId, "inventory:0:dvportgroup-13");
            const urn = "urn:pulumi:dev::lab::vsphere:index/distributedPortGroup:DistributedPortGroup::lab-pg";
            const byUrn = translate(resources, { inventory: [inline(inv)], workloads: [gw(urn)] });
            assert.deepEqual(workloadDiags(byUrn), []);
            assert.equal(byUrn.endpoints.get("workload:gw")?.portGroupId, urn);
        });

        it("a name several inventory port groups share, a standard network on several hosts, and one that could not be read", async () => {
            const { inventory } = await recordedInventory();
            const t = translate([labProvider("vc01.lab.example")], { inventory: [inline(inventory)], workloads: [gw("VM Network"), { ...gw("network-7"), name: "gw2" }, { ...gw("host-23/VM Network"), name: "gw3" }] });
            const ds = workloadDiags(t);
            assert.match(ds.find((d) => d.configPath === "workloads[0].external")?.message ?? "", /names 2 port groups of the inventories \(host-23\/VM Network in vCenter inventory vc01\.lab\.example, host-31\/VM Network in .*\); name one by its id/);
            assert.match(ds.find((d) => d.configPath === "workloads[1].external")?.message ?? "", /is standard network VM Network, a port group on each of 2 hosts .*name one by its id \(host-23\/VM Network, host-31\/VM Network\)/);
            assert.equal(ds.length, 2, "the host port group by its id is found");
            const restricted = await recordedInventory({ RetrievePropertiesEx: "RetrievePropertiesEx-restricted.xml" });
            const r = translate([labProvider("vc01.lab.example")], { inventory: [inline(restricted.inventory)], workloads: [gw("dvportgroup-13")] });
            const [u] = workloadDiags(r);
            assert.equal(u?.kind, "reference", "undecided, not a config error");
            assert.match(u.message, /names dvportgroup-13, which vCenter inventory vc01\.lab\.example could not read: no read permission/);
        });
    });

    describe("macLearning keys", () => {
        it("a port group of another stack (its export cannot hold MAC learning) is declared by its id or name", () => {
            for (const key of ["dvportgroup-2002", "lab-pg"]) {
                const t = translate(lab, { ...labConfig, ...platform, macLearning: { [key]: { enabled: true } } });
                assert.deepEqual(t.diagnostics.filter((d) => d.configPath?.startsWith("macLearning")), [], key);
                const pg = t.model.portGroups.find((p) => p.id === "inventory:0:dvportgroup-2002");
                assert.equal(pg?.macLearning?.enabled, true, key);
                assert.equal(pg?.macLearning?.origin.kind, "declared");
            }
        });

        it("a vCenter inventory records MAC learning itself: a declaration for its port group is reported and not used", async () => {
            const { inventory } = await recordedInventory();
            inventory.portGroups["dvportgroup-13"].macLearning = { enabled: false, allowUnicastFlooding: true, limit: 4096, limitPolicy: "drop" };
            const t = translate([labProvider("vc01.lab.example"), labVm("esxi-a", "dvportgroup-13")], { inventory: [inline(inventory)], macLearning: { "dvportgroup-13": { enabled: true } } });
            assert.match(t.diagnostics.find((d) => d.configPath === "macLearning.dvportgroup-13")?.message ?? "", /records its MAC learning itself .* take a new inventory/);
            assert.notEqual(t.model.portGroups[0].macLearning?.enabled, true);
        });
    });

    describe("vsnet trace --set", () => {
        it("names an inventory port group by id or name; a vCenter port group's false is Reject (no provider in between)", async () => {
            const a = build(lab, { ...labConfig, ...platform });
            for (const expr of ["dvportgroup-2002.allowForgedTransmits=true", "lab-pg.allowForgedTransmits=true"]) {
                const w = parseWhatIf(a.translation, expr);
                assert.ok(w.ok && w.changes[0].kind === "setting" && w.changes[0].objectId === "inventory:0:dvportgroup-2002", `${expr}: ${JSON.stringify(w)}`);
            }
            const stackFalse = parseWhatIf(a.translation, "dvportgroup-2001.allowPromiscuous=false");
            assert.ok(stackFalse.ok && stackFalse.changes[0].kind === "inherit", "another stack's DistributedPortGroup: T3 still applies");
            const { inventory } = await recordedInventory();
            const v = build([labProvider("vc01.lab.example"), labVm("esxi-a", "dvportgroup-13")], { inventory: [inline(inventory)] });
            const vcFalse = parseWhatIf(v.translation, "dvportgroup-13.allowPromiscuous=false");
            assert.ok(vcFalse.ok && vcFalse.changes[0].kind === "setting" && vcFalse.changes[0].value === "reject", JSON.stringify(vcFalse));
        });

        it("a name the stack and an inventory share: the error lists both and how to name them", async () => {
            const { resources, inv } = await clash();
            const a = build(resources, { inventory: [inline(inv)] });
            const w = parseWhatIf(a.translation, "lab-pg.allowPromiscuous=true");
            assert.ok(!w.ok);
            assert.match(w.error, /2 switches or port groups are named lab-pg \(.*lab-pg of this stack \(urn:pulumi:dev::lab::vsphere:index\/distributedPortGroup:DistributedPortGroup::lab-pg\).*lab-pg \(dvportgroup-13\) from vCenter inventory vc01\.lab\.example.*\); name one by its URN, or an inventory's by its id/);
            assert.ok(parseWhatIf(a.translation, "dvportgroup-13.allowPromiscuous=true").ok);
        });

        it("end to end: the smallest fix tried on the other stack's port group heals the conversation", async function () {
            this.timeout(60000);
            const f = (name: string) => path.join(LAB, name);
            const base = ["trace", f("lab-stack.json"), "--config", f("policy-config.json"), "--inventory", f("platform-stack.json"), "--from", "nested-app", "--to", "nested-web"];
            const before = await cli(base);
            assert.equal(before.code, 1, before.err);
            const after = await cli([...base, "--set", "dvportgroup-2002.macLearning=true", "--set", "lab-pg.allowForgedTransmits=true"]);
            assert.equal(after.code, 0, after.out + after.err);
            assert.match(after.out, /what-if: enable MAC learning on DistributedPortGroup lab-pg \(urn:pulumi:prod::platform-net::[^)]*\) of stack platform-net\/prod/);
        });
    });
});
