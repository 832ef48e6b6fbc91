/**
 * The simulator on the issue 13 attributes the stack may leave unknown during preview (an MTU, a
 * multicast filtering mode, an adapter type), native VLANs across DRS placements, and the advice
 * analyses that change no verdict: per-port overrides (P2), port counts (P3), txUplink copies (X1).
 */
import assert from "node:assert/strict";
import { analyzeConversation, compile, overrideRisks, portShortfalls, txUplinkCopies, type ConversationSpec, type FlagSetting, type Model, type PortCapacity } from "../../sim";
import { Lab } from "./lab";

const M = (n: number): string => `02:00:00:00:00:${n.toString(16).padStart(2, "0")}`;

function flag(objectId: string, property: string, value: boolean | "unknown" = true): FlagSetting {
    return { value, origin: { kind: "explicit", objectId, property }, ...(value === "unknown" ? { unknownKey: `${objectId}.${property}` } : {}) };
}

const pg = (m: Model, id: string) => m.portGroups.find((g) => g.id === id)!;
const sw = (m: Model, id: string) => m.switches.find((s) => s.id === id)!;

describe("simulator: attributes not known during preview", () => {
    it("an unknown switch MTU makes a jumbo flow undetermined, decided by it; an undeclared size does not branch", () => {
        const lab = new Lab().host("esx1").host("esx2").vds("vds", ["esx1", "esx2"]).pg("pg", "vds").vm("a", "pg", "esx1", M(1), { mtu: 9000 }).vm("b", "pg", "esx2", M(2), { mtu: 9000 }).vm("c", "pg", "esx2", M(3));
        sw(lab.model, "vds").mtu = { value: "unknown", unknownKey: "vds.mtu", origin: { kind: "explicit", objectId: "vds", property: "maxMtu" } };
        const r = lab.conv("a", "b");
        assert.equal(r.verdict, "undetermined");
        assert.equal(r.failsInEveryCase, false);
        assert.deepEqual(r.decidedBy?.map((d) => [d.key, d.ref.setting]), [["vds.mtu", "mtu"]]);
        assert.deepEqual(r.outcomes?.map((o) => [o.assume["vds.mtu"], o.verdict]), [["accept", "reachable"], ["reject", "blocked"]]);
        assert.equal(lab.conv("c", "b").verdict, "undetermined", "b still sends 9000 to c");
        const plain = new Lab().host("esx1").vds("vds", ["esx1"]).pg("pg", "vds").vm("a", "pg", "esx1", M(1)).vm("c", "pg", "esx1", M(3));
        sw(plain.model, "vds").mtu = { value: "unknown", unknownKey: "vds.mtu", origin: { kind: "explicit", objectId: "vds", property: "maxMtu" } };
        assert.equal(plain.conv("a", "c").verdict, "reachable", "no declared size, nothing to branch on");
    });

    it("an unknown multicast filtering mode: snooping delivers to a MAC-learning port, legacy depends on the nested hypervisor", () => {
        const lab = new Lab()
            .host("esx1")
            .vds("vds", ["esx1"])
            .pg("lab-pg", "vds", { vlan: 20, sec: { forgedTransmits: "accept" }, ml: {} })
            .vm("nested1", "lab-pg", "esx1", M(1))
            .guest("inner-a", "nested1", M(2))
            .external("gw", M(3), 20);
        sw(lab.model, "vds").multicastFiltering = "unknown";
        const r = lab.conv("gw", "inner-a", { multicast: true });
        assert.equal(r.verdict, "undetermined");
        const keys = r.decidedBy?.map((d) => d.key) ?? [];
        assert.ok(keys.includes("vds.multicastFilteringMode"), keys.join(","));
        const snooping = r.outcomes?.find((o) => o.assume["vds.multicastFilteringMode"] === "accept");
        assert.equal(snooping?.verdict, "reachable");
    });

    it("an unknown adapter type: a nested guest behind it is undetermined, on whether the NIC is SR-IOV and then on its VF", () => {
        const lab = new Lab().host("esx1").vds("vds", ["esx1"]).pg("pg", "vds", { vlan: 20, sec: { forgedTransmits: "accept", promiscuous: "accept" } }).vm("n1", "pg", "esx1", M(1)).guest("g", "n1", M(2)).external("gw", M(3), 20);
        lab.model.ports[0].passthrough = { kind: "sriov", origin: { kind: "explicit", objectId: "n1", property: "networkInterfaces[0].adapterType" }, unknownKey: "n1.adapterType" };
        const r = lab.conv("g", "gw");
        assert.equal(r.verdict, "undetermined");
        assert.deepEqual(r.decidedBy?.map((d) => d.key).sort(), ["n1.adapterType", "n1.passthrough"]);
        // As a vNIC on an open port group it works; as an SR-IOV NIC it depends on the VF.
        const asVnic = r.outcomes?.filter((o) => o.assume["n1.adapterType"] === "reject").map((o) => o.verdict);
        assert.deepEqual(asVnic, ["reachable"]);
        assert.equal(lab.conv("n1", "gw").verdict, "reachable", "the VM's own MAC passes either way");
    });
});

