/**
 * Fail closed, on purpose: wherever the pack cannot decide a question during preview (unknown
 * values, networks it cannot see), it says so, at the level the user picked with `undecidedAs`
 * (default advisory) — never silence, and never a mandatory failure for something undecided.
 * Through the real analyzer protocol.
 */
import assert from "node:assert/strict";
import { PROJECT_ROOT, startPack, UNKNOWN_ARRAY, UNKNOWN_BOOL, UNKNOWN_NUMBER, UNKNOWN_STRING, type Diag, type PackProcess, type PolicyPackConfig, type TestResource } from "../harness/analyzer";
import { dvsLab, res, T } from "../pack/stacks";

const POLICY = "nested-workloads-reachable";
let pack: PackProcess;

async function preview(resources: TestResource[], config: PolicyPackConfig = {}): Promise<Diag[]> {
    await pack.configure(config);
    const out: Diag[] = [];
    for (const r of resources) out.push(...(await pack.analyze(r)).diagnostics);
    return [...out, ...(await pack.analyzeStack(resources)).diagnostics];
}

interface Case {
    what: string;
    stack: () => TestResource[];
    decl?: Record<string, unknown>;
    /** The finding that says the question is undecided. */
    finding: RegExp;
    /** The lab is broken besides (its S1 violations stay mandatory). */
    broken?: true;
}

/** A lab whose nested guests work (forged + promiscuous), so only the undecided question is left. */
/** The port group's vlanId computed from another resource's output (an unknown with no dependency is an unset default). */
function vlanFromOutput(rs: TestResource[]): TestResource[] {
    const pg = rs.find((r) => r.name === "lab-pg")!;
    pg.propertyDependencies = { ...pg.propertyDependencies, vlanId: [rs[0].urn!] };
    return rs;
}

const working = (pg: Record<string, unknown> = {}, dvs: Record<string, unknown> = {}) => dvsLab({ pg: { allowForgedTransmits: true, allowPromiscuous: true, ...pg }, dvs });

const CASES: Case[] = [
    {
        what: "a security setting unknown during preview that decides a conversation",
        stack: () => working({ allowPromiscuous: UNKNOWN_BOOL }),
        finding: /undetermined: it depends on values not known during preview[\s\S]*Decided by values unknown during preview: promiscuous mode \(allowPromiscuous\) = unknown on DistributedPortGroup lab-pg/,
    },
    {
        what: "uplinks unknown during preview that decide a conversation",
        stack: () => {
            const s = working();
            s[0].props.hosts = [{ hostSystemId: "host-11", devices: UNKNOWN_ARRAY }, { hostSystemId: "host-12", devices: ["vmnic1"] }];
            return s;
        },
        finding: /Decided by values unknown during preview: uplinks = unknown/,
    },
    {
        what: "a NIC on a network no resource in the stack defines",
        stack: () => [...working(), res(T.vm, "esxi-09", { name: "esxi-09", nestedHvEnabled: true, hostSystemId: "host-11", networkInterfaces: [{ networkId: "network-1234" }] })],
        finding: /esxi-09: NIC 0 \(network network-1234\) is on a network that no port group in this stack defines/,
    },
    {
        what: "a NIC whose network is unknown and was computed from no port group",
        stack: () => [...working(), res(T.vm, "esxi-09", { name: "esxi-09", nestedHvEnabled: true, hostSystemId: "host-11", networkInterfaces: [{ networkId: UNKNOWN_STRING }] })],
        finding: /The network of NIC 0 of esxi-09 is not known during preview and was not computed from a port group in this stack/,
    },
    {
        what: "a distributed switch whose member hosts are unknown",
        stack: () => working({}, { hosts: UNKNOWN_ARRAY }),
        finding: /NIC 0 of esxi-01 is on distributed switch lab-vds, whose member hosts are not all known during preview, so whether it reaches host host-11 cannot be told/,
    },
    {
        what: "a VM whose nested-hypervisor flag is unknown",
        stack: () => {
            const s = working();
            Object.assign(s.find((r) => r.name === "esxi-02")!.props, { nestedHvEnabled: UNKNOWN_BOOL, guestId: "otherGuest64" });
            return s;
        },
        finding: /Whether esxi-02 is a nested hypervisor is not known during preview \(nestedHvEnabled\)/,
    },
    {
        what: "a static MAC unknown during preview (duplicates cannot be ruled out)",
        stack: () => {
            const s = working();
            (s.find((r) => r.name === "esxi-01")!.props.networkInterfaces as Array<Record<string, unknown>>)[0] = { networkId: UNKNOWN_STRING, useStaticMac: true, macAddress: UNKNOWN_STRING };
            return s;
        },
        finding: /The static MAC of NIC 0 of esxi-01 is not known during preview, so it is not checked for duplicates/,
    },
    {
        what: "a failing conversation that rests on a VLAN unknown during preview",
        stack: () => vlanFromOutput(dvsLab({ pg: { allowPromiscuous: true, vlanId: UNKNOWN_NUMBER } })),
        finding: /This rests on the VLAN of DistributedPortGroup lab-pg, which is not known during preview \(read as untagged\)[\s\S]*rule S1/,
        broken: true,
    },
    {
        what: "the VLAN itself",
        stack: () => vlanFromOutput(working({ vlanId: UNKNOWN_NUMBER })),
        finding: /vlanId of lab-pg is not known during preview; read as untagged/,
    },
    {
        what: "a declared workload in a VM whose NIC the pack cannot see",
        stack: () => [...working(), res(T.vm, "esxi-09", { name: "esxi-09", nestedHvEnabled: true, hostSystemId: "host-11", networkInterfaces: [{ networkId: "network-1234" }] })],
        decl: { workloads: [{ name: "inner-z", nestedIn: "esxi-09", mac: "00:50:56:aa:00:09" }, { name: "gw", external: "lab-pg", mac: "00:11:22:33:44:55" }], flows: [{ from: "inner-z", to: "gw" }] },
        finding: /Workload inner-z: workloads\[0\]\.nic is NIC 0 of esxi-09, which is not on a port group this pack can see/,
    },
    {
        what: "a flow naming that workload",
        stack: () => [...working(), res(T.vm, "esxi-09", { name: "esxi-09", nestedHvEnabled: true, hostSystemId: "host-11", networkInterfaces: [{ networkId: "network-1234" }] })],
        decl: { workloads: [{ name: "inner-z", nestedIn: "esxi-09", mac: "00:50:56:aa:00:09" }, { name: "gw", external: "lab-pg", mac: "00:11:22:33:44:55" }], flows: [{ from: "inner-z", to: "gw" }] },
        finding: /flows\[0\]\.from names workload inner-z, which was skipped \(see workloads\[0\]\)/,
    },
    {
        what: "a declared workload in a VM whose NIC list is unknown",
        stack: () => [...working(), res(T.vm, "esxi-09", { name: "esxi-09", nestedHvEnabled: true, hostSystemId: "host-11", networkInterfaces: UNKNOWN_ARRAY })],
        decl: { workloads: [{ name: "inner-z", nestedIn: "esxi-09", mac: "00:50:56:aa:00:09" }] },
        finding: /workloads\[0\]\.nic is NIC 0 of esxi-09, whose NICs are not known during preview/,
    },
    {
        what: "a host port group on a host unknown during preview",
        stack: () => [...working(), res(T.hpg, "hpg-x", { name: "hpg-x", hostSystemId: UNKNOWN_STRING, virtualSwitchName: "vSwitch0" })],
        finding: /Port group hpg-x is on a host not known during preview/,
    },
];

