/**
 * translate(): private VLANs (PV1), distributed VLAN inheritance and precedence (V5, T7) and blocked
 * ports (P1, T6) on DistributedVirtualSwitch and DistributedPortGroup resources.
 */
import assert from "node:assert/strict";
import { translate } from "../translate";
import type { Diagnostic, RawResource, Translation } from "../translate/types";
import { UNKNOWN_BOOL, UNKNOWN_NUMBER } from "../translate/unknowns";
import { nestedEsxi, res, T, U, UA, urn } from "./fixtures/translate/resources";

const vdsUrn = urn(T.dvs, "lab-vds");
const dpgUrn = urn(T.dvpg, "lab-dpg");
const UN = UNKNOWN_NUMBER;
const UB = UNKNOWN_BOOL;

/** A vDS on two hosts with one DVPG (no VLAN of its own unless given); `deps` name properties set from another resource. */
function lab(dvsProps: Record<string, unknown> = {}, pgProps: Record<string, unknown> = {}, deps: { dvs?: string[]; pg?: string[] } = {}): RawResource[] {
    const other = urn(T.host, "elsewhere");
    const depsOf = (props: string[] = []) => Object.fromEntries(props.map((p) => [p, [other]]));
    const dvs = res(
        T.dvs,
        "lab-vds",
        { name: "lab-vds", datacenterId: "datacenter-1", version: "8.0.0", hosts: [{ hostSystemId: "host-11", devices: ["vmnic1"] }, { hostSystemId: "host-12", devices: ["vmnic1"] }], ...dvsProps },
        depsOf(deps.dvs),
    );
    const pg = res(T.dvpg, "lab-dpg", { name: "nested", distributedVirtualSwitchUuid: U, ...pgProps }, { distributedVirtualSwitchUuid: [dvs.urn], ...depsOf(deps.pg) });
    return [dvs, pg, nestedEsxi("esxi-01", [pg]), nestedEsxi("esxi-02", [pg])];
}

const run = (dvs: Record<string, unknown> = {}, pg: Record<string, unknown> = {}, deps: { dvs?: string[]; pg?: string[] } = {}): Translation => translate(lab(dvs, pg, deps), {});
const pgOf = (t: Translation) => {
    const pg = t.model.portGroups.find((p) => p.id === dpgUrn);
    assert.ok(pg, "the DVPG in the model");
    return pg;
};
const swOf = (t: Translation) => {
    const sw = t.model.switches.find((s) => s.id === vdsUrn);
    assert.ok(sw, "the DVS in the model");
    return sw;
};
const diagsAt = (t: Translation, property: string): Diagnostic[] => t.diagnostics.filter((d) => d.property === property);
const MAPPINGS = [
    { primaryVlanId: 100, secondaryVlanId: 100, pvlanType: "promiscuous" },
    { primaryVlanId: 100, secondaryVlanId: 101, pvlanType: "isolated" },
    { primaryVlanId: 100, secondaryVlanId: 102, pvlanType: "community" },
];

