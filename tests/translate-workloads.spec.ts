/**
 * translate(): declared workloads, flows and MAC learning from config (issue 3 §3), implicit
 * workloads of nested hypervisors (§4), and the config schema.
 */
import assert from "node:assert/strict";
import type { PolicyConfigSchema } from "@pulumi/policy";
import { declarationsSchema, translate } from "../translate";
import type { Declarations, Diagnostic, Translation } from "../translate/types";
import { nestedEsxi, res, T, urn, vdsLab, vssLab } from "./fixtures/translate/resources";

const configDiags = (t: Translation): Diagnostic[] => t.diagnostics.filter((d) => d.kind === "config");
const configPaths = (t: Translation): string[] => configDiags(t).map((d) => d.configPath ?? "");

/** The vDS lab plus a plain VM `web-01` and a standard-switch port group `lab-pg`. */
function lab() {
    const [dvs, dvpg, esxi1, esxi2] = vdsLab({ allowForgedTransmits: true, allowPromiscuous: true });
    const web = res(T.vm, "web-01", { name: "web", guestId: "ubuntu64Guest", networkInterfaces: [{ networkId: "x" }] }, {});
    const [vss, pg] = vssLab();
    const webOnPg = { ...web, props: { ...web.props, networkInterfaces: [{ networkId: "04da6b54-80e4-46f7-96ec-b56ff0331ba9" }] }, propertyDependencies: { networkInterfaces: [dvpg.urn] } };
    return [dvs, dvpg, esxi1, esxi2, webOnPg, vss, pg];
}

const good: Declarations = {
    workloads: [
        { name: "inner-a", nestedIn: "esxi-01", mac: "00:50:56:AA:00:01", vlan: 20, nic: 0 },
        { name: "inner-b", nestedIn: "esxi-02", mac: "0050.56aa.0002" },
        { name: "web", vm: "web-01", nic: 0, effectiveMac: "02:00:00:00:00:10" },
        { name: "gw", external: "lab-pg", mac: "00:11:22:33:44:55" },
        { name: "gw-trunk", external: "lab-dpg", mac: "00:11:22:33:44:66", vlan: 20 },
    ],
    flows: [
        { from: "inner-a", to: "gw" },
        { from: "inner-a", to: "web" },
    ],
};

describe("translate: declared workloads", () => {
    const t = translate(lab(), good);
    const esxi1 = urn(T.vm, "esxi-01");
    const dpg = urn(T.dvpg, "lab-dpg");

    it("has no config diagnostics for a valid declaration", () => {
        assert.deepEqual(configDiags(t), []);
    });

    it("nestedIn: a guest endpoint behind that VM's NIC, canonical MAC, VLAN", () => {
        const e = t.model.endpoints.find((x) => x.id === "workload:inner-a");
        assert.deepEqual(e, { id: "workload:inner-a", kind: "guest", portId: `${esxi1}#nic0`, mac: "00:50:56:aa:00:01", vlan: 20, label: "inner-a" });
        assert.deepEqual(t.endpoints.get("workload:inner-a"), { name: "inner-a", source: "declared", vmUrn: esxi1, portGroupId: dpg });
        const b = t.model.endpoints.find((x) => x.id === "workload:inner-b");
        assert.equal(b?.kind === "guest" ? b.mac : "", "00:50:56:aa:00:02");
        assert.equal(b?.kind === "guest" ? b.vlan : -1, undefined, "untagged by default");
    });

    it("vm: the VM's own vnic endpoint under the workload name, with the effective MAC on its port", () => {
        const portId = `${urn(T.vm, "web-01")}#nic0`;
        const port = t.model.ports.find((p) => p.id === portId);
        assert.equal(port?.effectiveMac, "02:00:00:00:00:10");
        assert.deepEqual(t.endpoints.get(`vnic:${portId}`), { name: "web", source: "declared", vmUrn: urn(T.vm, "web-01"), portGroupId: dpg });
    });

    it("external: an external endpoint with the port group's VLAN unless given", () => {
        const gw = t.model.endpoints.find((x) => x.id === "workload:gw");
        assert.deepEqual(gw, { id: "workload:gw", kind: "external", mac: "00:11:22:33:44:55", vlan: 20, label: "gw" });
        assert.equal(t.endpoints.get("workload:gw")?.portGroupId, urn(T.hpg, "lab-pg"));
        const trunk = t.model.endpoints.find((x) => x.id === "workload:gw-trunk");
        assert.equal(trunk?.kind === "external" ? trunk.vlan : -1, 20);
    });

    it("an external on a trunk port group without a VLAN is untagged", () => {
        const t2 = translate(lab(), { workloads: [{ name: "sw", external: "lab-dpg", mac: "00:11:22:33:44:77" }] });
        const e = t2.model.endpoints.find((x) => x.id === "workload:sw");
        assert.equal(e?.kind === "external" ? e.vlan : -1, undefined);
    });

    it("flows become declared conversations with their index", () => {
        assert.deepEqual(
            t.conversations.filter((c) => c.source === "declared"),
            [
                { a: "workload:inner-a", b: "workload:gw", source: "declared", flowIndex: 0 },
                { a: "workload:inner-a", b: `vnic:${urn(T.vm, "web-01")}#nic0`, source: "declared", flowIndex: 1 },
            ],
        );
    });

    it("a nested hypervisor with declared workloads gets no implicit guests", () => {
        assert.equal(t.conversations.filter((c) => c.source === "implicit").length, 0);
        assert.equal([...t.endpoints.values()].filter((e) => e.source === "implicit").length, 0);
    });

    it("the VM's `name` property matches when no resource name does", () => {
        const t2 = translate(lab(), { workloads: [{ name: "w", vm: "web" }] });
        assert.deepEqual(configDiags(t2), []);
    });
});

