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
import type { Analysis } from "./analysis";
import { declareMacLearning, othersCaveat, placeOf, refreshOf, setThere } from "./inventory-advice";
import { POLICY_URL } from "./frameworks";

export const preferMacLearning: StackValidationPolicy = {
    name: "prefer-mac-learning",
    description: "Nested workloads on distributed port groups use MAC learning rather than promiscuous mode where the switch supports it.",
    enforcementLevel: "advisory",
    severity: "low",
    tags: ["vsphere", "networking", "nested-virtualization", "performance"],
    url: POLICY_URL.macLearning,
    remediationSteps:
        "Enable MAC learning on the port group (vSphere Client or PowerCLI; the provider cannot set it), declare it in the policy config's `macLearning`, keep allowForgedTransmits: true, and set allowPromiscuous: false. A port group read from an inventory is changed where it lives: in vCenter (then take a new inventory), or in the stack that owns it (its resource's URN is named).",
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
                        `${namer.object(pg.id)} accepts promiscuous mode for ${touching.length} nested conversation(s), and MAC learning would serve them all: switch ${namer.name(sw.id)} supports it. Promiscuous mode copies every frame of the port group to each nested hypervisor; MAC learning delivers only their own. ${whatToDo(a, namer, pg.id)}`,
                        namer.urn(pg.id),
                    );
                });
            }
        });
    },
};

/**
 * The swap, where the port group really lives: this stack (MAC learning set outside Pulumi and
 * declared in the pack's config), vCenter (both changed there, seen in the next inventory), or
 * another stack (promiscuous mode in its program, MAC learning declared here: an export cannot hold it).
 */
function whatToDo(a: Analysis, namer: Namer, pgId: string): string {
    const info = a.translation.objects.get(pgId);
    const ref = info?.inventoryRef;
    if (!info || !ref) {
        return `Enable MAC learning (outside Pulumi), declare it in policy config "macLearning": { "${namer.name(pgId)}": { "enabled": true } }, and ${promiscuousOffHere(a, namer, pgId)}.`;
    }
    if (ref.source === "vcenter") {
        return `The port group is not in this stack: enable MAC learning on ${placeOf(ref, info.kind)} (vSphere Client or PowerCLI), set its Promiscuous mode to Reject and keep Forged transmits at Accept; ${refreshOf(ref)}.`;
    }
    return (
        `The port group is not in this stack but ${placeOf(ref, info.kind)}: enable MAC learning on it (the provider cannot set it: vSphere Client or PowerCLI); ` +
        `in that stack's program ${setThere(ref, info.kind, "promiscuous", false, "it")}; ${declareMacLearning(ref, true)}; ${refreshOf(ref)}.${othersCaveat(ref)}`
    );
}

/**
 * Promiscuous mode off on a DistributedPortGroup of this stack, as the provider applies it: its
 * `false` is not sent (T3), so an own `true` is removed, and a switch that accepts is set to false.
 */
function promiscuousOffHere(a: Analysis, namer: Namer, pgId: string): string {
    const pg = a.net.portGroups.get(pgId);
    const sw = pg && a.net.switches.get(pg.switchId);
    if (!pg || !sw) return "turn promiscuous mode off";
    const onSwitch = sw.security.promiscuous.value === "accept" ? `set allowPromiscuous: false on ${namer.object(sw.id)}` : "";
    if (pg.security.promiscuous.origin.kind === "inherited") return `${onSwitch || "turn promiscuous mode off on its switch"} (the port group inherits it)`;
    return `remove allowPromiscuous from the port group (the provider does not send false on a DistributedPortGroup, T3)${onSwitch ? `, and ${onSwitch}` : ""}`;
}
