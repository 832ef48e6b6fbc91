/**
 * Bad input, clear words — through the real analyzer protocol. Each malformed declaration or
 * resource property is one diagnostic that names the config path (`policy config
 * nested-workloads-reachable.<path>`) or the resource property (on that resource's URN), and the
 * rest of the stack is still checked.
 */
import assert from "node:assert/strict";
import { PROJECT_ROOT, startPack, type Diag, type PackProcess, type PolicyPackConfig, type TestResource } from "../harness/analyzer";
import { dvsLab, res, T, vssLab } from "../pack/stacks";

const POLICY = "nested-workloads-reachable";
let pack: PackProcess;

async function preview(resources: TestResource[], config: PolicyPackConfig = {}): Promise<Diag[]> {
    await pack.configure(config);
    const out: Diag[] = [];
    for (const r of resources) out.push(...(await pack.analyze(r)).diagnostics);
    return [...out, ...(await pack.analyzeStack(resources)).diagnostics];
}

const decl = (d: Record<string, unknown>): PolicyPackConfig => ({ [POLICY]: d });
/** Diagnostics that name this config path. */
const atPath = (ds: Diag[], path: string) => ds.filter((d) => d.message.includes(`policy config ${POLICY}.${path}`));
/** Diagnostics that name this resource property, on that resource. */
const atProperty = (ds: Diag[], urn: string, property: string) => ds.filter((d) => d.policyName === POLICY && d.urn === urn && d.message.includes(`property ${property}`));

/** The one diagnostic naming `path`, at the policy's level and on no resource; its message matches `re`. */
function oneConfigDiag(ds: Diag[], path: string, re: RegExp): Diag {
    const hits = atPath(ds, path);
    assert.equal(hits.length, 1, `one diagnostic for ${path}, got:\n${ds.map((d) => d.message).join("\n---\n")}`);
    assert.match(hits[0].message, re);
    assert.equal(hits[0].policyName, POLICY);
    assert.equal(hits[0].enforcementLevel, "mandatory", "a declaration error is the user's: at the policy's level");
    assert.equal(hits[0].urn, "");
    return hits[0];
}

/** The lab is still simulated: its known finding (nested guests' frames dropped at S1) is there. */
function stillChecked(ds: Diag[]): void {
    assert.ok(ds.some((d) => d.policyName === POLICY && /rule S1/.test(d.message)), "the rest of the stack is still checked");
}

const guest = (name: string, mac: unknown, extra: Record<string, unknown> = {}) => ({ name, nestedIn: "esxi-01", mac, ...extra });
/** A nested lab that fails at S1 (forged transmits Reject), so "still checked" has something to find. */
const lab = () => dvsLab({ pg: { allowPromiscuous: true } });

