/**
 * translate(): the issue 13 attributes — switch MTU (X2), multicast filtering (X3), SR-IOV NICs
 * (X4), txUplink (X1, T6), per-port override flags (P2), port counts (P3), the native VLAN of hosts'
 * physical ports (V7) and the workload declarations that use them (`mtu`, multicast flows) —
 * including values not known during preview: computed from another resource they stay unknown,
 * with no dependency they are the provider's unset default.
 */
import assert from "node:assert/strict";
import { translate } from "../translate";
import type { Declarations, Diagnostic, RawResource, Translation } from "../translate/types";
import { UNKNOWN_BOOL, UNKNOWN_NUMBER, UNKNOWN_STRING } from "../translate/unknowns";
import { nestedEsxi, res, T, U, urn, vdsLab, vssLab } from "./fixtures/translate/resources";

const vdsUrn = urn(T.dvs, "lab-vds");
const dpgUrn = urn(T.dvpg, "lab-dpg");
const vssUrn = urn(T.vss, "lab-vss");
const other = urn(T.host, "elsewhere");
/** `propertyDependencies` saying these properties were computed from another resource. */
const computed = (...props: string[]) => Object.fromEntries(props.map((p) => [p, [other]]));

/** vdsLab with dependencies added to the DVS and the DVPG. */
function lab(dvs: Record<string, unknown> = {}, pg: Record<string, unknown> = {}, deps: { dvs?: string[]; pg?: string[] } = {}): RawResource[] {
    const rs = vdsLab(dvs, pg);
    rs[0].propertyDependencies = { ...rs[0].propertyDependencies, ...computed(...(deps.dvs ?? [])) };
    rs[1].propertyDependencies = { ...rs[1].propertyDependencies, ...computed(...(deps.pg ?? [])) };
    return rs;
}

const run = (dvs: Record<string, unknown> = {}, pg: Record<string, unknown> = {}, deps: { dvs?: string[]; pg?: string[] } = {}, decl: Declarations = {}): Translation => translate(lab(dvs, pg, deps), decl);
const swOf = (t: Translation, id = vdsUrn) => {
    const sw = t.model.switches.find((s) => s.id === id);
    assert.ok(sw, `switch ${id} in the model`);
    return sw;
};
const pgOf = (t: Translation) => {
    const pg = t.model.portGroups.find((p) => p.id === dpgUrn);
    assert.ok(pg, "the DVPG in the model");
    return pg;
};
const diagsAt = (t: Translation, property: string): Diagnostic[] => t.diagnostics.filter((d) => d.property === property);

describe("translate attrs: switch MTU (X2)", () => {
    it("HostVirtualSwitch mtu: set, unset (the provider sends 1500), computed and unknown, malformed", () => {
        const vss = (props: Record<string, unknown>, deps: string[] = []) => {
            const rs = vssLab({}, props);
            rs[0].propertyDependencies = computed(...deps);
            return swOf(translate(rs, {}), vssUrn);
        };
        assert.deepEqual(vss({ mtu: 9000 }).mtu, { value: 9000, origin: { kind: "explicit", objectId: vssUrn, property: "mtu", rule: "X2" } });
        assert.deepEqual(vss({}).mtu, { value: 1500, origin: { kind: "providerDefault", objectId: vssUrn, property: "mtu", rule: "X2", note: "unset: the provider sends 1500" } });
        // A HostVirtualSwitch field is not computed by the provider: an unknown is the program's value, explored.
        for (const deps of [[], ["mtu"]]) {
            const m = vss({ mtu: UNKNOWN_NUMBER }, deps).mtu;
            assert.equal(m?.value, "unknown");
            assert.equal(m?.unknownKey, `${vssUrn}.mtu`);
        }
        const rs = vssLab({}, { mtu: "9000" });
        const t = translate(rs, {});
        assert.equal(swOf(t, vssUrn).mtu?.value, 1500);
        assert.match(diagsAt(t, "mtu")[0]?.message ?? "", /mtu of lab-vss is a string, not a whole number from 68 to 65535; read as unset \(1500\)/);
        assert.match(diagsAt(translate(vssLab({}, { mtu: 70000 }), {}), "mtu")[0]?.message ?? "", /is 70000, not a whole number/);
    });

    it("DistributedVirtualSwitch maxMtu: set, unset (vCenter's 1500), unknown unset default, computed from another resource", () => {
        assert.deepEqual(swOf(run({ maxMtu: 9000 })).mtu, { value: 9000, origin: { kind: "explicit", objectId: vdsUrn, property: "maxMtu", rule: "X2" } });
        assert.deepEqual(swOf(run()).mtu?.origin, { kind: "vsphereDefault", objectId: vdsUrn, property: "maxMtu", rule: "X2", note: "unset: vCenter's default 1500" });
        assert.equal(swOf(run({ maxMtu: UNKNOWN_NUMBER })).mtu?.value, 1500, "optional and computed, no dependency: unset");
        const m = swOf(run({ maxMtu: UNKNOWN_NUMBER }, {}, { dvs: ["maxMtu"] })).mtu;
        assert.deepEqual([m?.value, m?.unknownKey], ["unknown", `${vdsUrn}.mtu`]);
    });
});

