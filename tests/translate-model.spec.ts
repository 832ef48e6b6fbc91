/**
 * translate(): switches, port groups, ports and effective security settings (T1–T3, S4, S5),
 * preview unknowns, unmanaged networks, and input that is malformed.
 */
import assert from "node:assert/strict";
import { translate } from "../translate";
import type { Diagnostic, RawResource, Translation } from "../translate/types";
import { host, nestedEsxi, provider, res, T, U, UA, UB, urn, vdsLab, vssLab } from "./fixtures/translate/resources";

const byKind = (t: Translation, kind: Diagnostic["kind"]): Diagnostic[] => t.diagnostics.filter((d) => d.kind === kind);
const pgOf = (t: Translation, name: string) => {
    const pg = t.model.portGroups.find((p) => p.name === name);
    assert.ok(pg, `port group ${name} in the model`);
    return pg;
};
const swOf = (t: Translation, name: string) => {
    const sw = t.model.switches.find((s) => s.name === name);
    assert.ok(sw, `switch ${name} in the model`);
    return sw;
};

describe("translate: vDS lab in preview", () => {
    const t = translate(vdsLab(), {});
    const dvsUrn = urn(T.dvs, "lab-vds");
    const dpgUrn = urn(T.dvpg, "lab-dpg");

    it("reads the DVS members and their uplinks", () => {
        const sw = swOf(t, "lab-vds");
        assert.equal(sw.id, dvsUrn);
        assert.equal(sw.kind, "distributed");
        assert.equal(sw.macLearningSupported, true);
        assert.deepEqual(sw.members, [
            { hostId: "host-11", uplinks: { known: true, links: [{ name: "uplink1", nic: "vmnic1" }, { name: "uplink2", nic: "vmnic2" }, { name: "uplink3" }, { name: "uplink4" }] } },
            { hostId: "host-12", uplinks: { known: true, links: [{ name: "uplink1", nic: "vmnic1" }, { name: "uplink2", nic: "vmnic2" }, { name: "uplink3" }, { name: "uplink4" }] } },
        ]);
        assert.deepEqual(t.model.hosts.map((h) => h.id).sort(), ["host-11", "host-12"]);
    });

    it("puts the port group on the DVS through propertyDependencies while the uuid is unknown", () => {
        const pg = pgOf(t, "lab-dpg");
        assert.equal(pg.id, dpgUrn);
        assert.equal(pg.switchId, dvsUrn);
        assert.deepEqual(pg.vlan, { kind: "trunk", ranges: [[0, 4094]] });
        assert.deepEqual(t.objects.get(dpgUrn), { kind: "distributedPortGroup", name: "lab-dpg", urn: dpgUrn, type: T.dvpg });
    });

    it("makes one port per NIC on that port group, with vCenter-assigned placeholder MACs and no pinned host", () => {
        assert.equal(t.model.ports.length, 2);
        for (const vm of ["esxi-01", "esxi-02"]) {
            const port = t.model.ports.find((p) => p.id === `${urn(T.vm, vm)}#nic0`);
            assert.ok(port);
            assert.equal(port.portGroupId, dpgUrn);
            assert.equal(port.hostId, undefined);
            assert.equal(port.label, `${vm} nic 0`);
            assert.match(port.initialMac, new RegExp(`^vc-assigned:${vm}:0`));
        }
        assert.notEqual(t.model.ports[0].initialMac, t.model.ports[1].initialMac);
    });

    it("derives the security settings: DVS unset → vSphere default Reject, port group unset → inherited", () => {
        const sw = swOf(t, "lab-vds");
        assert.equal(sw.security.promiscuous.value, "reject");
        assert.equal(sw.security.promiscuous.origin.kind, "vsphereDefault");
        assert.equal(sw.security.promiscuous.origin.rule, "S4");
        const pg = pgOf(t, "lab-dpg");
        assert.equal(pg.security.forgedTransmits.value, "reject");
        assert.equal(pg.security.forgedTransmits.origin.kind, "inherited");
        assert.equal(pg.security.forgedTransmits.origin.property, "allowForgedTransmits");
        assert.deepEqual(pg.security.forgedTransmits.origin.from, sw.security.forgedTransmits.origin);
    });

    it("reports nothing: every unknown was resolved", () => {
        assert.deepEqual(t.diagnostics, []);
    });

    it("adds a vnic endpoint per NIC", () => {
        const vnics = t.model.endpoints.filter((e) => e.kind === "vnic");
        assert.equal(vnics.length, 2);
        const info = t.endpoints.get(vnics[0].id);
        assert.equal(info?.source, "vm");
        assert.equal(info?.portGroupId, dpgUrn);
    });

    it("finds the DVS by a known uuid output when there is no dependency", () => {
        const [dvs, dvpg, ...vms] = vdsLab({ id: "50 2a 7b" }, { distributedVirtualSwitchUuid: "50 2a 7b" });
        const t2 = translate([dvs, { ...dvpg, propertyDependencies: {} }, ...vms], {});
        assert.equal(pgOf(t2, "lab-dpg").switchId, dvs.urn);
    });

    it("leaves out a port group whose DVS is not in the stack, with a reference diagnostic, and still reads the rest", () => {
        const [dvs, dvpg, ...vms] = vdsLab({}, { distributedVirtualSwitchUuid: "50 2a 7b" });
        const t2 = translate([dvs, { ...dvpg, propertyDependencies: {} }, ...vms], {});
        assert.equal(t2.model.portGroups.length, 0);
        const refs = byKind(t2, "reference");
        assert.equal(refs.filter((d) => d.urn === dvpg.urn && d.property === "distributedVirtualSwitchUuid").length, 1);
        assert.equal(refs.filter((d) => d.urn === urn(T.vm, "esxi-01")).length, 1, "the VM NIC points at the left-out port group");
        assert.equal(t2.model.switches.length, 1);
    });

    it("reads a DVS older than 6.6.0 as without MAC learning", () => {
        const t2 = translate(vdsLab({ version: "6.5.0" }), {});
        assert.equal(swOf(t2, "lab-vds").macLearningSupported, false);
    });

    it("resolves unknown member host ids through Host resources, by position", () => {
        const h1 = host("esxi-phys-1");
        const h2 = host("esxi-phys-2");
        const [dvs, ...rest] = vdsLab({ hosts: [{ hostSystemId: U, devices: ["vmnic1"] }, { hostSystemId: U, devices: UA }] });
        const t2 = translate([h1, h2, { ...dvs, propertyDependencies: { hosts: [h1.urn, h2.urn] } }, ...rest], {});
        const sw = swOf(t2, "lab-vds");
        assert.deepEqual(sw.members[0], { hostId: h1.urn, uplinks: { known: true, links: [{ name: "uplink1", nic: "vmnic1" }, { name: "uplink2" }, { name: "uplink3" }, { name: "uplink4" }] } });
        assert.equal(sw.members[1].hostId, h2.urn);
        assert.deepEqual(sw.members[1].uplinks, {
            known: false,
            unknownKey: `${dvs.urn}.uplinks.${h2.urn}`,
            origin: { kind: "explicit", objectId: dvs.urn, property: "hosts[1].devices", note: "not known during preview" },
        });
        assert.equal(t2.objects.get(h1.urn)?.kind, "host");
    });
});

