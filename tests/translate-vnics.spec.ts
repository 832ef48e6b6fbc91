/**
 * translate(): VMkernel NICs (issue 13; SEMANTICS K1–K3). A Vnic becomes a `vmk` port on its host and
 * port group (a HostPortGroup by `portgroup` and host, or a DistributedPortGroup by
 * `distributedPortGroup` and `distributedSwitchPort`), resolved through `propertyDependencies` while
 * ids are unknown during preview; its MAC, MTU and netstack; and the workloads that name vmks.
 */
import assert from "node:assert/strict";
import { translate } from "../translate";
import type { Declarations, Diagnostic, RawResource, Translation } from "../translate/types";
import { UNKNOWN_NUMBER } from "../translate/unknowns";
import { host, res, T, U, urn, vdsLab, vssLab } from "./fixtures/translate/resources";

const UN = UNKNOWN_NUMBER;
const vnicUrn = (name: string) => urn(T.vnic, name);
const vnic = (name: string, props: Record<string, unknown>, deps: Record<string, string[]> = {}): RawResource => res(T.vnic, name, props, deps);
const portOf = (t: Translation, name = "vmk") => t.model.ports.find((p) => p.id === vnicUrn(name));
const diagsOf = (t: Translation, name = "vmk"): Diagnostic[] => t.diagnostics.filter((d) => d.urn === vnicUrn(name));
const one = (t: Translation, name = "vmk"): Diagnostic => {
    const ds = diagsOf(t, name);
    assert.equal(ds.length, 1, JSON.stringify(t.diagnostics, null, 1));
    return ds[0];
};

/** The standard-switch lab (host-11, port group "nested" on vSwitch1, VLAN 20) and a Vnic. */
const onVss = (props: Record<string, unknown>, deps: Record<string, string[]> = {}, extra: RawResource[] = []) => translate([...vssLab(), ...extra, vnic("vmk", props, deps)], {});
/** The vDS lab (host-11 and host-12, DVPG lab-dpg) and a Vnic. */
const onVds = (props: Record<string, unknown>, deps: Record<string, string[]> = {}, extra: RawResource[] = [], decl: Declarations = {}) => translate([...vdsLab(), ...extra, vnic("vmk", props, deps)], decl);
const dvsDeps = { distributedSwitchPort: [urn(T.dvs, "lab-vds")], distributedPortGroup: [urn(T.dvpg, "lab-dpg")] };

