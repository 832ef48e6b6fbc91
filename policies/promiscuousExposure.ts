/**
 * promiscuous-exposure: a promiscuous port group whose ports can observe the unicast traffic of VMs
 * that are not part of any nested workload (S3: same host; own port group for certain, other port
 * groups of the switch sharing a VLAN per older VMware text).
 */
import type { StackValidationPolicy } from "@pulumi/policy";
import type { Exposure } from "../sim";
import { analysisFor, type Analysis } from "./analysis";
import { Namer } from "./naming";
import { isolate, listSome, reporter } from "./report";

export const promiscuousExposure: StackValidationPolicy = {
    name: "promiscuous-exposure",
    description: "Promiscuous port groups do not expose the traffic of VMs that are not part of a nested workload.",
    enforcementLevel: "advisory",
    severity: "high",
    tags: ["vsphere", "networking", "security"],
    remediationSteps:
        "Give the nested hypervisors or containers a port group of their own, or replace promiscuous mode with MAC learning (distributed switch 6.6+), so other VMs' frames are not copied to them.",
    validateStack: (args, rv) => {
        isolate(rv, "promiscuous exposure", () => {
            const a = analysisFor(args);
            if (a.modelErrors.length) return;
            const namer = new Namer(a.translation);
            const r = reporter("promiscuous-exposure", rv);
            const involved = workloadEndpoints(a);
            const byGroup = new Map<string, Exposure[]>();
            for (const e of a.exposure()) byGroup.set(e.portGroupId, [...(byGroup.get(e.portGroupId) ?? []), e]);
            for (const [pgId, exposures] of byGroup) {
                isolate(rv, `exposure of ${pgId}`, () => {
                    // The observers are the ports whose guest asks for promiscuous mode: nested hypervisors and
                    // bridges, i.e. ports with workloads behind them. What they see of everyone else is exposure.
                    const observers = exposures.flatMap((e) => e.portIds).filter((p) => (a.net.behind.get(p) ?? []).some((x) => x.kind === "guest"));
                    if (observers.length === 0) return;
                    const own = new Set(observers.flatMap((p) => (a.net.behind.get(p) ?? []).map((x) => x.id)));
                    const narrow = new Set<string>();
                    const wide = new Set<string>();
                    const maybe = new Set<string>();
                    for (const e of exposures) {
                        for (const o of e.observes) {
                            if (own.has(o.endpoint) || involved.has(o.endpoint)) continue;
                            const name = namer.endpoint(o.endpoint);
                            if (!o.certain) maybe.add(name);
                            else if (o.scope === "narrow") narrow.add(name);
                            else wide.add(name);
                        }
                    }
                    for (const n of narrow) {
                        wide.delete(n);
                        maybe.delete(n);
                    }
                    for (const n of wide) maybe.delete(n);
                    if (!narrow.size && !wide.size && !maybe.size) return;
                    const unknown = exposures.some((e) => e.promiscuous === "unknown");
                    const parts: string[] = [];
                    if (narrow.size) parts.push(`observe the unicast of ${narrow.size} VM NIC(s) on the same port group and host: ${listSome([...narrow])}`);
                    if (wide.size) parts.push(`may observe ${wide.size} more on other port groups of the switch that share a VLAN (older VMware text; newer says own port group only): ${listSome([...wide])}`);
                    if (maybe.size) parts.push(`may observe ${maybe.size} more wherever DRS puts them on the same host: ${listSome([...maybe])}`);
                    const who = listSome([...new Set(observers.map((p) => a.net.ports.get(p)?.label ?? p))], 3);
                    r.violation(`${unknown ? "If promiscuous mode turns out accepted (unknown during preview), the" : "The"} promiscuous ports of ${namer.object(pgId)} (${who}) ${parts.join("; ")}. None of these is part of a nested workload.`, namer.urn(pgId));
                });
            }
        });
    },
};

/** Endpoints that take part in a nested workload: in some conversation, or behind a nested hypervisor. */
function workloadEndpoints(a: Analysis): Set<string> {
    const out = new Set<string>();
    for (const c of a.translation.conversations) out.add(c.a).add(c.b);
    for (const [id, info] of a.translation.endpoints) if (info.source !== "vm") out.add(id);
    // A nested hypervisor's own vNIC is part of its workload.
    for (const eps of a.net.behind.values()) {
        if (eps.some((e) => e.kind === "guest")) for (const e of eps) out.add(e.id);
    }
    return out;
}
