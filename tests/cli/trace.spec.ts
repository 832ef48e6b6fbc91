/**
 * `vsnet trace` as a subprocess: the four legs hop by hop with rule, setting and origin, the verdict
 * and the smallest fix, as text and JSON; workloads named as declared, implicitly, or by VM name.
 */
import assert from "node:assert/strict";
import { example, show, vsnet, type Run } from "./run";

interface TraceJson {
    schemaVersion: number;
    input: { file: string; format: string };
    from: { id: string; name: string; source: string };
    to: { id: string; name: string; source: string };
    verdict: string;
    works: { from: string; to: string } | null;
    placement: { kind: string; hosts: Record<string, string> };
    legs: Array<{
        leg: string;
        from: string;
        to: string;
        delivered: boolean;
        copies: number;
        hops: Array<{ step: number; rule: string; action: string; at: string; detail: string; assumed: boolean; setting: { object: string; urn: string | null; setting: string; property: string | null; value: string; origin: string | null; text: string } | null; text: string }>;
    }>;
    fix: { changes: Array<{ kind: string; object: string; urn: string | null; text: string }>; verdict: string } | null;
}

describe("vsnet trace (subprocess)", function () {
    this.timeout(60_000);
    const runs: Record<string, Run> = {};

    before(async () => {
        const t2 = example("nested-vss-t2", "preview.json");
        const vds = example("nested-vds-mac-learning", "stack.json");
        const cases: Record<string, string[]> = {
            t2Text: ["trace", ...t2, "--from", "nested-web", "--to", "gateway"],
            t2Json: ["trace", ...t2, "--from", "nested-web", "--to", "gateway", "--format", "json"],
            vdsReachable: ["trace", ...vds, "--from", "nested-web", "--to", "nested-db"],
            vmName: ["trace", "examples/nested-vds-mac-learning/stack.json", "--from", "esxi-01", "--to", "physical network of nested-pg"],
            implicitGuest: ["trace", "examples/nested-vds-mac-learning/stack.json", "--from", "esxi-01 nic 0 guest", "--to", "esxi-02 nic 0 guest", "--format", "json"],
        };
        const results = await Promise.all(Object.entries(cases).map(async ([k, args]) => [k, await vsnet(args, { env: { NO_COLOR: undefined } })] as const));
        for (const [k, r] of results) runs[k] = r;
    });

    it("text: the verdict, the four legs in order, the dropping hop with its rule, setting and origin, the smallest fix", () => {
        const r = runs.t2Text;
        assert.equal(r.code, 1, `not reachable: ${show(r)}`);
        assert.equal(r.stderr, "");
        const out = r.stdout;
        assert.match(out, /^Conversation nested-web <-> gateway in examples\/nested-vss-t2\/preview\.json\nverdict: one-way \(gateway -> nested-web works\)\n/);
        const heads = ["arp-request nested-web -> gateway: DROPPED", "arp-reply gateway -> nested-web: delivered", "unicast-forward nested-web -> gateway: DROPPED", "unicast-back gateway -> nested-web: delivered"];
        let at = 0;
        for (const h of heads) {
            const i = out.indexOf(`\n${h}\n`, at);
            assert.ok(i >= at, `${h} in order:\n${out}`);
            at = i;
        }
        assert.match(
            out,
            /\n {2}2\. \[S1\] drop at host host-1001 \/ switch lab-vswitch-01 \/ port group nested-pg-01 \/ port esxi-01 nic 0: source 00:50:56:aa:01:01 is not the port's MAC \(the MAC vCenter assigns to esxi-01 nic 0\) and forged transmits is Reject; forgedTransmits = reject on HostPortGroup nested-pg-01 \(provider default for HostPortGroup nested-pg-01 \(allowForgedTransmits unset\) \[T2\]/,
        );
        assert.match(out, /\[S3\] deliver at host host-1001 \/ port esxi-01 nic 0: delivered to nested-web \(promiscuous copy\)/);
        assert.match(out, /\nSmallest fix: set allowForgedTransmits: true on HostPortGroup nested-pg-01 \(then: reachable\)\.\n$/);
        assert.doesNotMatch(out, /vc-assigned:|implicit:/, "made-up MACs are worded");
    });

    it("JSON: legs, hops with structured settings, the fix", () => {
        const r = runs.t2Json;
        assert.equal(r.code, 1, show(r));
        const j = JSON.parse(r.stdout) as TraceJson;
        assert.equal(j.schemaVersion, 1);
        assert.deepEqual(j.input, { file: "examples/nested-vss-t2/preview.json", format: "preview" });
        assert.deepEqual([j.from.name, j.from.source, j.to.name, j.to.source], ["nested-web", "declared", "gateway", "declared"]);
        assert.equal(j.verdict, "one-way");
        assert.deepEqual(j.works, { from: "gateway", to: "nested-web" });
        assert.deepEqual(j.legs.map((l) => [l.leg, l.delivered]), [["arp-request", false], ["arp-reply", true], ["unicast-forward", false], ["unicast-back", true]]);
        const drop = j.legs[0].hops[j.legs[0].hops.length - 1];
        assert.equal(drop.rule, "S1");
        assert.equal(drop.action, "drop");
        assert.ok(drop.setting);
        assert.equal(drop.setting.object, "HostPortGroup nested-pg-01");
        assert.equal(drop.setting.urn, "urn:pulumi:lab::nested-lab::vsphere:index/hostPortGroup:HostPortGroup::nested-pg-01");
        assert.equal(drop.setting.property, "allowForgedTransmits");
        assert.equal(drop.setting.value, "reject");
        assert.match(drop.setting.origin ?? "", /allowForgedTransmits unset\) \[T2\]/);
        assert.ok(j.legs.every((l) => l.hops.every((h, i) => h.step === i + 1 && typeof h.rule === "string" && h.text.includes(`[${h.rule}`))));
        assert.ok(j.fix);
        assert.equal(j.fix.verdict, "reachable");
        assert.deepEqual(j.fix.changes.map((c) => c.text), ["set allowForgedTransmits: true on HostPortGroup nested-pg-01"]);
    });

    it("a reachable conversation exits 0 and says no fix is needed", () => {
        const r = runs.vdsReachable;
        assert.equal(r.code, 0, show(r));
        assert.match(r.stdout, /\nverdict: reachable\n/);
        assert.match(r.stdout, /\[S1\] forward at .*forged transmits is Accept/);
        assert.match(r.stdout, /No fix needed: all four legs are delivered\.\n$/);
    });

    it("workloads by VM resource name and by implicit names", () => {
        const vm = runs.vmName;
        assert.ok(vm.code === 0 || vm.code === 1, show(vm));
        assert.match(vm.stdout, /^Conversation esxi-01 nic 0 <-> physical network of nested-pg in /);
        const j = JSON.parse(runs.implicitGuest.stdout) as TraceJson;
        assert.deepEqual([j.from.name, j.from.source, j.to.name], ["esxi-01 nic 0 guest", "implicit", "esxi-02 nic 0 guest"]);
        // Without the MAC-learning declaration the guests' replies are not delivered (F4) and the fix is MAC learning.
        assert.notEqual(j.verdict, "reachable");
        assert.ok(j.fix && j.fix.changes.some((c) => c.kind === "macLearning"), runs.implicitGuest.stdout.slice(0, 2000));
    });
});