describe("undecided questions are said, at the level undecidedAs picks (through the analyzer protocol)", function () {
    this.timeout(60000);
    before(async () => {
        pack = await startPack(PROJECT_ROOT);
    });
    after(async () => {
        await pack?.stop();
    });

    for (const c of CASES) {
        it(`${c.what}: advisory by default, mandatory with undecidedAs: mandatory`, async () => {
            for (const level of ["advisory", "mandatory"] as const) {
                const config = level === "mandatory" ? { ...c.decl, undecidedAs: "mandatory" } : { ...c.decl };
                const ds = await preview(c.stack(), { [POLICY]: config });
                const hits = ds.filter((d) => d.policyName === POLICY && c.finding.test(d.message));
                assert.ok(hits.length >= 1, `no finding ${c.finding} among:\n${ds.map((d) => `[${d.policyName}/${d.enforcementLevel}] ${d.message}`).join("\n---\n")}`);
                for (const h of hits) assert.equal(h.enforcementLevel, level, h.message);
                // Nothing undecided becomes a mandatory failure unless asked to.
                if (level === "advisory" && !c.broken) {
                    const mandatory = ds.filter((d) => d.policyName === POLICY && d.enforcementLevel === "mandatory");
                    assert.deepEqual(mandatory.map((d) => d.message), [], "no mandatory finding in a lab that works but for the undecided question");
                }
            }
        });
    }

    it("a conversation that fails whatever the unknown turns out to be is mandatory even with undecidedAs: advisory", async () => {
        const ds = await preview(dvsLab({ pg: { allowForgedTransmits: UNKNOWN_BOOL } }), { [POLICY]: { undecidedAs: "advisory" } });
        const hits = ds.filter((d) => d.policyName === POLICY && /fails whatever the unknown values turn out to be/.test(d.message));
        assert.ok(hits.length > 0, ds.map((d) => d.message).join("\n---\n"));
        for (const h of hits) assert.equal(h.enforcementLevel, "mandatory");
    });

    it("an unknown that decides nothing is not reported as undecided: a working lab with MAC changes unknown has no finding", async () => {
        const ds = await preview(working({ allowMacChanges: UNKNOWN_BOOL }));
        assert.deepEqual(ds.filter((d) => d.policyName === POLICY && !/copies of each broadcast/.test(d.message)).map((d) => d.message), []);
    });
});
