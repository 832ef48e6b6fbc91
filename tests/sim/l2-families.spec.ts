/**
 * Issue 13 in the simulator: private VLANs (PV1–PV3), blocked ports (P1), MTU (X2), passthrough
 * NICs (X4), VMkernel NICs (K1, K2) — verdicts, traces, fixes, and the class analysis agreeing.
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import { analyzeConversation, candidateChanges, compile, findFix, formatLeg, promiscuousExposure, type ConversationSpec, type PvlanMapping, type PvlanType } from "../../sim";
import { analyzeByClasses } from "../../sim/analysis/classes";
import { dropRules, Lab, nestedVdsLab, pvlan, PVLANS } from "./lab";

/** One vDS with the PVLANs of rules.spec over `hosts`; VMs a1, a2 (isolated), c1, c2 (community 102), d1 (community 103), r (promiscuous). */
function pvlanVms(hostOf: (vm: string) => string, hosts = ["esx1", "esx2"]): Lab {
    const lab = new Lab();
    for (const h of hosts) lab.host(h);
    lab.vds("vds", hosts, { pvlans: PVLANS }).pg("prom", "vds", { vlan: pvlan(100) }).pg("iso", "vds", { vlan: pvlan(101) }).pg("comA", "vds", { vlan: pvlan(102) }).pg("comB", "vds", { vlan: pvlan(103) });
    const vms: Array<[string, string]> = [["a1", "iso"], ["a2", "iso"], ["c1", "comA"], ["c2", "comA"], ["d1", "comB"], ["r", "prom"]];
    vms.forEach(([id, pg], i) => lab.vm(id, pg, hostOf(id), `00:50:56:00:01:0${i}`));
    return lab;
}

const MATRIX: Array<[string, string, "reachable" | "blocked"]> = [
    ["a1", "a2", "blocked"],
    ["a1", "r", "reachable"],
    ["a1", "c1", "blocked"],
    ["c1", "c2", "reachable"],
    ["c1", "d1", "blocked"],
    ["c1", "r", "reachable"],
    ["d1", "r", "reachable"],
];

