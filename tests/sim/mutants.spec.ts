/**
 * Tests that notice small deliberate bugs (issue 11, "Tests that would not notice"): each case
 * names the mutant it kills. They go through the public simulator entry (sim/index.ts), except the
 * class partition, which is sim/classes.ts's own contract.
 */
import assert from "node:assert/strict";
import { analyzeConversation, applyChanges, candidateChanges, changeCost, compile, findFix, promiscuousExposure, type Change, type ConversationResult, type Exposure } from "../../sim";
import { analyzeByClasses, partitionEndpoints } from "../../sim/analysis/classes";
import { Lab } from "./lab";

/** A nested guest behind a promiscuous port on a host whose vDS member has two active uplinks. */
function twoUplinkLab(rpf: boolean | undefined): Lab {
    return new Lab()
        .host("esx1", { rpf })
        .vds("vds", [{ host: "esx1", uplinks: ["uplink1", "uplink2"] }])
        .pg("lab", "vds", { sec: { promiscuous: "accept", forgedTransmits: "accept" } })
        .vm("nested1", "lab", "esx1", "00:50:56:00:00:01")
        .guest("inner-a", "nested1", "00:50:56:aa:00:01")
        .external("gw", "00:11:22:33:44:55");
}

describe("tests that notice: simulator mutants", () => {
    describe("promiscuous copies and Net.ReversePathFwdCheckPromisc (host rpfCheckPromisc)", () => {
        it("without the RPF check a flooded broadcast reaches the promiscuous port once per uplink: two copies, reported as duplicates", () => {
            const r = twoUplinkLab(false).conv("gw", "inner-a");
            assert.equal(r.verdict, "reachable");
            assert.deepEqual(
                r.legs.map((l) => [l.leg, l.copies]),
                [
                    ["arp-request", 2],
                    ["arp-reply", 1],
                    ["unicast-forward", 1],
                    ["unicast-back", 1],
                ],
            );
            assert.deepEqual(r.duplicates, [{ endpoint: "inner-a", portId: "nested1", copies: 2, hostId: "esx1", rule: "S3" }]);
            assert.match(r.legs[0].trace[r.legs[0].trace.length - 1].detail, /2 copies \(one per uplink\)/);
        });

        it("an unset RPF check counts as off (two copies)", () => {
            assert.equal(twoUplinkLab(undefined).conv("gw", "inner-a").legs[0].copies, 2);
        });

        it("with the RPF check on, the same lab delivers exactly one copy and reports no duplicates", () => {
            const r = twoUplinkLab(true).conv("gw", "inner-a");
            assert.equal(r.verdict, "reachable");
            assert.deepEqual(r.legs.map((l) => l.copies), [1, 1, 1, 1]);
            assert.equal(r.duplicates, undefined);
            assert.doesNotMatch(r.legs[0].trace.map((h) => h.detail).join("\n"), /copies \(one per uplink\)/);
        });
    });

    describe("the limit of 256 explored combinations of unknowns", () => {
        /**
         * Two plain VMs on a port group of a standard switch, and `n` bystander VMs, each on its own port
         * group whose MAC-changes setting is unknown, each with a guest-changed MAC: the ARP broadcast
         * meets every bystander's unknown, so the conversation explores 2^n combinations, all reachable.
         */
        function bystanders(n: number, opts: { bBroken?: boolean } = {}): ConversationResult {
            const lab = new Lab()
                .host("esx1")
                .vss("vs", "esx1")
                .pg("pg", "vs", { sec: { forgedTransmits: "accept", macChanges: "reject" } })
                .vm("a", "pg", "esx1", "02:00:00:00:00:01")
                // bBroken: b's guest changed its MAC and MAC changes is Reject (S2): blocked in every case.
                .vm("b", "pg", "esx1", "02:00:00:00:00:02", opts.bBroken ? { effectiveMac: "02:00:00:00:00:22" } : {});
            for (let i = 0; i < n; i++) {
                const x = i.toString(16).padStart(2, "0");
                lab.pg(`by${i}`, "vs", { sec: { macChanges: "unknown" } });
                lab.vm(`vm${i}`, `by${i}`, "esx1", `02:00:00:00:01:${x}`, { effectiveMac: `02:00:00:00:02:${x}` });
            }
            return lab.conv("a", "b");
        }

        it("256 combinations (8 unknowns) are explored in full: every one agrees, so the verdict is reachable", () => {
            const r = bystanders(8);
            assert.equal(r.verdict, "reachable");
            assert.equal(r.outcomes, undefined);
        });

        it("past 256 combinations (9 unknowns) the answer is undetermined, with exactly 256 outcomes and without claiming it fails in every case", () => {
            const r = bystanders(9);
            assert.equal(r.verdict, "undetermined");
            assert.equal(r.outcomes?.length, 256);
            assert.ok(r.outcomes.every((o) => o.verdict === "reachable"));
            assert.equal(r.failsInEveryCase, false);
            assert.equal(r.works, undefined);
        });

        it("past the limit, even when every explored combination fails, it does not claim to fail in every case (the rest were not explored)", () => {
            const r = bystanders(9, { bBroken: true });
            assert.equal(r.verdict, "undetermined");
            assert.ok(r.outcomes && r.outcomes.length === 256 && r.outcomes.every((o) => o.verdict !== "reachable"));
            assert.equal(r.failsInEveryCase, false);
            // Below the limit the same lab fails whatever the unknowns are: b receives nothing (S2).
            assert.equal(bystanders(8, { bBroken: true }).verdict, "one-way");
        });
    });

    describe("the choice between fixes (sim/fixes.ts)", () => {
        /** A nested guest tagging VLAN 10 on an access port group that rejects forged transmits. */
        const tagged = () =>
            new Lab()
                .host("esx1")
                .vds("vds", ["esx1"], { macLearning: true })
                .pg("lab", "vds", { vlan: 10, sec: { promiscuous: "accept" } })
                .vm("nested1", "lab", "esx1", "00:50:56:00:00:01")
                .guest("inner-a", "nested1", "00:50:56:aa:00:01", 10)
                .external("gw", "00:11:22:33:44:55", 10);

        it("candidates come cheapest first, and equally cheap ones in a fixed order (forged transmits before the trunk, port group before switch)", () => {
            const lab = tagged();
            const cands = candidateChanges(compile(lab.model), { a: "inner-a", b: "gw" });
            assert.deepEqual(cands, [
                { kind: "macLearning", portGroupId: "lab", enabled: true },
                { kind: "setting", objectId: "lab", scope: "portGroup", setting: "forgedTransmits", value: "accept" },
                { kind: "trunk", portGroupId: "lab", vlans: [10] },
                { kind: "setting", objectId: "lab", scope: "portGroup", setting: "macChanges", value: "accept" },
                { kind: "setting", objectId: "vds", scope: "switch", setting: "forgedTransmits", value: "accept" },
                { kind: "setting", objectId: "vds", scope: "switch", setting: "macChanges", value: "accept" },
            ]);
            const costs = cands.map(changeCost);
            assert.deepEqual(costs, [1, 2, 2, 3, 20, 30]);
        });

        it("the fix is the cheapest set, its changes in candidate order (forged transmits before the equally cheap trunk)", () => {
            const lab = tagged();
            const net = compile(lab.model);
            assert.equal(analyzeConversation(net, { a: "inner-a", b: "gw" }).verdict, "blocked");
            const fix = findFix(net, { a: "inner-a", b: "gw" });
            const want: Change[] = [
                { kind: "setting", objectId: "lab", scope: "portGroup", setting: "forgedTransmits", value: "accept" },
                { kind: "trunk", portGroupId: "lab", vlans: [10] },
            ];
            assert.deepEqual(fix, { changes: want, verdict: "reachable", cost: 4 });
        });

        it("two cheap port group changes beat one switch-wide change that also works", () => {
            // Two nested guests on two MAC-learning port groups, both inheriting the switch's forged transmits Reject.
            const lab = new Lab()
                .host("esx1")
                .vds("vds", ["esx1"])
                .pg("pg1", "vds", { sec: { promiscuous: "accept", macChanges: "accept" }, ml: {} })
                .pg("pg2", "vds", { sec: { promiscuous: "accept", macChanges: "accept" }, ml: {} })
                .vm("nested1", "pg1", "esx1", "00:50:56:00:00:01")
                .vm("nested2", "pg2", "esx1", "00:50:56:00:00:02")
                .guest("inner-1", "nested1", "00:50:56:aa:00:01")
                .guest("inner-2", "nested2", "00:50:56:aa:00:02");
            const net = compile(lab.model);
            const spec = { a: "inner-1", b: "inner-2" };
            const switchWide: Change = { kind: "setting", objectId: "vds", scope: "switch", setting: "forgedTransmits", value: "accept" };
            assert.equal(analyzeConversation(compile(applyChanges(lab.model, [switchWide])), spec).verdict, "reachable", "the switch-wide change alone works");
            assert.deepEqual(findFix(net, spec), {
                changes: [
                    { kind: "setting", objectId: "pg1", scope: "portGroup", setting: "forgedTransmits", value: "accept" },
                    { kind: "setting", objectId: "pg2", scope: "portGroup", setting: "forgedTransmits", value: "accept" },
                ],
                verdict: "reachable",
                cost: 4,
            });
        });

        it("MAC learning (cost 1) is proposed before promiscuous mode, and a port group before its switch", () => {
            const lab = new Lab()
                .host("esx1")
                .vds("vds", ["esx1"], { macLearning: true })
                .pg("lab", "vds", { sec: { forgedTransmits: "accept" } })
                .vm("nested1", "lab", "esx1", "00:50:56:00:00:01")
                .guest("inner-a", "nested1", "00:50:56:aa:00:01")
                .external("gw", "00:11:22:33:44:55");
            const fix = findFix(compile(lab.model), { a: "inner-a", b: "gw" });
            assert.deepEqual(fix, { changes: [{ kind: "macLearning", portGroupId: "lab", enabled: true }], verdict: "reachable", cost: 1 });
        });
    });

    describe("promiscuous exposure stays on its host (S3: never across hosts)", () => {
        const lab = () =>
            new Lab()
                .host("esx1")
                .host("esx2")
                .vds("vds", ["esx1", "esx2"])
                .pg("lab", "vds", { sec: { promiscuous: "accept" } })
                .pg("other", "vds")
                .vm("sniffer", "lab", "esx1", "02:00:00:00:00:01")
                .vm("here", "lab", "esx1", "02:00:00:00:00:02")
                .vm("there", "lab", "esx2", "02:00:00:00:00:03")
                .vm("next-door", "other", "esx1", "02:00:00:00:00:04")
                .vm("drs", "lab", undefined, "02:00:00:00:00:05");
        const of = (xs: Exposure[], host: string | undefined) => xs.find((x) => x.portGroupId === "lab" && x.hostId === host);
        const sorted = (x: Exposure | undefined) => [...(x?.observes ?? [])].sort((p, q) => p.endpoint.localeCompare(q.endpoint));

        it("the promiscuous ports on esx1 observe esx1's ports and the DRS-placed VM (uncertain), never esx2's", () => {
            const xs = promiscuousExposure(compile(lab().model));
            const e1 = of(xs, "esx1");
            assert.ok(e1);
            assert.deepEqual(e1.portIds, ["sniffer", "here"]);
            assert.deepEqual(sorted(e1), [
                { endpoint: "drs", scope: "narrow", certain: false },
                { endpoint: "here", scope: "narrow", certain: true },
                { endpoint: "next-door", scope: "wide", certain: true },
                { endpoint: "sniffer", scope: "narrow", certain: true },
            ]);
        });

        it("esx2's promiscuous port observes only esx2's port and the DRS-placed VM", () => {
            const xs = promiscuousExposure(compile(lab().model));
            assert.deepEqual(sorted(of(xs, "esx2")), [
                { endpoint: "drs", scope: "narrow", certain: false },
                { endpoint: "there", scope: "narrow", certain: true },
            ]);
            // The DRS-placed port may share a host with anyone: everything, none of it certain.
            assert.ok(sorted(of(xs, undefined)).every((o) => !o.certain));
            assert.equal(sorted(of(xs, undefined)).length, 5);
            // The non-promiscuous port group exposes nothing.
            assert.ok(!xs.some((x) => x.portGroupId === "other"));
        });
    });

    describe("class partition: a port with two vNIC endpoints", () => {
        /** A port carrying two vnic endpoints (they share its MAC): which one gets a frame depends on order. */
        function twoVnics(): Lab {
            const lab = new Lab()
                .host("esx1")
                .vds("vds", ["esx1"])
                .pg("pg", "vds")
                .vm("p1", "pg", "esx1", "02:00:00:00:00:01")
                .vm("p2", "pg", "esx1", "02:00:00:00:00:02")
                .vm("p3", "pg", "esx1", "02:00:00:00:00:03")
                .vm("p4", "pg", "esx1", "02:00:00:00:00:04");
            lab.model.endpoints.push({ id: "p2-alias", kind: "vnic", portId: "p2", label: "p2 again" });
            return lab;
        }

        it("both vNIC endpoints of that port are classes of their own; the ordinary ports still share one", () => {
            const part = partitionEndpoints(compile(twoVnics().model));
            assert.equal(part.classOf.get("p2"), "=p2");
            assert.equal(part.classOf.get("p2-alias"), "=p2-alias");
            assert.ok(!part.classOf.get("p1")!.startsWith("="));
            // p3 and p4 sit after the special port, p1 before it: the place among special ports is part of the class.
            assert.equal(part.classOf.get("p3"), part.classOf.get("p4"), "p3 and p4 are interchangeable");
            assert.notEqual(part.classOf.get("p1"), part.classOf.get("p3"));
        });

        it("every pair's class-based answer is the pairwise one", () => {
            const net = compile(twoVnics().model);
            const ids = net.model.endpoints.map((e) => e.id);
            const specs = ids.flatMap((a) => ids.filter((b) => b !== a).map((b) => ({ a, b })));
            const got = analyzeByClasses(net, specs).results;
            specs.forEach((s, i) => assert.deepStrictEqual(JSON.parse(JSON.stringify(got[i])), JSON.parse(JSON.stringify(analyzeConversation(net, s))), `${s.a} <-> ${s.b}`));
        });
    });
});
