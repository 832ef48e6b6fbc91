/**
 * Issue 17, bad input "a user without read rights on part of the inventory": the recorded answers
 * of vcsim's restricted user (missingSet entries with NoPermission) are recorded in the inventory
 * as `unreadable`, and the translation treats what depends on them as unknown — never as defaults.
 * Also the native VLAN vCenter can tell (CDP, V7) and its way into the host facts.
 */
import * as assert from "node:assert/strict";
import { inventorySchema, validateInventory, type Inventory } from "../../inventory/format";
import { translate, type Translation } from "../../translate";
import { dvsLab } from "../pack/stacks";
import { labProvider, labVm, recordedInventory } from "./recorded";

const restricted = () => recordedInventory({ RetrievePropertiesEx: "RetrievePropertiesEx-restricted.xml" });
const config = (inv: Inventory, extra: Record<string, unknown> = {}) => ({ inventory: [JSON.parse(JSON.stringify(inv)) as Record<string, unknown>], ...extra });
const diagsAbout = (t: Translation, vm: string) => t.diagnostics.filter((d) => d.urn?.endsWith(`::${vm}`));

describe("inventory: a user without read rights on part of vCenter", () => {
    it("reading: each object vCenter would not show is recorded with its fault and properties; the file validates", async () => {
        const { read, inventory } = await restricted();
        assert.ok(read.missing.length > 0);
        const u = inventory.unreadable ?? {};
        assert.deepEqual(Object.keys(u).sort(), ["dvportgroup-13", "host-31", "vm-39"]);
        assert.equal(u["dvportgroup-13"].type, "DistributedVirtualPortgroup");
        assert.equal(u["dvportgroup-13"].fault, "NoPermission");
        assert.ok(u["dvportgroup-13"].properties.includes("config"));
        assert.ok(u["host-31"].properties.includes("config.network"));
        assert.equal(u["vm-39"].type, "VirtualMachine");
        // What could not be read is absent, not filled with defaults.
        assert.equal(inventory.portGroups["dvportgroup-13"], undefined);
        assert.equal(inventory.portGroups["host-31/VM Network"], undefined);
        assert.equal(inventory.vms["vm-39"], undefined);
        assert.deepEqual(inventory.networks["network-7"].unreadableHosts, ["host-31"]);
        validateInventory(JSON.parse(JSON.stringify(inventory)), "restricted.json");
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const Ajv = require("ajv") as typeof import("ajv").default;
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const formats = require("ajv-formats") as typeof import("ajv-formats").default;
        const ajv = new Ajv({ strict: false });
        formats(ajv);
        assert.ok(ajv.validate(inventorySchema, inventory), JSON.stringify(ajv.errors));
    });

    it("a user with every right: nothing is recorded as unreadable", async () => {
        const { inventory } = await recordedInventory();
        assert.equal(inventory.unreadable, undefined);
        assert.ok(inventory.portGroups["dvportgroup-13"]);
    });

    it("a port group that could not be read: the NIC on it is undetermined, with a note naming it and 'no read permission'", async () => {
        const { inventory } = await restricted();
        const t = translate([labProvider("vc01.lab.example"), labVm("esxi-a", "dvportgroup-13")], config(inventory));
        const d = diagsAbout(t, "esxi-a");
        assert.equal(d.length, 1, JSON.stringify(t.diagnostics));
        assert.equal(d[0].kind, "unknown");
        assert.equal(d[0].property, "networkInterfaces[0].networkId");
        assert.match(d[0].message, /dvportgroup-13, which vCenter inventory vc01\.lab\.example could not read: no read permission \(NoPermission on /);
        assert.match(d[0].message, /unknown \(undetermined\), not defaults/);
        assert.equal(t.model.portGroups.length, 0, "no port group made up with default settings");
        assert.ok(!t.diagnostics.some((x) => x.kind === "unmanaged-network"), "it is not called unmanaged: the inventory knows it, but could not read it");
    });

    it("a standard network on a host that could not be read: undetermined for a VM there and for a VM not pinned; the readable host's port group is used", async () => {
        const { inventory } = await restricted();
        const t = translate(
            [labProvider("vc01.lab.example"), labVm("on-31", "network-7", { host: "host-31" }), labVm("loose", "network-7"), labVm("on-23", "network-7", { host: "host-23" })],
            config(inventory),
        );
        const [on31] = diagsAbout(t, "on-31");
        assert.equal(on31?.kind, "unknown");
        assert.match(on31.message, /on host host-31, whose network configuration vCenter inventory vc01\.lab\.example could not read: no read permission/);
        const [loose] = diagsAbout(t, "loose");
        assert.equal(loose?.kind, "unknown");
        assert.match(loose.message, /and on host-31, whose network configuration .* could not read \(no read permission\); the VM's host is not pinned/);
        assert.deepEqual(diagsAbout(t, "on-23"), []);
        assert.deepEqual(t.model.portGroups.map((p) => p.name), ["VM Network"]);
        assert.deepEqual(t.model.ports.map((p) => p.hostId), ["host-23"]);
    });

    it("with every right the same VMs are placed (the control)", async () => {
        const { inventory } = await recordedInventory();
        const t = translate([labProvider("vc01.lab.example"), labVm("esxi-a", "dvportgroup-13"), labVm("on-31", "network-7", { host: "host-31" })], config(inventory));
        assert.deepEqual(t.diagnostics.filter((d) => d.kind === "unknown"), []);
        assert.equal(t.model.ports.length, 2);
    });

    it("a switch member host that could not be read: Net.ReversePathFwdCheckPromisc is stated as assumed, naming the host and the missing permission", async () => {
        const { inventory } = await restricted();
        const dvs = Object.keys(inventory.switches).find((k) => inventory.switches[k].kind === "distributed")!;
        inventory.switches[dvs].hosts = [
            { host: "host-23", nics: ["vmnic1"] },
            { host: "host-31", nics: ["vmnic1"] },
        ];
        inventory.portGroups["dvportgroup-99"] = { name: "readable-pg", switch: dvs, vlan: { kind: "vlan", id: 20 }, security: { allowPromiscuous: true, allowForgedTransmits: true, allowMacChanges: false } };
        const t = translate([labProvider("vc01.lab.example"), labVm("esxi-a", "dvportgroup-99", { host: "host-23" })], config(inventory));
        const h31 = t.model.hosts.find((h) => h.id === "host-31")!;
        assert.equal(h31.rpfOrigin?.kind, "assumed");
        assert.match(h31.rpfOrigin?.note ?? "", /host host-31 could not be read, no read permission/);
    });

    it("VMs that could not be read may sit on any port group of that vCenter: least-privilege advice is withheld there (gaps)", async () => {
        const { inventory } = await restricted();
        const t = translate([labProvider("vc01.lab.example"), labVm("on-23", "network-7", { host: "host-23" })], config(inventory));
        const ref = t.objects.get(t.model.portGroups[0].id)?.inventoryRef;
        assert.deepEqual(ref?.unreadableVms, ["vm-39"]);
    });
});

describe("inventory: native VLAN (V7) from what vCenter can tell", () => {
    it("QueryNetworkHint's CDP neighbour gives each NIC's native VLAN; NICs without CDP say nothing", async () => {
        const { inventory, calls } = await recordedInventory();
        assert.ok(calls.some((c) => c.startsWith("QueryNetworkHint") && /<device>vmnic0<\/device>/.test(c)));
        assert.deepEqual(inventory.hosts["host-23"].nativeVlan, { vmnic0: 20, vmnic1: 20 });
        const none = await recordedInventory({ QueryNetworkHint: "QueryOptions-invalid-name.xml" });
        assert.equal(none.inventory.hosts["host-23"].nativeVlan, undefined, "a refused hint is unknown, not VLAN 0");
    });

    it("carried into the model's host with its origin; the config's hosts.nativeVlan wins; NICs that disagree are reported and leave it unset", async () => {
        const { inventory } = await recordedInventory();
        const vm = labVm("esxi-a", "dvportgroup-13", { host: "host-23" });
        const dvs = inventory.portGroups["dvportgroup-13"].switch;
        inventory.switches[dvs].hosts = [{ host: "host-23", nics: ["vmnic0", "vmnic1"] }];
        const t = translate([labProvider("vc01.lab.example"), vm], config(inventory));
        const host = t.model.hosts.find((h) => h.id === "host-23")!;
        assert.equal(host.nativeVlan?.value, 20);
        assert.equal(host.nativeVlan?.origin.kind, "explicit");
        assert.match(host.nativeVlan?.origin.note ?? "", /announced over CDP on vmnic0, vmnic1, from vCenter inventory vc01\.lab\.example/);

        const declared = translate([labProvider("vc01.lab.example"), vm], config(inventory, { hosts: { "host-23": { nativeVlan: 30 } } }));
        const dh = declared.model.hosts.find((h) => h.id === "host-23")!;
        assert.equal(dh.nativeVlan?.value, 30);
        assert.equal(dh.nativeVlan?.origin.kind, "declared");

        inventory.hosts["host-23"].nativeVlan = { vmnic0: 20, vmnic1: 30 };
        const split = translate([labProvider("vc01.lab.example"), vm], config(inventory));
        assert.equal(split.model.hosts.find((h) => h.id === "host-23")!.nativeVlan, undefined);
        assert.ok(split.diagnostics.some((d) => d.kind === "inventory" && /different native VLANs \(vmnic0: 20, vmnic1: 30\)/.test(d.message) && /hosts\.host-23\.nativeVlan/.test(d.message)));
    });

    it("without an inventory, hosts.nativeVlan from the config is the source (it used to be validated and dropped)", () => {
        const lab = dvsLab({ preview: false }).map((r) => ({ urn: r.urn!, type: r.type, name: r.name, props: r.props, propertyDependencies: r.propertyDependencies ?? {}, dependencies: [] }));
        const t = translate(lab, { hosts: { "*": { nativeVlan: 7 }, "host-12": { nativeVlan: 8 } } } as Record<string, unknown>);
        const vlan = (id: string) => t.model.hosts.find((h) => h.id === id)?.nativeVlan;
        assert.equal(vlan("host-11")?.value, 7);
        assert.equal(vlan("host-12")?.value, 8);
        assert.equal(vlan("host-12")?.origin.property, "hosts.host-12.nativeVlan");
        assert.equal(translate(lab, {}).model.hosts.find((h) => h.id === "host-11")?.nativeVlan, undefined, "unset: one untagged domain (V7)");
        const bad = translate(lab, { hosts: { "*": { nativeVlan: 5000 } } } as Record<string, unknown>);
        assert.ok(bad.diagnostics.some((d) => d.configPath === "hosts.*.nativeVlan"));
        assert.equal(bad.model.hosts.find((h) => h.id === "host-11")?.nativeVlan, undefined);
    });
});