describe("translate attrs: multicast filtering (X3)", () => {
    it("snooping, legacyFiltering, unset, unknown without and with a dependency, and a value of neither kind", () => {
        assert.deepEqual([swOf(run({ multicastFilteringMode: "snooping" })).multicastFiltering, swOf(run({ multicastFilteringMode: "snooping" })).multicastOrigin?.property], ["snooping", "multicastFilteringMode"]);
        assert.equal(swOf(run({ multicastFilteringMode: "legacyFiltering" })).multicastFiltering, "legacy");
        assert.equal(swOf(run()).multicastFiltering, undefined);
        assert.equal(swOf(run({ multicastFilteringMode: UNKNOWN_STRING })).multicastFiltering, undefined);
        assert.equal(swOf(run({ multicastFilteringMode: UNKNOWN_STRING }, {}, { dvs: ["multicastFilteringMode"] })).multicastFiltering, "unknown");
        const t = run({ multicastFilteringMode: "igmp-please" });
        assert.equal(swOf(t).multicastFiltering, undefined);
        const d = diagsAt(t, "multicastFilteringMode");
        assert.equal(d.length, 1);
        assert.match(d[0].message, /is a string, not legacyFiltering or snooping; read as unset \(legacy filtering\)/);
        assert.ok(!d[0].message.includes("igmp-please"), "the value is not echoed");
    });
});

describe("translate attrs: txUplink (X1, T6)", () => {
    it("a switch's true reaches the port group, whose false is not sent", () => {
        const t = run({ txUplink: true }, { txUplink: false });
        assert.equal(swOf(t).txUplink?.value, true);
        const tx = pgOf(t).txUplink;
        assert.equal(tx?.value, true);
        assert.deepEqual({ kind: tx?.origin.kind, rule: tx?.origin.rule, from: tx?.origin.from?.objectId }, { kind: "inherited", rule: "T6", from: vdsUrn });
        assert.equal(pgOf(run({ txUplink: true })).txUplink?.origin.rule, "X1", "unset: inherited under X1");
    });

    it("the port group's own true; nothing set: off", () => {
        assert.deepEqual(pgOf(run({}, { txUplink: true })).txUplink, { value: true, origin: { kind: "explicit", objectId: dpgUrn, property: "txUplink", rule: "X1" } });
        assert.equal(pgOf(run()).txUplink, undefined);
        assert.equal(pgOf(run({ txUplink: false })).txUplink?.value, false);
    });

    it("unknown: with no dependency an unset default; computed on the switch, one key its port groups share", () => {
        assert.equal(pgOf(run({ txUplink: UNKNOWN_BOOL }, { txUplink: UNKNOWN_BOOL })).txUplink, undefined);
        const t = run({ txUplink: UNKNOWN_BOOL }, {}, { dvs: ["txUplink"] });
        assert.equal(swOf(t).txUplink?.unknownKey, `${vdsUrn}.txUplink`);
        assert.deepEqual([pgOf(t).txUplink?.value, pgOf(t).txUplink?.unknownKey], ["unknown", `${vdsUrn}.txUplink`]);
        const own = pgOf(run({}, { txUplink: UNKNOWN_BOOL }, { pg: ["txUplink"] })).txUplink;
        assert.deepEqual([own?.value, own?.unknownKey], ["unknown", `${dpgUrn}.txUplink`]);
    });
});