describe("bad input, clear words (through the analyzer protocol)", function () {
    this.timeout(60000);
    before(async () => {
        pack = await startPack(PROJECT_ROOT);
    });
    after(async () => {
        await pack?.stop();
    });

    describe("MAC addresses", () => {
        it("accepts the usual notations in any case, with surrounding spaces: no diagnostic", async () => {
            const macs = ["00:50:56:aa:00:01", "00-50-56-AA-00-02", "0050.56aa.0003", "005056AA0004", " 00:50:56:Aa:00:05 "];
            const ds = await preview(lab(), decl({ workloads: macs.map((m, i) => guest(`g${i}`, m)) }));
            assert.deepEqual(ds.filter((d) => /workloads\[/.test(d.message)).map((d) => d.message), []);
        });

        const malformed: Array<[string, unknown]> = [
            ["five octets", "de:ad:be:ef:42"],
            ["a non-hex digit", "de:ad:be:ef:42:0g"],
            ["mixed separators", "de:ad-be:ef:42:01"],
            ["dots between octets", "de.ad.be.ef.42.01"],
            ["seven octets", "de:ad:be:ef:42:01:02"],
            ["a number", 5056],
            ["empty", ""],
        ];
        for (const [what, mac] of malformed) {
            it(`rejects ${what}, naming workloads[0].mac and never echoing the value`, async () => {
                const ds = await preview(lab(), decl({ workloads: [guest("inner-a", mac)] }));
                const d = oneConfigDiag(ds, "workloads[0].mac", /Workload inner-a: workloads\[0\]\.mac (is not a MAC address \(use 00:50:56:aa:00:01, 00-50-56-AA-00-01, 0050\.56aa\.0001 or 005056aa0001\)|is empty|is not a string); this workload is skipped/);
                if (typeof mac === "string" && mac.length > 4) assert.ok(!d.message.includes(mac), "the malformed value is not echoed");
                stillChecked(ds);
            });
        }

        const notUnicast: Array<[string, string, RegExp]> = [
            ["multicast", "01:00:5e:00:00:01", /is a multicast address \(01:00:5e:00:00:01\), not a unicast one/],
            ["multicast (I/G bit on a locally administered address)", "03-00-00-00-00-01", /is a multicast address/],
            ["broadcast", "ff:ff:ff:ff:ff:ff", /is the broadcast address/],
            ["all zeros", "0000.0000.0000", /is all zeros, which no interface can own/],
        ];
        for (const [what, mac, re] of notUnicast) {
            it(`rejects a ${what} workload MAC`, async () => {
                oneConfigDiag(await preview(lab(), decl({ workloads: [guest("inner-a", mac)] })), "workloads[0].mac", re);
            });
        }

        it("rejects a multicast effectiveMac on a vm workload, naming workloads[0].effectiveMac", async () => {
            oneConfigDiag(await preview(lab(), decl({ workloads: [{ name: "w", vm: "esxi-02", effectiveMac: "01:00:5e:7f:ff:fa" }] })), "workloads[0].effectiveMac", /multicast/);
        });

        it("a VM's static macAddress that is malformed or multicast: a diagnostic on that VM naming networkInterfaces[0].macAddress", async () => {
            for (const [mac, re] of [
                ["00:50:56:zz:00:01", /not a MAC address/],
                ["01:00:5e:00:00:fb", /multicast/],
                ["00:00:00:00:00:00", /all zeros/],
            ] as Array<[string, RegExp]>) {
                const stack = lab();
                const vm = stack.find((r) => r.name === "esxi-01")!;
                (vm.props.networkInterfaces as Array<Record<string, unknown>>)[0] = { networkId: (vm.props.networkInterfaces as Array<Record<string, unknown>>)[0].networkId, useStaticMac: true, macAddress: mac };
                const ds = await preview(stack);
                const hits = atProperty(ds, vm.urn!, "networkInterfaces[0].macAddress");
                assert.equal(hits.length, 1, mac);
                assert.match(hits[0].message, re);
                assert.match(hits[0].message, /static MAC of NIC 0 of esxi-01/);
                stillChecked(ds);
            }
        });
    });

    describe("VLAN ids", () => {
        for (const vlan of [4095, -1, 10.5, "10"]) {
            it(`a workload VLAN of ${JSON.stringify(vlan)} names workloads[0].vlan`, async () => {
                oneConfigDiag(await preview(lab(), decl({ workloads: [guest("inner-a", "00:50:56:aa:00:01", { vlan })] })), "workloads[0].vlan", /must be a whole number from 0 to 4094/);
            });
        }

        it("a HostPortGroup vlanId of 5000 names vlanId on that port group", async () => {
            const stack = vssLab({ pg: { vlanId: 5000 } });
            const pg = stack.find((r) => r.name === "nested-pg")!;
            const hits = atProperty(await preview(stack), pg.urn!, "vlanId");
            assert.equal(hits.length, 1);
            assert.match(hits[0].message, /vlanId of nested-pg is 5000, outside 0–4095; read as untagged/);
        });

        it("a DistributedPortGroup vlanId of 4095 (guest tagging is vlanRanges there) names vlanId", async () => {
            const stack = lab();
            stack[1].props.vlanId = 4095;
            const hits = atProperty(await preview(stack), stack[1].urn!, "vlanId");
            assert.equal(hits.length, 1);
            assert.match(hits[0].message, /vlanId of lab-pg is 4095, outside 0–4094/);
        });

        it("vlanRanges out of range or upside down name the range; the good range is kept", async () => {
            const stack = lab();
            stack[1].props.vlanRanges = [{ minVlan: 100, maxVlan: 5000 }, { minVlan: 30, maxVlan: 20 }, { minVlan: 10, maxVlan: 20 }];
            const ds = await preview(stack);
            assert.match(atProperty(ds, stack[1].urn!, "vlanRanges[0]")[0]?.message ?? "", /is 100–5000, not a range within 0–4094; that range is left out/);
            assert.match(atProperty(ds, stack[1].urn!, "vlanRanges[1]")[0]?.message ?? "", /is 30–20, not a range within 0–4094/);
            assert.deepEqual(atProperty(ds, stack[1].urn!, "vlanRanges[2]"), []);
        });
    });

    describe("workloads and flows", () => {
        it("a workload with two kinds names workloads[0]", async () => {
            const ds = await preview(lab(), decl({ workloads: [{ name: "twice", nestedIn: "esxi-01", external: "lab-pg", mac: "00:50:56:aa:00:01" }] }));
            oneConfigDiag(ds, "workloads[0]", /Workload twice: workloads\[0\] needs exactly one of nestedIn, vm, external, vnic \(has 2\); this workload is skipped/);
            stillChecked(ds);
        });

        it("a workload with no kind names workloads[0]", async () => {
            oneConfigDiag(await preview(lab(), decl({ workloads: [{ name: "nowhere", mac: "00:50:56:aa:00:01" }] })), "workloads[0]", /needs exactly one of nestedIn, vm, external, vnic \(has 0\)/);
        });

        it("a flow naming an unknown workload names flows[0].to", async () => {
            const ds = await preview(lab(), decl({ workloads: [guest("inner-a", "00:50:56:aa:00:01")], flows: [{ from: "inner-a", to: "nobody" }] }));
            oneConfigDiag(ds, "flows[0].to", /flows\[0\]\.to names nobody, which is not a declared workload; the flow is skipped/);
            stillChecked(ds);
        });

        it("a flow naming a workload that was skipped points at the workload's own error", async () => {
            const ds = await preview(lab(), decl({ workloads: [guest("inner-a", "not-a-mac"), { name: "gw", external: "lab-pg", mac: "00:11:22:33:44:55" }], flows: [{ from: "inner-a", to: "gw" }] }));
            oneConfigDiag(ds, "flows[0].from", /names workload inner-a, which was skipped \(see workloads\[0\]\)/);
        });
    });

    describe("MAC learning declarations", () => {
        it("an entry on a standard (host) port group names macLearning.<port group>", async () => {
            const ds = await preview(vssLab(), decl({ macLearning: { "nested-pg": { enabled: true } } }));
            oneConfigDiag(ds, "macLearning.nested-pg", /names host port group nested-pg; standard switches have no MAC learning \(M4\), only promiscuous mode; this MAC learning declaration is ignored/);
        });

        for (const limit of [4097, 0, 100000, 1.5]) {
            it(`a limit of ${limit} names macLearning.lab-pg.limit`, async () => {
                oneConfigDiag(await preview(lab(), decl({ macLearning: { "lab-pg": { enabled: true, limit } } })), "macLearning.lab-pg.limit", /must be a whole number from 1 to 4096 \(M2\)/);
            });
        }

        it("a limit of exactly 4096 is accepted", async () => {
            assert.deepEqual(atPath(await preview(lab(), decl({ macLearning: { "lab-pg": { enabled: true, limit: 4096 } } })), "macLearning"), []);
        });

        it("an unknown limit policy and a missing enabled name their paths", async () => {
            oneConfigDiag(await preview(lab(), decl({ macLearning: { "lab-pg": { enabled: true, limitPolicy: "evict" } } })), "macLearning.lab-pg.limitPolicy", /must be "drop" or "allow"/);
            oneConfigDiag(await preview(lab(), decl({ macLearning: { "lab-pg": { limit: 10 } } })), "macLearning.lab-pg.enabled", /must be true or false/);
        });
    });

    it("undecidedAs that is neither advisory nor mandatory names undecidedAs", async () => {
        const ds = await preview(lab(), decl({ undecidedAs: "Mandatory!" }));
        const hits = ds.filter((d) => d.message.includes(`policy config ${POLICY}.undecidedAs`));
        assert.equal(hits.length, 1);
        assert.match(hits[0].message, /undecidedAs must be "advisory" or "mandatory"/);
    });

    it("a resource of the wrong shape is reported on its own URN, naming the property, and the rest is checked", async () => {
        const stack = lab();
        stack.push(res(T.dvpg, "odd-pg", { name: "odd-pg", distributedVirtualSwitchUuid: "x", vlanId: "twenty", allowPromiscuous: "yes" }, { distributedVirtualSwitchUuid: [stack[0].urn!] }));
        const ds = await preview(stack);
        const urn = stack.at(-1)!.urn!;
        assert.match(atProperty(ds, urn, "vlanId")[0]?.message ?? "", /vlanId of odd-pg is a string, not a whole number; read as unset/);
        assert.match(atProperty(ds, urn, "allowPromiscuous")[0]?.message ?? "", /allowPromiscuous of odd-pg is a string, not a boolean; read as unset/);
        stillChecked(ds);
    });
});
