/**
 * Every rule id the simulator uses has a case where it delivers (or lets the frame through) and a
 * case where it is the rule that drops the frame.
 */
import assert from "node:assert/strict";
import { allRules, compile, Fabric, sendFrame, type ConversationResult, type Hop } from "../../sim";
import { MULTICAST_GROUP } from "../../sim/forwarding/frame";
import { Scenario } from "../../sim/model/network";
import type { Team } from "../../sim";
import { dropRules, Lab, nestedVdsLab, pvlan, PVLANS, type Sec } from "./lab";

type Case = () => ConversationResult | Hop[];

/** Hops of delivered legs (or of a frame-level trace). */
function deliveredHops(r: ConversationResult | Hop[]): Hop[] {
    return Array.isArray(r) ? r : r.legs.filter((l) => l.delivered).flatMap((l) => l.trace);
}

/** Rules of the hops that ended failed legs. */
function droppingRules(r: ConversationResult | Hop[]): string[] {
    if (Array.isArray(r)) return r.length && r[r.length - 1].action === "drop" ? [r[r.length - 1].rule] : [];
    return r.legs.filter((l) => !l.delivered).map((l) => l.trace[l.trace.length - 1].rule);
}

function twoHosts(sec: Parameters<Lab["pg"]>[2] = {}): Lab {
    return new Lab().host("esx1").host("esx2").vds("vds", ["esx1", "esx2"]).pg("pg", "vds", sec);
}

/** Sends one frame in a fully placed lab and returns the trace to `target`, or to the furthest drop. */
function frameTrace(lab: Lab, from: string, dstMac: string, target: string, prime?: (f: Fabric) => void, assume: ReadonlyMap<string, boolean> = new Map()): Hop[] {
    const net = compile(lab.model);
    const fabric = new Fabric();
    prime?.(fabric);
    const run = sendFrame(new Scenario(net, new Map()), fabric, assume, net.endpoints.get(from)!, dstMac, { target: net.endpoints.get(target)! });
    const landing = run.landings.find((l) => l.endpoint === target);
    let i = landing ? landing.event : -1;
    if (i < 0) {
        let best = -1;
        run.events.forEach((e, k) => {
            if (e.hop.action === "drop" && (best < 0 || e.stage > run.events[best].stage)) best = k;
        });
        i = best;
    }
    const hops: Hop[] = [];
    for (; i >= 0; i = run.events[i].parent) hops.unshift(run.events[i].hop);
    return hops;
}

const sameHostGuests = (sec: Parameters<Lab["pg"]>[2]) =>
    new Lab()
        .host("esx1")
        .vds("vds", ["esx1"])
        .pg("pg", "vds", sec)
        .vm("n1", "pg", "esx1", "00:50:56:00:00:01")
        .vm("n2", "pg", "esx1", "00:50:56:00:00:02")
        .guest("g1", "n1", "02:00:00:00:00:01")
        .guest("g2", "n2", "02:00:00:00:00:02");

const bondLab = (mc: "accept" | "reject") =>
    new Lab()
        .host("esx1")
        .vds("vds", ["esx1"])
        .pg("pg", "vds", { sec: { macChanges: mc, forgedTransmits: "accept" } })
        .vm("bond", "pg", "esx1", "00:50:56:00:00:01", { effectiveMac: "00:50:56:00:00:99" })
        .external("gw", "00:11:22:33:44:55");

/**
 * A nested ESXi host (nested1, guest inner-a) on a promiscuous vDS port group in VLAN 20 of a host
 * whose switch binds vmnic2 and vmnic3 to uplink1 and uplink2, and a gateway on the physical network.
 */
function teamLab(opts: { team?: Partial<Team>; pgTeam?: Partial<Team>; rpf?: boolean; lacp?: boolean } = {}): Lab {
    return new Lab()
        .host("esx1", { rpf: opts.rpf })
        .vds("vds", [{ host: "esx1", uplinks: ["vmnic2", "vmnic3"] }], { team: opts.team, lacp: opts.lacp })
        .pg("lab-pg", "vds", { vlan: 20, sec: { forgedTransmits: "accept", promiscuous: "accept" }, team: opts.pgTeam })
        .vm("nested1", "lab-pg", "esx1", "00:50:56:00:00:01")
        .guest("inner-a", "nested1", "00:50:56:aa:00:01")
        .vm("plain", "lab-pg", "esx1", "00:50:56:00:00:02")
        .external("gw", "00:11:22:33:44:55", 20);
}