describe("translate attrs: per-port override flags (P2)", () => {
    it("only flags that are true (or unknown) are kept, each with its property", () => {
        const pg = pgOf(run({}, { securityPolicyOverrideAllowed: true, vlanOverrideAllowed: false, uplinkTeamingOverrideAllowed: true, blockOverrideAllowed: true, shapingOverrideAllowed: true }));
        assert.deepEqual(Object.keys(pg.overrides ?? {}).sort(), ["blocked", "security", "team"]);
        assert.deepEqual(pg.overrides?.security, { value: true, origin: { kind: "explicit", objectId: dpgUrn, property: "securityPolicyOverrideAllowed", rule: "P2" } });
        assert.equal(pgOf(run({}, { vlanOverrideAllowed: false })).overrides, undefined);
        assert.equal(pgOf(run()).overrides, undefined);
    });

    it("unknown: with no dependency the unset false; computed, unknown with its own key; wrong type reported", () => {
        assert.equal(pgOf(run({}, { vlanOverrideAllowed: UNKNOWN_BOOL })).overrides, undefined);
        const v = pgOf(run({}, { vlanOverrideAllowed: UNKNOWN_BOOL }, { pg: ["vlanOverrideAllowed"] })).overrides?.vlan;
        assert.deepEqual([v?.value, v?.unknownKey], ["unknown", `${dpgUrn}.vlanOverrideAllowed`]);
        const t = run({}, { blockOverrideAllowed: "yes" });
        assert.equal(pgOf(t).overrides, undefined);
        assert.match(diagsAt(t, "blockOverrideAllowed")[0]?.message ?? "", /blockOverrideAllowed of lab-dpg is a string, not a boolean; read as unset \(false\)/);
    });
});

describe("translate attrs: port counts (P3)", () => {
    it("only a port group that may run out gets a capacity", () => {
        assert.equal(pgOf(run()).capacity, undefined, "earlyBinding with autoExpand (the defaults) grows");
        assert.equal(pgOf(run({}, { type: "ephemeral", autoExpand: false, numberOfPorts: 1 })).capacity, undefined, "ephemeral ports are made on demand");
        assert.equal(pgOf(run({}, { autoExpand: true, numberOfPorts: 1 })).capacity, undefined);
        assert.deepEqual(pgOf(run({}, { autoExpand: false, numberOfPorts: 4 })).capacity, { binding: "static", autoExpand: false, numberOfPorts: 4, origin: { kind: "explicit", objectId: dpgUrn, property: "autoExpand", rule: "P3" } });
        assert.equal(pgOf(run({}, { autoExpand: false })).capacity?.numberOfPorts, undefined, "unset: vCenter's choice");
    });

    it("values not known during preview: unset defaults without a dependency, unknown when computed", () => {
        assert.equal(pgOf(run({}, { autoExpand: UNKNOWN_BOOL, numberOfPorts: UNKNOWN_NUMBER, type: UNKNOWN_STRING })).capacity, undefined);
        const c = pgOf(run({}, { autoExpand: UNKNOWN_BOOL, numberOfPorts: UNKNOWN_NUMBER, type: UNKNOWN_STRING }, { pg: ["autoExpand", "numberOfPorts", "type"] })).capacity;
        assert.deepEqual([c?.binding, c?.autoExpand, c?.numberOfPorts], ["unknown", "unknown", "unknown"]);
    });

    it("malformed values are reported and read as the defaults", () => {
        const t = run({}, { type: "lateBinding", autoExpand: false, numberOfPorts: -2 });
        assert.deepEqual([pgOf(t).capacity?.binding, pgOf(t).capacity?.numberOfPorts], ["static", undefined]);
        assert.match(diagsAt(t, "type")[0]?.message ?? "", /type of lab-dpg is not earlyBinding or ephemeral; read as earlyBinding/);
        assert.match(diagsAt(t, "numberOfPorts")[0]?.message ?? "", /is negative; read as unset/);
    });
});