describe("translate: declaration errors (one config diagnostic each, the rest still translates)", () => {
    const cases: Array<[string, Declarations["workloads"], string, RegExp]> = [
        ["no target", [{ name: "a", mac: "00:50:56:aa:00:01" }], "workloads[0]", /exactly one of nestedIn, vm, external/],
        ["two targets", [{ name: "a", vm: "web-01", external: "lab-pg", mac: "00:50:56:aa:00:01" }], "workloads[0]", /exactly one/],
        ["unknown VM", [{ name: "a", nestedIn: "esxi-99", mac: "00:50:56:aa:00:01" }], "workloads[0].nestedIn", /No VirtualMachine named "esxi-99"/],
        ["unknown port group", [{ name: "a", external: "nope", mac: "00:50:56:aa:00:01" }], "workloads[0].external", /No port group named "nope"/],
        ["NIC out of range", [{ name: "a", nestedIn: "esxi-01", nic: 3, mac: "00:50:56:aa:00:01" }], "workloads[0].nic", /has 1 NIC/],
        ["negative NIC", [{ name: "a", nestedIn: "esxi-01", nic: -1, mac: "00:50:56:aa:00:01" }], "workloads[0].nic", /whole number/],
        ["malformed MAC", [{ name: "a", nestedIn: "esxi-01", mac: "00:50:56:aa:00" }], "workloads[0].mac", /not a MAC address/],
        ["multicast MAC", [{ name: "a", nestedIn: "esxi-01", mac: "01:00:5e:00:00:01" }], "workloads[0].mac", /multicast/],
        ["all-zero MAC", [{ name: "a", external: "lab-pg", mac: "00:00:00:00:00:00" }], "workloads[0].mac", /all zeros/],
        ["missing MAC", [{ name: "a", nestedIn: "esxi-01" }], "workloads[0].mac", /required/],
        ["VLAN out of range", [{ name: "a", nestedIn: "esxi-01", mac: "00:50:56:aa:00:01", vlan: 4095 }], "workloads[0].vlan", /0 to 4094/],
        ["bad effectiveMac", [{ name: "a", vm: "web-01", effectiveMac: "zz" }], "workloads[0].effectiveMac", /not a MAC/],
        ["no name", [{ name: "", vm: "web-01" }], "workloads[0].name", /needs a name/],
    ];
    for (const [what, workloads, path, message] of cases) {
        it(what, () => {
            const ok = { name: "ok", external: "lab-pg", mac: "00:11:22:33:44:55" };
            const t = translate(lab(), { workloads: [...(workloads ?? []), ok] });
            const diags = configDiags(t);
            assert.equal(diags.length, 1, JSON.stringify(diags));
            assert.equal(diags[0].configPath, path);
            assert.match(diags[0].message, message);
            assert.ok(t.model.endpoints.some((e) => e.id === "workload:ok"), "the valid workload still translates");
            assert.ok(!t.model.endpoints.some((e) => e.id === "workload:a"), "the broken one is skipped");
        });
    }

    it("a repeated name", () => {
        const t = translate(lab(), { workloads: [{ name: "a", external: "lab-pg", mac: "00:11:22:33:44:55" }, { name: "a", vm: "web-01" }] });
        assert.deepEqual(configPaths(t), ["workloads[1].name"]);
    });

    it("an ambiguous `name` property", () => {
        const [a, b] = [nestedEsxi("x1", [], { name: "twin" }), nestedEsxi("x2", [], { name: "twin" })];
        const t = translate([...lab(), a, b], { workloads: [{ name: "w", vm: "twin" }] });
        assert.deepEqual(configPaths(t), ["workloads[0].vm"]);
        assert.match(configDiags(t)[0].message, /2 VirtualMachines are named "twin"/);
    });

    it("a NIC on an unmanaged network", () => {
        const t = translate(lab(), { workloads: [{ name: "a", nestedIn: "esxi-01", mac: "00:50:56:aa:00:01" }, { name: "w", vm: "web-01" }] });
        assert.deepEqual(configPaths(t), []);
        const [dvs, dvpg, esxi1] = vdsLab();
        const vm = res(T.vm, "web-01", { networkInterfaces: [{ networkId: "network-9" }] });
        const t2 = translate([dvs, dvpg, esxi1, vm], { workloads: [{ name: "w", vm: "web-01" }] });
        const d = t2.diagnostics.filter((x) => x.configPath === "workloads[0].nic");
        assert.equal(d.length, 1);
        assert.match(d[0].message, /not on a port group this pack can see/);
    });

    it("flows naming an undeclared or a skipped workload", () => {
        const t = translate(lab(), {
            workloads: [{ name: "broken", nestedIn: "esxi-99", mac: "00:50:56:aa:00:01" }, { name: "gw", external: "lab-pg", mac: "00:11:22:33:44:55" }],
            flows: [{ from: "gw", to: "ghost" }, { from: "broken", to: "gw" }, { from: "gw", to: "gw" }, { from: "gw" } as never],
        });
        assert.deepEqual(configPaths(t), ["workloads[0].nestedIn", "flows[0].to", "flows[1].from", "flows[2]", "flows[3].to"]);
        assert.match(configDiags(t)[2].message, /was skipped \(see workloads\[0\]\)/);
        assert.match(configDiags(t)[1].message, /not a declared workload/);
        assert.equal(t.conversations.filter((c) => c.source === "declared").length, 0);
    });
});