describe("simulator: private VLANs (PV1–PV3)", () => {
    for (const [where, hostOf] of [
        ["on one host", () => "esx1"],
        ["across two hosts", (vm: string) => (/[2r]$/.test(vm) || vm === "d1" ? "esx2" : "esx1")],
    ] as Array<[string, (vm: string) => string]>) {
        for (const [a, b, verdict] of MATRIX) {
            it(`${a} ↔ ${b} ${where}: ${verdict}`, () => {
                const r = pvlanVms(hostOf).conv(a, b);
                assert.equal(r.verdict, verdict, r.legs.flatMap((l) => formatLeg(l)).join("\n"));
                if (verdict === "blocked") assert.ok(dropRules(r).every((x) => x === "PV2"), dropRules(r).join(","));
                else assert.ok(r.legs.some((l) => l.trace.some((h) => h.rule === "PV2" && /promiscuous|community/.test(h.detail))), "the trace names the PVLAN types");
            });
        }
    }

    it("two isolated VMs in one port group on one host: PV2 names both types", () => {
        const r = pvlanVms(() => "esx1").conv("a1", "a2");
        const drop = r.legs[0].trace.at(-1)!;
        assert.equal(drop.rule, "PV2");
        assert.match(drop.detail, /isolated port .*isolated secondary 101/);
    });

    it("a router on the physical network in the primary VLAN is a promiscuous port (assumed)", () => {
        const lab = pvlanVms(() => "esx1").external("gw", "00:11:22:33:44:55", 100).external("gw101", "00:11:22:33:44:66", 101);
        assert.equal(lab.conv("a1", "gw").verdict, "reachable");
        assert.equal(lab.conv("c1", "gw").verdict, "reachable");
        assert.equal(lab.conv("a1", "gw101").verdict, "blocked", "a device in the isolated secondary is isolated too");
    });

    it("a different primary is a different VLAN (not a PVLAN verdict)", () => {
        const lab = new Lab()
            .host("esx1")
            .vds("vds", ["esx1"], { pvlans: [...PVLANS, { primary: 200, secondary: 200, type: "promiscuous" }] })
            .pg("iso", "vds", { vlan: pvlan(101) })
            .pg("prom200", "vds", { vlan: { kind: "pvlan", primary: 200, secondary: 200, type: "promiscuous" } })
            .vm("a", "iso", "esx1", "00:50:56:00:00:01")
            .vm("r", "prom200", "esx1", "00:50:56:00:00:02");
        const r = lab.conv("a", "r");
        assert.equal(r.verdict, "blocked");
        assert.ok(!dropRules(r).includes("PV2"), dropRules(r).join(","));
    });

    it("PV3: guests of one nested hypervisor on an isolated port talk inside it, not to the isolated port next door", () => {
        const lab = new Lab()
            .host("esx1")
            .host("esx2")
            .vds("vds", ["esx1", "esx2"], { pvlans: PVLANS })
            .pg("iso", "vds", { vlan: pvlan(101), sec: { forgedTransmits: "accept", promiscuous: "accept" } })
            .pg("prom", "vds", { vlan: pvlan(100) })
            .vm("n1", "iso", "esx1", "00:50:56:00:00:01")
            .guest("g1", "n1", "02:00:00:00:00:01")
            .guest("g2", "n1", "02:00:00:00:00:02")
            .vm("b", "iso", "esx1", "00:50:56:00:00:02")
            .vm("r", "prom", "esx2", "00:50:56:00:00:03");
        assert.equal(lab.conv("g1", "g2").verdict, "reachable");
        // Towards the guest the filter in front of the promiscuous port drops it (PV3); towards b, PV2.
        const r = lab.conv("b", "g1");
        assert.deepEqual(r.legs.map((l) => [l.to, l.trace.at(-1)!.rule]), [["g1", "PV3"], ["b", "PV2"], ["g1", "PV3"], ["b", "PV2"]]);
        // From another host (F4: from the uplink to promiscuous ports); on one host S3's narrow scope keeps copies in r's port group.
        assert.equal(lab.conv("g1", "r").verdict, "reachable", "guests behind an isolated port reach the promiscuous router");
    });

    it("no fix is proposed for a PVLAN type (a design choice)", () => {
        const lab = pvlanVms(() => "esx1");
        const net = compile(lab.model);
        assert.equal(findFix(net, { a: "a1", b: "a2" }), undefined);
        assert.ok(candidateChanges(net, { a: "a1", b: "a2" }).every((c) => c.kind !== "trunk"));
    });

    it("the class analysis gives what pairwise simulation gives", () => {
        const lab = pvlanVms((vm) => (vm.endsWith("2") ? "esx2" : "esx1"));
        const net = compile(lab.model);
        const ids = lab.model.endpoints.map((e) => e.id);
        const specs: ConversationSpec[] = ids.flatMap((a, i) => ids.slice(i + 1).map((b) => ({ a, b })));
        const byClass = analyzeByClasses(net, specs).results;
        specs.forEach((s, i) => assert.equal(byClass[i].verdict, analyzeConversation(net, s).verdict, `${s.a} ↔ ${s.b}`));
    });

    it("random PVLAN mappings: isolated never reaches isolated, community is symmetric", () => {
        const types: PvlanType[] = ["promiscuous", "community", "isolated"];
        fc.assert(
            fc.property(fc.array(fc.record({ sec: fc.integer({ min: 101, max: 104 }), host: fc.constantFrom("esx1", "esx2") }), { minLength: 2, maxLength: 4 }), fc.array(fc.constantFrom(...types), { minLength: 4, maxLength: 4 }), (vms, kinds) => {
                const mappings: PvlanMapping[] = [{ primary: 100, secondary: 100, type: "promiscuous" }, ...kinds.map((t, i) => ({ primary: 100, secondary: 101 + i, type: t === "promiscuous" ? ("isolated" as const) : t }))];
                const lab = new Lab().host("esx1").host("esx2").vds("vds", ["esx1", "esx2"], { pvlans: mappings });
                for (const m of mappings) lab.pg(`pg${m.secondary}`, "vds", { vlan: { kind: "pvlan", ...m } });
                vms.forEach((v, i) => lab.vm(`vm${i}`, `pg${v.sec}`, v.host, `00:50:56:00:02:0${i}`));
                const typeOf = (i: number) => mappings.find((m) => m.secondary === vms[i].sec)!.type;
                for (let i = 0; i < vms.length; i++) {
                    for (let j = i + 1; j < vms.length; j++) {
                        const ab = lab.conv(`vm${i}`, `vm${j}`).verdict;
                        const ba = lab.conv(`vm${j}`, `vm${i}`).verdict;
                        assert.equal(ab, ba, "symmetric");
                        if (typeOf(i) === "isolated" && typeOf(j) === "isolated") assert.equal(ab, "blocked");
                        if (typeOf(i) === "community" && typeOf(j) === "community") assert.equal(ab, vms[i].sec === vms[j].sec ? "reachable" : "blocked");
                    }
                }
            }),
            { numRuns: 60, seed: 13 },
        );
    });
});

