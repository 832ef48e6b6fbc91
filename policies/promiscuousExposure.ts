/**
 * promiscuous-exposure: a promiscuous port group whose ports can observe the unicast traffic of VMs
 * that are not part of any nested workload (S3: same host; own port group for certain, other port
 * groups of the switch sharing a VLAN per older VMware text); and frames `txUplink` copies onto the
 * physical network (X1), where promiscuous ports on other hosts may see them.
 */
import type { StackValidationPolicy } from "@pulumi/policy";
import { analysisFor } from "./analysis";
import { exposureViews } from "./exposureView";
import { describeGaps } from "./gaps";
import { livesElsewhere } from "./inventory-advice";
import { Namer } from "./naming";
import { exposureNetstackNote } from "./netstack";
import { reportTxUplink } from "./port-advice";
import { isolate, listSome, reporter } from "./report";
import { POLICY_URL, scg8 } from "./frameworks";

export const promiscuousExposure: StackValidationPolicy = {
    name: "promiscuous-exposure",
    description: "Promiscuous port groups do not expose the traffic of VMs that are not part of a nested workload, and txUplink does not copy it onto the physical network where they may see it.",
    enforcementLevel: "advisory",
    severity: "high",
    tags: ["vsphere", "networking", "security"],
    url: POLICY_URL.exposure,
    framework: scg8(["promiscuous"]),
    remediationSteps:
        "Give the nested hypervisors or containers a port group of their own, or replace promiscuous mode with MAC learning (distributed switch 6.6+), so other VMs' frames are not copied to them; remove txUplink: true where nothing on the physical network needs the copies (on the switch when port groups inherit it: their false is not sent).",
    validateStack: (args, rv) => {
        isolate(rv, "promiscuous exposure", () => {
            const a = analysisFor(args);
            if (a.modelErrors.length) return;
            const namer = new Namer(a.translation);
            const r = reporter("promiscuous-exposure", rv);
            for (const v of exposureViews(a)) {
                isolate(rv, `exposure of ${v.portGroupId}`, () => {
                    const gaps = a.gaps.get(v.portGroupId);
                    if (gaps) {
                        // Who is part of a nested workload is not fully known here: say so instead of naming VMs.
                        r.violation(`Cannot tell whose traffic the promiscuous ports of ${namer.object(v.portGroupId)} expose beyond the nested workloads: ${describeGaps(gaps, (id) => namer.endpoint(id))}.`, namer.urn(v.portGroupId), { level: "advisory" });
                        return;
                    }
                    const names = (s: Set<string>) => listSome([...s].map((id) => namer.endpoint(id)));
                    const parts: string[] = [];
                    if (v.narrow.size) parts.push(`observe the unicast of ${v.narrow.size} VM NIC(s) on the same port group and host: ${names(v.narrow)}`);
                    if (v.wide.size) parts.push(`may observe ${v.wide.size} more on other port groups of the switch that share a VLAN (older VMware text; newer says own port group only): ${names(v.wide)}`);
                    if (v.maybe.size) parts.push(`may observe ${v.maybe.size} more wherever DRS puts them on the same host: ${names(v.maybe)}`);
                    const who = listSome([...new Set(v.observers.map((p) => a.net.ports.get(p)?.label ?? p))], 3);
                    const k3 = exposureNetstackNote(a.translation, (id) => namer.endpoint(id), [...v.narrow, ...v.wide, ...v.maybe]);
                    r.violation(
                        `${v.unknown ? "If promiscuous mode turns out accepted (unknown during preview), the" : "The"} promiscuous ports of ${namer.object(v.portGroupId)} (${who}) ${parts.join("; ")}. None of these is part of a nested workload.${k3 ? ` ${k3}` : ""}${livesElsewhere(a.translation.objects.get(v.portGroupId), "promiscuous mode")}`,
                        namer.urn(v.portGroupId),
                    );
                });
            }
            isolate(rv, "copies out an uplink", () => reportTxUplink(a, namer, r));
        });
    },
};
