/**
 * security-settings-least-privilege: an `accept` (or MAC learning) that no declared or implicit
 * conversation needs — proved by the simulator — or one set on a whole switch when only some of its
 * port groups need it.
 */
import type { StackValidationPolicy } from "@pulumi/policy";
import type { SecuritySetting, Withheld } from "../sim";
import { analysisFor, type Analysis } from "./analysis";
import { describeGaps } from "./gaps";
import { cite, hardeningFor } from "./hardening";
import { Namer, PROPERTY, SETTING_WORDS } from "./naming";
import { isolate, listSome, reporter, type Reporter } from "./report";
import { declareMacLearning, othersCaveat, placeOf, refreshOf, setThere } from "./inventory-advice";
import { POLICY_URL, scg8 } from "./frameworks";

export const securitySettingsLeastPrivilege: StackValidationPolicy = {
    name: "security-settings-least-privilege",
    description: "Promiscuous mode, forged transmits, MAC address changes and MAC learning are on only where a nested workload needs them, and on the port group rather than the whole switch.",
    enforcementLevel: "advisory",
    severity: "medium",
    tags: ["vsphere", "networking", "hardening", "least-privilege", "security"],
    url: POLICY_URL.leastPrivilege,
    framework: scg8(["promiscuous", "forgedTransmits", "macChanges", "macLearning"]),
    remediationSteps:
        "Set the named setting to false where nothing needs it. Where a switch-wide setting is needed by some port groups only, set it to false on the switch and true on those port groups (on a DistributedPortGroup only true overrides the switch).",
    validateStack: (args, rv) => {
        isolate(rv, "least privilege", () => {
            const a = analysisFor(args);
            if (a.modelErrors.length) return;
            const namer = new Namer(a.translation);
            const needs = a.needs();
            const r = reporter("security-settings-least-privilege", rv);
            for (const g of needs.unneeded) isolate(rv, `${g.setting} on ${g.portGroupId}`, () => reportUnneeded(a, namer, g.portGroupId, g.setting, r));
            isolate(rv, "switch-wide settings", () => reportSwitchWide(a, namer, r));
            isolate(rv, "withheld advice", () => reportWithheld(a, namer, r));
        });
    },
};

function reportUnneeded(a: Analysis, namer: Namer, pgId: string, setting: SecuritySetting | "macLearning", rv: Reporter): void {
    const pg = a.net.portGroups.get(pgId);
    if (!pg) return;
    const sw = a.net.switches.get(pg.switchId);
    const distributed = sw?.kind === "distributed";
    const ref = cite(hardeningFor(setting, distributed));
    const info = a.translation.objects.get(pgId);
    const there = info?.inventoryRef;
    if (setting === "macLearning") {
        // Declared in this pack's config, or read from vCenter: turned off where it is set.
        const how = !there
            ? "Turn it off"
            : there.source === "vcenter"
              ? `Turn it off on ${placeOf(there, info!.kind)}, not in this stack; ${refreshOf(there)}`
              : `Turn it off on ${placeOf(there, info!.kind)} (vSphere Client or PowerCLI), then ${declareMacLearning(there, false)}`;
        rv.violation(`MAC learning is ${there?.source === "vcenter" ? `on (${there.where})` : "declared"} on ${namer.object(pgId)} but no nested workload on it needs it. ${how} (${ref}).${there ? othersCaveat(there) : ""}`, namer.urn(pgId));
        return;
    }
    const s = pg.security[setting];
    const inherited = s.origin.kind === "inherited";
    // A value inherited from the switch is the switch's to fix; reportSwitchWide covers it.
    if (inherited) return;
    const why = s.origin.kind === "providerDefault" ? ` (it is the provider's default when ${PROPERTY[setting]} is unset)` : "";
    // A port group read from an inventory is changed where it lives, never in this stack or its config.
    const fix = there ? `It is not in this stack: ${setThere(there, info!.kind, setting, false)}; ${refreshOf(there)}` : `Set ${PROPERTY[setting]}: false`;
    rv.violation(
        `${SETTING_WORDS[setting]} is accepted on ${namer.object(pgId)}${why}, but no nested workload on it needs it: the simulator gives every conversation the same verdict without it. ${fix} (${ref}).${there ? othersCaveat(there) : ""}`,
        namer.urn(pgId),
    );
}

/** One advisory per port group whose needs cannot be judged: what is withheld, and why. */
function reportWithheld(a: Analysis, namer: Namer, rv: Reporter): void {
    const byGroup = new Map<string, Withheld[]>();
    for (const w of a.needs().withheld) byGroup.set(w.portGroupId, [...(byGroup.get(w.portGroupId) ?? []), w]);
    for (const [pgId, ws] of byGroup) {
        const settings = ws.map((w) => SETTING_WORDS[w.setting]);
        rv.violation(
            `Cannot tell whether ${namer.object(pgId)} needs ${settings.join(", ")}, so no least-privilege advice is given on it: ${describeGaps(ws.flatMap((w) => w.reasons), (id) => namer.endpoint(id))}.`,
            namer.urn(pgId),
            { level: "advisory" },
        );
    }
}

/** A switch-level accept: who inherits it and who needs it. */
function reportSwitchWide(a: Analysis, namer: Namer, rv: Reporter): void {
    // Port groups the input does not show may inherit a switch's setting: say nothing about switches.
    if (a.partial) return;
    const needed = new Set(a.needs().needed.map((n) => `${n.portGroupId}|${n.setting}`));
    // Withheld port groups count as needing it: nothing may be advised from what cannot be judged.
    for (const w of a.needs().withheld) needed.add(`${w.portGroupId}|${w.setting}`);
    for (const sw of a.net.model.switches) {
        for (const setting of ["promiscuous", "forgedTransmits", "macChanges"] as SecuritySetting[]) {
            if (sw.security[setting].value !== "accept") continue;
            const info = a.translation.objects.get(sw.id);
            if (!info || info.kind === "implicit") continue;
            const groups = (a.net.switchGroups.get(sw.id) ?? []).filter((g) => g.security[setting].origin.kind === "inherited");
            const needing = groups.filter((g) => needed.has(`${g.id}|${setting}`));
            const ref = cite(hardeningFor(setting, sw.kind === "distributed"));
            const why = sw.security[setting].origin.kind === "providerDefault" ? ` (the provider's default when ${PROPERTY[setting]} is unset)` : "";
            if (needing.length === 0) {
                const reach = groups.length ? `it reaches ${groups.length} port group(s) (${listSome(groups.map((g) => namer.name(g.id)))}) and none needs it` : "no port group in this stack inherits it";
                rv.violation(`${SETTING_WORDS[setting]} is accepted on the whole ${namer.object(sw.id)}${why}: ${reach}. Set ${PROPERTY[setting]}: false on the switch (${ref}).`, info.urn);
            } else if (needing.length < groups.length) {
                const rest = groups.filter((g) => !needing.includes(g));
                rv.violation(`${SETTING_WORDS[setting]} is accepted on the whole ${namer.object(sw.id)}, but only ${listSome(needing.map((g) => namer.name(g.id)))} need(s) it; ${listSome(rest.map((g) => namer.name(g.id)))} inherit(s) it for nothing. Set ${PROPERTY[setting]}: false on the switch and true on ${listSome(needing.map((g) => namer.name(g.id)))} (${ref}).`, info.urn);
            }
        }
    }
}