describe("translate l2: private VLANs (PV1)", () => {
    it("reads pvlanMappings into the switch and a DVPG's secondary into a pvlan mode with its primary and type", () => {
        const t = run({ pvlanMappings: MAPPINGS }, { portPrivateSecondaryVlanId: 101 });
        assert.deepEqual(swOf(t).pvlans, [
            { primary: 100, secondary: 100, type: "promiscuous" },
            { primary: 100, secondary: 101, type: "isolated" },
            { primary: 100, secondary: 102, type: "community" },
        ]);
        assert.deepEqual(pgOf(t).vlan, { kind: "pvlan", primary: 100, secondary: 101, type: "isolated" });
        assert.equal(pgOf(t).vlanOrigin, undefined);
        assert.deepEqual(t.diagnostics, []);
        assert.deepEqual(pgOf(run({ pvlanMappings: MAPPINGS }, { portPrivateSecondaryVlanId: 100 })).vlan, { kind: "pvlan", primary: 100, secondary: 100, type: "promiscuous" });
    });

    it("keeps a secondary with no mapping, says so, and makes the switch list its mappings (PV1 drops it)", () => {
        const t = run({}, { portPrivateSecondaryVlanId: 150 });
        assert.deepEqual(pgOf(t).vlan, { kind: "pvlan", primary: 150, secondary: 150, type: "isolated" });
        assert.deepEqual(swOf(t).pvlans, []);
        const d = diagsAt(t, "portPrivateSecondaryVlanId");
        assert.equal(d.length, 1);
        assert.match(d[0].message, /no entry in the pvlanMappings of switch "?lab-vds"?.*PV1/);
        const t2 = run({ pvlanMappings: MAPPINGS }, { portPrivateSecondaryVlanId: 150 });
        assert.equal(swOf(t2).pvlans?.length, 3);
        assert.equal(diagsAt(t2, "portPrivateSecondaryVlanId").length, 1);
    });

    it("precedence on a DVPG: vlanRanges > portPrivateSecondaryVlanId > vlanId", () => {
        const ranges = [{ minVlan: 10, maxVlan: 20 }];
        assert.deepEqual(pgOf(run({ pvlanMappings: MAPPINGS }, { vlanRanges: ranges, portPrivateSecondaryVlanId: 101, vlanId: 30 })).vlan, { kind: "trunk", ranges: [[10, 20]] });
        const t = run({ pvlanMappings: MAPPINGS }, { portPrivateSecondaryVlanId: 102, vlanId: 30 });
        assert.deepEqual(pgOf(t).vlan, { kind: "pvlan", primary: 100, secondary: 102, type: "community" });
        assert.deepEqual(pgOf(run({ pvlanMappings: MAPPINGS }, { vlanRanges: [], portPrivateSecondaryVlanId: 0, vlanId: 30 })).vlan, { kind: "vlan", id: 30 });
    });

    it("reports bad mapping entries and leaves them out; a wrong-typed list is no mappings", () => {
        const t = run({ pvlanMappings: [{ primaryVlanId: 100, secondaryVlanId: 101, pvlanType: "private" }, { primaryVlanId: "100", secondaryVlanId: 102, pvlanType: "community" }, MAPPINGS[1]] }, { portPrivateSecondaryVlanId: 101 });
        assert.deepEqual(swOf(t).pvlans, [{ primary: 100, secondary: 101, type: "isolated" }]);
        assert.deepEqual(
            t.diagnostics.map((d) => d.property),
            ["pvlanMappings[0]", "pvlanMappings[1]"],
        );
        const t2 = run({ pvlanMappings: "isolated" }, { portPrivateSecondaryVlanId: 101 });
        assert.deepEqual(swOf(t2).pvlans, []);
        assert.equal(diagsAt(t2, "pvlanMappings")[0].kind, "property");
        assert.equal(diagsAt(t2, "portPrivateSecondaryVlanId").length, 1);
    });

    it("a wrong-typed or out-of-range secondary is reported and read as unset (the next property decides)", () => {
        for (const v of ["101", 4095, 1.5]) {
            const t = run({ pvlanMappings: MAPPINGS }, { portPrivateSecondaryVlanId: v, vlanId: 30 });
            assert.deepEqual(pgOf(t).vlan, { kind: "vlan", id: 30 }, String(v));
            assert.equal(diagsAt(t, "portPrivateSecondaryVlanId")[0]?.kind, "property", String(v));
        }
    });

    it("unknown: mappings from another resource make an unknown diagnostic and an assumed isolated port; an unset computed default is unset", () => {
        const t = run({ pvlanMappings: UA }, { portPrivateSecondaryVlanId: 101 }, { dvs: ["pvlanMappings"] });
        assert.equal(swOf(t).pvlans, undefined);
        assert.deepEqual(pgOf(t).vlan, { kind: "pvlan", primary: 101, secondary: 101, type: "isolated" });
        assert.equal(diagsAt(t, "pvlanMappings")[0].kind, "unknown");
        assert.match(diagsAt(t, "portPrivateSecondaryVlanId")[0].message, /read as isolated/);
        const u = run({ pvlanMappings: UA }, { portPrivateSecondaryVlanId: UN, vlanId: 30 });
        assert.equal(swOf(u).pvlans, undefined);
        assert.deepEqual(pgOf(u).vlan, { kind: "vlan", id: 30 }, "unset computed defaults do not hide vlanId");
        assert.deepEqual(u.diagnostics, []);
        const v = run({ pvlanMappings: MAPPINGS }, { portPrivateSecondaryVlanId: UN, vlanId: 30 }, { pg: ["portPrivateSecondaryVlanId"] });
        assert.deepEqual(pgOf(v).vlan, { kind: "none" });
        assert.equal(diagsAt(v, "portPrivateSecondaryVlanId")[0].kind, "unknown");
    });
});

