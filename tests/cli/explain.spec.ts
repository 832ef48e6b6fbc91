/** `vsnet explain`: metadata straight from the policy objects, hardening ids from policies/hardening.ts. */
import assert from "node:assert/strict";
import { explainPolicy, hardeningOf, listPolicies } from "../../cli/explain";
import { DISTRIBUTED, MAC_LEARNING, STANDARD } from "../../policies/hardening";
import { policies } from "../../policies";
import { show, vsnet } from "./run";

describe("vsnet explain", function () {
    this.timeout(30_000);

    it("lists every policy with its default level and severity (subprocess)", async () => {
        const r = await vsnet(["explain"]);
        assert.equal(r.code, 0, show(r));
        for (const p of policies) assert.match(r.stdout, new RegExp(`\\n {2}${p.name} +${p.enforcementLevel ?? "advisory"} +${p.severity ?? "-"} `), p.name);
    });

    it("explains one policy: what, why, level, severity, remediation, hardening ids (subprocess)", async () => {
        const r = await vsnet(["explain", "security-settings-least-privilege"]);
        assert.equal(r.code, 0, show(r));
        const p = policies.find((x) => x.name === "security-settings-least-privilege")!;
        assert.match(r.stdout, /^security-settings-least-privilege\n {2}enforcement level: advisory \(default; change it in the policy config\) {3}severity: medium {3}type: stack policy\n/);
        const flat = r.stdout.replace(/\n {2}/g, " ");
        assert.ok(flat.includes(p.description), "the policy's own description");
        assert.ok(flat.includes(p.remediationSteps!), "the policy's own remediation");
        assert.match(r.stdout, /\nWhy\n {2}Promiscuous mode lets a port receive/);
        for (const ref of [STANDARD.promiscuous, DISTRIBUTED.forgedTransmits, DISTRIBUTED.macChanges, MAC_LEARNING]) {
            assert.ok(r.stdout.includes(ref.scg8) && r.stdout.includes(ref.scg9), ref.scg8);
            for (const id of ref.stig) assert.ok(r.stdout.includes(id), id);
        }
    });

    it("every policy can be explained; connectivity policies say they cite no hardening rule; config properties are listed", () => {
        for (const p of policies) {
            const text = explainPolicy(p.name, false);
            assert.ok(text.startsWith(`${p.name}\n`), p.name);
            assert.ok(text.replace(/\n {2}/g, " ").includes(p.description), p.name);
            assert.ok(!text.includes("\u001b["), "no ANSI codes");
        }
        const reach = explainPolicy("nested-workloads-reachable", false);
        assert.match(reach, /Hardening references\n {2}none: this policy is about connectivity/);
        assert.match(reach, /\nConfiguration \(policy config "nested-workloads-reachable"\)\n {2}workloads +Workloads to connect: a nested guest or a nested ESXi's vmk \(nestedIn\), a VM's own NIC \(vm\), a device on the physical network \(external\), a host's VMkernel NIC \(vnic\)\./);
        assert.deepEqual(hardeningOf("promiscuous-exposure").map((h) => `${h.switch} ${h.scg8}`), [`standard ${STANDARD.promiscuous.scg8}`, `distributed ${DISTRIBUTED.promiscuous.scg8}`]);
        assert.ok(explainPolicy("prefer-mac-learning", true).startsWith("\u001b[1mprefer-mac-learning\u001b[22m\n"), "bold on a terminal");
        assert.ok(listPolicies(false).includes("duplicate-mac-addresses"));
    });
});
