/**
 * translate(): uplinks and teams (U1, U8), the provider's quirks for teaming (T5, T6) and LACP (L3):
 * standard switches and host port groups, distributed switches and distributed port groups.
 */
import assert from "node:assert/strict";
import { translate } from "../translate";
import type { Diagnostic, RawResource, Translation } from "../translate/types";
import { IMPLICIT_UPLINK } from "../translate/switches";
import { DEFAULT_DVS_UPLINKS } from "../translate/teams";
import { provider, res, T, U, UA, UB, urn, vdsLab, vssLab } from "./fixtures/translate/resources";

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
const teamOf = (t: Translation, name: string) => {
    const team = pgOf(t, name).team;
    assert.ok(team, `team of ${name}`);
    return team;
};
const swTeam = (t: Translation, name: string) => {
    const team = swOf(t, name).team;
    assert.ok(team, `team of switch ${name}`);
    return team;
};
const diagsAt = (t: Translation, property: string): Diagnostic[] => t.diagnostics.filter((d) => d.property === property);
const vssUrn = urn(T.vss, "lab-vss");
const vdsUrn = urn(T.dvs, "lab-vds");
const pgUrn = urn(T.hpg, "lab-pg");
const dpgUrn = urn(T.dvpg, "lab-dpg");
const OLD = "4.14.0";
/** The vSS lab with its port group bound to an old provider (before 4.15.0). */
function oldVssLab(pgProps: Record<string, unknown> = {}, vssProps: Record<string, unknown> = {}): RawResource[] {
    const p = provider("vsphere-old", OLD);
    return [p, ...vssLab(pgProps, vssProps, `${p.urn}::5c3e0c4c-0000-4000-8000-000000000000`)];
}