describe("translate: standard switches (T1) and host port groups (T2)", () => {
    it("T1: an unset HostVirtualSwitch setting takes the provider's default", () => {
        const t = translate(vssLab({}, { allowPromiscuous: undefined, allowForgedTransmits: undefined, allowMacChanges: false }), {});
        const sw = swOf(t, "lab-vss");
        assert.equal(sw.kind, "standard");
        assert.equal(sw.security.promiscuous.value, "reject");
        assert.equal(sw.security.forgedTransmits.value, "accept");
        assert.deepEqual(
            { kind: sw.security.forgedTransmits.origin.kind, rule: sw.security.forgedTransmits.origin.rule },
            { kind: "providerDefault", rule: "T1" },
        );
        assert.equal(sw.security.macChanges.value, "reject");
        assert.equal(sw.security.macChanges.origin.kind, "explicit");
    });

    it("reads the vSwitch: one member, its NICs as uplinks, active and standby in its team", () => {
        const t = translate(vssLab(), {});
        assert.deepEqual(swOf(t, "lab-vss").members, [{ hostId: "host-11", uplinks: { known: true, links: [{ name: "vmnic2", nic: "vmnic2" }, { name: "vmnic3", nic: "vmnic3" }] } }]);
        assert.deepEqual([swOf(t, "lab-vss").team?.active, swOf(t, "lab-vss").team?.standby], [["vmnic2"], ["vmnic3"]]);
        assert.equal(swOf(t, "lab-vss").macLearningSupported, false);
    });

    it("falls back to networkAdapters without activeNics, and makes an internal switch without any NIC", () => {
        const t = translate(vssLab({}, { activeNics: undefined, standbyNics: undefined }), {});
        assert.deepEqual(swOf(t, "lab-vss").team?.active, ["vmnic2", "vmnic3"]);
        assert.deepEqual(swOf(t, "lab-vss").team?.standby, []);
        const t2 = translate(vssLab({}, { activeNics: [], standbyNics: [], networkAdapters: [] }), {});
        assert.deepEqual(swOf(t2, "lab-vss").members[0].uplinks, { known: true, links: [] });
    });

    it("T2, current provider: an unset port group setting is an explicit Reject override", () => {
        const t = translate(vssLab(), {});
        const pg = pgOf(t, "lab-pg");
        assert.equal(pg.switchId, urn(T.vss, "lab-vss"));
        assert.deepEqual(pg.vlan, { kind: "vlan", id: 20 });
        const s = pg.security.forgedTransmits;
        assert.equal(s.value, "reject");
        assert.equal(s.origin.kind, "providerDefault");
        assert.equal(s.origin.rule, "T2");
        assert.match(s.origin.note ?? "", /docs say it inherits/);
        assert.deepEqual(t.providerVersion, { source: "assumed current", inheritsUnset: false });
        const port = t.model.ports[0];
        assert.equal(port.hostId, "host-11", "a port on a standard port group runs on that port group's host");
    });

    it("T2, provider 4.14.0 (from the stack's provider resource): unset inherits from the switch", () => {
        const p = provider("vsphere-old", "4.14.0");
        const t = translate([p, ...vssLab({}, {}, `${p.urn}::5c3e0c4c-0000-4000-8000-000000000000`)], {});
        const s = pgOf(t, "lab-pg").security.forgedTransmits;
        assert.equal(s.value, "accept");
        assert.equal(s.origin.kind, "inherited");
        assert.equal(s.origin.from?.kind, "explicit");
        assert.equal(s.origin.from?.objectId, urn(T.vss, "lab-vss"));
        assert.deepEqual(t.providerVersion, { version: "4.14.0", source: "provider resource", inheritsUnset: true });
    });

    it("T2: a default provider's name tells its version when its props do not", () => {
        const t = translate([provider("default_4_14_0"), ...vssLab()], {});
        assert.equal(pgOf(t, "lab-pg").security.forgedTransmits.value, "accept");
        assert.equal(t.providerVersion.version, "4.14.0");
    });

    it("T2: the provider version comes from config when the stack has no provider resource", () => {
        const t = translate(vssLab(), { providerVersion: "4.14.2" });
        assert.equal(pgOf(t, "lab-pg").security.forgedTransmits.value, "accept");
        assert.deepEqual(t.providerVersion, { version: "4.14.2", source: "config", inheritsUnset: true });
        const t2 = translate([provider("default_4_17_0", "4.17.0"), ...vssLab()], { providerVersion: "4.14.2" });
        assert.equal(pgOf(t2, "lab-pg").security.forgedTransmits.value, "reject", "the stack's provider wins over config");
    });

    it("T2: explicit false on a current provider is an explicit Reject, true accepts", () => {
        const t = translate(vssLab({ allowForgedTransmits: false, allowPromiscuous: true }), {});
        const pg = pgOf(t, "lab-pg");
        assert.equal(pg.security.forgedTransmits.origin.kind, "explicit");
        assert.equal(pg.security.forgedTransmits.value, "reject");
        assert.equal(pg.security.promiscuous.value, "accept");
    });

    it("a host port group on a switch outside the stack gets an implicit switch with vSphere defaults (S4)", () => {
        const [, pg, vm] = vssLab({ virtualSwitchName: "vSwitch0" });
        const t = translate([{ ...pg, propertyDependencies: {} }, vm], { providerVersion: "4.10.0" });
        const sw = t.model.switches[0];
        assert.equal(sw.id, "implicit-switch:host-11/vSwitch0");
        assert.equal(t.objects.get(sw.id)?.kind, "implicit");
        assert.equal(sw.security.forgedTransmits.value, "accept");
        assert.equal(sw.security.forgedTransmits.origin.kind, "vsphereDefault");
        assert.match(sw.security.forgedTransmits.origin.note ?? "", /not managed/);
        const s = pgOf(t, "lab-pg").security.promiscuous;
        assert.equal(s.value, "reject");
        assert.equal(s.origin.kind, "inherited");
        assert.equal(s.origin.from?.kind, "vsphereDefault");
    });

    it("finds the vSwitch by name and host when there is no dependency", () => {
        const [vss, pg, vm] = vssLab();
        const t = translate([vss, { ...pg, propertyDependencies: {} }, vm], {});
        assert.equal(pgOf(t, "lab-pg").switchId, vss.urn);
    });

    it("reads host port group VLANs: 0 none, 4095 trunk, out of range → property diagnostic and none", () => {
        assert.deepEqual(pgOf(translate(vssLab({ vlanId: 0 }), {}), "lab-pg").vlan, { kind: "none" });
        assert.deepEqual(pgOf(translate(vssLab({ vlanId: 4095 }), {}), "lab-pg").vlan, { kind: "trunk", ranges: [[0, 4094]] });
        const t = translate(vssLab({ vlanId: 5000 }), {});
        assert.deepEqual(pgOf(t, "lab-pg").vlan, { kind: "none" });
        assert.deepEqual(
            byKind(t, "property").map((d) => d.property),
            ["vlanId"],
        );
    });
});