describe("translate l2: distributed VLAN inheritance (V5, T7)", () => {
    it("a DVPG with vlanId 0 or unset inherits the switch's vlanId, and says so in vlanOrigin", () => {
        for (const pg of [{ vlanId: 0 }, {}]) {
            const t = run({ vlanId: 20 }, pg);
            assert.deepEqual(pgOf(t).vlan, { kind: "vlan", id: 20 });
            const o = pgOf(t).vlanOrigin;
            assert.equal(o?.kind, "inherited");
            assert.equal(o?.rule, "V5");
            assert.deepEqual({ kind: o?.from?.kind, objectId: o?.from?.objectId, property: o?.from?.property }, { kind: "explicit", objectId: vdsUrn, property: "vlanId" });
            assert.deepEqual(t.diagnostics, []);
        }
    });

    it("inherits the switch's vlanRanges and PVLAN id, by the same precedence", () => {
        assert.deepEqual(pgOf(run({ vlanRanges: [{ minVlan: 5, maxVlan: 6 }], vlanId: 20 }, { vlanId: 0 })).vlan, { kind: "trunk", ranges: [[5, 6]] });
        const t = run({ pvlanMappings: MAPPINGS, portPrivateSecondaryVlanId: 102, vlanId: 20 }, {});
        assert.deepEqual(pgOf(t).vlan, { kind: "pvlan", primary: 100, secondary: 102, type: "community" });
        assert.equal(pgOf(t).vlanOrigin?.from?.property, "portPrivateSecondaryVlanId");
    });

    it("a switch with no VLAN: untagged, origin the vSphere default", () => {
        const t = run({}, { vlanId: 0 });
        assert.deepEqual(pgOf(t).vlan, { kind: "none" });
        assert.equal(pgOf(t).vlanOrigin?.from?.kind, "vsphereDefault");
    });

    it("a DVPG's own VLAN wins over the switch's, with no vlanOrigin", () => {
        const t = run({ vlanId: 20 }, { vlanId: 30 });
        assert.deepEqual(pgOf(t).vlan, { kind: "vlan", id: 30 });
        assert.equal(pgOf(t).vlanOrigin, undefined);
    });

    it("a wrong-typed or out-of-range vlanId is reported and read as unset: it inherits", () => {
        for (const v of ["30", 4095, true]) {
            const t = run({ vlanId: 20 }, { vlanId: v });
            assert.deepEqual(pgOf(t).vlan, { kind: "vlan", id: 20 }, String(v));
            assert.equal(diagsAt(t, "vlanId")[0]?.kind, "property", String(v));
        }
        const t = run({ vlanId: "20" }, {});
        assert.deepEqual(pgOf(t).vlan, { kind: "none" });
        assert.equal(diagsAt(t, "vlanId").length, 1);
    });

    it("unknown: a vlanId from another resource is reported (read as untagged); an unset computed default inherits", () => {
        const t = run({ vlanId: 20 }, { vlanId: UN }, { pg: ["vlanId"] });
        assert.deepEqual(pgOf(t).vlan, { kind: "none" });
        assert.equal(diagsAt(t, "vlanId")[0].kind, "unknown");
        const u = run({ vlanId: 20 }, { vlanId: UN, vlanRanges: UA, portPrivateSecondaryVlanId: UN });
        assert.deepEqual(pgOf(u).vlan, { kind: "vlan", id: 20 });
        assert.deepEqual(u.diagnostics, []);
        const s = run({ vlanId: UN }, {}, { dvs: ["vlanId"] });
        assert.deepEqual(pgOf(s).vlan, { kind: "none" });
        assert.equal(diagsAt(s, "vlanId")[0].urn, vdsUrn);
    });
});

