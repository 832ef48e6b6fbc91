/**
 * `vsnet explain [policy]`: what a policy checks and why, its level and severity, the remediation
 * and the hardening rules it cites. The metadata comes from the policy objects themselves
 * (policies/), the hardening ids from policies/hardening.ts; only the "why" prose and which
 * settings each policy reasons about live here.
 */
import type { Policy, PolicyConfigSchema } from "@pulumi/policy";
import type { SecuritySetting } from "../sim";
import { policies } from "../policies";
import { DISTRIBUTED, MAC_LEARNING, STANDARD, type HardeningRef } from "../policies/hardening";
import { PROPERTY, SETTING_WORDS } from "../policies/naming";
import { findRule } from "../policies/rule-dictionary";
import { CliError, EXIT } from "./errors";
import { palette } from "./io";
import { TOOL } from "./tool";

type Checked = SecuritySetting | "macLearning";

/** Why each policy exists, for the reader who asks "why should I care?". */
export const WHY: Record<string, string> = {
    "nested-workloads-reachable":
        "A nested hypervisor's guests send frames from MACs vSphere never assigned, and receive frames addressed to those MACs; a vSphere switch drops both unless forged transmits, MAC learning or promiscuous mode (and MAC address changes, VLAN trunks) let them through. Nothing fails at deploy time: the VMs come up and the guests simply cannot talk. The pack simulates every conversation frame by frame, so the finding names the hop, the rule and the setting that drop the frame, and the smallest change that heals it.",
    "security-settings-explicit":
        "An unset security setting gets a value that depends on the resource type and the provider version: a HostVirtualSwitch defaults forged transmits and MAC changes to Accept (T1), provider 4.15.0 and later send an unset HostPortGroup value as an explicit Reject instead of inheriting from the switch (T2), and a DistributedPortGroup ignores false (T3). Writing all three settings down makes the code show what vSphere applies.",
    "uplink-teaming":
        "Nested labs lose frames to teams that look fine in the vSphere Client: IP hash without an EtherChannel makes the physical switch see each nested guest's MAC hop between ports, beacon probing fails uplinks over for no reason with IP hash or guest tagging, and without notify switches the physical tables lag after a failover. None of this stops a frame in the simulator; all of it stops frames in a real lab.",
    "security-settings-least-privilege":
        "Promiscuous mode lets a port receive other VMs' unicast traffic; forged transmits and MAC address changes let a guest send as someone else. The hardening guides want all three rejected; a nested lab needs some of them on some port groups. The simulator proves which accepts a conversation really needs (flip it and the verdict gets worse), so every other accept can be turned off, and a switch-wide accept narrowed to the port groups that need it.",
    "promiscuous-exposure":
        "A promiscuous port receives a copy of the unicast frames of the other VMs on the same host and port group (and, per older VMware text, of other port groups of the switch in the same VLAN). Sharing such a port group with VMs that are not part of the nested workload lets the nested hypervisor or container host read their traffic.",
    "prefer-mac-learning":
        "MAC learning (vSphere 6.7 and later, distributed switch 6.6.0 and later) delivers to a nested hypervisor only the frames for the MACs it has seen behind its port; promiscuous mode copies every frame of the port group to it, which costs CPU in the nested host, duplicates frames when the host has several uplinks, and exposes other VMs' traffic.",
    "duplicate-mac-addresses":
        "Two endpoints with one MAC in one layer-2 domain confuse every switch's MAC table: frames for one are delivered to the other, and the conversation breaks intermittently. Nested ESXi hosts cloned from one template keep the template's vmk0 MAC, the usual cause.",
    "policy-waivers":
        "A guardrail that cannot be waived gets disabled wholesale. A waiver accepts one known exception, with its reason, without losing the check everywhere else; this policy keeps waivers honest by listing what they hid in this run and by reporting the ones that expired, match nothing any more, or are malformed.",
};

/** The settings each policy reasons about (which hardening rules it cites). */
const CHECKS: Record<string, Array<{ setting: Checked; switches: Array<"standard" | "distributed"> }>> = {
    "security-settings-least-privilege": [
        { setting: "promiscuous", switches: ["standard", "distributed"] },
        { setting: "forgedTransmits", switches: ["standard", "distributed"] },
        { setting: "macChanges", switches: ["standard", "distributed"] },
        { setting: "macLearning", switches: ["distributed"] },
    ],
    "security-settings-explicit": [
        { setting: "promiscuous", switches: ["standard", "distributed"] },
        { setting: "forgedTransmits", switches: ["standard", "distributed"] },
        { setting: "macChanges", switches: ["standard", "distributed"] },
    ],
    "promiscuous-exposure": [{ setting: "promiscuous", switches: ["standard", "distributed"] }],
    "prefer-mac-learning": [
        { setting: "promiscuous", switches: ["distributed"] },
        { setting: "macLearning", switches: ["distributed"] },
    ],
};

export interface HardeningLine {
    setting: string;
    property: string | null;
    switch: "standard" | "distributed";
    scg8: string;
    scg9: string;
    stig: string[];
}