/** Copies of the gateway's ARP broadcast that reach `to` (U4, U5). */
function broadcastCopies(lab: Lab, to = "inner-a"): number {
    const leg = lab.conv("gw", to).legs.find((l) => l.leg === "arp-request");
    assert.ok(leg?.delivered, "the broadcast is delivered");
    return leg.copies;
}

/** A vDS with the PVLANs above over `hosts`, a port group per PVLAN: prom, iso, comA (102), comB (103). */
function pvlanLab(hosts: string[] = ["esx1"]): Lab {
    const lab = new Lab();
    for (const h of hosts) lab.host(h);
    return lab.vds("vds", hosts, { pvlans: PVLANS }).pg("prom", "vds", { vlan: pvlan(100) }).pg("iso", "vds", { vlan: pvlan(101) }).pg("comA", "vds", { vlan: pvlan(102) }).pg("comB", "vds", { vlan: pvlan(103) });
}

/**
 * A nested ESXi (its vNIC on `vlan`) with vmk1 as a guest, and the outer host's vmk1 on VLAN 20 of
 * the same vDS — on a port group of its own, or (`shared`) on the nested host's (promiscuous copies
 * stay in the sender's port group, S3).
 */
function vmkLab(vlan: number, sec: Sec = {}, shared = false): Lab {
    return new Lab()
        .host("esx1")
        .vds("vds", ["esx1"])
        .pg("mgmt", "vds", { vlan: 20 })
        .pg("lab", "vds", { vlan, sec })
        .vmk("outer-vmk1", shared ? "lab" : "mgmt", "esx1", "00:50:56:60:00:01")
        .vm("nested-esxi", "lab", "esx1", "00:50:56:00:00:01")
        .guest("nested-vmk1", "nested-esxi", "00:50:56:6a:00:01", undefined, { vmk: true });
}

/** Two VMs on one vSS (MTU `mtu`) that both send `size`-byte frames. */
function jumboLab(mtu: number, size = 9000): Lab {
    return new Lab().host("esx1").vss("vs", "esx1", { mtu }).pg("pg", "vs").vm("a", "pg", "esx1", "00:50:56:00:00:01", { mtu: size }).vm("b", "pg", "esx1", "00:50:56:00:00:02", { mtu: size });
}

/** A nested ESXi on an SR-IOV NIC with a guest, and a gateway. */
function sriovLab(): Lab {
    return new Lab()
        .host("esx1")
        .vds("vds", ["esx1"])
        .pg("pg", "vds", { vlan: 20 })
        .vm("n1", "pg", "esx1", "00:50:56:00:00:01", { passthrough: "sriov" })
        .guest("g", "n1", "02:00:00:00:00:01")
        .external("gw", "00:11:22:33:44:55", 20);
}

/** A VM on a trunk port group of `ranges` and an untagged gateway on the physical network (V6). */
function untaggedTrunkLab(ranges: Array<[number, number]>): Lab {
    return new Lab().host("esx1").vds("vds", ["esx1"]).pg("trunk", "vds", { vlan: { kind: "trunk", ranges } }).vm("a", "trunk", "esx1", "00:50:56:00:00:01").external("gw", "00:11:22:33:44:55");
}

/** Host esx1's physical ports have native VLAN 20 (V7); a VM on a port group in `vlan`, a gateway in VLAN 20. */
function nativeLab(vlan: number): Lab {
    return new Lab().host("esx1", { nativeVlan: 20 }).vds("vds", ["esx1"]).pg("pg", "vds", { vlan }).vm("a", "pg", "esx1", "00:50:56:00:00:01").external("gw", "00:11:22:33:44:55", 20);
}