describe("translate attrs: SR-IOV NICs (X4)", () => {
    const withNic = (nic: Record<string, unknown>) => {
        const rs = vdsLab();
        const vm = nestedEsxi("esxi-sriov", [rs[1]]);
        (vm.props.networkInterfaces as Array<Record<string, unknown>>)[0] = { networkId: U, ...nic };
        const t = translate([...rs, vm], {});
        return t.model.ports.find((p) => p.id === `${vm.urn}#nic0`);
    };
    it("adapterType sriov or a physicalFunction makes a passthrough NIC; vmxnet3 an ordinary vNIC", () => {
        const a = withNic({ adapterType: "sriov", physicalFunction: "0000:d8:00.0" })?.passthrough;
        assert.deepEqual([a?.kind, a?.origin.property, a?.unknownKey], ["sriov", "networkInterfaces[0].adapterType", undefined]);
        assert.equal(withNic({ physicalFunction: "0000:d8:00.0" })?.passthrough?.origin.property, "networkInterfaces[0].physicalFunction");
        assert.equal(withNic({ adapterType: "vmxnet3" })?.passthrough, undefined);
        assert.equal(withNic({})?.passthrough, undefined);
        assert.equal(withNic({ adapterType: "e1000e", physicalFunction: "" })?.passthrough, undefined);
    });
    it("an adapter type not known during preview is left open (the simulator branches on it)", () => {
        const port = withNic({ adapterType: U });
        assert.deepEqual([port?.passthrough?.kind, port?.passthrough?.unknownKey], ["sriov", `${port?.id}.adapterType`]);
        assert.equal(withNic({ adapterType: "vmxnet3", physicalFunction: U })?.passthrough, undefined, "a known vNIC type wins over an unknown function");
    });
});