describe("translate teams: standard switch (U1, T5)", () => {
    it("binds every NIC named by networkAdapters, activeNics and standbyNics, named by itself", () => {
        const t = translate(vssLab({}, { networkAdapters: ["vmnic2", "vmnic3", "vmnic4"] }), {});
        assert.deepEqual(swOf(t, "lab-vss").members, [
            {
                hostId: "host-11",
                uplinks: { known: true, links: [{ name: "vmnic2", nic: "vmnic2" }, { name: "vmnic3", nic: "vmnic3" }, { name: "vmnic4", nic: "vmnic4" }] },
            },
        ]);
        assert.deepEqual(t.diagnostics, []);
    });

    it("takes its team from activeNics/standbyNics, with the provider's defaults for policy and failover flags", () => {
        const team = swTeam(translate(vssLab(), {}), "lab-vss");
        assert.deepEqual(team.active, ["vmnic2"]);
        assert.deepEqual(team.standby, ["vmnic3"]);
        assert.equal(team.policy, "loadbalance_srcid");
        assert.equal(team.notifySwitches, true);
        assert.equal(team.checkBeacon, false);
        assert.equal(team.unknownKey, undefined);
        assert.deepEqual({ kind: team.origin.kind, objectId: team.origin.objectId, property: team.origin.property, rule: team.origin.rule }, { kind: "explicit", objectId: vssUrn, property: "activeNics", rule: "U1" });
        assert.match(team.origin.note ?? "", /teamingPolicy unset: the provider sends loadbalance_srcid \(T5\)/);
    });

    it("reads teamingPolicy, notifySwitches and checkBeacon as set", () => {
        const team = swTeam(translate(vssLab({}, { teamingPolicy: "loadbalance_ip", notifySwitches: false, checkBeacon: true }), {}), "lab-vss");
        assert.equal(team.policy, "loadbalance_ip");
        assert.equal(team.notifySwitches, false);
        assert.equal(team.checkBeacon, true);
        assert.equal(team.origin.note, undefined);
    });

    it("reports a policy a standard switch cannot have, or no policy at all, and reads it as unset", () => {
        for (const bad of ["loadbalance_loadbased", "round_robin", 7]) {
            const t = translate(vssLab({}, { teamingPolicy: bad }), {});
            assert.equal(swTeam(t, "lab-vss").policy, "loadbalance_srcid");
            const d = diagsAt(t, "teamingPolicy");
            assert.equal(d.length, 1, String(bad));
            assert.equal(d[0].kind, "property");
            if (bad === "loadbalance_loadbased") assert.match(d[0].message, /no load-based teaming/);
        }
    });

    it("keeps a team NIC that networkAdapters does not list as a link, and says so", () => {
        const t = translate(vssLab({}, { networkAdapters: ["vmnic2"] }), {});
        const m = swOf(t, "lab-vss").members[0];
        assert.ok(m.uplinks.known);
        assert.deepEqual(m.uplinks.links.map((l) => l.name), ["vmnic2", "vmnic3"]);
        const d = diagsAt(t, "networkAdapters");
        assert.equal(d.length, 1);
        assert.match(d[0].message, /teams vmnic3, which networkAdapters does not list/);
    });

    it("reads a missing activeNics (required) as every bound NIC not on standby, assumed, with a diagnostic", () => {
        const t = translate(vssLab({}, { activeNics: undefined, standbyNics: undefined }), {});
        const team = swTeam(t, "lab-vss");
        assert.deepEqual(team.active, ["vmnic2", "vmnic3"]);
        assert.deepEqual(team.standby, []);
        assert.equal(team.origin.kind, "assumed");
        assert.equal(diagsAt(t, "activeNics").length, 1);
    });

    it("an empty activeNics is sent as no active NIC; no NIC at all is an internal switch", () => {
        const t = translate(vssLab({}, { activeNics: [], standbyNics: ["vmnic3"] }), {});
        assert.deepEqual(swTeam(t, "lab-vss").active, []);
        const t2 = translate(vssLab({}, { activeNics: [], standbyNics: [], networkAdapters: [] }), {});
        assert.deepEqual(swOf(t2, "lab-vss").members[0].uplinks, { known: true, links: [] });
    });

    it("unknown team lists during preview: the team has the switch's key; unknown adapters make the links unknown", () => {
        const t = translate(vssLab({}, { activeNics: UA }), {});
        const team = swTeam(t, "lab-vss");
        assert.equal(team.unknownKey, `${vssUrn}.team`);
        assert.deepEqual(swOf(t, "lab-vss").members[0].uplinks, {
            known: false,
            unknownKey: `${vssUrn}.uplinks`,
            origin: { kind: "explicit", objectId: vssUrn, property: "networkAdapters", note: "not known during preview" },
        });
        const t2 = translate(vssLab({}, { standbyNics: [U] }), {});
        assert.equal(swTeam(t2, "lab-vss").unknownKey, `${vssUrn}.team`);
    });

    it("an unknown teamingPolicy is the policy \"unknown\"; unknown flags are left out", () => {
        const team = swTeam(translate(vssLab({}, { teamingPolicy: U, notifySwitches: UB, checkBeacon: UB }), {}), "lab-vss");
        assert.equal(team.policy, "unknown");
        assert.equal(team.notifySwitches, undefined);
        assert.equal(team.checkBeacon, undefined);
    });
});