describe("translate: VMkernel NICs on a HostPortGroup (K1)", () => {
    it("a deployed Vnic: a vmk port on its host and port group, its MAC, MTU, netstack, and an endpoint named vmk1 on host-11", () => {
        const t = onVss({ id: "host-11_vmk1", host: "host-11", portgroup: "nested", mac: "00-50-56-6A-00-01", mtu: 9000, netstack: "vmotion" });
        assert.deepEqual(diagsOf(t), []);
        const port = portOf(t);
        assert.deepEqual(port, {
            id: vnicUrn("vmk"),
            portGroupId: urn(T.hpg, "lab-pg"),
            hostId: "host-11",
            initialMac: "00:50:56:6a:00:01",
            label: "vmk1",
            kind: "vmk",
            mtu: { value: 9000, origin: { kind: "explicit", objectId: vnicUrn("vmk"), property: "mtu" } },
        });
        assert.deepEqual(t.model.endpoints.find((e) => e.id === `vnic:${vnicUrn("vmk")}`), { id: `vnic:${vnicUrn("vmk")}`, kind: "vnic", portId: vnicUrn("vmk"), label: "vmk1 on host-11", mtu: 9000 });
        assert.deepEqual(t.endpoints.get(`vnic:${vnicUrn("vmk")}`), { name: "vmk1 on host-11", source: "vm", vmUrn: vnicUrn("vmk"), portGroupId: urn(T.hpg, "lab-pg"), netstack: "vmotion" });
        assert.deepEqual(t.objects.get(vnicUrn("vmk")), { kind: "vnic", name: "vmk", urn: vnicUrn("vmk"), type: T.vnic });
    });

    it("during preview: the port group and the host through propertyDependencies; the MTU unset is ESXi's 1500 and sent by nobody", () => {
        const [vss, pg, esxi] = vssLab();
        const h = host("esx-11");
        // The HostPortGroup's host also comes from the Host resource, so both meet at its URN.
        const pgOnHost = { ...pg, props: { ...pg.props, hostSystemId: U }, propertyDependencies: { ...pg.propertyDependencies, hostSystemId: [h.urn] } };
        const vssOnHost = { ...vss, props: { ...vss.props, hostSystemId: U }, propertyDependencies: { hostSystemId: [h.urn] } };
        const t = translate([h, vssOnHost, pgOnHost, esxi, vnic("vmk", { host: U, portgroup: U, mac: U, mtu: UN, netstack: "default" }, { host: [h.urn], portgroup: [pg.urn] })], {});
        assert.deepEqual(diagsOf(t), []);
        const port = portOf(t);
        assert.equal(port?.portGroupId, pg.urn);
        assert.equal(port?.hostId, h.urn);
        assert.equal(port?.label, "vmk", "no device name without the id: the resource's name");
        assert.match(port?.initialMac ?? "", /^esxi-assigned:vmk/);
        assert.deepEqual(port?.mtu, { value: 1500, origin: { kind: "vsphereDefault", objectId: vnicUrn("vmk"), property: "mtu", rule: "X2", note: "mtu unset: ESXi gives a VMkernel NIC 1500" } });
        const e = t.model.endpoints.find((x) => x.id === `vnic:${vnicUrn("vmk")}`);
        assert.equal(e?.label, "vmk on esx-11", "the Host resource's name");
        assert.equal(e?.mtu, undefined, "an unset MTU sends ordinary frames");
        assert.equal(t.endpoints.get(`vnic:${vnicUrn("vmk")}`)?.netstack, "default");
    });

    it("the port group by its vSphere name on the Vnic's host; a name only on another host is reported", () => {
        const [vss2, pg2] = vssLab({ hostSystemId: "host-12" }, { hostSystemId: "host-12" }).map((r) => ({ ...r, urn: `${r.urn}-2`, name: `${r.name}-2` }));
        const t = onVss({ host: "host-12", portgroup: "nested" }, {}, [vss2, { ...pg2, propertyDependencies: { virtualSwitchName: [vss2.urn] } }]);
        assert.deepEqual(diagsOf(t), []);
        assert.equal(portOf(t)?.portGroupId, pg2.urn, "the host-12 one of two port groups named nested");
        const elsewhere = onVss({ host: "host-99", portgroup: "nested" });
        assert.equal(portOf(elsewhere), undefined);
        const d = one(elsewhere);
        assert.equal(d.kind, "reference");
        assert.equal(d.property, "portgroup");
        assert.match(d.message, /VMkernel NIC vmk is on port group "nested" of host host-99, but this stack defines that port group only on host-11/);
    });

    it("a port group named in propertyDependencies on another host than the Vnic's is reported", () => {
        const t = onVss({ host: "host-12", portgroup: U }, { portgroup: [urn(T.hpg, "lab-pg")] });
        const d = one(t);
        assert.equal(d.kind, "reference");
        assert.match(d.message, /is on host host-12, but its port group lab-pg is on host host-11/);
    });

    it("an unknown portgroup with no dependency, and a name no HostPortGroup has, are reported and left out", () => {
        const unknown = one(onVss({ host: "host-11", portgroup: U }));
        assert.equal(unknown.kind, "unknown");
        assert.equal(unknown.property, "portgroup");
        assert.match(unknown.message, /not known during preview and was not computed from a HostPortGroup/);
        const unmanaged = one(onVss({ host: "host-11", portgroup: "Management Network" }));
        assert.equal(unmanaged.kind, "unmanaged-network");
        assert.match(unmanaged.message, /"Management Network", which no HostPortGroup in this stack defines.*portgroup: pg\.name/);
    });

    it("both portgroup and distributedSwitchPort, or neither, is a property diagnostic", () => {
        const both = one(onVss({ host: "host-11", portgroup: "nested", distributedSwitchPort: "50 2a", distributedPortGroup: "dvportgroup-1" }));
        assert.equal(both.kind, "property");
        assert.match(both.message, /both portgroup and distributedSwitchPort, which the provider refuses/);
        assert.match(one(onVss({ host: "host-11" })).message, /neither portgroup nor distributedPortGroup/);
        assert.match(one(onVss({ portgroup: "nested" })).message, /has no host/);
    });
});

