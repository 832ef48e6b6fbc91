/**
 * `candidateChanges` and `changeCost` (sim/analysis/fixes.ts) asked directly, with exact answers.
 * `findFix` alone cannot notice a candidate too many (an extra candidate is never cheaper than the
 * fix found), yet the candidates key `FixFinder`'s cache and say what a fix may touch: the mutation
 * run (README, Testing) found each filter below unchecked.
 */
import assert from "node:assert/strict";
import { analyzeConversation, applyChanges, candidateChanges, changeCost, compile, findFix, type Change, type Model, type SecuritySetting } from "../../sim";
import { Lab } from "./lab";

const setting = (objectId: string, s: SecuritySetting, scope: "portGroup" | "switch" = "portGroup"): Change => ({ kind: "setting", objectId, scope, setting: s, value: "accept" });
const cands = (lab: Lab | Model, a: string, b: string): Change[] => candidateChanges(compile(lab instanceof Lab ? lab.model : lab), { a, b });
const kinds = (cs: Change[], kind: Change["kind"]) => cs.filter((c) => c.kind === kind);

/** One nested host on `pg` of switch `sw`, a guest behind it and a gateway outside. */
function nested(lab: Lab, pg: string, opts: { guestVlan?: number; gwVlan?: number } = {}): Lab {
    return lab.vm("nested1", pg, "esx1", "00:50:56:00:00:01").guest("inner", "nested1", "00:50:56:aa:00:01", opts.guestVlan).external("gw", "00:11:22:33:44:55", opts.gwVlan);
}