/** Rules that never drop a frame (a choice, a count): instead of a drop, a case where their effect shows. */
const effects: Record<string, { delivers: Case; varies: () => void }> = {
    V6: {
        delivers: () => untaggedTrunkLab([[30, 40]]).conv("gw", "a"),
        varies: () => {
            const hopsOf = (r: ConversationResult) => deliveredHops(r).map((h) => h.rule);
            const narrow = untaggedTrunkLab([[30, 40]]).conv("gw", "a");
            assert.equal(narrow.verdict, "reachable", "a trunk that leaves out 0 still carries untagged frames (assumed)");
            assert.ok(hopsOf(narrow).includes("V6"));
            assert.ok(deliveredHops(narrow).find((h) => h.rule === "V6")?.assumed, "the reading is marked assumed");
            // A trunk whose ranges take in 0 carries untagged frames by V2 itself: no V6 hop.
            const wide = untaggedTrunkLab([[0, 4094]]).conv("gw", "a");
            assert.equal(wide.verdict, "reachable");
            assert.ok(!hopsOf(wide).includes("V6"));
            // An access port group on VLAN 30 does not carry them at all.
            assert.equal(new Lab().host("esx1").vds("vds", ["esx1"]).pg("vst", "vds", { vlan: 30 }).vm("a", "vst", "esx1", "00:50:56:00:00:01").external("gw", "00:11:22:33:44:55").conv("gw", "a").verdict, "blocked");
        },
    },
    // K1 and K2 name the send hop of a vmk; the drop case is a frame they sent that a later rule drops.
    // K3 (netstack) never reaches the simulator: tests/pack/vmk.spec.ts shows the same verdicts on any stack.
    K1: {
        delivers: () => vmkLab(20).vm("plain", "lab", "esx1", "00:50:56:00:00:09").conv("outer-vmk1", "plain"),
        varies: () => {
            assert.equal(vmkLab(20).conv("outer-vmk1", "nested-esxi").verdict, "reachable", "a vmk talks to a vNIC on its VLAN");
            const r = vmkLab(30).conv("outer-vmk1", "nested-esxi");
            assert.equal(r.verdict, "blocked", "and not to one on another VLAN");
            const sent = r.legs.find((l) => l.from === "outer-vmk1" && !l.delivered);
            assert.equal(sent?.trace[0].rule, "K1", "the dropped frame was the vmk's");
            assert.match(sent?.trace[0].detail ?? "", /^outer-vmk1 \(a VMkernel NIC of the host\) sends/);
            assert.equal(sent?.trace[sent.trace.length - 1].action, "drop");
        },
    },
    K2: {
        delivers: () => vmkLab(20, { forgedTransmits: "accept", promiscuous: "accept" }, true).conv("nested-vmk1", "outer-vmk1"),
        varies: () => {
            assert.equal(vmkLab(20, { forgedTransmits: "accept", promiscuous: "accept" }, true).conv("nested-vmk1", "outer-vmk1").verdict, "reachable");
            const r = vmkLab(20, {}, true).conv("nested-vmk1", "outer-vmk1");
            assert.equal(r.verdict, "blocked", "a nested vmk1 needs forged transmits");
            assert.ok(dropRules(r).includes("S1"));
            const sent = r.legs.find((l) => l.from === "nested-vmk1" && !l.delivered);
            assert.deepEqual([sent?.trace[0].rule, sent?.trace[sent.trace.length - 1].rule], ["K2", "S1"], "sent as a nested vmk, dropped for its own MAC");
            // vmk0 uses its vNIC's MAC: the same port group lets it through without forged transmits.
            assert.equal(vmkLab(20, {}, true).conv("nested-esxi", "outer-vmk1").verdict, "reachable");
        },
    },
    U3: {
        delivers: () => teamLab({ team: { active: ["uplink1"], standby: ["uplink2"] } }).conv("inner-a", "gw"),
        varies: () => {
            const out = (lab: Lab) => lab.conv("inner-a", "gw").legs[0].trace.find((h) => h.rule === "U3")?.detail ?? "";
            assert.match(out(teamLab({ team: { active: ["uplink1"], standby: ["uplink2"] } })), /^out vmnic2 \(uplink1, active\)/);
            // The port group's own team overrides the switch's: standby never carries egress.
            assert.match(out(teamLab({ team: { active: ["uplink1"], standby: ["uplink2"] }, pgTeam: { active: ["uplink2"], standby: ["uplink1"] } })), /^out vmnic3 \(uplink2, active\)/);
            assert.match(out(teamLab({ pgTeam: { active: ["uplink1", "uplink2"], policy: "failover_explicit" } })), /explicit failover order/);
        },
    },
    U4: {
        delivers: () => teamLab().conv("gw", "inner-a"),
        varies: () => {
            assert.equal(broadcastCopies(teamLab()), 2, "no team: both uplinks active, a copy each");
            assert.equal(broadcastCopies(teamLab({ pgTeam: { active: ["uplink1"], standby: ["uplink2"] } })), 2, "standby counts (U4, assumed)");
            assert.equal(broadcastCopies(teamLab({ pgTeam: { active: ["uplink1"] } })), 1, "uplink2 unused: one copy");
            assert.equal(broadcastCopies(teamLab({ rpf: true })), 1, "Net.ReversePathFwdCheckPromisc = 1");
            assert.equal(broadcastCopies(teamLab({ lacp: true })), 1, "a LAG is one logical uplink (L2)");
            assert.equal(broadcastCopies(teamLab(), "plain"), 1, "an ordinary VM on a promiscuous port group: one copy (U5)");
        },
    },
};

