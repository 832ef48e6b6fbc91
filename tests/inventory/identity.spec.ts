/**
 * Issue 17, bad input "an inventory of another vCenter than the stack's": the instance uuid the
 * inventory records, or its server, against what the stack says (config `vcenter`, else the
 * provider's `vsphereServer`). A mismatch is a named finding and the inventory is not used.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { Inventory } from "../../inventory/format";
import { translate, type Translation } from "../../translate";
import { labProvider, labVm, recordedInventory, ROOT } from "./recorded";

const LAB = path.join(ROOT, "examples/split-stack-inventory");
const inline = (inv: Inventory) => JSON.parse(JSON.stringify(inv)) as Record<string, unknown>;
const mismatch = (t: Translation) => t.diagnostics.filter((d) => d.kind === "inventory" && /so it is not used/.test(d.message));
const placed = (t: Translation) => t.model.portGroups.filter((p) => p.id.startsWith("inventory:")).length;

describe("inventory: of which vCenter", () => {
    let inv: Inventory;
    let uuid: string;
    before(async () => {
        inv = (await recordedInventory()).inventory;
        uuid = inv.source.kind === "vcenter" ? inv.source.instanceUuid! : "";
        assert.match(uuid, /^[0-9a-f-]{36}$/i, "the recorded inventory has vCenter's instance uuid");
    });
    const vm = labVm("esxi-a", "dvportgroup-13");

    it("the provider's vsphereServer names the inventory's server (any spelling of it): used", () => {
        for (const server of ["vc01.lab.example", "https://VC01.lab.example:443/sdk"]) {
            const t = translate([labProvider(server), vm], { inventory: [inline(inv)] });
            assert.deepEqual(mismatch(t), [], server);
            assert.equal(placed(t), 1);
        }
    });

    it("another server: not used, and the finding names both, the instance, and how to say they are one vCenter", () => {
        const t = translate([labProvider("vcsa.other.example"), vm], { inventory: [inline(inv)] });
        const [d] = mismatch(t);
        assert.ok(d, JSON.stringify(t.diagnostics));
        assert.equal(d.configPath, "inventory[0]");
        assert.match(d.message, new RegExp(`vCenter vc01\\.lab\\.example \\(instance ${uuid}\\), but this stack's networks live in vcsa\\.other\\.example \\(the stack's vSphere provider, vsphereServer\\)`));
        assert.match(d.message, new RegExp(`"vcenter": "${uuid}"`));
        assert.equal(placed(t), 0);
        assert.ok(t.diagnostics.some((x) => x.kind === "unmanaged-network"), "the NIC stays unmanaged, as without inventory");
    });

    it("config vcenter with the instance uuid decides over the server name (an alias, an IP)", () => {
        const t = translate([labProvider("10.0.0.5"), vm], { inventory: [inline(inv)], vcenter: uuid.toUpperCase() });
        assert.deepEqual(mismatch(t), []);
        assert.equal(placed(t), 1);
        const other = translate([labProvider("vc01.lab.example"), vm], { inventory: [inline(inv)], vcenter: "00000000-1111-2222-3333-444444444444" });
        assert.match(mismatch(other)[0]?.message ?? "", /networks live in instance 00000000-1111-2222-3333-444444444444 \(config vcenter\)/);
        assert.equal(placed(other), 0);
    });

    it("config vcenter as a list of server names", () => {
        const t = translate([vm], { inventory: [inline(inv)], vcenter: ["vcsa", "vc01.lab.example"] });
        assert.deepEqual(mismatch(t), []);
        const bad = translate([vm], { inventory: [inline(inv)], vcenter: ["vcsa"] });
        assert.equal(mismatch(bad).length, 1);
        const malformed = translate([vm], { inventory: [inline(inv)], vcenter: [42] as unknown as string[] });
        assert.ok(malformed.diagnostics.some((d) => d.kind === "config" && d.configPath === "vcenter"));
    });

    it("two vCenter inventories of different instances and nothing saying which: the second is not used, and a finding says so", () => {
        const second = inline({ ...inv, source: { ...inv.source, instanceUuid: "00000000-1111-2222-3333-444444444444" } as Inventory["source"] });
        const t = translate([vm], { inventory: [inline(inv), second] });
        assert.ok(t.diagnostics.some((d) => d.kind === "inventory" && d.configPath === "inventory[1]" && /are of two vCenters/.test(d.message)));
        assert.equal(placed(t), 1);
        const chosen = translate([vm], { inventory: [inline(inv), second], vcenter: uuid });
        assert.equal(chosen.diagnostics.filter((d) => d.configPath === "inventory[1]").length, 1, "the second is then simply of another vCenter");
        assert.match(chosen.diagnostics.find((d) => d.configPath === "inventory[1]")!.message, /so it is not used/);
    });

    it("a stack export whose provider talks to another vCenter than this stack's: not used", () => {
        const lab = JSON.parse(fs.readFileSync(path.join(LAB, "lab-stack.json"), "utf8"));
        const platform = JSON.parse(fs.readFileSync(path.join(LAB, "platform-stack.json"), "utf8"));
        for (const r of platform.deployment.resources) if (r.type === "pulumi:providers:vsphere") r.outputs = { ...r.outputs, vsphereServer: "vc-other.lab.example" };
        const resources = lab.deployment.resources
            .filter((r: { type: string }) => r.type !== "pulumi:pulumi:Stack")
            .map((r: { urn: string; type: string; outputs: Record<string, unknown> }) => ({ urn: r.urn, type: r.type, name: r.urn.split("::").pop(), props: r.outputs, propertyDependencies: {}, dependencies: [] }));
        const t = translate(resources, { inventory: [platform], inventoryMaxAgeDays: 100000 });
        assert.match(mismatch(t)[0]?.message ?? "", /stack platform-net\/prod, whose provider talks to vc-other\.lab\.example, but this stack's networks live in vcsa\.lab\.example/);
        const same = translate(resources, { inventory: [JSON.parse(fs.readFileSync(path.join(LAB, "platform-stack.json"), "utf8"))], inventoryMaxAgeDays: 100000 });
        assert.deepEqual(mismatch(same), []);
    });

    it("a truncated or hand-edited file in a preview: one finding naming the file (and the JSON path); the rest is checked", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "vsnet-inv-bad-"));
        const text = JSON.stringify(inv);
        const cases: Array<[string, string, RegExp]> = [
            ["truncated.json", text.slice(0, text.length / 2), /truncated\.json: not valid JSON \(truncated\)/],
            ["edited.json", text.replace('"kind":"distributed"', '"kind":"distributed","colour":"blue"'), /edited\.json: \.switches\["[^"]+"\]\.colour is not a field of the format/],
            ["vlan.json", JSON.stringify({ ...inv, portGroups: { ...inv.portGroups, "dvportgroup-13": { ...inv.portGroups["dvportgroup-13"], vlan: { kind: "vlan", id: 5000 } } } }), /portGroups\["dvportgroup-13"\]\.vlan\.id must be a whole number from 1 to 4094/],
        ];
        for (const [name, content, re] of cases) {
            fs.writeFileSync(path.join(dir, name), content);
            const t = translate([labProvider("vc01.lab.example"), vm], { inventory: [path.join(dir, name)] });
            const ds = t.diagnostics.filter((d) => d.kind === "inventory");
            assert.equal(ds.length, 1, name);
            assert.match(ds[0].message, re);
            assert.match(ds[0].message, /it is not used, so the networks it describes stay unchecked/);
            assert.doesNotMatch(ds[0].message, /\n| {4}at /);
            assert.ok(t.diagnostics.some((d) => d.kind === "unmanaged-network"), `${name}: the rest of the stack is still checked`);
        }
    });
});