describe("fix candidates, asked directly (sim/analysis/fixes.ts)", () => {
    describe("changeCost", () => {
        it("every kind of change costs what the table says, a switch-wide one ten times the port group's", () => {
            const cases: Array<[Change, number]> = [
                [{ kind: "macLearning", portGroupId: "p", enabled: true }, 1],
                [{ kind: "trunk", portGroupId: "p", vlans: [10] }, 2],
                [{ kind: "inherit", portGroupId: "p", setting: "promiscuous" }, 0],
                [{ kind: "team", portGroupId: "p", active: ["uplink1"], standby: [] }, 1],
                [{ kind: "host", hostId: "h", rpfCheckPromisc: true }, 1],
                [{ kind: "mtu", switchId: "s", value: 9000 }, 1],
                [{ kind: "unblock", objectId: "p", scope: "portGroup" }, 1],
                [{ kind: "unblock", objectId: "s", scope: "switch" }, 10],
                [setting("p", "forgedTransmits"), 2],
                [setting("p", "macChanges"), 3],
                [setting("p", "promiscuous"), 6],
                [setting("s", "forgedTransmits", "switch"), 20],
                [setting("s", "macChanges", "switch"), 30],
                [setting("s", "promiscuous", "switch"), 60],
            ];
            for (const [c, cost] of cases) assert.equal(changeCost(c), cost, JSON.stringify(c));
        });
    });

    describe("MAC learning", () => {
        it("is a candidate on a distributed port group whose switch supports it and where it is off", () => {
            const lab = nested(new Lab().host("esx1").vds("vds", ["esx1"], { macLearning: true }).pg("pg", "vds", { sec: { forgedTransmits: "reject" } }), "pg");
            assert.deepEqual(kinds(cands(lab, "inner", "gw"), "macLearning"), [{ kind: "macLearning", portGroupId: "pg", enabled: true }]);
        });

        it("is not one where the switch does not support it, where it is already on, or on a standard switch", () => {
            const old = nested(new Lab().host("esx1").vds("vds", ["esx1"], { macLearning: false }).pg("pg", "vds"), "pg");
            assert.deepEqual(kinds(cands(old, "inner", "gw"), "macLearning"), []);
            const on = nested(new Lab().host("esx1").vds("vds", ["esx1"]).pg("pg", "vds", { ml: { enabled: true } }), "pg");
            assert.deepEqual(kinds(cands(on, "inner", "gw"), "macLearning"), []);
            const standard = nested(new Lab().host("esx1").vss("vss", "esx1").pg("pg", "vss"), "pg");
            assert.deepEqual(kinds(cands(standard, "inner", "gw"), "macLearning"), []);
            // Even if a model claimed MAC learning for a standard switch: only distributed switches have it.
            standard.model.switches[0].macLearningSupported = true;
            assert.deepEqual(kinds(cands(standard, "inner", "gw"), "macLearning"), []);
        });
    });

    describe("trunks", () => {
        it("the VLANs the guests behind the port tag, in numeric order, none already carried (range ends included)", () => {
            const lab = new Lab()
                .host("esx1")
                .vds("vds", ["esx1"])
                .pg("pg", "vds", { vlan: { kind: "trunk", ranges: [[10, 20], [300, 400]] } })
                .vm("nested1", "pg", "esx1", "00:50:56:00:00:01");
            // Tagged 30, 9, 200, 21 (not carried) and 10, 20, 300, 400, 350 (carried: both ends of each range and one inside).
            [30, 10, 9, 200, 20, 300, 21, 400, 350].forEach((v, i) => lab.guest(`g${i}`, "nested1", `00:50:56:aa:00:${(16 + i).toString(16)}`, v));
            lab.external("gw", "00:11:22:33:44:55", 30);
            assert.deepEqual(kinds(cands(lab, "g0", "gw"), "trunk"), [{ kind: "trunk", portGroupId: "pg", vlans: [9, 21, 30, 200] }]);
        });

        it("a guest that tags nothing, or only carried VLANs, asks for no trunk", () => {
            const untagged = nested(new Lab().host("esx1").vds("vds", ["esx1"]).pg("pg", "vds", { vlan: 20 }), "pg", { gwVlan: 20 });
            assert.deepEqual(kinds(cands(untagged, "inner", "gw"), "trunk"), []);
            const carried = nested(new Lab().host("esx1").vds("vds", ["esx1"]).pg("pg", "vds", { vlan: { kind: "trunk", ranges: [[5, 6], [10, 20]] } }), "pg", { guestVlan: 15, gwVlan: 15 });
            assert.deepEqual(kinds(cands(carried, "inner", "gw"), "trunk"), []);
        });
    });

    describe("blocked ports (P1)", () => {
        it("a port group blocked by itself is unblocked there, one blocked by its switch on the switch; an explicit false asks nothing", () => {
            const own = nested(new Lab().host("esx1").vds("vds", ["esx1"]).pg("pg", "vds", { blocked: true }), "pg");
            assert.deepEqual(kinds(cands(own, "inner", "gw"), "unblock"), [{ kind: "unblock", objectId: "pg", scope: "portGroup" }]);
            const unknown = nested(new Lab().host("esx1").vds("vds", ["esx1"]).pg("pg", "vds", { blocked: "unknown" }), "pg");
            assert.deepEqual(kinds(cands(unknown, "inner", "gw"), "unblock"), [{ kind: "unblock", objectId: "pg", scope: "portGroup" }]);
            const bySwitch = nested(new Lab().host("esx1").vds("vds", ["esx1"], { blocked: true }).pg("pg", "vds"), "pg");
            assert.deepEqual(kinds(cands(bySwitch, "inner", "gw"), "unblock"), [{ kind: "unblock", objectId: "vds", scope: "switch" }]);
            const open = nested(new Lab().host("esx1").vds("vds", ["esx1"]).pg("pg", "vds", { blocked: false }), "pg");
            assert.deepEqual(kinds(cands(open, "inner", "gw"), "unblock"), []);
        });
    });

    describe("MTU (X2)", () => {
        it("only a switch whose MTU is below the largest frame the two workloads declare, raised to that frame", () => {
            const lab = (frame: number, mtu: number) =>
                new Lab().host("esx1").vds("vds", ["esx1"], { mtu }).pg("pg", "vds").vm("nested1", "pg", "esx1", "00:50:56:00:00:01").guest("inner", "nested1", "00:50:56:aa:00:01", undefined, { mtu: frame }).external("gw", "00:11:22:33:44:55", undefined, { mtu: 1500 });
            assert.deepEqual(kinds(cands(lab(9000, 1500), "inner", "gw"), "mtu"), [{ kind: "mtu", switchId: "vds", value: 9000 }]);
            assert.deepEqual(kinds(cands(lab(9000, 9000), "inner", "gw"), "mtu"), [], "a frame of exactly the MTU fits");
            assert.deepEqual(kinds(cands(lab(1500, 9000), "inner", "gw"), "mtu"), []);
        });
    });

    describe("switch-wide settings", () => {
        /** Two port groups on one vDS: `pg` carries the conversation, `other` does not. */
        const two = (pgSec: Partial<Record<SecuritySetting, "accept" | "reject">>, otherSec: Partial<Record<SecuritySetting, "accept" | "reject">> = {}, swSec: Partial<Record<SecuritySetting, "accept" | "reject">> = {}) =>
            nested(new Lab().host("esx1").vds("vds", ["esx1"], { sec: swSec }).pg("pg", "vds", { sec: pgSec }).pg("other", "vds", { sec: otherSec }), "pg");

        it("a setting the conversation's port group inherits without Accept is a switch candidate, whatever the switch's other port groups do", () => {
            // `other` sets everything itself: only `pg` inherits.
            const lab = two({}, { forgedTransmits: "reject", macChanges: "reject", promiscuous: "reject" });
            assert.deepEqual(
                cands(lab, "inner", "gw").filter((c) => c.kind === "setting" && c.scope === "switch"),
                [setting("vds", "forgedTransmits", "switch"), setting("vds", "macChanges", "switch"), setting("vds", "promiscuous", "switch")],
            );
        });

        it("not one the port group sets itself, nor one the switch already accepts, nor one only another port group inherits", () => {
            const own = two({ forgedTransmits: "reject", macChanges: "reject" }, {}, {});
            assert.deepEqual(
                cands(own, "inner", "gw").filter((c) => c.kind === "setting" && c.scope === "switch"),
                [setting("vds", "promiscuous", "switch")],
                "pg sets forged transmits and MAC changes itself; `other` inheriting them does not count",
            );
            const accepting = two({}, {}, { forgedTransmits: "accept" });
            const sw = cands(accepting, "inner", "gw").filter((c) => c.kind === "setting");
            assert.ok(!sw.some((c) => c.kind === "setting" && c.setting === "forgedTransmits"), "inherited Accept: nothing to change, on the port group or the switch");
        });

        it("a port group on a switch the network does not have gets no switch-wide candidate", () => {
            const lab = nested(new Lab().host("esx1").vds("vds", ["esx1"]).pg("pg", "vds"), "pg");
            const model: Model = { ...lab.model, switches: [] };
            assert.deepEqual(cands(model, "inner", "gw").filter((c) => c.kind === "setting" && c.scope === "switch"), []);
        });
    });

    describe("teams (U6)", () => {
        /** A vDS on two hosts: esx1's uplink1 is vmnic0, esx2 has uplink2 named but no NIC behind it. */
        const lab = (team?: { active: string[]; standby: string[]; unknownKey?: string }) => {
            const l = new Lab().host("esx1").host("esx2").vds("vds", [{ host: "esx1", uplinks: ["vmnic0"] }, { host: "esx2", uplinks: [] }]);
            const sw = l.model.switches[0];
            const m2 = sw.members[1].uplinks;
            if (m2.known) m2.links.push({ name: "uplink2" });
            l.pg("pg", "vds", team ? { team } : {});
            if (team?.unknownKey) l.model.portGroups[0].team!.unknownKey = team.unknownKey;
            return nested(l, "pg");
        };

        it("a port group with no active uplink on a host gets its bound standby uplinks made active, never an unbound one", () => {
            assert.deepEqual(kinds(cands(lab({ active: [], standby: ["uplink2", "uplink1"] }), "inner", "gw"), "team"), [{ kind: "team", portGroupId: "pg", active: ["uplink1"], standby: [] }]);
        });

        it("with no standby, every bound uplink active; with no team at all (every uplink active), the host without a bound uplink still asks", () => {
            assert.deepEqual(kinds(cands(lab({ active: [], standby: [] }), "inner", "gw"), "team"), [{ kind: "team", portGroupId: "pg", active: ["uplink1"], standby: [] }]);
            assert.deepEqual(kinds(cands(lab(), "inner", "gw"), "team"), [{ kind: "team", portGroupId: "pg", active: ["uplink1"], standby: [] }]);
        });

        it("no team change where every host has an active uplink, or where the team is not known during preview", () => {
            const ok = nested(new Lab().host("esx1").vds("vds", [{ host: "esx1", uplinks: ["vmnic0", "vmnic1"] }]).pg("pg", "vds", { team: { active: ["uplink1"], standby: ["uplink2"] } }), "pg");
            assert.deepEqual(kinds(cands(ok, "inner", "gw"), "team"), []);
            assert.deepEqual(kinds(cands(lab({ active: [], standby: [], unknownKey: "pg.team" }), "inner", "gw"), "team"), []);
        });
    });

    describe("findFix's search", () => {
        it("a conversation with a single candidate that works is fixed by it", () => {
            // A standard switch: no MAC learning, the port group sets everything but forged transmits to Accept itself.
            const lab = nested(new Lab().host("esx1").vss("vss", "esx1").pg("pg", "vss", { sec: { forgedTransmits: "reject", macChanges: "accept", promiscuous: "accept" } }), "pg");
            const net = compile(lab.model);
            assert.deepEqual(candidateChanges(net, { a: "inner", b: "gw" }), [setting("pg", "forgedTransmits")]);
            assert.deepEqual(findFix(net, { a: "inner", b: "gw" }), { changes: [setting("pg", "forgedTransmits")], verdict: "reachable", cost: 2 });
        });

        it("never more than four changes, even when more would work", () => {
            // Two guests on two hosts, on two blocked access port groups, both tagging VLAN 10, both needing
            // forged transmits to send and promiscuous mode to receive (no MAC learning): eight changes.
            const lab = new Lab()
                .host("esx1")
                .host("esx2")
                .vds("vds", ["esx1", "esx2"], { macLearning: false })
                .pg("pa", "vds", { vlan: 5, blocked: true, sec: { forgedTransmits: "reject", macChanges: "reject", promiscuous: "reject" } })
                .pg("pb", "vds", { vlan: 5, blocked: true, sec: { forgedTransmits: "reject", macChanges: "reject", promiscuous: "reject" } })
                .vm("n1", "pa", "esx1", "00:50:56:00:00:01")
                .vm("n2", "pb", "esx2", "00:50:56:00:00:02")
                .guest("a", "n1", "00:50:56:aa:00:01", 10)
                .guest("b", "n2", "00:50:56:aa:00:02", 10);
            const net = compile(lab.model);
            const eight: Change[] = [
                { kind: "unblock", objectId: "pa", scope: "portGroup" },
                { kind: "unblock", objectId: "pb", scope: "portGroup" },
                { kind: "trunk", portGroupId: "pa", vlans: [10] },
                { kind: "trunk", portGroupId: "pb", vlans: [10] },
                setting("pa", "forgedTransmits"),
                setting("pb", "forgedTransmits"),
                setting("pa", "promiscuous"),
                setting("pb", "promiscuous"),
            ];
            assert.equal(analyzeConversation(compile(applyChanges(lab.model, eight)), { a: "a", b: "b" }).verdict, "reachable", "eight changes would do");
            assert.ok(candidateChanges(net, { a: "a", b: "b" }).length > 4);
            assert.equal(findFix(net, { a: "a", b: "b" }), undefined);
        });
    });
});
