/**
 * prefer-mac-learning: promiscuous mode used for nested workloads on a distributed port group where
 * MAC learning would do (vSphere 6.7+, switch 6.6.0+): same verdicts, no copies of everyone's traffic.
 */
import type { StackValidationPolicy } from "@pulumi/policy";
import { VERDICT_ORDER, type Change, type ConversationResult } from "../sim";
import type { ConversationInfo } from "../translate";
import { analysisFor } from "./analysis";
import { Namer } from "./naming";
import { isolate, reporter } from "./report";
import { POLICY_URL } from "./frameworks";

export const preferMacLearning: StackValidationPolicy = {
    name: "prefer-mac-learning",
    description: "Nested workloads on distributed port groups use MAC learning rather than promiscuous mode where the switch supports it.",
    enforcementLevel: "advisory",
    severity: "low",
    tags: ["vsphere", "networking", "nested-virtualization", "performance"],
    url: POLICY_URL.macLearning,
    remediationSteps:
        "Enable MAC learning on the port group (vSphere Client or PowerCLI; the provider cannot set it), declare it in the policy config's `macLearning`, keep allowForgedTransmits: true, and set allowPromiscuous: false.",
    validateStack: (args, rv) => {
        isolate(rv, "MAC learning instead of promiscuous", () => {
            const a = analysisFor(args);
            if (a.modelErrors.length) return;
            const namer = new Namer(a.translation);
            const r = reporter("prefer-mac-learning", rv);
            const verdicts = a.verdicts();
            // Conversations by their two ends, built once (a need names the conversations it serves).
            const byPair = new Map<string, Array<[ConversationInfo, ConversationResult]>>();
            for (const entry of verdicts) {
                const k = `${entry[0].a}\u0000${entry[0].b}`;
                const list = byPair.get(k);
                if (list) list.push(entry);
                else byPair.set(k, [entry]);
            }
            for (const need of a.needs().needed) {
                if (need.setting !== "promiscuous") continue;
                isolate(rv, `promiscuous on ${need.portGroupId}`, () => {
                    const pg = a.net.portGroups.get(need.portGroupId);
                    const sw = pg && a.net.switches.get(pg.switchId);
                    if (!pg || sw?.kind !== "distributed" || !sw.macLearningSupported || pg.macLearning?.enabled) return;
                    const swap: Change[] = [
                        { kind: "setting", objectId: pg.id, scope: "portGroup", setting: "promiscuous", value: "reject" },
                        { kind: "macLearning", portGroupId: pg.id, enabled: true },
                    ];
                    const touching = [...new Set(need.conversations.map((n) => `${n.a}\u0000${n.b}`))].flatMap((k) => byPair.get(k) ?? []);
                    // Judged with every failing conversation's own fix applied: what they will need once they work.
                    const needs = a.needs();
                    const after = a.verdictsWith(
                        [...needs.repairs, ...swap],
                        touching.map(([c]) => c),
                    );
                    const ok = touching.every(([c, before], i) => VERDICT_ORDER.indexOf(after[i]) >= VERDICT_ORDER.indexOf(needs.repaired.get(c) ?? before.verdict));
                    if (!ok) return;
                    r.violation(
                        `${namer.object(pg.id)} accepts promiscuous mode for ${touching.length} nested conversation(s), and MAC learning would serve them all: switch ${namer.name(sw.id)} supports it. Promiscuous mode copies every frame of the port group to each nested hypervisor; MAC learning delivers only their own. Enable MAC learning (outside Pulumi), declare it in policy config "macLearning": { "${namer.name(pg.id)}": { "enabled": true } }, and set allowPromiscuous: false.`,
                        namer.urn(pg.id),
                    );
                });
            }
        });
    },
};