const cases: Record<string, { delivers: Case; drops: Case }> = {
    F0: {
        delivers: () => twoHosts().vm("a", "pg", "esx1", "00:50:56:00:00:01").vm("b", "pg", "esx2", "00:50:56:00:00:02").conv("a", "b"),
        drops: () => new Lab().host("esx1").vss("vs", "esx1", { uplinks: [] }).pg("pg", "vs").vm("a", "pg", "esx1", "00:50:56:00:00:01").external("gw", "00:11:22:33:44:55").conv("a", "gw"),
    },
    F1: {
        delivers: () => new Lab().host("esx1").vds("vds", ["esx1"]).pg("pg", "vds").vm("a", "pg", "esx1", "00:50:56:00:00:01").vm("b", "pg", "esx1", "00:50:56:00:00:02").conv("a", "b"),
        // After a MAC change under Accept the table holds the new MAC only: a frame to the old one finds no port.
        drops: () => frameTrace(bondLab("accept"), "gw", "00:50:56:00:00:01", "bond"),
    },
    F2: {
        delivers: () => new Lab().host("esx1").vds("vds", ["esx1"]).pg("pg", "vds").vm("a", "pg", "esx1", "00:50:56:00:00:01").vm("b", "pg", "esx1", "00:50:56:00:00:02").conv("a", "b"),
        drops: () =>
            new Lab().host("esx1").vds("vds", ["esx1"]).pg("pg10", "vds", { vlan: 10 }).pg("pg20", "vds", { vlan: 20 }).vm("a", "pg10", "esx1", "00:50:56:00:00:01").vm("b", "pg20", "esx1", "00:50:56:00:00:02").conv("a", "b"),
    },
    F3: {
        delivers: () => sameHostGuests({ sec: { forgedTransmits: "accept", promiscuous: "accept" } }).conv("g1", "g2"),
        drops: () => sameHostGuests({ sec: { forgedTransmits: "accept" } }).conv("g1", "g2"),
    },
    F4: {
        delivers: () => nestedVdsLab({ forgedTransmits: "accept", promiscuous: "accept" }).conv("gw", "inner-a"),
        drops: () => nestedVdsLab({ forgedTransmits: "accept" }).conv("gw", "inner-a"),
    },
    F5: {
        delivers: () => nestedVdsLab({}).conv("gw", "nested1"),
        drops: () =>
            new Lab().host("esx1").vds("vds", ["esx1"]).pg("pg10", "vds", { vlan: 10 }).pg("pg20", "vds", { vlan: 20 }).vm("a", "pg10", "esx1", "00:50:56:00:00:01").vm("b", "pg20", "esx1", "00:50:56:00:00:02").conv("a", "b"),
    },
    F6: {
        delivers: () => new Lab().host("esx1").vds("vds", ["esx1"]).pg("pg", "vds").vm("a", "pg", "esx1", "00:50:56:00:00:01").vm("b", "pg", "esx1", "00:50:56:00:00:02").conv("a", "b"),
        // The guest's MAC is also a vNIC's MAC in the table: frames go to that port, never to the guest's.
        drops: () => nestedVdsLab({ forgedTransmits: "accept", promiscuous: "accept" }).vm("twin", "lab-pg", "esx1", "00:50:56:aa:00:01").vm("other", "lab-pg", "esx1", "00:50:56:00:00:07").conv("other", "inner-a"),
    },
    S1: {
        delivers: () => nestedVdsLab({ forgedTransmits: "accept", promiscuous: "accept" }).conv("inner-a", "gw"),
        drops: () => nestedVdsLab({}).conv("inner-a", "gw"),
    },
    S2: {
        delivers: () => bondLab("accept").conv("bond", "gw"),
        drops: () => bondLab("reject").conv("bond", "gw"),
    },
    S3: {
        delivers: () => nestedVdsLab({ forgedTransmits: "accept", promiscuous: "accept" }).conv("inner-a", "gw"),
        // Narrow scope: a promiscuous port of another port group does not get the copy.
        drops: () =>
            new Lab()
                .host("esx1")
                .vds("vds", ["esx1"])
                .pg("vms", "vds")
                .pg("nested", "vds", { sec: { forgedTransmits: "accept", promiscuous: "accept" } })
                .vm("a", "vms", "esx1", "00:50:56:00:00:01")
                .vm("n1", "nested", "esx1", "00:50:56:00:00:02")
                .guest("g1", "n1", "02:00:00:00:00:01")
                .conv("a", "g1"),
    },
    M1: {
        delivers: () => nestedVdsLab({ forgedTransmits: "accept" }, { ml: {} }).conv("inner-a", "gw"),
        // The guest's MAC was learned on another nested host's port (a duplicate): frames go there.
        drops: () =>
            frameTrace(
                new Lab()
                    .host("esx1")
                    .vds("vds", ["esx1"])
                    .pg("pg", "vds", { sec: { forgedTransmits: "accept" }, ml: { allowUnicastFlooding: false } })
                    .vm("n1", "pg", "esx1", "00:50:56:00:00:01")
                    .vm("n2", "pg", "esx1", "00:50:56:00:00:02")
                    .guest("ghost", "n1", "02:00:00:00:00:01")
                    .guest("g", "n2", "02:00:00:00:00:01")
                    .external("gw", "00:11:22:33:44:55"),
                "gw",
                "02:00:00:00:00:01",
                "g",
            ),
    },
    M2: {
        delivers: () => nestedVdsLab({ forgedTransmits: "accept" }, { ml: { limit: 1, limitPolicy: "allow" } }).guest("inner-b", "nested1", "00:50:56:aa:00:02").conv("inner-b", "gw"),
        drops: () => nestedVdsLab({ forgedTransmits: "accept" }, { ml: { limit: 1, limitPolicy: "drop", allowUnicastFlooding: false } }).guest("inner-b", "nested1", "00:50:56:aa:00:02").conv("inner-b", "gw"),
    },
    M3: {
        delivers: () => nestedVdsLab({ forgedTransmits: "accept" }, { ml: { limit: 1, limitPolicy: "allow" } }).guest("inner-b", "nested1", "00:50:56:aa:00:02").conv("inner-b", "gw"),
        drops: () => nestedVdsLab({ forgedTransmits: "accept" }, { ml: { limit: 1, limitPolicy: "allow", allowUnicastFlooding: false } }).guest("inner-b", "nested1", "00:50:56:aa:00:02").conv("inner-b", "gw"),
    },
    M4: {
        // A standard switch reaches nested guests through promiscuous mode only.
        delivers: () =>
            new Lab().host("esx1").vss("vs", "esx1", { sec: { promiscuous: "accept" } }).pg("pg", "vs").vm("n1", "pg", "esx1", "00:50:56:00:00:01").guest("g", "n1", "02:00:00:00:00:01").external("gw", "00:11:22:33:44:55").conv("g", "gw"),
        drops: () =>
            new Lab().host("esx1").vss("vs", "esx1").pg("pg", "vs", { ml: {} }).vm("n1", "pg", "esx1", "00:50:56:00:00:01").guest("g", "n1", "02:00:00:00:00:01").external("gw", "00:11:22:33:44:55").conv("g", "gw"),
    },
    V1: {
        delivers: () => nestedVdsLab({ forgedTransmits: "accept", promiscuous: "accept" }).conv("inner-a", "gw"),
        drops: () => nestedVdsLab({ forgedTransmits: "accept", promiscuous: "accept" }).guest("t", "nested1", "02:00:00:00:00:30", 30).external("gw30", "00:11:22:33:44:30", 30).conv("t", "gw30"),
    },
    V2: {
        delivers: () =>
            new Lab().host("esx1").vds("vds", ["esx1"]).pg("trunk", "vds", { vlan: { kind: "trunk", ranges: [[30, 40]] }, sec: { forgedTransmits: "accept", promiscuous: "accept" } }).vm("n1", "trunk", "esx1", "00:50:56:00:00:01").guest("t", "n1", "02:00:00:00:00:30", 30).external("gw30", "00:11:22:33:44:30", 30).conv("t", "gw30"),
        drops: () =>
            new Lab().host("esx1").vds("vds", ["esx1"]).pg("trunk", "vds", { vlan: { kind: "trunk", ranges: [[30, 40]] }, sec: { forgedTransmits: "accept", promiscuous: "accept" } }).vm("n1", "trunk", "esx1", "00:50:56:00:00:01").guest("t", "n1", "02:00:00:00:00:50", 50).external("gw50", "00:11:22:33:44:50", 50).conv("t", "gw50"),
    },
    V3: {
        delivers: () =>
            new Lab().host("esx1").vds("vds", ["esx1"]).pg("trunk", "vds", { vlan: { kind: "trunk", ranges: [[30, 30]] }, sec: { forgedTransmits: "accept", promiscuous: "accept" } }).vm("n1", "trunk", "esx1", "00:50:56:00:00:01").guest("t", "n1", "02:00:00:00:00:30", 30).external("gw30", "00:11:22:33:44:30", 30).conv("gw30", "t"),
        // The guest expects VLAN 30 tagged; a VST port group on VLAN 30 hands it untagged frames.
        drops: () => new Lab().host("esx1").vds("vds", ["esx1"]).pg("vst", "vds", { vlan: 30, sec: { forgedTransmits: "accept", promiscuous: "accept" } }).vm("n1", "vst", "esx1", "00:50:56:00:00:01").guest("t", "n1", "02:00:00:00:00:30", 30).external("gw30", "00:11:22:33:44:30", 30).conv("gw30", "t"),
    },
    V7: {
        // The host's untagged frames are in its native VLAN 20 on the wire, where the gateway is.
        delivers: () => nativeLab(0).conv("a", "gw"),
        // A port group tagging the native VLAN itself: the gateway's frames arrive untagged and never reach it.
        drops: () => nativeLab(20).conv("a", "gw"),
    },
    U6: {
        delivers: () => teamLab({ pgTeam: { active: ["uplink2"] } }).conv("inner-a", "gw"),
        // Only a standby NIC: nothing leaves or enters for this port group, though the switch has uplinks.
        drops: () => teamLab({ pgTeam: { active: [], standby: ["uplink1"] } }).conv("inner-a", "gw"),
    },
    PV1: {
        delivers: () => pvlanLab().vm("a", "iso", "esx1", "00:50:56:00:00:01").vm("r", "prom", "esx1", "00:50:56:00:00:02").conv("a", "r"),
        // Isolated 104 is not among the switch's PVLAN mappings.
        drops: () => pvlanLab().pg("stray", "vds", { vlan: { kind: "pvlan", primary: 100, secondary: 104, type: "isolated" } }).vm("a", "stray", "esx1", "00:50:56:00:00:01").vm("r", "prom", "esx1", "00:50:56:00:00:02").conv("a", "r"),
    },
    PV2: {
        delivers: () => pvlanLab().vm("a", "iso", "esx1", "00:50:56:00:00:01").vm("r", "prom", "esx1", "00:50:56:00:00:02").conv("a", "r"),
        drops: () => pvlanLab().vm("a", "iso", "esx1", "00:50:56:00:00:01").vm("b", "iso", "esx1", "00:50:56:00:00:02").conv("a", "b"),
    },
    PV3: {
        delivers: () => pvlanLab().vm("n1", "iso", "esx1", "00:50:56:00:00:01").guest("g1", "n1", "02:00:00:00:00:01").guest("g2", "n1", "02:00:00:00:00:02").conv("g1", "g2"),
        // The nested hypervisor's promiscuous port is an isolated port: another isolated VM's frames never reach its guest.
        drops: () =>
            new Lab()
                .host("esx1")
                .vds("vds", ["esx1"], { pvlans: PVLANS })
                .pg("iso", "vds", { vlan: pvlan(101), sec: { forgedTransmits: "accept", promiscuous: "accept" } })
                .vm("n1", "iso", "esx1", "00:50:56:00:00:01")
                .guest("g1", "n1", "02:00:00:00:00:01")
                .vm("b", "iso", "esx1", "00:50:56:00:00:02")
                .conv("b", "g1"),
    },
    P1: {
        // The port group overrides the switch's block (outside the provider: a DVPG's false is not sent, T6).
        delivers: () => new Lab().host("esx1").vds("vds", ["esx1"], { blocked: true }).pg("pg", "vds", { blocked: false }).vm("a", "pg", "esx1", "00:50:56:00:00:01").vm("b", "pg", "esx1", "00:50:56:00:00:02").conv("a", "b"),
        drops: () => new Lab().host("esx1").vds("vds", ["esx1"], { blocked: true }).pg("pg", "vds").vm("a", "pg", "esx1", "00:50:56:00:00:01").vm("b", "pg", "esx1", "00:50:56:00:00:02").conv("a", "b"),
    },
    X2: {
        delivers: () => jumboLab(9000).conv("a", "b"),
        drops: () => jumboLab(1500).conv("a", "b"),
    },
    X3: {
        delivers: () => nestedVdsLab({ forgedTransmits: "accept" }, { ml: {}, multicast: "snooping" }).conv("gw", "inner-a", { multicast: true }),
        // Legacy filtering: in the case where the nested hypervisor does not program the vNIC's filter.
        drops: () => frameTrace(nestedVdsLab({ forgedTransmits: "accept" }, { ml: {} }), "gw", MULTICAST_GROUP, "inner-a", undefined, new Map([["nested1.multicast", false]])),
    },
    X4: {
        delivers: () => frameTrace(sriovLab(), "g", "00:11:22:33:44:55", "gw", undefined, new Map([["n1.passthrough", true]])),
        drops: () => frameTrace(sriovLab(), "g", "00:11:22:33:44:55", "gw", undefined, new Map([["n1.passthrough", false]])),
    },
    PN1: {
        delivers: () => nestedVdsLab({}).conv("nested1", "gw"),
        // The physical switch learned the destination on the very port the frame came in on.
        drops: () => frameTrace(nestedVdsLab({}), "nested1", "00:11:22:33:44:55", "gw", (f) => f.phys.set("20|00:11:22:33:44:55", "esx1|vds")),
    },
    PN2: {
        delivers: () => nestedVdsLab({}).conv("nested1", "gw"),
        drops: () => nestedVdsLab({}).external("gw30", "00:11:22:33:44:30", 30).conv("nested1", "gw30"),
    },
    N1: {
        delivers: () => nestedVdsLab({}).guest("inner-b", "nested1", "00:50:56:aa:00:02").conv("inner-a", "inner-b"),
        drops: () => nestedVdsLab({}).guest("inner-b", "nested1", "00:50:56:aa:00:02", 30).conv("inner-a", "inner-b"),
    },
};

