/** The classic nested-networking scenarios from the simulator issue, end to end through the simulator. */
import assert from "node:assert/strict";
import { Lab, dropRules, nestedVdsLab } from "./lab";

describe("simulator: classic nested scenarios", () => {
    it("nested ESXi with nothing enabled is blocked at forged transmits (S1)", () => {
        const r = nestedVdsLab({}).conv("inner-a", "gw");
        assert.equal(r.verdict, "blocked");
        const out = r.legs.find((l) => l.leg === "unicast-forward")!;
        assert.equal(out.trace.at(-1)!.rule, "S1");
        assert.equal(out.trace.at(-1)!.setting?.setting, "forgedTransmits");
        assert.equal(out.trace.at(-1)!.setting?.origin?.kind, "inherited");
    });

    it("forged transmits only: one-way, out works, replies dropped at F4", () => {
        const r = nestedVdsLab({ forgedTransmits: "accept" }).conv("inner-a", "gw");
        assert.equal(r.verdict, "one-way");
        assert.deepEqual(r.works, { from: "inner-a", to: "gw" });
        const back = r.legs.find((l) => l.leg === "unicast-back")!;
        assert.equal(back.delivered, false);
        assert.equal(back.trace.at(-1)!.rule, "F4");
        assert.equal(back.trace.at(-1)!.setting?.setting, "promiscuous");
    });

    it("the verdict is the same whichever end starts", () => {
        const r = nestedVdsLab({ forgedTransmits: "accept" }).conv("gw", "inner-a");
        assert.equal(r.verdict, "one-way");
        assert.deepEqual(r.works, { from: "inner-a", to: "gw" });
    });

    it("forged + promiscuous: reachable", () => {
        assert.equal(nestedVdsLab({ forgedTransmits: "accept", promiscuous: "accept" }).conv("inner-a", "gw").verdict, "reachable");
    });

    it("forged + MAC learning: reachable without promiscuous", () => {
        const r = nestedVdsLab({ forgedTransmits: "accept" }, { ml: {} }).conv("inner-a", "gw");
        assert.equal(r.verdict, "reachable");
        assert.ok(r.legs.find((l) => l.leg === "unicast-back")!.trace.some((h) => h.rule === "M1"));
    });

    it("MAC learning limit 2 under drop: the third guest cannot send (M2), the first two can", () => {
        const lab = (flood: boolean) =>
            nestedVdsLab({ forgedTransmits: "accept" }, { ml: { limit: 2, limitPolicy: "drop", allowUnicastFlooding: flood } })
                .guest("inner-b", "nested1", "00:50:56:aa:00:02")
                .guest("inner-c", "nested1", "00:50:56:aa:00:03");
        assert.equal(lab(false).conv("inner-a", "gw").verdict, "reachable");
        assert.equal(lab(false).conv("inner-b", "gw").verdict, "reachable");
        const blocked = lab(false).conv("inner-c", "gw");
        assert.equal(blocked.verdict, "blocked");
        assert.ok(dropRules(blocked).includes("M2"));
        // With unknown-unicast flooding (the default) frames for the third guest still reach it (M3): one-way in.
        const flooded = lab(true).conv("inner-c", "gw");
        assert.equal(flooded.verdict, "one-way");
        assert.deepEqual(flooded.works, { from: "gw", to: "inner-c" });
        assert.ok(dropRules(flooded).includes("M2"));
    });

    it("MAC learning limit under allow: the unlearned guest is one-way unless flooding reaches it", () => {
        const lab = nestedVdsLab({ forgedTransmits: "accept" }, { ml: { limit: 1, limitPolicy: "allow", allowUnicastFlooding: false } }).guest("inner-b", "nested1", "00:50:56:aa:00:02");
        assert.equal(lab.conv("inner-b", "gw").verdict, "one-way");
        const flooding = nestedVdsLab({ forgedTransmits: "accept" }, { ml: { limit: 1, limitPolicy: "allow", allowUnicastFlooding: true } }).guest("inner-b", "nested1", "00:50:56:aa:00:02");
        assert.equal(flooding.conv("inner-b", "gw").verdict, "reachable");
    });

    it("guests on two nested hosts on one physical host talk locally (needs forged + promiscuous)", () => {
        const lab = new Lab()
            .host("esx1")
            .vds("vds", ["esx1"])
            .pg("lab-pg", "vds", { sec: { forgedTransmits: "accept", promiscuous: "accept" } })
            .vm("n1", "lab-pg", "esx1", "00:50:56:00:00:01")
            .vm("n2", "lab-pg", "esx1", "00:50:56:00:00:02")
            .guest("g1", "n1", "02:00:00:00:00:01")
            .guest("g2", "n2", "02:00:00:00:00:02");
        const r = lab.conv("g1", "g2");
        assert.equal(r.verdict, "reachable");
        assert.ok(r.legs[2].trace.every((h) => h.at !== "physical network"), "unicast stays on the host");
    });

    it("guests on nested hosts on two physical hosts cross the physical network", () => {
        const lab = new Lab()
            .host("esx1")
            .host("esx2")
            .vds("vds", ["esx1", "esx2"])
            .pg("lab-pg", "vds", { sec: { forgedTransmits: "accept", promiscuous: "accept" } })
            .vm("n1", "lab-pg", "esx1", "00:50:56:00:00:01")
            .vm("n2", "lab-pg", "esx2", "00:50:56:00:00:02")
            .guest("g1", "n1", "02:00:00:00:00:01")
            .guest("g2", "n2", "02:00:00:00:00:02");
        const r = lab.conv("g1", "g2");
        assert.equal(r.verdict, "reachable");
        assert.ok(r.legs[2].trace.some((h) => h.at === "physical network"));
    });

    it("cross-host guests with forged only: blocked both ways at F4", () => {
        const lab = new Lab()
            .host("esx1")
            .host("esx2")
            .vds("vds", ["esx1", "esx2"])
            .pg("lab-pg", "vds", { sec: { forgedTransmits: "accept" } })
            .vm("n1", "lab-pg", "esx1", "00:50:56:00:00:01")
            .vm("n2", "lab-pg", "esx2", "00:50:56:00:00:02")
            .guest("g1", "n1", "02:00:00:00:00:01")
            .guest("g2", "n2", "02:00:00:00:00:02");
        const r = lab.conv("g1", "g2");
        assert.equal(r.verdict, "blocked");
        assert.ok(dropRules(r).includes("F4"));
    });

    it("guest-tagged VLAN on a VST port group is blocked (V1); on a trunk it is reachable (V2)", () => {
        const vst = nestedVdsLab({ forgedTransmits: "accept", promiscuous: "accept" }).guest("tagged", "nested1", "00:50:56:aa:00:09", 30).external("gw30", "00:11:22:33:44:30", 30);
        const r = vst.conv("tagged", "gw30");
        assert.equal(r.verdict, "blocked");
        assert.ok(dropRules(r).includes("V1"));
        const trunk = new Lab()
            .host("esx1")
            .vds("vds", ["esx1"])
            .pg("trunk-pg", "vds", { vlan: { kind: "trunk", ranges: [[1, 4094]] }, sec: { forgedTransmits: "accept", promiscuous: "accept" } })
            .vm("nested1", "trunk-pg", "esx1", "00:50:56:00:00:01")
            .guest("tagged", "nested1", "00:50:56:aa:00:09", 30)
            .external("gw30", "00:11:22:33:44:30", 30);
        assert.equal(trunk.conv("tagged", "gw30").verdict, "reachable");
    });

    it("internal switch with no uplink: external unreachable (F0), same-host works", () => {
        const lab = new Lab()
            .host("esx1")
            .vss("vSwitch1", "esx1", { uplinks: [], sec: { forgedTransmits: "accept", promiscuous: "accept" } })
            .pg("internal", "vSwitch1")
            .vm("n1", "internal", "esx1", "00:50:56:00:00:01")
            .vm("n2", "internal", "esx1", "00:50:56:00:00:02")
            .guest("g1", "n1", "02:00:00:00:00:01")
            .guest("g2", "n2", "02:00:00:00:00:02")
            .external("gw", "00:11:22:33:44:55");
        const r = lab.conv("g1", "gw");
        assert.equal(r.verdict, "blocked");
        assert.ok(dropRules(r).includes("F0"));
        assert.equal(lab.conv("g1", "g2").verdict, "reachable");
    });

    it("MAC change with MAC address changes Reject receives nothing (S2); Accept works", () => {
        const build = (mc: "accept" | "reject") =>
            new Lab()
                .host("esx1")
                .vds("vds", ["esx1"])
                .pg("pg", "vds", { sec: { macChanges: mc, forgedTransmits: "accept" } })
                .vm("bond", "pg", "esx1", "00:50:56:00:00:01", { effectiveMac: "00:50:56:00:00:99" })
                .external("gw", "00:11:22:33:44:55");
        const r = build("reject").conv("bond", "gw");
        assert.equal(r.verdict, "one-way");
        assert.deepEqual(r.works, { from: "bond", to: "gw" });
        assert.ok(dropRules(r).includes("S2"));
        assert.ok(r.legs.find((l) => l.leg === "arp-reply")!.trace.at(-1)!.detail.includes("receives nothing"));
        assert.equal(build("accept").conv("bond", "gw").verdict, "reachable");
    });

    it("an unknown setting gives undetermined only when it matters", () => {
        const matters = nestedVdsLab({ forgedTransmits: "accept", promiscuous: "unknown" }).conv("inner-a", "gw");
        assert.equal(matters.verdict, "undetermined");
        assert.deepEqual(matters.decidedBy!.map((d) => d.ref.setting), ["promiscuous"]);
        // Dropped both ways by a known fact (no uplink) whatever promiscuous turns out to be: blocked.
        const internal = new Lab()
            .host("esx1")
            .vss("vs", "esx1", { uplinks: [], sec: { promiscuous: "unknown" } })
            .pg("pg", "vs")
            .vm("n1", "pg", "esx1", "00:50:56:00:00:01")
            .guest("g1", "n1", "02:00:00:00:00:01")
            .external("gw", "00:11:22:33:44:55");
        assert.equal(internal.conv("g1", "gw").verdict, "blocked");
        // Forged Reject fails the conversation for certain; promiscuous only decides between one-way and blocked.
        const known = nestedVdsLab({ forgedTransmits: "reject", promiscuous: "unknown" }).conv("inner-a", "gw");
        assert.equal(known.verdict, "undetermined");
        assert.equal(known.failsInEveryCase, true);
        assert.deepEqual(new Set(known.outcomes!.map((o) => o.verdict)), new Set(["one-way", "blocked"]));
        // The VM's own vNIC does not depend on any of the three.
        const plain = nestedVdsLab({ forgedTransmits: "unknown", promiscuous: "unknown", macChanges: "unknown" }).conv("nested1", "gw");
        assert.equal(plain.verdict, "reachable");
    });

    it("DRS placement unknown: both placements are checked and the worse is reported", () => {
        const lab = new Lab()
            .host("esx1")
            .host("esx2")
            .vds("vds", ["esx1", "esx2"])
            .pg("lab-pg", "vds", { sec: { forgedTransmits: "accept" }, ml: { allowUnicastFlooding: false } })
            .vm("n1", "lab-pg", undefined, "00:50:56:00:00:01")
            .vm("n2", "lab-pg", undefined, "00:50:56:00:00:02")
            .guest("g1", "n1", "02:00:00:00:00:01")
            .guest("g2", "n2", "02:00:00:00:00:02");
        const r = lab.conv("g1", "g2");
        assert.equal(r.verdict, "reachable", "learning works on one host and across hosts");
        const promiscOnlyLocal = new Lab()
            .host("esx1")
            .host("esx2")
            .vds("vds", ["esx1", { host: "esx2", uplinks: [] }])
            .pg("lab-pg", "vds", { sec: { forgedTransmits: "accept", promiscuous: "accept" } })
            .vm("n1", "lab-pg", undefined, "00:50:56:00:00:01")
            .vm("n2", "lab-pg", undefined, "00:50:56:00:00:02")
            .guest("g1", "n1", "02:00:00:00:00:01")
            .guest("g2", "n2", "02:00:00:00:00:02");
        const worse = promiscOnlyLocal.conv("g1", "g2");
        assert.equal(worse.verdict, "blocked");
        assert.equal(worse.placement.kind, "cross-host");
    });
});