describe("translate: MAC learning declarations", () => {
    it("attaches a policy with defaults to a distributed port group", () => {
        const t = translate(vdsLab(), { macLearning: { "lab-dpg": { enabled: true } } });
        const pg = t.model.portGroups.find((p) => p.name === "lab-dpg");
        assert.deepEqual(pg?.macLearning && { ...pg.macLearning, origin: pg.macLearning.origin.kind }, {
            enabled: true,
            allowUnicastFlooding: true,
            limit: 4096,
            limitPolicy: "drop",
            origin: "declared",
        });
        assert.equal(pg?.macLearning?.origin.objectId, pg?.id);
        assert.deepEqual(configDiags(t), []);
    });

    it("keeps declared values", () => {
        const t = translate(vdsLab(), { macLearning: { "lab-dpg": { enabled: true, allowUnicastFlooding: false, limit: 2, limitPolicy: "allow" } } });
        const ml = t.model.portGroups[0].macLearning;
        assert.deepEqual([ml?.allowUnicastFlooding, ml?.limit, ml?.limitPolicy], [false, 2, "allow"]);
    });

    it("rejects a host port group (M4), an unknown name, a limit outside 1–4096 and an old DVS", () => {
        const t = translate([...vssLab(), ...vdsLab()], {
            macLearning: {
                "lab-pg": { enabled: true },
                nope: { enabled: true },
                "lab-dpg": { enabled: true, limit: 5000 },
            },
        });
        assert.deepEqual(configPaths(t), ["macLearning.lab-pg", "macLearning.nope", "macLearning.lab-dpg.limit"]);
        assert.match(configDiags(t)[0].message, /standard switches have no MAC learning \(M4\)/);
        assert.ok(t.model.portGroups.every((p) => p.macLearning === undefined));
        const old = translate(vdsLab({ version: "6.5.0" }), { macLearning: { "lab-dpg": { enabled: true } } });
        assert.deepEqual(configPaths(old), ["macLearning.lab-dpg"]);
        assert.equal(translate(vdsLab(), { macLearning: { "lab-dpg": { enabled: true, limit: 0 } } }).model.portGroups[0].macLearning, undefined);
    });
});

