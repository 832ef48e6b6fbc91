/**
 * Teaming across random labs (issue 12): a team changes a verdict only by leaving a port group
 * without an active uplink (U6) — the uplink a frame leaves by (U3) and the copies (U4) never do;
 * and the fix search proposes a team, not wider security, for U6.
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import { analyzeConversation, compile, findFix, type Model, type Team } from "../../sim";
import { teamingAdvice } from "../../sim/analysis/teaming";
import { randomLab } from "./arbitrary";
import { Lab } from "./lab";

const RUNS = Number(process.env.SIM_PROPERTY_RUNS ?? 300);
const params = { numRuns: RUNS, seed: Number(process.env.SIM_PROPERTY_SEED ?? 20261202) };

const NAMES = ["uplink1", "uplink2"];
const teamArb = fc.record({
    active: fc.subarray(NAMES),
    standby: fc.subarray(NAMES),
    policy: fc.constantFrom<Team["policy"]>("loadbalance_srcid", "loadbalance_srcmac", "loadbalance_ip", "loadbalance_loadbased", "failover_explicit"),
    reversed: fc.boolean(),
});

type TeamGen = typeof teamArb extends fc.Arbitrary<infer T> ? T : never;

function withTeams(model: Model, teams: Array<TeamGen | undefined>): Model {
    return {
        ...model,
        portGroups: model.portGroups.map((pg, i) => {
            const t = teams[i];
            if (!t) return pg;
            const active = t.reversed ? [...t.active].reverse() : t.active;
            return { ...pg, team: { active, standby: t.standby.filter((n) => !active.includes(n)), policy: t.policy, origin: { kind: "explicit", objectId: pg.id } } };
        }),
    };
}

describe("teaming (random labs)", () => {
    it("a team changes a verdict only through U6 (no active uplink); egress choice and copies never do", () => {
        fc.assert(
            fc.property(randomLab, fc.array(fc.option(teamArb, { nil: undefined }), { minLength: 3, maxLength: 3 }), (lab, teams) => {
                const plain = compile(lab.model);
                const teamed = compile(withTeams(lab.model, teams));
                for (const c of lab.conversations) {
                    const before = analyzeConversation(plain, c);
                    const after = analyzeConversation(teamed, c);
                    if (before.verdict === after.verdict) continue;
                    const rules = after.legs.filter((l) => !l.delivered).map((l) => l.trace[l.trace.length - 1].rule);
                    assert.ok(rules.includes("U6") || after.verdict === "undetermined" || before.verdict === "undetermined", `${c.a}<->${c.b}: ${before.verdict} became ${after.verdict} with teams, dropped by ${rules.join(",")}`);
                }
            }),
            params,
        );
    });

    it("the fix for a port group with only a standby uplink is a team with it active: no security setting widened", () => {
        const lab = new Lab()
            .host("esx1")
            .vds("vds", [{ host: "esx1", uplinks: ["vmnic2", "vmnic3"] }])
            .pg("lab-pg", "vds", { vlan: 20, sec: { forgedTransmits: "accept", promiscuous: "accept" }, team: { active: [], standby: ["uplink2"] } })
            .vm("nested1", "lab-pg", "esx1", "00:50:56:00:00:01")
            .guest("inner-a", "nested1", "00:50:56:aa:00:01")
            .external("gw", "00:11:22:33:44:55", 20);
        const net = compile(lab.model);
        assert.equal(analyzeConversation(net, { a: "inner-a", b: "gw" }).verdict, "blocked");
        const fix = findFix(net, { a: "inner-a", b: "gw" });
        assert.deepEqual(fix?.changes, [{ kind: "team", portGroupId: "lab-pg", active: ["uplink2"], standby: [] }]);
    });

    describe("advice on teams that forward but break or flap (L1, U7, U8)", () => {
        const lab = (team: Partial<Team>, channel?: "none" | "static" | "lacp", pgVlan?: number | { kind: "trunk"; ranges: Array<[number, number]> }) => {
            const l = new Lab()
                .host("esx1")
                .vds("vds", [{ host: "esx1", uplinks: ["vmnic2", "vmnic3"] }])
                .pg("lab-pg", "vds", { vlan: pgVlan ?? 20, sec: { forgedTransmits: "accept", promiscuous: "accept" }, team })
                .vm("nested1", "lab-pg", "esx1", "00:50:56:00:00:01")
                .guest("inner-a", "nested1", "00:50:56:aa:00:01");
            if (channel) l.model.hosts[0].channel = { kind: channel, origin: { kind: "declared", objectId: "esx1" } };
            return teamingAdvice(compile(l.model)).map((a) => `${a.kind}${a.with ? `:${a.with}` : ""}${a.idle ? `:${a.idle.join("+")}` : ""}`);
        };
        const ip = { active: ["uplink1", "uplink2"], policy: "loadbalance_ip" as const };
        it("IP hash: unverified without a declared channel, fine over a static one, flapping when declared without", () => {
            assert.deepEqual(lab(ip), ["ip-hash-channel-unverified"]);
            assert.deepEqual(lab(ip, "static"), []);
            assert.deepEqual(lab(ip, "none"), ["ip-hash-no-channel"]);
        });
        it("IP hash with a standby uplink is a partial team; source-port teams get no advice", () => {
            assert.deepEqual(lab({ active: ["uplink1"], standby: ["uplink2"], policy: "loadbalance_ip" }, "static"), ["ip-hash-partial-team:uplink2"]);
            assert.deepEqual(lab({ active: ["uplink1"], standby: ["uplink2"] }), []);
        });
        it("beacon probing with guest VLAN tagging or IP hash; notify switches off where nested hypervisors run", () => {
            assert.deepEqual(lab({ active: ["uplink1", "uplink2"], checkBeacon: true }, undefined, { kind: "trunk", ranges: [[1, 4094]] }), ["beacon-unsupported:guest-tagging"]);
            assert.deepEqual(lab({ active: ["uplink1", "uplink2"], checkBeacon: true }), []);
            assert.deepEqual(lab({ active: ["uplink1", "uplink2"], notifySwitches: false }), ["notify-off"]);
        });
    });
});