describe("translate attrs: native VLAN of hosts' physical ports (V7)", () => {
    const external = (t: Translation, name: string) => t.model.endpoints.find((e) => e.id === `workload:${name}`);
    const decl = (hosts: Record<string, unknown>, vlan?: number): Declarations =>
        ({
            hosts,
            workloads: [{ name: "gw", external: "lab-dpg", mac: "00:11:22:33:44:55", ...(vlan !== undefined ? { vlan } : {}) }],
        }) as unknown as Declarations;

    it("declared per host or for *; a host's own key wins; a host without one takes the others' common one, assumed", () => {
        const t = run({}, {}, {}, decl({ "*": { nativeVlan: 10 }, "host-12": { nativeVlan: 20 } }));
        const host = (id: string) => t.model.hosts.find((h) => h.id === id);
        assert.deepEqual(host("host-11")?.nativeVlan, { value: 10, origin: { kind: "declared", objectId: "host-11", property: "hosts.*.nativeVlan", rule: "V7", note: "declared in policy config" } });
        assert.equal(host("host-12")?.nativeVlan?.value, 20);
        const one = run({}, {}, {}, decl({ "host-11": { nativeVlan: 10 } })).model.hosts.find((h) => h.id === "host-12")?.nativeVlan;
        assert.deepEqual([one?.value, one?.origin.kind, one?.origin.property], [10, "assumed", "hosts.host-12.nativeVlan"]);
        assert.match(one?.origin.note ?? "", /the other hosts' native VLAN 10, one untagged network for all hosts/);
        // The hosts disagree: none is assumed for a host without one; 0 declares none.
        const split = run({}, {}, {}, decl({ "host-11": { nativeVlan: 10 }, "host-12": { nativeVlan: 0 } }));
        assert.equal(split.model.hosts.find((h) => h.id === "host-12")?.nativeVlan?.value, 10, "0 declares none: the other's is assumed");
        assert.equal(run().model.hosts.some((h) => h.nativeVlan), false, "nothing declared: nothing assumed");
    });

    it("an external with no VLAN of its own on an untagged or trunk port group joins the hosts' common native VLAN", () => {
        // The lab's DVPG is a 0–4094 trunk; its guests send untagged.
        const ext = (t: Translation) => {
            const e = external(t, "gw");
            return e?.kind === "external" ? e : undefined;
        };
        assert.equal(ext(run({}, {}, {}, decl({ "*": { nativeVlan: 10 } })))?.vlan, 10);
        assert.equal(ext(run({}, {}, {}, decl({ "*": { nativeVlan: 10 } }, 30)))?.vlan, 30, "its own VLAN wins");
        assert.equal(ext(run({}, {}, {}, decl({ "host-11": { nativeVlan: 10 }, "host-12": { nativeVlan: 20 } })))?.vlan, undefined, "the hosts disagree: left in the shared untagged network");
        assert.equal(ext(run({}, {}, {}, decl({ "host-11": { nativeVlan: 10 } })))?.vlan, 10, "host-12 assumed alike");
        assert.equal(ext(run({}, { vlanRanges: [], vlanId: 40 }, {}, decl({ "*": { nativeVlan: 10 } })))?.vlan, 40, "a VLAN port group: its VLAN");
        const implicit = run({}, {}, {}, { hosts: { "*": { nativeVlan: 10 } } } as unknown as Declarations).model.endpoints.find((e) => e.id === `implicit-external:${dpgUrn}`);
        assert.equal(implicit?.kind === "external" ? implicit.vlan : -1, 10, "the implicit physical network of a nested lab too");
    });
});

describe("translate attrs: workload mtu (X2) and multicast flows (X3)", () => {
    const workloads = (extra: Record<string, unknown> = {}) =>
        ({
            workloads: [
                { name: "inner", nestedIn: "esxi-01", mac: "00:50:56:aa:00:01", mtu: 9000 },
                { name: "esx", vm: "esxi-02", mtu: 1600, ...extra },
                { name: "gw", external: "lab-dpg", mac: "00:11:22:33:44:55", mtu: 9000 },
            ],
            flows: [
                { from: "inner", to: "gw", multicast: true },
                { from: "esx", to: "gw" },
            ],
        }) as unknown as Declarations;

    it("each kind of workload carries its declared mtu; a multicast flow is a multicast conversation", () => {
        const t = run({}, {}, {}, workloads());
        const mtu = (id: string) => t.model.endpoints.find((e) => e.id === id)?.mtu;
        assert.equal(mtu("workload:inner"), 9000);
        assert.equal(mtu("workload:gw"), 9000);
        const esx = [...t.endpoints].find(([, i]) => i.name === "esx")?.[0];
        assert.equal(mtu(esx ?? ""), 1600, "the VM's own vNIC endpoint");
        assert.deepEqual(
            t.conversations.filter((c) => c.source === "declared").map((c) => c.multicast === true),
            [true, false],
        );
        assert.deepEqual(t.diagnostics.filter((d) => d.kind === "config"), []);
    });

    it("a vnic workload's declared mtu wins over its Vnic's own as the size the vmk sends", () => {
        const vmk = res(T.vnic, "vmk", { host: "host-11", portgroup: "nested", mtu: 1500 });
        const t = translate([...vssLab(), vmk], { workloads: [{ name: "vsan", vnic: "vmk", mtu: 9000 }] } as unknown as Declarations);
        assert.equal(t.model.endpoints.find((e) => e.id === `vnic:${vmk.urn}`)?.mtu, 9000);
        assert.deepEqual(t.diagnostics.filter((d) => d.kind === "config"), []);
    });

    it("an mtu out of range skips the workload; multicast that is not a boolean is reported and the flow checked as unicast", () => {
        const t = translate(lab(), { workloads: [{ name: "x", vm: "esxi-01", mtu: 20 }], flows: [] } as unknown as Declarations);
        assert.match(t.diagnostics.find((d) => d.configPath === "workloads[0].mtu")?.message ?? "", /must be a whole number from 68 to 65535/);
        const bad = translate(lab(), { ...workloads(), flows: [{ from: "esx", to: "gw", multicast: "yes" }] } as unknown as Declarations);
        assert.match(bad.diagnostics.find((d) => d.configPath === "flows[0].multicast")?.message ?? "", /must be true or false; the flow is checked as unicast/);
        assert.equal(bad.conversations.find((c) => c.source === "declared")?.multicast, undefined);
    });
});