describe("simulator: native VLANs across DRS placements (V7)", () => {
    it("a placement that fails in every case makes the conversation fail in every case, even when another is open", () => {
        // vm1 changed its MAC and MAC changes is unknown; on esx2 (native VLAN 10) it never gets VLAN 10 frames.
        const lab = new Lab()
            .host("esx1")
            .host("esx2", { nativeVlan: 10 })
            .vds("vds", ["esx1", "esx2"], { sec: { promiscuous: "accept", forgedTransmits: "accept", macChanges: "accept" } })
            .pg("pg0", "vds", { vlan: 10, sec: { forgedTransmits: "reject", macChanges: "unknown" } })
            .vm("vm0", "pg0", undefined, M(1))
            .vm("vm1", "pg0", undefined, M(2), { effectiveMac: M(3) });
        const r = lab.conv("vm0", "vm1");
        assert.equal(r.verdict, "undetermined");
        assert.equal(r.failsInEveryCase, true);
    });

    it("untagged frames of two hosts with different native VLANs meet as tagged frames", () => {
        const lab = new Lab().host("esx1", { nativeVlan: 10 }).host("esx2", { nativeVlan: 20 }).vds("vds", ["esx1", "esx2"]).pg("untagged", "vds").pg("v10", "vds", { vlan: 10 }).vm("a", "untagged", "esx1", M(1)).vm("b", "v10", "esx2", M(2));
        const r = lab.conv("a", "b");
        assert.equal(r.verdict, "reachable", "esx1's untagged frames are VLAN 10 on the wire, tagged 10 at esx2");
        assert.ok(r.legs[0].trace.some((h) => h.rule === "V7" && /join VLAN 10/.test(h.detail)));
    });
});

describe("simulator: advice that changes no verdict (P2, P3, X1)", () => {
    const nestedLab = () =>
        new Lab()
            .host("esx1")
            .host("esx2")
            .vds("vds", ["esx1", "esx2"])
            .pg("lab", "vds", { vlan: 20, sec: { forgedTransmits: "accept", promiscuous: "accept" } })
            .pg("vms", "vds", { vlan: 20 })
            .vm("n1", "lab", "esx1", M(1))
            .guest("g", "n1", M(2))
            .vm("web", "vms", "esx1", M(3))
            .vm("db", "vms", "esx1", M(4))
            .external("gw", M(5), 20);

    const risks = (m: Model, specs: ConversationSpec[]) => {
        const net = compile(m);
        return overrideRisks(net, specs.map((s) => [s, analyzeConversation(net, s)] as const)).map((r) => [r.portGroupId, r.policy, r.conversations.map((c) => `${c.a}-${c.b}`).join(",")]);
    };

    it("P2: security overrides matter for a guest's conversation, VLAN overrides for every one, teaming only off the host", () => {
        const lab = nestedLab();
        pg(lab.model, "lab").overrides = { security: flag("lab", "securityPolicyOverrideAllowed") };
        pg(lab.model, "vms").overrides = { vlan: flag("vms", "vlanOverrideAllowed"), team: flag("vms", "uplinkTeamingOverrideAllowed"), security: flag("vms", "securityPolicyOverrideAllowed", "unknown") };
        const specs: ConversationSpec[] = [
            { a: "g", b: "gw" },
            { a: "n1", b: "web" },
            { a: "web", b: "db" },
            { a: "web", b: "gw" },
        ];
        assert.deepEqual(risks(lab.model, specs), [
            ["lab", "security", "g-gw"],
            ["vms", "vlan", "n1-web,web-db,web-gw"],
            ["vms", "team", "web-gw"],
        ]);
        assert.deepEqual(risks(nestedLab().model, specs), [], "no flag, no risk");
    });

    it("P3: static ports fewer than the NICs: certain; unknown or vCenter's count: possible; enough, ephemeral or growing: none", () => {
        const withCapacity = (c: PortCapacity | undefined) => {
            const lab = nestedLab();
            if (c) pg(lab.model, "vms").capacity = c;
            return portShortfalls(compile(lab.model)).map((s) => [s.portGroupId, s.portIds.length, s.certain]);
        };
        const origin = { kind: "explicit" as const, objectId: "vms" };
        assert.deepEqual(withCapacity({ binding: "static", autoExpand: false, numberOfPorts: 1, origin }), [["vms", 2, true]]);
        assert.deepEqual(withCapacity({ binding: "static", autoExpand: false, numberOfPorts: 2, origin }), []);
        assert.deepEqual(withCapacity({ binding: "static", autoExpand: false, origin }), [["vms", 2, false]]);
        assert.deepEqual(withCapacity({ binding: "unknown", autoExpand: false, numberOfPorts: 1, origin }), [["vms", 2, false]]);
        assert.deepEqual(withCapacity({ binding: "static", autoExpand: "unknown", numberOfPorts: "unknown", origin }), [["vms", 2, false]]);
        assert.deepEqual(withCapacity({ binding: "ephemeral", autoExpand: false, numberOfPorts: 0, origin }), []);
        assert.deepEqual(withCapacity(undefined), []);
    });

    it("X1: one finding per object that sets txUplink, with the promiscuous nested port groups on other hosts that may see the copies", () => {
        const lab = nestedLab().vm("n2", "lab", "esx2", M(6)).guest("g2", "n2", M(7));
        const sTx = flag("vds", "txUplink");
        sw(lab.model, "vds").txUplink = sTx;
        for (const id of ["lab", "vms"]) pg(lab.model, id).txUplink = { value: true, origin: { kind: "inherited", objectId: id, property: "txUplink", from: sTx.origin } };
        const copies = txUplinkCopies(compile(lab.model));
        assert.deepEqual(copies.map((c) => [c.holderId, c.value, c.portGroupIds, c.observers]), [["vds", true, ["lab", "vms"], ["lab"]]]);
        // Without the nested host on esx2 nothing listens elsewhere; a port group's own value is its own finding.
        const one = nestedLab();
        pg(one.model, "vms").txUplink = flag("vms", "txUplink");
        assert.deepEqual(txUplinkCopies(compile(one.model)).map((c) => [c.holderId, c.portGroupIds, c.observers]), [["vms", ["vms"], []]]);
        assert.deepEqual(txUplinkCopies(compile(nestedLab().model)), []);
    });
});
