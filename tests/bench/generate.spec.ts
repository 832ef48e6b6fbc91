/** The bench's growth knobs (issue 16) change the generated stacks the way their names say, and only that. */
import assert from "node:assert/strict";
import { generateStack, T } from "../../bench/generate";
import { lowerBound, rawResources } from "../../bench/simulate";

const SIZE = 2000;

function dvsMembers(size: number, hostsPerSwitch?: number): number[] {
    const g = generateStack(size, 42, { hostsPerSwitch });
    return g.resources.filter((r) => r.type === T.dvs).map((r) => (r.props.hosts as unknown[] | undefined)?.length ?? 0);
}

describe("bench stacks: growth knobs", () => {
    it("the defaults are the stacks without options", () => {
        assert.deepStrictEqual(generateStack(SIZE, 42, {}), generateStack(SIZE, 42));
    });

    it("hosts per switch: the hosts are spread over fewer, larger distributed switches", () => {
        const base = dvsMembers(SIZE * 4);
        const big = dvsMembers(SIZE * 4, 128);
        assert.equal(Math.max(...base), 32);
        assert.equal(Math.max(...big), 128, "160 hosts of an 8,000-resource stack: one switch of 128 and one of 32");
        assert.ok(big.length < base.length);
    });

    it("trunk width: every lab trunk carries that many VLANs, within 1–4094", () => {
        for (const width of [10, 1000]) {
            const trunks = generateStack(SIZE, 42, { trunkWidth: width })
                .resources.filter((r) => r.type === T.dvpg && r.props.vlanRanges)
                .map((r) => (r.props.vlanRanges as Array<{ minVlan: number; maxVlan: number }>)[0]);
            assert.ok(trunks.length > 0);
            for (const t of trunks) {
                assert.equal(t.maxVlan - t.minVlan + 1, width);
                assert.ok(t.minVlan >= 1 && t.maxVlan <= 4094, JSON.stringify(t));
            }
        }
    });

    it("guests per nested hypervisor and flows per guest", () => {
        const cfg = (o: Parameters<typeof generateStack>[2]) => generateStack(SIZE, 42, o).config["nested-workloads-reachable"] as { workloads: Array<{ nestedIn?: string }>; flows: unknown[] };
        const ten = cfg({ guestsPerNested: 10 });
        const perHypervisor = new Map<string, number>();
        for (const w of ten.workloads) if (w.nestedIn) perHypervisor.set(w.nestedIn, (perHypervisor.get(w.nestedIn) ?? 0) + 1);
        assert.ok(perHypervisor.size > 0);
        for (const n of perHypervisor.values()) assert.equal(n, 10);
        const more = cfg({ guestsPerNested: 10, flowsPerGuest: 4 });
        assert.ok(more.flows.length > ten.flows.length * 2, `${more.flows.length} vs ${ten.flows.length}`);
    });

    it("the lower bound visits every property value", () => {
        const raw = rawResources(generateStack(300, 42).resources);
        const leaves = lowerBound(raw);
        const count = (v: unknown): number => (Array.isArray(v) ? v.reduce((n: number, x) => n + count(x), 0) : v !== null && typeof v === "object" ? Object.values(v).reduce((n: number, x) => n + count(x), 0) : v === "" ? 0 : 1);
        assert.equal(leaves, raw.reduce((n, r) => n + count(r.props), 0));
    });
});