describe("translate: implicit workloads of nested hypervisors", () => {
    const [dvs, dvpg, esxi1, esxi2] = vdsLab();
    const [vss, pg] = vssLab();
    // A third nested host (by guest id only) on both port groups, and a plain VM that gets nothing.
    const esxi3 = nestedEsxi("esxi-03", [dvpg, pg], { nestedHvEnabled: false, guestId: "vmkernel7Guest" });
    const plain = nestedEsxi("plain", [dvpg], { nestedHvEnabled: false, guestId: "ubuntu64Guest" });
    const t = translate([dvs, dvpg, esxi1, esxi2, vss, pg, esxi3, plain], {});
    const guest = (vm: string, nic: number) => `implicit-guest:${urn(T.vm, vm)}#nic${nic}`;
    const ext = (pgName: string, type: string) => `implicit-external:${urn(type, pgName)}`;

    it("adds one untagged guest per NIC of each nested hypervisor, with unique MACs", () => {
        const guests = t.model.endpoints.filter((e) => e.kind === "guest");
        assert.deepEqual(guests.map((g) => g.id).sort(), [guest("esxi-01", 0), guest("esxi-02", 0), guest("esxi-03", 0), guest("esxi-03", 1)].sort());
        for (const g of guests) assert.equal(g.kind === "guest" ? g.vlan : -1, undefined);
        assert.equal(new Set(guests.map((g) => (g.kind === "guest" ? g.mac : ""))).size, 4);
        assert.equal(t.endpoints.get(guest("esxi-01", 0))?.source, "implicit");
        assert.ok(!t.model.endpoints.some((e) => e.id.includes("plain") && e.kind === "guest"));
    });

    it("adds one external per port group, in its access VLAN", () => {
        const exts = t.model.endpoints.filter((e) => e.kind === "external");
        assert.deepEqual(exts.map((e) => e.id).sort(), [ext("lab-dpg", T.dvpg), ext("lab-pg", T.hpg)].sort());
        const onPg = exts.find((e) => e.id === ext("lab-pg", T.hpg));
        assert.equal(onPg?.kind === "external" ? onPg.vlan : -1, 20);
        const onTrunk = exts.find((e) => e.id === ext("lab-dpg", T.dvpg));
        assert.equal(onTrunk?.kind === "external" ? onTrunk.vlan : -1, undefined);
    });

    it("pairs each guest with its port group's external and with guests of other nested hypervisors there", () => {
        const pairs = t.conversations.map((c) => {
            assert.equal(c.source, "implicit");
            return [c.a, c.b].sort().join(" <> ");
        });
        const expected = [
            [guest("esxi-01", 0), ext("lab-dpg", T.dvpg)],
            [guest("esxi-02", 0), ext("lab-dpg", T.dvpg)],
            [guest("esxi-03", 0), ext("lab-dpg", T.dvpg)],
            [guest("esxi-03", 1), ext("lab-pg", T.hpg)],
            [guest("esxi-01", 0), guest("esxi-02", 0)],
            [guest("esxi-01", 0), guest("esxi-03", 0)],
            [guest("esxi-02", 0), guest("esxi-03", 0)],
        ].map((p) => p.sort().join(" <> "));
        assert.deepEqual(pairs.sort(), expected.sort());
    });

    it("a declared workload nestedIn one hypervisor suppresses only that hypervisor's implicit guests", () => {
        const t2 = translate([dvs, dvpg, esxi1, esxi2], { workloads: [{ name: "a", nestedIn: "esxi-01", mac: "00:50:56:aa:00:01" }] });
        const implicitGuests = t2.model.endpoints.filter((e) => e.id.startsWith("implicit-guest:"));
        assert.deepEqual(implicitGuests.map((e) => e.id), [guest("esxi-02", 0)]);
        assert.deepEqual(t2.conversations.map((c) => [c.a, c.b]), [[guest("esxi-02", 0), ext("lab-dpg", T.dvpg)]]);
    });
});

describe("declarationsSchema", () => {
    it("is a PolicyConfigSchema with the declaration properties", () => {
        const schema: PolicyConfigSchema = declarationsSchema;
        assert.deepEqual(Object.keys(schema.properties).sort(), ["flows", "hosts", "inventory", "inventoryMaxAgeDays", "macLearning", "networks", "providerVersion", "vcenter", "workloads"]);
        const w = schema.properties.workloads.items as { properties: Record<string, unknown>; additionalProperties: unknown };
        assert.deepEqual(Object.keys(w.properties).sort(), ["effectiveMac", "external", "kind", "mac", "mtu", "name", "nestedIn", "nic", "vlan", "vm", "vnic"]);
        assert.equal(w.additionalProperties, false);
    });

    it("its MAC pattern accepts the four spellings and rejects others", () => {
        const w = declarationsSchema.properties.workloads.items!;
        const re = new RegExp(w.properties!.mac.pattern!);
        for (const ok of ["00:50:56:aa:00:01", "00-50-56-AA-00-01", "0050.56aa.0001", "005056aa0001"]) assert.match(ok, re);
        for (const bad of ["00:50:56:aa:00", "00:50-56:aa:00:01", "0050.56aa.00011", "zz5056aa0001"]) assert.doesNotMatch(bad, re);
    });

    it("uses only keywords Pulumi's configSchema handles", () => {
        const allowed = new Set(["type", "properties", "items", "required", "enum", "minimum", "maximum", "additionalProperties", "pattern", "description"]);
        const walk = (s: unknown): void => {
            if (typeof s !== "object" || s === null) return;
            for (const [k, v] of Object.entries(s)) {
                assert.ok(allowed.has(k), `keyword ${k}`);
                if (k === "properties") Object.values(v as object).forEach(walk);
                else if (k === "items" || k === "additionalProperties") walk(v);
            }
        };
        Object.values(declarationsSchema.properties).forEach(walk);
    });
});