describe("translate l2: blocked ports (P1, T6)", () => {
    it("blockAllPorts true on a DVPG blocks it; unset everywhere leaves it undefined (not blocked)", () => {
        const t = run({}, { blockAllPorts: true });
        assert.deepEqual(pgOf(t).blocked, { value: true, origin: { kind: "explicit", objectId: dpgUrn, property: "blockAllPorts", rule: "P1" } });
        assert.equal(swOf(t).blocked, undefined);
        const u = run();
        assert.equal(pgOf(u).blocked, undefined);
        assert.equal(swOf(u).blocked, undefined);
    });

    it("a DVPG inherits the switch's block when unset, and when false (T6: false is not sent)", () => {
        for (const pg of [{}, { blockAllPorts: false }]) {
            const t = run({ blockAllPorts: true }, pg);
            assert.equal(swOf(t).blocked?.value, true);
            const b = pgOf(t).blocked;
            assert.equal(b?.value, true);
            assert.equal(b?.origin.kind, "inherited");
            assert.equal(b?.origin.rule, "blockAllPorts" in pg ? "T6" : "P1");
            assert.equal(b?.origin.from?.objectId, vdsUrn);
        }
        assert.equal(pgOf(run({ blockAllPorts: false }, {})).blocked?.value, false);
        assert.equal(pgOf(run({ blockAllPorts: false }, { blockAllPorts: true })).blocked?.value, true);
    });

    it("a wrong-typed blockAllPorts is reported and read as unset", () => {
        const t = run({ blockAllPorts: "yes" }, { blockAllPorts: 1 });
        assert.equal(swOf(t).blocked, undefined);
        assert.equal(pgOf(t).blocked, undefined);
        assert.deepEqual(
            diagsAt(t, "blockAllPorts").map((d) => [d.kind, d.urn]),
            [
                ["property", vdsUrn],
                ["property", dpgUrn],
            ],
        );
    });

    it("unknown: from another resource, a key the simulator branches on (shared when inherited); with no dependency, unset", () => {
        const t = run({ blockAllPorts: UB }, {}, { dvs: ["blockAllPorts"] });
        assert.equal(swOf(t).blocked?.value, "unknown");
        assert.equal(pgOf(t).blocked?.value, "unknown");
        assert.equal(pgOf(t).blocked?.unknownKey, swOf(t).blocked?.unknownKey);
        const p = run({}, { blockAllPorts: UB }, { pg: ["blockAllPorts"] });
        assert.deepEqual({ value: pgOf(p).blocked?.value, key: pgOf(p).blocked?.unknownKey }, { value: "unknown", key: `${dpgUrn}.blocked` });
        const q = run({ blockAllPorts: true }, { blockAllPorts: UB }, { pg: ["blockAllPorts"] });
        assert.equal(pgOf(q).blocked?.value, true, "true or false both block under a blocking switch");
        const d = run({ blockAllPorts: UB }, { blockAllPorts: UB });
        assert.equal(swOf(d).blocked, undefined);
        assert.equal(pgOf(d).blocked, undefined);
        assert.deepEqual(d.diagnostics, []);
    });
});