export function hardeningOf(name: string): HardeningLine[] {
    const out: HardeningLine[] = [];
    for (const c of CHECKS[name] ?? []) {
        for (const sw of c.switches) {
            const ref: HardeningRef = c.setting === "macLearning" ? MAC_LEARNING : (sw === "standard" ? STANDARD : DISTRIBUTED)[c.setting];
            out.push({ setting: SETTING_WORDS[c.setting], property: c.setting === "macLearning" ? null : PROPERTY[c.setting], switch: sw, scg8: ref.scg8, scg9: ref.scg9, stig: ref.stig });
        }
    }
    return out;
}

function policyType(p: Policy): "resource" | "stack" {
    return "validateStack" in p ? "stack" : "resource";
}

function wrap(text: string, width: number, prefix: string): string {
    const out: string[] = [];
    for (const para of text.split("\n")) {
        let line = "";
        for (const word of para.split(/\s+/).filter(Boolean)) {
            if (line && (prefix + line + " " + word).length > width) {
                out.push(prefix + line);
                line = word;
            } else line = line ? `${line} ${word}` : word;
        }
        out.push(prefix + line);
    }
    return out.join("\n");
}

function firstSentence(text: string): string {
    const m = /^(.+?[.!?])(\s|$)/s.exec(text);
    return (m ? m[1] : text).replace(/\s+/g, " ");
}

export function listPolicies(color: boolean): string {
    const p = palette(color);
    const width = Math.max(...policies.map((x) => x.name.length));
    const lines = [`${p.bold("Policies")} of vsphere-nested-networking v${TOOL.version} (\`vsnet explain <policy>\` for one of them):`, ""];
    for (const pol of policies) {
        const what = firstSentence(pol.description);
        lines.push(`  ${pol.name.padEnd(width)}  ${(pol.enforcementLevel ?? "advisory").padEnd(9)}  ${(pol.severity ?? "-").padEnd(6)}  ${what.length > 72 ? `${what.slice(0, 71)}…` : what}`);
    }
    return lines.join("\n") + "\n";
}

function configLines(schema: PolicyConfigSchema | undefined): string[] {
    const props = Object.entries(schema?.properties ?? {});
    if (props.length === 0) return [];
    const width = Math.max(...props.map(([k]) => k.length));
    return props.map(([k, s]) => {
        const d = typeof (s as { description?: unknown }).description === "string" ? (s as { description: string }).description : "";
        return `  ${k.padEnd(width)}  ${d}`;
    });
}

/** `vsnet explain S1`: one rule id of a trace or finding. */
export function explainRule(id: string, color: boolean): string | undefined {
    const r = findRule(id);
    if (!r) return undefined;
    const p = palette(color);
    const where = r.kind === "forwarding" ? "a hop of a trace" : r.kind === "provider" ? "how the stack is read" : "advice; it changes no verdict";
    return [`${p.bold(r.id)}  ${r.family}${r.assumed ? " (assumed: the public sources do not settle it)" : ""}`, `  where: ${where}`, wrap(r.summary, 100, "  "), "", "  All rules: docs/RULES.md"].join("\n") + "\n";
}

export function explainPolicy(name: string, color: boolean): string {
    const pol = policies.find((x) => x.name === name);
    if (!pol) {
        const rule = explainRule(name, color);
        if (rule) return rule;
        throw new CliError(`no policy or rule named ${JSON.stringify(name)}; the policies are ${policies.map((x) => x.name).join(", ")}, and the rule ids are listed in docs/RULES.md`, EXIT.USAGE);
    }
    const p = palette(color);
    const lines: string[] = [];
    lines.push(p.bold(pol.name));
    lines.push(`  enforcement level: ${pol.enforcementLevel ?? "advisory"} (default; change it in the policy config)   severity: ${pol.severity ?? "-"}   type: ${policyType(pol)} policy`);
    if (pol.tags?.length) lines.push(`  tags: ${pol.tags.join(", ")}`);
    lines.push("", p.bold("What it checks"), wrap(pol.description, 100, "  "));
    lines.push("", p.bold("Why"), wrap(WHY[pol.name] ?? "(no rationale recorded)", 100, "  "));
    lines.push("", p.bold("Remediation"), wrap(pol.remediationSteps ?? "(none given)", 100, "  "));
    lines.push("", p.bold("Hardening references"));
    const refs = hardeningOf(pol.name);
    if (refs.length === 0) lines.push("  none: this policy is about connectivity, not about a hardening rule.");
    for (const r of refs) {
        lines.push(`  ${r.setting}${r.property ? ` (${r.property})` : ""}, ${r.switch} switch: ${r.scg8} (SCG 8), ${r.scg9} (SCG 9); DISA STIG ${r.stig.join(", ")}`);
    }
    if (pol.url) lines.push("", `More: ${pol.url}`);
    const cfg = configLines(pol.configSchema);
    if (cfg.length) lines.push("", p.bold(`Configuration`) + ` (policy config "${pol.name}")`, ...cfg);
    return lines.join("\n") + "\n";
}