describe("translate teams: host port group overrides (T5)", () => {
    it("nothing set, current provider: the switch's lists and policy, notify switches and beacon probing sent as no", () => {
        const t = translate(vssLab({}, { teamingPolicy: "failover_explicit", checkBeacon: true }), {});
        const team = teamOf(t, "lab-pg");
        assert.deepEqual(team.active, ["vmnic2"]);
        assert.deepEqual(team.standby, ["vmnic3"]);
        assert.equal(team.policy, "failover_explicit");
        assert.equal(team.notifySwitches, false);
        assert.equal(team.checkBeacon, false);
        assert.equal(team.origin.kind, "inherited");
        assert.equal(team.origin.objectId, pgUrn);
        assert.equal(team.origin.rule, "T5");
        assert.deepEqual(team.origin.from, swTeam(t, "lab-vss").origin);
        assert.match(team.origin.note ?? "", /notifySwitches unset: sent as false by provider 4\.15\.0 and later \(T5\)/);
        assert.match(team.origin.note ?? "", /teamingPolicy unset: inherited from the switch/);
    });

    it("nothing set, provider before 4.15.0: the failover flags inherit too", () => {
        const t = translate(oldVssLab({}, { checkBeacon: true }), {});
        const team = teamOf(t, "lab-pg");
        assert.equal(team.notifySwitches, true);
        assert.equal(team.checkBeacon, true);
        assert.doesNotMatch(team.origin.note ?? "", /sent as false/);
    });

    it("explicit flags on the port group win on any provider", () => {
        const team = teamOf(translate(oldVssLab({ notifySwitches: false, checkBeacon: false }, { checkBeacon: true }), {}), "lab-pg");
        assert.equal(team.notifySwitches, false);
        assert.equal(team.checkBeacon, false);
    });

    it("only standbyNics: the provider sends activeNics empty, so no active NIC (U6)", () => {
        const t = translate(vssLab({ standbyNics: ["vmnic3"] }), {});
        const team = teamOf(t, "lab-pg");
        assert.deepEqual(team.active, []);
        assert.deepEqual(team.standby, ["vmnic3"]);
        assert.deepEqual({ kind: team.origin.kind, property: team.origin.property, rule: team.origin.rule }, { kind: "explicit", property: "standbyNics", rule: "T5" });
        assert.match(team.origin.note ?? "", /no active NIC \(T5, U6\)/);
        assert.deepEqual(t.diagnostics, []);
    });

    it("only activeNics: standby sent empty", () => {
        const team = teamOf(translate(vssLab({ activeNics: ["vmnic3"] }), {}), "lab-pg");
        assert.deepEqual(team.active, ["vmnic3"]);
        assert.deepEqual(team.standby, []);
        assert.equal(team.origin.property, "activeNics");
    });

    it("both lists set; a NIC in both counts as active", () => {
        const team = teamOf(translate(vssLab({ activeNics: ["vmnic3"], standbyNics: ["vmnic2", "vmnic3"] }), {}), "lab-pg");
        assert.deepEqual(team.active, ["vmnic3"]);
        assert.deepEqual(team.standby, ["vmnic2"]);
        assert.equal(team.origin.property, "activeNics, standbyNics");
    });

    it("empty lists are not sent: the switch's team", () => {
        const team = teamOf(translate(vssLab({ activeNics: [], standbyNics: [] }), {}), "lab-pg");
        assert.equal(team.origin.kind, "inherited");
        assert.deepEqual(team.active, ["vmnic2"]);
    });

    it("teamingPolicy on the port group overrides the switch's; a bad one is reported and inherits", () => {
        assert.equal(teamOf(translate(vssLab({ teamingPolicy: "loadbalance_srcmac" }), {}), "lab-pg").policy, "loadbalance_srcmac");
        const t = translate(vssLab({ teamingPolicy: "loadbalance_loadbased" }, { teamingPolicy: "loadbalance_ip" }), {});
        assert.equal(teamOf(t, "lab-pg").policy, "loadbalance_ip");
        assert.equal(diagsAt(t, "teamingPolicy").filter((d) => d.urn === pgUrn).length, 1);
        assert.equal(teamOf(translate(vssLab({ teamingPolicy: U }), {}), "lab-pg").policy, "unknown");
    });

    it("NICs the switch does not have are kept and reported, naming them and U6 when nothing active remains", () => {
        const t = translate(vssLab({ activeNics: ["vmnic9"], standbyNics: ["vmnic3"] }), {});
        assert.deepEqual(teamOf(t, "lab-pg").active, ["vmnic9"]);
        const d = diagsAt(t, "activeNics, standbyNics");
        assert.equal(d.length, 1);
        assert.equal(d[0].urn, pgUrn);
        assert.match(d[0].message, /names vmnic9, which its switch does not have \(its NICs: vmnic2, vmnic3\)/);
        assert.match(d[0].message, /no active uplink \(U6\)/);
        const t2 = translate(vssLab({ activeNics: ["vmnic2", "vmnic8"] }), {});
        assert.doesNotMatch(diagsAt(t2, "activeNics")[0].message, /U6/);
    });

    it("unknown lists: the port group's own key; inheriting an unknown switch team: the switch's key", () => {
        const t = translate(vssLab({ activeNics: UA }), {});
        assert.equal(teamOf(t, "lab-pg").unknownKey, `${pgUrn}.team`);
        const t2 = translate(vssLab({}, { activeNics: UA }), {});
        assert.equal(teamOf(t2, "lab-pg").unknownKey, `${vssUrn}.team`);
        assert.equal(teamOf(t2, "lab-pg").origin.kind, "inherited");
    });

    it("a switch outside the stack: the NICs its port groups name are its uplinks, all active (assumed)", () => {
        const a = res(T.hpg, "mgmt", { name: "mgmt", hostSystemId: "host-11", virtualSwitchName: "vSwitch0" });
        const b = res(T.hpg, "nested", { name: "nested", hostSystemId: "host-11", virtualSwitchName: "vSwitch0", activeNics: ["vmnic0"], standbyNics: ["vmnic1"] });
        const t = translate([a, b], {});
        const sw = swOf(t, "vSwitch0");
        assert.deepEqual(sw.members[0].uplinks, { known: true, links: [{ name: "vmnic0", nic: "vmnic0" }, { name: "vmnic1", nic: "vmnic1" }] });
        assert.deepEqual(sw.team?.active, ["vmnic0", "vmnic1"]);
        assert.equal(sw.team?.origin.kind, "assumed");
        assert.deepEqual(teamOf(t, "mgmt").active, ["vmnic0", "vmnic1"], "the port group before it follows the final team");
        assert.deepEqual(teamOf(t, "mgmt").origin.from, sw.team?.origin);
        assert.deepEqual(teamOf(t, "nested").active, ["vmnic0"]);
        assert.deepEqual(t.diagnostics, []);
    });

    it("a switch outside the stack whose port groups name no NIC: one assumed uplink", () => {
        const t = translate([res(T.hpg, "mgmt", { name: "mgmt", hostSystemId: "host-11", virtualSwitchName: "vSwitch0" })], {});
        assert.deepEqual(swOf(t, "vSwitch0").members[0].uplinks, { known: true, links: [{ name: IMPLICIT_UPLINK, nic: IMPLICIT_UPLINK }] });
        assert.deepEqual(teamOf(t, "mgmt").active, [IMPLICIT_UPLINK]);
    });
});

