/** `vsnet check` and `vsnet trace` on examples/nested-vmk (VMkernel NICs, K1–K3) as subprocesses. */
import assert from "node:assert/strict";
import { example, show, vsnet, type Run } from "./run";

describe("vsnet on VMkernel NICs (examples/nested-vmk)", function () {
    this.timeout(60_000);
    const runs: Record<string, Run> = {};

    before(async () => {
        const lab = example("nested-vmk", "stack.json");
        const cases: Record<string, string[]> = {
            check: ["check", ...lab],
            nested: ["trace", ...lab, "--from", "esxi-01-vmotion", "--to", "esxi-02-vmotion"],
            byVnicName: ["trace", "examples/nested-vmk/stack.json", "--from", "vmotion-vmk", "--to", "esxi-01"],
            byVmkName: ["trace", "examples/nested-vmk/stack.json", "--from", "lab-vmk on host-1002", "--to", "esxi-02", "--format", "json"],
        };
        const results = await Promise.all(Object.entries(cases).map(async ([k, args]) => [k, await vsnet(args, { env: { NO_COLOR: undefined } })] as const));
        for (const [k, r] of results) runs[k] = r;
    });

    it("check: the one broken flow, the outer vMotion vmk on the wrong VLAN, with K1 in its trace and the K3 note; exit 1", () => {
        const r = runs.check;
        assert.equal(r.code, 1, show(r));
        assert.match(r.stdout, /outer-vmotion <-> esxi-01-vmotion: blocked/);
        assert.match(r.stdout, /1\. \[K1\] send at host host-1001 \/ switch lab-vds \/ port group mgmt-pg \/ port vmotion-vmk: vmotion-vmk on host-1001 \(a VMkernel NIC of the host\) sends/);
        assert.match(r.stdout, /outer-vmotion \(vmotion-vmk on host-1001, netstack vmotion\) uses a TCP\/IP stack of its own.*\[K3\]/);
        assert.match(r.stdout, /\n1 mandatory violation and 1 advisory violation in 10 resources/);
        assert.doesNotMatch(r.stdout, /esxi-01-vmotion <-> esxi-02-vmotion|outer-lab <-> esxi-02-mgmt/, "the other two flows work");
    });

    it("trace: nested vmk1 to vmk1 across hosts goes out as K2, through forged transmits and MAC learning; exit 0", () => {
        const r = runs.nested;
        assert.equal(r.code, 0, show(r));
        assert.match(r.stdout, /^Conversation esxi-01-vmotion <-> esxi-02-vmotion in examples\/nested-vmk\/stack\.json\nverdict: reachable\n/);
        assert.match(r.stdout, /1\. \[K2\] send at host host-1001 [^\n]*: esxi-01-vmotion \(a nested VMkernel NIC with a MAC of its own\) sends broadcast/);
        assert.match(r.stdout, /\[M1\] deliver at host host-1001 \/ port esxi-01 nic 0: delivered to esxi-01-vmotion/);
    });

    it("trace without declarations: a vmk by its Vnic's resource name or as the pack names it, blocked across VLANs with the K3 note", () => {
        const text = runs.byVnicName;
        assert.equal(text.code, 1, show(text));
        assert.match(text.stdout, /^Conversation vmotion-vmk on host-1001 <-> esxi-01 nic 0 in /);
        assert.match(text.stdout, /\nverdict: blocked/);
        assert.match(text.stdout, /\nnote: vmotion-vmk on host-1001 \(netstack vmotion\) uses a TCP\/IP stack of its own/);
        const json = runs.byVmkName;
        assert.equal(json.code, 0, show(json));
        const out = JSON.parse(json.stdout) as { from: { id: string; name: string; source: string }; verdict: string; legs: Array<{ hops: Array<{ rule: string; detail: string }> }> };
        assert.deepEqual(out.from, { id: "vnic:urn:pulumi:lab::nested-lab::vsphere:index/vnic:Vnic::lab-vmk", name: "lab-vmk on host-1002", source: "vm" });
        assert.equal(out.verdict, "reachable");
        assert.equal(out.legs[0].hops[0].rule, "K1");
        assert.match(out.legs[0].hops[0].detail, /^lab-vmk on host-1002 \(a VMkernel NIC of the host\) sends broadcast from 00:50:56:6a:10:02/);
    });
});
