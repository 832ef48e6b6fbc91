/**
 * uplink-teaming: teams that forward today but break or flap — IP hash without an EtherChannel or
 * with idle uplinks (L1, U7), LACP asked of a standard switch, beacon probing where it is
 * unsupported, notify switches off for nested hypervisors (U8). The simulator decides these
 * (sim/analysis/teaming.ts); this file words them.
 */
import type { StackValidationPolicy } from "@pulumi/policy";
import { teamingAdvice, type TeamAdvice } from "../sim/analysis/teaming";
import { analysisFor } from "./analysis";
import { livesElsewhere } from "./inventory-advice";
import { Namer } from "./naming";
import { DECLARING_POLICY } from "./sharedConfig";
import { isolate, listSome, reporter } from "./report";
import { POLICY_URL } from "./frameworks";

export const uplinkTeaming: StackValidationPolicy = {
    name: "uplink-teaming",
    description: "NIC teams of port groups that carry nested workloads are consistent with the physical side: IP hash only over a static EtherChannel with every uplink active, beacon probing only where supported, switches notified after a failover.",
    enforcementLevel: "advisory",
    severity: "medium",
    tags: ["vsphere", "networking", "teaming", "nested-virtualization"],
    url: POLICY_URL.teaming,
    remediationSteps:
        "For IP hash: put every uplink of the team in one static EtherChannel on the physical switch, make all of them active, use link-status failure detection, and declare it in policy config hosts.<host>.portChannel: \"static\"; or use loadbalance_srcid. Turn beacon probing off with IP hash, LACP or guest VLAN tagging. Leave notifySwitches on.",
    validateStack: (args, rv) => {
        isolate(rv, "uplink teaming", () => {
            const a = analysisFor(args);
            if (a.modelErrors.length) return;
            const namer = new Namer(a.translation);
            const r = reporter("uplink-teaming", rv);
            for (const adv of teamingAdvice(a.net)) isolate(rv, `${adv.kind} on ${adv.portGroupId}`, () => r.violation(words(namer, adv) + livesElsewhere(a.translation.objects.get(adv.teamFrom), "team"), namer.urn(adv.portGroupId) ?? namer.urn(adv.teamFrom)));
        });
    },
};

function words(namer: Namer, adv: TeamAdvice): string {
    const pg = namer.object(adv.portGroupId);
    const from = adv.teamFrom === adv.portGroupId ? "" : ` (its team is inherited from ${namer.object(adv.teamFrom)})`;
    const hosts = `host${adv.hostIds.length > 1 ? "s" : ""} ${listSome(adv.hostIds, 3)}`;
    const declare = `policy config ${DECLARING_POLICY}.hosts["${adv.hostIds[0]}"].portChannel`;
    switch (adv.kind) {
        case "ip-hash-partial-team":
            return `${pg}${from} balances by IP hash but leaves ${listSome(adv.idle ?? [], 4)} standby or unused on ${hosts} [L1]: IP hash needs every uplink of the team active and in one EtherChannel. Make them all active, or use loadbalance_srcid.`;
        case "ip-hash-channel-unverified":
            return `${pg}${from} balances by IP hash on ${hosts} [L1]: that requires a static EtherChannel on the physical switch, which the stack cannot show — unverified. Without it the physical switch sees nested guests' MACs move between ports (MAC flapping, lost frames, U7). Declare the channel in ${declare}: "static" (or "none" to have it checked), or use loadbalance_srcid.`;
        case "ip-hash-no-channel":
            return `${pg}${from} balances by IP hash on ${hosts}, declared without a port channel [L1, U7]: one MAC leaves by several uplinks, so the physical switch relearns it port after port (MAC flapping) and nested guests lose frames. Configure a static EtherChannel on the physical side or use loadbalance_srcid.`;
        case "ip-hash-lacp-on-standard":
            return `${pg}${from} is on a standard switch with IP hash, and ${hosts} declare LACP on the physical side [L1]: standard switches do static EtherChannel only. Use a static channel, or a distributed switch with LACP.`;
        case "beacon-unsupported":
            return `${pg}${from} uses beacon probing together with ${adv.with === "ip-hash" ? "IP hash" : adv.with === "lacp" ? "LACP" : "guest VLAN tagging"} on ${hosts} [U8]: an unsupported combination that can fail uplinks over for no reason. Use link status only (checkBeacon: false).`;
        case "notify-off":
            return `${pg}${from} does not notify the physical switches after a failover on ${hosts}, where nested hypervisors run [U8]: the physical tables keep pointing at the failed uplink until the guests speak again (and notification announces only the ports' own MACs, never the nested guests'). Set notifySwitches: true.`;
    }
}