describe("translate: distributed port groups (T3)", () => {
    it("explicit false under a DVS that says true is Accept, inherited, with a note", () => {
        const t = translate(vdsLab({ allowPromiscuous: true }, { allowPromiscuous: false }), {});
        const s = pgOf(t, "lab-dpg").security.promiscuous;
        assert.equal(s.value, "accept");
        assert.equal(s.origin.kind, "inherited");
        assert.equal(s.origin.rule, "T3");
        assert.match(s.origin.note ?? "", /false is ignored/);
        assert.equal(s.origin.from?.kind, "explicit");
    });

    it("true on the port group is an explicit Accept under a rejecting DVS", () => {
        const t = translate(vdsLab({}, { allowForgedTransmits: true }), {});
        const s = pgOf(t, "lab-dpg").security.forgedTransmits;
        assert.equal(s.value, "accept");
        assert.equal(s.origin.kind, "explicit");
    });

    it("reads vlanId when there are no VLAN ranges", () => {
        assert.deepEqual(pgOf(translate(vdsLab({}, { vlanRanges: [], vlanId: 30 }), {}), "lab-dpg").vlan, { kind: "vlan", id: 30 });
        assert.deepEqual(pgOf(translate(vdsLab({}, { vlanRanges: undefined }), {}), "lab-dpg").vlan, { kind: "none" });
    });
});