/**
 * The resources with each unknown property computed from another resource (listed in
 * propertyDependencies), as a program that sets it from an output sends it. An unknown teaming
 * property with no dependency is an unset, provider-computed default (see the test below).
 */
function fromOutputs(rs: RawResource[]): RawResource[] {
    const teaming = ["uplinks", "activeUplinks", "standbyUplinks", "teamingPolicy", "notifySwitches", "checkBeacon", "failback", "lacpEnabled", "lacpMode"];
    const unknown = (k: string, v: unknown): boolean => teaming.includes(k) && (v === U || v === UA || v === UB || (Array.isArray(v) && v.includes(U)));
    return rs.map((r) => ({
        ...r,
        propertyDependencies: { ...r.propertyDependencies, ...Object.fromEntries(Object.keys(r.props).filter((k) => unknown(k, r.props[k])).map((k) => [k, ["urn:pulumi:dev::nested-lab::vsphere:index/host:Host::other"]])) },
    }));
}

describe("translate teams: distributed switch (U1, T6, L3)", () => {
    it("unset uplinks: vCenter's default names, assumed; devices bind by position; every uplink active (U1, assumed)", () => {
        const t = translate(vdsLab(), {});
        const sw = swOf(t, "lab-vds");
        assert.deepEqual(sw.members[0], {
            hostId: "host-11",
            uplinks: { known: true, links: [{ name: "uplink1", nic: "vmnic1" }, { name: "uplink2", nic: "vmnic2" }, { name: "uplink3" }, { name: "uplink4" }] },
        });
        const team = swTeam(t, "lab-vds");
        assert.deepEqual(team.active, [...DEFAULT_DVS_UPLINKS]);
        assert.deepEqual(team.standby, []);
        assert.equal(team.policy, "loadbalance_srcid");
        assert.equal(team.notifySwitches, true);
        assert.equal(team.checkBeacon, false);
        assert.deepEqual({ kind: team.origin.kind, rule: team.origin.rule }, { kind: "assumed", rule: "U1" });
        assert.match(team.origin.note ?? "", /every uplink active \(the vCenter default\)/);
        assert.match(team.origin.note ?? "", /uplinks unset: vCenter names them uplink1, uplink2, uplink3, uplink4 \(assumed\)/);
        assert.deepEqual(t.diagnostics, []);
    });

    it("active uplink1, standby uplink2: frames leave by the NIC behind uplink1", () => {
        const t = translate(vdsLab({ uplinks: ["uplink1", "uplink2"], activeUplinks: ["uplink1"], standbyUplinks: ["uplink2"] }), {});
        const sw = swOf(t, "lab-vds");
        assert.deepEqual(sw.members[1].uplinks, { known: true, links: [{ name: "uplink1", nic: "vmnic1" }, { name: "uplink2", nic: "vmnic2" }] });
        const team = swTeam(t, "lab-vds");
        assert.deepEqual([team.active, team.standby], [["uplink1"], ["uplink2"]]);
        assert.deepEqual({ kind: team.origin.kind, property: team.origin.property }, { kind: "explicit", property: "activeUplinks, standbyUplinks" });
        assert.deepEqual(t.diagnostics, []);
    });

    it("only standbyUplinks: active sent empty (U6)", () => {
        const team = swTeam(translate(vdsLab({ uplinks: ["u1", "u2"], standbyUplinks: ["u2"] }), {}), "lab-vds");
        assert.deepEqual([team.active, team.standby], [[], ["u2"]]);
        assert.match(team.origin.note ?? "", /no active uplink \(U6\)/);
    });

    it("a device past the uplink names is reported and bound to nothing; a name past the devices is unbound", () => {
        const t = translate(vdsLab({ uplinks: ["up-a"], hosts: [{ hostSystemId: "host-11", devices: ["vmnic1", "vmnic2"] }, { hostSystemId: "host-12", devices: [] }] }), {});
        const sw = swOf(t, "lab-vds");
        assert.deepEqual(sw.members[0].uplinks, { known: true, links: [{ name: "up-a", nic: "vmnic1" }] });
        assert.deepEqual(sw.members[1].uplinks, { known: true, links: [{ name: "up-a" }] });
        const d = diagsAt(t, "hosts[0].devices");
        assert.equal(d.length, 1);
        assert.match(d[0].message, /lists 2 NICs but the switch has 1 uplinks \(up-a\); vmnic2 has no uplink to bind to/);
    });

    it("team names the switch does not have are reported; duplicate uplink names are read once", () => {
        const t = translate(vdsLab({ uplinks: ["uplink1", "uplink2", "uplink1"], activeUplinks: ["uplink9"] }), {});
        assert.equal(diagsAt(t, "uplinks").length, 1);
        const d = diagsAt(t, "activeUplinks");
        assert.equal(d.length, 1);
        assert.match(d[0].message, /names uplink9, which the switch does not have \(its uplinks: uplink1, uplink2\)/);
        assert.deepEqual(swTeam(t, "lab-vds").active, ["uplink9"]);
    });

    it("unknown uplink names with no team lists: every uplink active, named by position", () => {
        const t = translate(fromOutputs(vdsLab({ uplinks: UA })), {});
        const sw = swOf(t, "lab-vds");
        assert.deepEqual(sw.members[0].uplinks, { known: true, links: [{ name: "uplink #1", nic: "vmnic1" }, { name: "uplink #2", nic: "vmnic2" }] });
        assert.deepEqual(swTeam(t, "lab-vds").active, ["uplink #1", "uplink #2"]);
        assert.equal(swTeam(t, "lab-vds").unknownKey, undefined);
    });

    it("unknown uplink names with a team list: which NIC is behind a name is unknown", () => {
        const t = translate(fromOutputs(vdsLab({ uplinks: UA, activeUplinks: ["uplink1"] })), {});
        const m = swOf(t, "lab-vds").members[0];
        assert.equal(m.uplinks.known, false);
        assert.equal(m.uplinks.known ? "" : m.uplinks.unknownKey, `${vdsUrn}.uplinks`);
    });

    it("unknown team lists or policy during preview", () => {
        assert.equal(swTeam(translate(fromOutputs(vdsLab({ activeUplinks: UA })), {}), "lab-vds").unknownKey, `${vdsUrn}.team`);
        assert.equal(swTeam(translate(fromOutputs(vdsLab({ standbyUplinks: [U] })), {}), "lab-vds").unknownKey, `${vdsUrn}.team`);
        assert.equal(swTeam(translate(fromOutputs(vdsLab({ teamingPolicy: U })), {}), "lab-vds").policy, "unknown");
    });

    it("an unknown teaming property no resource computes is the provider's default left unset (create preview): read as unset", () => {
        const sw = swOf(translate(vdsLab({ activeUplinks: UA, standbyUplinks: UA, teamingPolicy: U, notifySwitches: UB }), {}), "lab-vds");
        assert.equal(sw.team?.unknownKey, undefined);
        assert.deepEqual(sw.team?.active, ["uplink1", "uplink2", "uplink3", "uplink4"]);
        assert.equal(sw.team?.policy, "loadbalance_srcid");
        const pg = teamOf(translate(vdsLab({}, { activeUplinks: UA, teamingPolicy: U }), {}), "lab-dpg");
        assert.equal(pg.unknownKey, undefined);
        assert.equal(pg.origin.kind, "inherited");
    });

    it("teamingPolicy as set (load-based exists on a vDS); notifySwitches false is not sent (T6); checkBeacon true", () => {
        const team = swTeam(translate(vdsLab({ teamingPolicy: "loadbalance_loadbased", notifySwitches: false, checkBeacon: true }), {}), "lab-vds");
        assert.equal(team.policy, "loadbalance_loadbased");
        assert.equal(team.notifySwitches, true);
        assert.match(team.origin.note ?? "", /notifySwitches false is not sent by the provider \(T6\)/);
        assert.equal(team.checkBeacon, true);
    });

    it("LACP: lacpEnabled true makes one LAG with its mode; false is not sent (T6); unset is off", () => {
        const on = swOf(translate(vdsLab({ lacpEnabled: true, lacpMode: "active" }), {}), "lab-vds").lacp;
        assert.deepEqual(on, { enabled: true, mode: "active", origin: { kind: "explicit", objectId: vdsUrn, property: "lacpEnabled", rule: "L3" } });
        const off = swOf(translate(vdsLab({ lacpEnabled: false, lacpMode: "active" }), {}), "lab-vds").lacp;
        assert.equal(off?.enabled, false);
        assert.equal(off?.origin.kind, "vsphereDefault");
        assert.match(off?.origin.note ?? "", /false is not sent \(T6\)/);
        const unset = swOf(translate(vdsLab(), {}), "lab-vds").lacp;
        assert.deepEqual({ enabled: unset?.enabled, note: unset?.origin.note }, { enabled: false, note: "unset: LACP off" });
    });

    it("LACP without a mode is passive (assumed); a bad mode is reported; an unknown lacpEnabled is assumed off and reported", () => {
        const t = translate(fromOutputs(vdsLab({ lacpEnabled: true })), {});
        assert.equal(swOf(t, "lab-vds").lacp?.mode, "passive");
        assert.match(swOf(t, "lab-vds").lacp?.origin.note ?? "", /passive assumed/);
        const t2 = translate(fromOutputs(vdsLab({ lacpEnabled: true, lacpMode: "fast" })), {});
        assert.equal(swOf(t2, "lab-vds").lacp?.mode, "passive");
        assert.equal(diagsAt(t2, "lacpMode").length, 1);
        const t3 = translate(fromOutputs(vdsLab({ lacpEnabled: UB })), {});
        assert.equal(swOf(t3, "lab-vds").lacp?.enabled, false);
        assert.equal(diagsAt(t3, "lacpEnabled")[0].kind, "unknown");
        assert.match(swOf(translate(fromOutputs(vdsLab({ lacpEnabled: true, lacpMode: U })), {}), "lab-vds").lacp?.origin.note ?? "", /not known during preview/);
    });

    it("a list of the wrong type is reported and read as unset", () => {
        const t = translate(vdsLab({ activeUplinks: "uplink1", uplinks: [1, "uplink1"] }), {});
        assert.equal(diagsAt(t, "activeUplinks").length, 1);
        assert.equal(diagsAt(t, "uplinks").length, 1);
        assert.deepEqual(swTeam(t, "lab-vds").active, ["uplink1"]);
        assert.equal(swTeam(t, "lab-vds").origin.kind, "assumed");
    });
});