describe("translate: VMkernel NICs on a DistributedPortGroup (K1)", () => {
    it("during preview: the DVPG and its switch through propertyDependencies, on a member host", () => {
        const t = onVds({ host: "host-12", distributedSwitchPort: U, distributedPortGroup: U }, dvsDeps);
        assert.deepEqual(diagsOf(t), []);
        const port = portOf(t);
        assert.equal(port?.portGroupId, urn(T.dvpg, "lab-dpg"));
        assert.equal(port?.hostId, "host-12");
        assert.equal(port?.kind, "vmk");
    });

    it("a DVPG on a host that is not a member of its switch is reported", () => {
        const d = one(onVds({ host: "host-99", distributedSwitchPort: U, distributedPortGroup: U }, dvsDeps));
        assert.equal(d.kind, "reference");
        assert.equal(d.property, "host");
        assert.match(d.message, /host host-99, which is not a member of distributed switch lab-vds/);
        const unknownHost = one(onVds({ host: U, distributedSwitchPort: U, distributedPortGroup: U }, dvsDeps));
        assert.equal(unknownHost.kind, "unknown");
        assert.equal(unknownHost.property, "host");
    });

    it("a known key: the DVPG whose id it is, or the port group `networks` maps it to", () => {
        const withId = vdsLab().map((r) => (r.type === T.dvpg ? { ...r, props: { ...r.props, id: "dvportgroup-77" } } : r));
        const t = translate([...withId, vnic("vmk", { host: "host-11", distributedSwitchPort: "50 2a", distributedPortGroup: "dvportgroup-77" })], {});
        assert.deepEqual(diagsOf(t), []);
        assert.equal(portOf(t)?.portGroupId, urn(T.dvpg, "lab-dpg"));
        const mapped = onVds({ host: "host-11", distributedSwitchPort: "50 2a", distributedPortGroup: "dvportgroup-88" }, {}, [], { networks: { "dvportgroup-88": "lab-dpg" } });
        assert.deepEqual(diagsOf(mapped), []);
        assert.equal(portOf(mapped)?.portGroupId, urn(T.dvpg, "lab-dpg"));
        const unmanaged = one(onVds({ host: "host-11", distributedSwitchPort: "50 2a", distributedPortGroup: "dvportgroup-99" }));
        assert.equal(unmanaged.kind, "unmanaged-network");
        assert.match(unmanaged.message, /"networks": \{ "dvportgroup-99"/);
    });

    it("distributedSwitchPort naming another switch than the DVPG's, or missing, is reported", () => {
        const other = res(T.dvs, "other-vds", { name: "other-vds", hosts: [{ hostSystemId: "host-11", devices: ["vmnic3"] }] });
        const d = one(onVds({ host: "host-11", distributedSwitchPort: U, distributedPortGroup: U }, { distributedSwitchPort: [other.urn], distributedPortGroup: [urn(T.dvpg, "lab-dpg")] }, [other]));
        assert.equal(d.property, "distributedSwitchPort");
        assert.match(d.message, /names distributed switch other-vds in distributedSwitchPort, but its distributedPortGroup lab-dpg is on lab-vds/);
        assert.match(one(onVds({ host: "host-11", distributedPortGroup: U }, { distributedPortGroup: [urn(T.dvpg, "lab-dpg")] })).message, /without distributedSwitchPort/);
        const unknown = one(onVds({ host: "host-11", distributedSwitchPort: U, distributedPortGroup: U }));
        assert.equal(unknown.kind, "unknown");
        assert.equal(unknown.property, "distributedPortGroup");
    });
});

describe("translate: a Vnic's MAC, MTU and netstack (K1, X2, K3)", () => {
    const at = (props: Record<string, unknown>, deps: Record<string, string[]> = {}) => onVss({ host: "host-11", portgroup: "nested", ...props }, deps);

    it("a malformed MAC: a diagnostic naming the resource and the property, and the vmk still checked with an assigned one", () => {
        for (const [mac, why] of [
            ["00:50:56:6a:00", /not a MAC address/],
            ["01:00:5e:00:00:01", /multicast/],
            [42, /is a number, not a MAC address/],
        ] as const) {
            const t = at({ mac });
            const d = one(t);
            assert.equal(d.kind, "property");
            assert.equal(d.urn, vnicUrn("vmk"));
            assert.equal(d.property, "mac");
            assert.match(d.message, /^mac of VMkernel NIC vmk /);
            assert.match(d.message, why);
            assert.match(portOf(t)?.initialMac ?? "", /^esxi-assigned:vmk/);
        }
    });

    it("a MAC computed from another resource and not known is not checked for duplicates (said once)", () => {
        const t = at({ mac: U }, { mac: [urn(T.vm, "esxi-01")] });
        const d = one(t);
        assert.equal(d.kind, "unknown");
        assert.equal(d.property, "mac");
        assert.deepEqual(diagsOf(at({ mac: U })), [], "an unset computed MAC is ESXi's to assign");
    });

    it("MTU: 0 and unset are 1500; a computed unknown stays unknown (the simulator branches on it); a malformed one is reported and read as 1500", () => {
        assert.equal(portOf(at({ mtu: 0 }))?.mtu?.value, 1500);
        const unknown = at({ mtu: UN }, { mtu: [urn(T.vss, "lab-vss")] });
        assert.deepEqual([portOf(unknown)?.mtu?.value, portOf(unknown)?.mtu?.unknownKey], ["unknown", `${vnicUrn("vmk")}.mtu`]);
        assert.deepEqual(diagsOf(unknown), [], "explored, not reported as unchecked");
        assert.equal(portOf(at({ mtu: UN }))?.mtu?.value, 1500, "unset and computed: ESXi's 1500");
        const bad = at({ mtu: "jumbo" });
        assert.match(one(bad).message, /mtu of VMkernel NIC vmk is a string, not a whole number; read as unset \(1500\)/);
        assert.equal(portOf(bad)?.mtu?.value, 1500);
    });

    it("netstack: the default under either name, a custom one as given, unknown left out; it changes no port (K3)", () => {
        const ns = (netstack: unknown) => at({ netstack }).endpoints.get(`vnic:${vnicUrn("vmk")}`)?.netstack;
        assert.equal(ns(undefined), "default");
        assert.equal(ns("defaultTcpipStack"), "default");
        assert.equal(ns("vmotion"), "vmotion");
        assert.equal(ns(U), undefined);
        assert.deepEqual(portOf(at({ netstack: "vmotion" })), portOf(at({})), "the port is the same whatever the stack");
    });
});

describe("translate: workloads that are VMkernel NICs (K1, K2)", () => {
    /** The vDS lab with the outer host's vmk1 (deployed) on the DVPG. */
    const lab = () => [...vdsLab(), vnic("vmotion-11", { id: "host-11_vmk1", host: "host-11", distributedSwitchPort: U, distributedPortGroup: U }, dvsDeps)];
    const configDiags = (t: Translation) => t.diagnostics.filter((d) => d.configPath !== undefined);

    it("vnic: by resource name or by id (where the properties carry it, as in a stack export), the vmk's own endpoint under the workload's name", () => {
        for (const ref of ["vmotion-11", "host-11_vmk1"]) {
            const t = translate(lab(), { workloads: [{ name: "outer", vnic: ref }, { name: "inner", vm: "esxi-01" }], flows: [{ from: "outer", to: "inner" }] });
            assert.deepEqual(configDiags(t), []);
            const id = `vnic:${vnicUrn("vmotion-11")}`;
            assert.equal(t.endpoints.get(id)?.name, "outer");
            assert.equal(t.endpoints.get(id)?.source, "declared");
            assert.deepEqual(t.conversations.filter((c) => c.source === "declared"), [{ a: id, b: `vnic:${urn(T.vm, "esxi-01")}#nic0`, source: "declared", flowIndex: 0 }]);
        }
    });

    it("nestedIn with kind vmk: a guest endpoint marked as a nested vmk (K2)", () => {
        const t = translate(lab(), { workloads: [{ name: "esxi-01-vmk1", nestedIn: "esxi-01", kind: "vmk", mac: "00:50:56:6b:00:01" }] });
        assert.deepEqual(configDiags(t), []);
        assert.deepEqual(t.model.endpoints.find((e) => e.id === "workload:esxi-01-vmk1"), {
            id: "workload:esxi-01-vmk1",
            kind: "guest",
            portId: `${urn(T.vm, "esxi-01")}#nic0`,
            mac: "00:50:56:6b:00:01",
            label: "esxi-01-vmk1",
            vmk: true,
        });
        const guest = translate(lab(), { workloads: [{ name: "g", nestedIn: "esxi-01", kind: "guest", mac: "00:50:56:6b:00:01" }] });
        assert.equal(guest.model.endpoints.find((e) => e.id === "workload:g")?.kind, "guest");
        assert.ok(!("vmk" in (guest.model.endpoints.find((e) => e.id === "workload:g") ?? {})));
    });

    const errors: Array<[string, Declarations["workloads"], string, RegExp, Diagnostic["kind"]?]> = [
        ["a name that is no Vnic", [{ name: "a", vnic: "nope" }], "workloads[0].vnic", /names no Vnic in this stack .*host-101_vmk1.*"nope"; this workload is skipped/],
        ["an id no Vnic carries", [{ name: "a", vnic: "host-12_vmk3" }], "workloads[0].vnic", /"host-12_vmk3"; Vnic ids \(host_vmkN\) are not visible to policies during a preview, so name it by its Pulumi resource name; this workload is skipped/],
        ["a mac on a vnic workload", [{ name: "a", vnic: "vmotion-11", mac: "00:50:56:6b:00:01" }], "workloads[0].mac", /does not apply to a vnic workload/],
        ["a vlan on a vnic workload", [{ name: "a", vnic: "vmotion-11", vlan: 20 }], "workloads[0].vlan", /does not apply to a vnic workload/],
        ["vnic with vm", [{ name: "a", vnic: "vmotion-11", vm: "esxi-01" }], "workloads[0]", /exactly one of nestedIn, vm, external, vnic \(has 2\)/],
        ["kind on a vm workload", [{ name: "a", vm: "esxi-01", kind: "vmk" }], "workloads[0].kind", /applies only to nestedIn workloads/],
        ["an unknown kind", [{ name: "a", nestedIn: "esxi-01", kind: "vmknic" as "vmk", mac: "00:50:56:6b:00:01" }], "workloads[0].kind", /must be "vmk" .* or "guest"/],
        ["a vmk with its vNIC's own MAC (vmk0)", [{ name: "a", nestedIn: "esxi-02", kind: "vmk", mac: "00:50:56:00:02:00" }], "workloads[0].mac", /is the MAC of NIC 0 of esxi-02 itself: that is its vmk0.*"vm": "esxi-02"/],
        ["a vmk in a VM that is no ESXi", [{ name: "a", nestedIn: "web", kind: "vmk", mac: "00:50:56:6b:00:01" }], "workloads[0].kind", /web is not a nested ESXi \(guestId "ubuntu64Guest"/],
    ];
    for (const [what, workloads, path, message] of errors) {
        it(`reported: ${what}`, () => {
            const vmk0 = res(T.vm, "esxi-02", { name: "esxi-02", guestId: "vmkernel8Guest", networkInterfaces: [{ networkId: U, useStaticMac: true, macAddress: "00:50:56:00:02:00" }] }, { networkInterfaces: [urn(T.dvpg, "lab-dpg")] });
            const web = res(T.vm, "web", { name: "web", guestId: "ubuntu64Guest", networkInterfaces: [{ networkId: U }] }, { networkInterfaces: [urn(T.dvpg, "lab-dpg")] });
            const stack = [...lab().filter((r) => r.name !== "esxi-02"), vmk0, web];
            const t = translate(stack, { workloads: [...(workloads ?? []), { name: "ok", vnic: "vmotion-11" }] });
            const ds = configDiags(t);
            assert.equal(ds.length, 1, JSON.stringify(ds));
            assert.equal(ds[0].configPath, path);
            assert.equal(ds[0].kind, "config");
            assert.match(ds[0].message, message);
            assert.ok(!t.model.endpoints.some((e) => e.id === "workload:a"));
            assert.equal(t.endpoints.get(`vnic:${vnicUrn("vmotion-11")}`)?.name, "ok", "the valid one still translates");
        });
    }

    it("a vnic workload naming a Vnic left out of the check is undecided, and so are its flows", () => {
        const stack = [...vdsLab(), vnic("vmk-x", { host: "host-11", distributedSwitchPort: U, distributedPortGroup: U })];
        const t = translate(stack, { workloads: [{ name: "a", vnic: "vmk-x" }, { name: "b", vm: "esxi-01" }], flows: [{ from: "a", to: "b" }] });
        const ds = configDiags(t);
        assert.deepEqual(
            ds.map((d) => [d.configPath, d.kind]),
            [
                ["workloads[0].vnic", "reference"],
                ["flows[0].from", "reference"],
            ],
        );
        assert.match(ds[0].message, /names Vnic vmk-x, which is left out of the check/);
        assert.deepEqual(t.skipped, [{ name: "a", configPath: "workloads[0].vnic", portGroupIds: undefined }]);
    });
});