describe("translate: unknown settings", () => {
    it("an unknown switch setting is unknown with the switch's key, shared by every inheriting port group", () => {
        const [dvs, dvpg, ...vms] = vdsLab({ allowPromiscuous: UB });
        const second: RawResource = { ...dvpg, urn: urn(T.dvpg, "lab-dpg-2"), name: "lab-dpg-2" };
        const t = translate([dvs, dvpg, second, ...vms], {});
        const key = `${dvs.urn}.promiscuous`;
        assert.equal(swOf(t, "lab-vds").security.promiscuous.unknownKey, key);
        for (const name of ["lab-dpg", "lab-dpg-2"]) {
            const s = pgOf(t, name).security.promiscuous;
            assert.equal(s.value, "unknown");
            assert.equal(s.unknownKey, key);
            assert.equal(s.origin.kind, "inherited");
        }
    });

    it("an unknown port group setting has its own key; under an accepting DVS it is Accept either way", () => {
        const t = translate(vdsLab({ allowMacChanges: true }, { allowForgedTransmits: UB, allowMacChanges: UB }), {});
        const pg = pgOf(t, "lab-dpg");
        assert.equal(pg.security.forgedTransmits.value, "unknown");
        assert.equal(pg.security.forgedTransmits.unknownKey, `${pg.id}.forgedTransmits`);
        assert.equal(pg.security.macChanges.value, "accept");
    });

    it("an old provider's host port group inherits the vSwitch's unknown with the vSwitch's key", () => {
        const t = translate(vssLab({}, { allowForgedTransmits: UB }), { providerVersion: "4.12.0" });
        assert.equal(pgOf(t, "lab-pg").security.forgedTransmits.unknownKey, `${urn(T.vss, "lab-vss")}.forgedTransmits`);
    });
});