describe("simulator: blocked ports (P1)", () => {
    const lab = (sw: boolean | undefined, pg: boolean | undefined) =>
        new Lab().host("esx1").vds("vds", ["esx1"], sw === undefined ? {} : { blocked: sw }).pg("pg", "vds", pg === undefined ? {} : { blocked: pg }).pg("other", "vds").vm("a", "pg", "esx1", "00:50:56:00:00:01").vm("b", "other", "esx1", "00:50:56:00:00:02");

    it("a port group inheriting the switch's block sends and receives nothing; the trace says it is inherited (T6)", () => {
        const r = lab(true, undefined).conv("a", "b");
        assert.equal(r.verdict, "blocked");
        const drops = r.legs.map((l) => l.trace.at(-1)!);
        assert.ok(drops.every((h) => h.rule === "P1"), drops.map((h) => h.rule).join(","));
        assert.match(drops[0].detail, /inherits blockAllPorts = true from switch vds .*false is not sent/);
        assert.equal(drops[0].setting?.origin?.kind, "inherited");
        const fix = findFix(compile(lab(true, undefined).model), { a: "a", b: "b" });
        assert.deepEqual(fix?.changes, [{ kind: "unblock", objectId: "vds", scope: "switch" }], "only the switch can unblock it through the provider");
    });

    it("a port group that overrides the switch's block is connected", () => {
        assert.equal(lab(true, false).conv("a", "b").verdict, "blocked", "b's port group still inherits the block");
        assert.equal(lab(undefined, false).conv("a", "b").verdict, "reachable");
        const l = new Lab().host("esx1").vds("vds", ["esx1"], { blocked: true }).pg("pg", "vds", { blocked: false }).vm("a", "pg", "esx1", "00:50:56:00:00:01").vm("b", "pg", "esx1", "00:50:56:00:00:02");
        assert.equal(l.conv("a", "b").verdict, "reachable");
    });

    it("a port group's own block is fixed on the port group; an unknown block is undetermined", () => {
        const fix = findFix(compile(lab(undefined, true).model), { a: "a", b: "b" });
        assert.deepEqual(fix?.changes, [{ kind: "unblock", objectId: "pg", scope: "portGroup" }]);
        const r = lab(undefined, "unknown" as unknown as boolean).conv("a", "b");
        assert.equal(r.verdict, "undetermined");
        assert.equal(r.decidedBy?.[0].ref.setting, "blocked");
    });

    it("guests behind one blocked vNIC still talk inside the nested hypervisor (N1 first)", () => {
        const l = lab(true, undefined).guest("g1", "a", "02:00:00:00:00:01").guest("g2", "a", "02:00:00:00:00:02");
        assert.equal(l.conv("g1", "g2").verdict, "reachable");
    });
});