describe("simulator: every rule delivers in one case and drops in another", () => {
    it("covers every rule id the simulator knows", () => {
        assert.deepEqual([...Object.keys(cases), ...Object.keys(effects)].sort(), allRules().map((r) => r.id).sort());
    });
    for (const [rule, c] of Object.entries(cases)) {
        it(`${rule}: delivers`, () => {
            const r = c.delivers();
            const hops = deliveredHops(r);
            assert.ok(hops.length > 0, "something is delivered");
            if (!Array.isArray(r)) assert.notEqual(r.verdict, "blocked");
            // M4 has no hop of its own when it delivers: promiscuous does the work on a standard switch.
            // U6 has none either: a port group with an active uplink simply goes out by it (U3).
            // P1 neither: an unblocked port simply sends and receives.
            if (rule !== "M4" && rule !== "V1" && rule !== "U6" && rule !== "P1") assert.ok(hops.some((h) => h.rule === rule), `a delivered leg passes through ${rule}: ${hops.map((h) => h.rule).join(",")}`);
        });
        it(`${rule}: drops`, () => {
            const rules = droppingRules(c.drops());
            assert.ok(rules.includes(rule), `dropped by ${rule}; got ${rules.join(",") || "nothing dropped"}`);
        });
    }
    for (const [rule, c] of Object.entries(effects)) {
        it(`${rule}: delivers, with its rule in the trace`, () => {
            const hops = deliveredHops(c.delivers());
            if (rule === "U4") {
                // U4 names no hop of its own: it shows as the copies of a delivery.
                const r = c.delivers();
                assert.ok(!Array.isArray(r) && r.legs.some((l) => l.delivered && l.copies > 1), "a flooded frame arrives once per team uplink");
            } else assert.ok(hops.some((h) => h.rule === rule), `a delivered leg passes through ${rule}: ${hops.map((h) => h.rule).join(",")}`);
        });
        it(`${rule}: never drops; its effect changes with its inputs`, () => c.varies());
    }
});