describe("translate: VM networks", () => {
    const [vss, pg] = vssLab();
    const unmanagedVm = res(T.vm, "web-01", {
        name: "web-01",
        networkInterfaces: [{ networkId: "network-1234" }, { networkId: U }],
    }, { networkInterfaces: [pg.urn] });

    it("an unmanaged network gives one diagnostic with both fixes; the other NIC is still translated", () => {
        const t = translate([vss, pg, unmanagedVm], {});
        const d = byKind(t, "unmanaged-network");
        assert.equal(d.length, 1);
        assert.equal(d[0].urn, unmanagedVm.urn);
        assert.match(d[0].message, /NIC 0 \(network network-1234\)/);
        assert.match(d[0].message, /networkId: pg\.id/);
        assert.match(d[0].message, /"networks": \{ "network-1234": "<port group resource name>" \}/);
        assert.deepEqual(t.model.ports.map((p) => p.id), [`${unmanagedVm.urn}#nic1`]);
        assert.equal(t.model.ports[0].portGroupId, pg.urn);
    });

    it("one diagnostic for several unmanaged NICs of one VM", () => {
        const vm = res(T.vm, "multi", { networkInterfaces: [{ networkId: "network-1" }, { networkId: "network-2" }] });
        const t = translate([vss, pg, vm], {});
        assert.equal(byKind(t, "unmanaged-network").length, 1);
    });

    it("config `networks` maps the id to the port group", () => {
        const t = translate([vss, pg, unmanagedVm], { networks: { "network-1234": "lab-pg" } });
        assert.equal(byKind(t, "unmanaged-network").length, 0);
        assert.deepEqual(t.model.ports.map((p) => p.portGroupId), [pg.urn, pg.urn]);
    });

    it("a `networks` entry naming no port group is a config diagnostic", () => {
        const t = translate([vss, pg, unmanagedVm], { networks: { "network-1234": "nope" } });
        assert.deepEqual(byKind(t, "config").map((d) => d.configPath), ["networks.network-1234"]);
        assert.equal(t.model.ports.length, 1);
    });

    it("matches unknown NICs to several port groups by position", () => {
        const [dvs, dvpg] = vdsLab();
        const vm = nestedEsxi("two-nics", [pg, dvpg]);
        const t = translate([vss, pg, dvs, dvpg, vm], {});
        assert.deepEqual(t.model.ports.map((p) => p.portGroupId), [pg.urn, dvpg.urn]);
    });

    it("cannot tell unknown NICs apart when dependencies do not match them: an unknown diagnostic per NIC", () => {
        const [dvs, dvpg] = vdsLab();
        const vm = res(T.vm, "three", { networkInterfaces: [{ networkId: U }, { networkId: U }, { networkId: U }] }, { networkInterfaces: [pg.urn, dvpg.urn] });
        const t = translate([vss, pg, dvs, dvpg, vm], {});
        assert.equal(t.model.ports.length, 0);
        assert.deepEqual(byKind(t, "unknown").map((d) => d.property), [0, 1, 2].map((i) => `networkInterfaces[${i}].networkId`));
    });

    it("a known network id of a managed port group after an update resolves through the dependency", () => {
        const vm = res(T.vm, "updated", { networkInterfaces: [{ networkId: "dvportgroup-77" }] }, { networkInterfaces: [pg.urn] });
        const t = translate([vss, pg, vm], {});
        assert.equal(t.diagnostics.length, 0);
        assert.equal(t.model.ports[0].portGroupId, pg.urn);
    });

    it("uses a static MAC, canonicalised; a malformed one is a property diagnostic and a placeholder", () => {
        const vm = res(T.vm, "static", {
            hostSystemId: "host-12",
            networkInterfaces: [
                { networkId: U, useStaticMac: true, macAddress: "00-50-56-AA-00-01" },
                { networkId: U, useStaticMac: true, macAddress: "00:50:56:zz:00:01" },
                { networkId: U, useStaticMac: true, macAddress: "01:00:5e:00:00:01" },
            ],
        }, { networkInterfaces: [pg.urn] });
        const [dvs, dvpg] = vdsLab();
        const t = translate([dvs, dvpg, { ...vm, propertyDependencies: { networkInterfaces: [dvpg.urn] } }], {});
        assert.deepEqual(t.model.ports.map((p) => p.initialMac), ["00:50:56:aa:00:01", "vc-assigned:static:1", "vc-assigned:static:2"]);
        assert.deepEqual(byKind(t, "property").map((d) => d.property), ["networkInterfaces[1].macAddress", "networkInterfaces[2].macAddress"]);
        assert.match(byKind(t, "property")[1].message, /multicast/);
        assert.equal(t.model.ports[0].hostId, "host-12", "a pinned VM on a vDS runs on its host");
    });
});