describe("simulator: MTU (X2)", () => {
    const jumbo = (sw: number, opts: { other?: number; nic?: number; cross?: boolean } = {}) =>
        new Lab()
            .host("esx1")
            .host("esx2")
            .vds("vds", ["esx1", "esx2"], { mtu: sw })
            .pg("vsan", "vds", { vlan: 30 })
            .vm("a", "vsan", "esx1", "00:50:56:00:00:01", { mtu: 9000, ...(opts.nic ? { nicMtu: opts.nic } : {}) })
            .vm("b", "vsan", opts.cross ? "esx2" : "esx1", "00:50:56:00:00:02", { mtu: opts.other ?? 9000 });

    it("a 9000-byte workload across a 1500 switch: ARP delivered, unicast dropped by X2 (ping works, TCP stalls)", () => {
        const r = new Lab().host("esx1").vss("vs", "esx1", { mtu: 1500 }).pg("pg", "vs").vm("a", "pg", "esx1", "00:50:56:00:00:01", { mtu: 9000 }).vm("b", "pg", "esx1", "00:50:56:00:00:02", { mtu: 9000 }).conv("a", "b");
        assert.deepEqual(r.legs.map((l) => l.delivered), [true, true, false, false]);
        assert.deepEqual(dropRules(r), ["X2", "X2"]);
        assert.match(r.legs[2].trace.at(-1)!.detail, /9000-byte frame does not fit switch vs's MTU 1500/);
    });

    it("across hosts on a 9000 vDS: reachable; the fix for a 1500 vDS raises its MTU", () => {
        assert.equal(jumbo(9000, { cross: true }).conv("a", "b").verdict, "reachable");
        const small = jumbo(1500, { cross: true });
        assert.equal(small.conv("a", "b").verdict, "blocked");
        assert.deepEqual(findFix(compile(small.model), { a: "a", b: "b" })?.changes, [{ kind: "mtu", switchId: "vds", value: 9000 }]);
    });

    it("only the sender's declared size counts: one side at 1500 makes it one-way", () => {
        const r = jumbo(1500, { other: 1500 }).conv("a", "b");
        assert.equal(r.verdict, "one-way");
        assert.deepEqual(r.works, { from: "b", to: "a" });
    });

    it("the NIC's own MTU is on the path too", () => {
        const r = jumbo(9000, { nic: 1500 }).conv("a", "b");
        assert.deepEqual(dropRules(r), ["X2", "X2"]);
        assert.ok(r.legs.slice(2).every((l) => /port a's MTU 1500/.test(l.trace.at(-1)!.detail)), "sending and receiving through a's NIC");
    });
});

describe("simulator: passthrough NICs (X4)", () => {
    const lab = () =>
        new Lab()
            .host("esx1")
            .vds("vds", ["esx1"])
            .pg("pg", "vds", { vlan: 20, sec: { forgedTransmits: "accept", promiscuous: "accept" } })
            .vm("n1", "pg", "esx1", "00:50:56:00:00:01", { passthrough: "sriov" })
            .guest("g", "n1", "02:00:00:00:00:01")
            .external("gw", "00:11:22:33:44:55", 20);

    it("a nested guest behind an SR-IOV NIC is undetermined, naming the NIC", () => {
        const r = lab().conv("g", "gw");
        assert.equal(r.verdict, "undetermined");
        assert.deepEqual(r.decidedBy?.map((d) => [d.key, d.ref.setting, d.ref.value]), [["n1.passthrough", "passthrough", "sriov"]]);
        assert.equal(r.failsInEveryCase, false);
        assert.equal(findFix(compile(lab().model), { a: "g", b: "gw" }), undefined);
    });

    it("the VM's own NIC is not affected", () => {
        assert.equal(lab().conv("n1", "gw").verdict, "reachable");
    });
});

describe("simulator: VMkernel NICs (K1, K2)", () => {
    const lab = (opts: { vlan?: number; sec?: Parameters<Lab["pg"]>[2] } = {}) =>
        new Lab()
            .host("esx1")
            .vds("vds", ["esx1"])
            .pg("mgmt", "vds", { vlan: 20 })
            .pg("lab", "vds", { vlan: opts.vlan ?? 20, ...opts.sec })
            .vmk("vmk1", "mgmt", "esx1", "00:50:56:60:00:01")
            .vm("nested", "lab", "esx1", "00:50:56:00:00:01")
            .guest("nested-vmk1", "nested", "00:50:56:6a:00:01", undefined, { vmk: true });

    it("the outer host's vmk reaches a nested ESXi's vmk0 on its VLAN, not on another", () => {
        const r = lab().conv("vmk1", "nested");
        assert.equal(r.verdict, "reachable");
        assert.equal(r.legs[0].trace[0].rule, "K1");
        assert.equal(lab({ vlan: 30 }).conv("vmk1", "nested").verdict, "blocked");
    });

    it("a nested vmk1 needs forged transmits, and MAC learning to be reached from another port group", () => {
        const r = lab().conv("nested-vmk1", "vmk1");
        assert.equal(r.legs[0].trace[0].rule, "K2");
        assert.ok(dropRules(r).includes("S1"));
        assert.equal(lab({ sec: { sec: { forgedTransmits: "accept", promiscuous: "accept" } } }).conv("nested-vmk1", "vmk1").verdict, "one-way", "promiscuous copies stay in the sender's port group (S3)");
        assert.equal(lab({ sec: { sec: { forgedTransmits: "accept" }, ml: {} } }).conv("nested-vmk1", "vmk1").verdict, "reachable");
        const fix = findFix(compile(lab().model), { a: "nested-vmk1", b: "vmk1" });
        assert.deepEqual(fix?.changes.map((c) => c.kind).sort(), ["macLearning", "setting"]);
    });
});

describe("simulator: promiscuous exposure on private VLANs", () => {
    it("a promiscuous isolated port observes the promiscuous PVLAN, not its isolated neighbours", () => {
        const lab = new Lab()
            .host("esx1")
            .vds("vds", ["esx1"], { pvlans: PVLANS })
            .pg("iso", "vds", { vlan: pvlan(101), sec: { promiscuous: "accept" } })
            .pg("prom", "vds", { vlan: pvlan(100), sec: { promiscuous: "accept" } })
            .pg("comA", "vds", { vlan: pvlan(102) })
            .vm("n1", "iso", "esx1", "00:50:56:00:00:01")
            .vm("b", "iso", "esx1", "00:50:56:00:00:02")
            .vm("r", "prom", "esx1", "00:50:56:00:00:03")
            .vm("c", "comA", "esx1", "00:50:56:00:00:04");
        const ex = promiscuousExposure(compile(lab.model));
        const seen = (pg: string) => ex.find((x) => x.portGroupId === pg)!.observes.map((o) => `${o.endpoint}:${o.scope}`).sort();
        assert.deepEqual(seen("iso"), ["r:wide"]);
        assert.deepEqual(seen("prom"), ["b:wide", "c:wide", "n1:wide", "r:narrow"]);
    });
});

describe("simulator: multicast to nested guests (X3)", () => {
    const lab = (sec: Parameters<typeof nestedVdsLab>[0], opts: Parameters<typeof nestedVdsLab>[1]) => nestedVdsLab({ forgedTransmits: "accept", ...sec }, opts);

    it("a promiscuous port receives every group; snooping passes the guests' groups to a MAC-learning port", () => {
        assert.equal(lab({ promiscuous: "accept" }, {}).conv("gw", "inner-a", { multicast: true }).verdict, "reachable");
        const r = lab({}, { ml: {}, multicast: "snooping" }).conv("gw", "inner-a", { multicast: true });
        assert.equal(r.verdict, "reachable");
        assert.deepEqual(r.legs.map((l) => l.leg), ["multicast-forward", "multicast-back"]);
    });

    it("legacy filtering: undetermined, decided by the nested hypervisor's filter", () => {
        const r = lab({}, { ml: {} }).conv("gw", "inner-a", { multicast: true });
        assert.equal(r.verdict, "undetermined");
        assert.deepEqual(r.decidedBy?.map((d) => d.ref.setting), ["multicast"]);
    });

    it("the VM's own vNIC receives the groups it joined", () => {
        assert.equal(lab({}, {}).conv("gw", "nested1", { multicast: true }).verdict, "reachable");
    });

    it("classes keep multicast and unicast flows apart", () => {
        const l = lab({}, { ml: {} }).guest("inner-b", "nested1", "00:50:56:aa:00:02");
        const net = compile(l.model);
        const specs: ConversationSpec[] = [{ a: "gw", b: "inner-a" }, { a: "gw", b: "inner-a", multicast: true }, { a: "gw", b: "inner-b", multicast: true }];
        const byClass = analyzeByClasses(net, specs).results;
        specs.forEach((s, i) => assert.equal(byClass[i].verdict, analyzeConversation(net, s).verdict));
    });
});
