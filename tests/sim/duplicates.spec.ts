/**
 * Duplicate floods at nested hypervisors (U4, U5, L2) as a property of the network, not of the
 * declared flows: which copies arrive depends on the team of the port group on each host.
 */
import assert from "node:assert/strict";
import { compile, duplicateFloods, type Team } from "../../sim";
import { Lab } from "./lab";

function lab(opts: { team?: Partial<Team>; rpf?: boolean; lacp?: boolean; promiscuous?: "accept" | "reject" | "unknown"; guest?: boolean; hostOfVm?: string | null } = {}): Lab {
    const l = new Lab()
        .host("esx1", { rpf: opts.rpf })
        .host("esx2")
        .vds("vds", [{ host: "esx1", uplinks: ["vmnic2", "vmnic3"] }, { host: "esx2", uplinks: ["vmnic2"] }], { lacp: opts.lacp })
        .pg("lab-pg", "vds", { sec: { forgedTransmits: "accept", promiscuous: opts.promiscuous ?? "accept" }, team: opts.team })
        .vm("nested1", "lab-pg", opts.hostOfVm === null ? undefined : (opts.hostOfVm ?? "esx1"), "00:50:56:00:00:01");
    return opts.guest === false ? l : l.guest("inner-a", "nested1", "00:50:56:aa:00:01");
}

const floods = (l: Lab) => duplicateFloods(compile(l.model));

describe("duplicate floods at nested hypervisors (U4, U5, L2)", () => {
    it("two active uplinks: two copies on that host, naming the uplinks and their roles", () => {
        const d = floods(lab());
        assert.equal(d.length, 1);
        assert.deepEqual({ pg: d[0].portGroupId, host: d[0].hostId, copies: d[0].copies, ports: d[0].portIds, certain: d[0].certain }, { pg: "lab-pg", host: "esx1", copies: 2, ports: ["nested1"], certain: true });
        assert.deepEqual(d[0].links.map((l) => `${l.nic}/${l.name}/${l.role}`), ["vmnic2/uplink1/active", "vmnic3/uplink2/active"]);
    });

    it("an active/standby pair still doubles (standby receives floods, U4 assumed); an unused uplink does not", () => {
        assert.equal(floods(lab({ team: { active: ["uplink1"], standby: ["uplink2"] } }))[0]?.copies, 2);
        assert.deepEqual(floods(lab({ team: { active: ["uplink1"] } })), []);
    });

    it("none with the RPF check, over a LAG, without guests behind the port, or with promiscuous mode off", () => {
        assert.deepEqual(floods(lab({ rpf: true })), []);
        assert.deepEqual(floods(lab({ lacp: true })), []);
        assert.deepEqual(floods(lab({ guest: false })), [], "an ordinary VM never enters promiscuous mode (U5)");
        assert.deepEqual(floods(lab({ promiscuous: "reject" })), []);
    });

    it("promiscuous unknown: reported as conditional; DRS-placed ports: as uncertain, only on hosts with several uplinks", () => {
        assert.equal(floods(lab({ promiscuous: "unknown" }))[0]?.promiscuous, "unknown");
        const d = floods(lab({ hostOfVm: null }));
        assert.deepEqual(d.map((x) => [x.hostId, x.certain]), [["esx1", false]]);
    });
});