describe("translate: malformed input never throws", () => {
    const garbageProps: unknown[] = [
        { hosts: 5, allowPromiscuous: "yes", version: 7 },
        { hosts: [null, "host-1", { hostSystemId: 12, devices: [1, null] }], allowForgedTransmits: [] },
        { networkInterfaces: { 0: { networkId: 1 } }, nestedHvEnabled: "true", guestId: 42 },
        { networkInterfaces: [null, 7, [], { networkId: null, macAddress: 5, useStaticMac: "x" }] },
        { vlanRanges: [{ minVlan: "a" }, null, { minVlan: 10, maxVlan: 5 }], distributedVirtualSwitchUuid: {} },
        { virtualSwitchName: ["a"], hostSystemId: { id: "x" }, vlanId: 1.5 },
        { activeNics: "vmnic0", standbyNics: {}, networkAdapters: [null, 3], name: "x".repeat(1_000_000) },
        null,
        [1, 2, 3],
        "props",
    ];
    const types = [T.dvs, T.dvs, T.vm, T.vm, T.dvpg, T.hpg, T.vss, T.vm, T.hpg, T.dvpg];

    it("reports each problem on its resource and still translates the good resources", () => {
        const garbage = garbageProps.map((props, i) => ({ ...res(types[i], `bad-${i}`, {}), props }) as RawResource);
        const weird = [null, 17, { urn: 5 }, { urn: "urn:x", type: T.vm, props: { networkInterfaces: [{ networkId: U }] }, propertyDependencies: { networkInterfaces: "nope" } }];
        const all = [...(weird as unknown as RawResource[]), ...garbage, ...vdsLab()];
        let t: Translation | undefined;
        assert.doesNotThrow(() => (t = translate(all, { workloads: "x" as never, flows: {} as never, macLearning: [] as never, networks: 3 as never })));
        assert.ok(t);
        assert.equal(t.model.ports.filter((p) => p.portGroupId === urn(T.dvpg, "lab-dpg")).length, 2, "the good lab still translates");
        const props = t.diagnostics.filter((d) => d.kind === "property" && d.urn?.includes("bad-"));
        assert.ok(props.length >= 8, `expected many property diagnostics, got ${props.length}`);
        assert.ok(t.diagnostics.some((d) => d.urn === urn(T.dvs, "bad-0") && d.property === "hosts"));
        assert.ok(t.diagnostics.some((d) => d.urn === urn(T.dvs, "bad-0") && d.property === "allowPromiscuous"));
        assert.deepEqual(
            byKind(t, "config").map((d) => d.configPath).sort(),
            ["flows", "macLearning", "networks", "workloads"],
        );
        for (const d of t.diagnostics) assert.ok(d.message.length < 1000, "messages never echo huge values");
    });

    it("survives a non-array resource list and non-object declarations", () => {
        assert.doesNotThrow(() => translate(undefined as never, null as never));
        assert.doesNotThrow(() => translate({} as never, 5 as never));
    });

    it("never prints a Host's password or other property values", () => {
        const h = host("esxi-phys-1");
        const h2 = host("esxi-phys-2");
        const dvs = res(T.dvs, "vds", { hosts: [{ hostSystemId: U }] }, { hosts: [h.urn, h2.urn] });
        const t = translate([h, h2, dvs], {});
        assert.ok(t.diagnostics.length > 0);
        for (const d of t.diagnostics) assert.doesNotMatch(d.message, /s3cret|resgroup|datacenter-1/);
    });
});