describe("translate teams: distributed port group overrides (T6, L3)", () => {
    const dvs = { uplinks: ["uplink1", "uplink2"], activeUplinks: ["uplink1"], standbyUplinks: ["uplink2"], checkBeacon: true };

    it("nothing set: the switch's team, inherited", () => {
        const t = translate(vdsLab(dvs), {});
        const team = teamOf(t, "lab-dpg");
        assert.deepEqual([team.active, team.standby, team.policy], [["uplink1"], ["uplink2"], "loadbalance_srcid"]);
        assert.equal(team.notifySwitches, true);
        assert.equal(team.checkBeacon, true);
        assert.deepEqual({ kind: team.origin.kind, objectId: team.origin.objectId, rule: team.origin.rule }, { kind: "inherited", objectId: dpgUrn, rule: "T6" });
        assert.deepEqual(team.origin.from, swTeam(t, "lab-vds").origin);
    });

    it("activeUplinks on the port group overrides; the other list is empty", () => {
        const team = teamOf(translate(vdsLab(dvs, { activeUplinks: ["uplink2"] }), {}), "lab-dpg");
        assert.deepEqual([team.active, team.standby], [["uplink2"], []]);
        assert.deepEqual({ kind: team.origin.kind, property: team.origin.property }, { kind: "explicit", property: "activeUplinks" });
    });

    it("only standbyUplinks: no active uplink (U6)", () => {
        const team = teamOf(translate(vdsLab(dvs, { standbyUplinks: ["uplink1"] }), {}), "lab-dpg");
        assert.deepEqual([team.active, team.standby], [[], ["uplink1"]]);
        assert.match(team.origin.note ?? "", /U6/);
    });

    it("both lists empty: inherited", () => {
        assert.equal(teamOf(translate(vdsLab(dvs, { activeUplinks: [], standbyUplinks: [] }), {}), "lab-dpg").origin.kind, "inherited");
    });

    it("teamingPolicy set overrides; unset inherits", () => {
        assert.equal(teamOf(translate(vdsLab({ ...dvs, teamingPolicy: "loadbalance_ip" }, { teamingPolicy: "failover_explicit" }), {}), "lab-dpg").policy, "failover_explicit");
        assert.equal(teamOf(translate(vdsLab({ ...dvs, teamingPolicy: "loadbalance_ip" }), {}), "lab-dpg").policy, "loadbalance_ip");
    });

    it("failover flags: false is not sent (T6) and inherits; true is sent", () => {
        const team = teamOf(translate(fromOutputs(vdsLab(dvs, { checkBeacon: false, notifySwitches: true })), {}), "lab-dpg");
        assert.equal(team.checkBeacon, true);
        assert.match(team.origin.note ?? "", /checkBeacon false is not sent \(T6\): inherited from the switch/);
        assert.equal(teamOf(translate(fromOutputs(vdsLab({}, { checkBeacon: true })), {}), "lab-dpg").checkBeacon, true);
        assert.equal(teamOf(translate(fromOutputs(vdsLab({}, { checkBeacon: UB })), {}), "lab-dpg").checkBeacon, undefined);
        assert.equal(teamOf(translate(fromOutputs(vdsLab(dvs, { checkBeacon: UB })), {}), "lab-dpg").checkBeacon, true);
    });

    it("lacpEnabled on the port group is never sent (L3): reported when true, ignored when false", () => {
        const t = translate(vdsLab({}, { lacpEnabled: true, lacpMode: "active" }), {});
        const d = diagsAt(t, "lacpEnabled");
        assert.equal(d.length, 1);
        assert.equal(d[0].urn, dpgUrn);
        assert.match(d[0].message, /has no effect: the provider sends LACP only from the DistributedVirtualSwitch \(L3\)/);
        assert.equal(swOf(t, "lab-vds").lacp?.enabled, false);
        assert.deepEqual(translate(vdsLab({}, { lacpEnabled: false }), {}).diagnostics, []);
    });

    it("uplink names the switch does not have are kept and reported", () => {
        const t = translate(vdsLab(dvs, { activeUplinks: ["uplink3"] }), {});
        assert.deepEqual(teamOf(t, "lab-dpg").active, ["uplink3"]);
        const d = diagsAt(t, "activeUplinks");
        assert.equal(d.length, 1);
        assert.match(d[0].message, /names uplink3, which its switch does not have \(its uplinks: uplink1, uplink2\); they carry nothing, so the port group has no active uplink \(U6\)/);
    });

    it("unknown lists: the port group's own key; inheriting an unknown switch team: the switch's key", () => {
        assert.equal(teamOf(translate(fromOutputs(vdsLab(dvs, { activeUplinks: UA })), {}), "lab-dpg").unknownKey, `${dpgUrn}.team`);
        assert.equal(teamOf(translate(fromOutputs(vdsLab({ activeUplinks: UA })), {}), "lab-dpg").unknownKey, `${vdsUrn}.team`);
        assert.equal(teamOf(translate(fromOutputs(vdsLab(dvs, { teamingPolicy: U })), {}), "lab-dpg").policy, "unknown");
    });
});
