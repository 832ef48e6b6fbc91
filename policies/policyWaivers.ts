/**
 * policy-waivers: runs last. Lists what was waived in this run and why, reports waivers that
 * expired (they no longer apply) or matched nothing (stale), and waivers that are malformed.
 */
import type { StackValidationPolicy } from "@pulumi/policy";
import { grouped, isolate, listSome, pathKind, report, summarise } from "./report";
import { stackLedger } from "./requestContext";
import { currentWaivers, isExpired, type Waiver } from "./waivers";
import { DECLARING_POLICY } from "./sharedConfig";
import { POLICY_URL } from "./frameworks";

export const POLICY_WAIVERS = "policy-waivers";

/** Waived findings listed one by one in the summary; the rest are counted. */
const MAX_LISTED = 100;

function describe(w: Waiver): string {
    const extra = [w.workload ? `workload ${w.workload}` : "", w.ticket ? `ticket ${w.ticket}` : "", w.expires ? `expires ${w.expires}` : ""].filter(Boolean).join(", ");
    return `waivers[${w.index}] (${w.policy} on ${w.resource}${extra ? `, ${extra}` : ""})`;
}

export const policyWaivers: StackValidationPolicy = {
    name: POLICY_WAIVERS,
    description: "Summarises the findings waived in this run with their reasons, and reports waivers that are malformed, expired or stale.",
    enforcementLevel: "advisory",
    severity: "low",
    tags: ["vsphere", "governance"],
    url: POLICY_URL.waivers,
    remediationSteps: `Waivers live in the config of ${DECLARING_POLICY} under "waivers". Give each a reason; renew or remove expired ones; remove waivers that no longer match any finding.`,
    validateStack: (args, rv) => {
        isolate(rv, "waivers", () => {
            {
                const urns: string[] = [];
                for (const r of args.resources ?? []) if (typeof r?.urn === "string") urns.push(r.urn);
                const ledger = stackLedger(urns);
                const { waivers, errors } = currentWaivers();
                const invalid = (e: { path: string; message: string }) => `Invalid waiver: policy config ${DECLARING_POLICY}.${e.path} ${e.message}. The waiver is ignored.`;
                grouped(
                    errors,
                    (e) => `${pathKind(e.path)}\u0000${e.message}`,
                    (e) => report(rv, invalid(e), undefined, "mandatory"),
                    (g) => report(rv, summarise(g.length, `invalid waivers (policy config ${DECLARING_POLICY}.${pathKind(g[0].path)} ${g[0].message}); they are ignored`, g.map(invalid)), undefined, "mandatory"),
                );
                const expired = (w: Waiver) => `${describe(w)} expired on ${w.expires}: it no longer applies and its findings are reported again. Reason given: ${w.reason}`;
                const stale = (w: Waiver) => `${describe(w)} matched no finding in this run (stale, or its policy is disabled): remove it so it does not outlive its reason. Reason given: ${w.reason}`;
                const notApplied = waivers.filter((w) => isExpired(w) || !ledger.matched.has(w.index));
                grouped(
                    notApplied,
                    (w) => (isExpired(w) ? "expired" : "stale"),
                    (w) => report(rv, isExpired(w) ? expired(w) : stale(w), undefined, "advisory"),
                    (g, k) => report(rv, k === "expired" ? summarise(g.length, "waivers expired: they no longer apply and their findings are reported again", g.map(expired)) : summarise(g.length, "waivers matched no finding in this run (stale, or their policy is disabled): remove them so they do not outlive their reason", g.map(stale)), undefined, "advisory"),
                );
                if (ledger.waived.length) {
                    const lines = ledger.waived.map((f) => `- ${f.policy} on ${f.urn ? f.urn.slice(f.urn.lastIndexOf("::") + 2) : "(stack)"}: ${f.message.split("\n")[0]} — waived by ${describe(f.waiver)}: ${f.waiver.reason}`);
                    const policies = [...new Set(ledger.waived.map((f) => f.policy))];
                    const more = lines.length > MAX_LISTED ? `\n… and ${lines.length - MAX_LISTED} more.` : "";
                    report(rv, `${ledger.waived.length} finding(s) waived in this run (${listSome(policies)}):\n${lines.slice(0, MAX_LISTED).join("\n")}${more}`, undefined, "advisory");
                }
            }
        });
    },
};
