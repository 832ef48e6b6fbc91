/**
 * Who a promiscuous port group exposes, as the pack words it: the observers are the ports whose
 * guest asks for promiscuous mode (nested hypervisors and bridges: ports with workloads behind
 * them); the exposed are other VMs' NICs that take part in no nested workload. Shared by the
 * promiscuous-exposure policy and the differential analysis.
 */
import type { Exposure } from "../sim";
import type { Analysis } from "./analysis";

export interface ExposureView {
    portGroupId: string;
    /** Port ids of the observing ports. */
    observers: string[];
    unknown: boolean;
    /** Endpoint ids, by how sure the exposure is. */
    narrow: Set<string>;
    wide: Set<string>;
    maybe: Set<string>;
}

export function exposureViews(a: Analysis): ExposureView[] {
    const involved = workloadEndpoints(a);
    const byGroup = new Map<string, Exposure[]>();
    for (const e of a.exposure()) byGroup.set(e.portGroupId, [...(byGroup.get(e.portGroupId) ?? []), e]);
    const out: ExposureView[] = [];
    for (const [pgId, exposures] of byGroup) {
        const observers = exposures.flatMap((e) => e.portIds).filter((p) => (a.net.behind.get(p) ?? []).some((x) => x.kind === "guest"));
        if (observers.length === 0) continue;
        const own = new Set(observers.flatMap((p) => (a.net.behind.get(p) ?? []).map((x) => x.id)));
        const v: ExposureView = { portGroupId: pgId, observers, unknown: exposures.some((e) => e.promiscuous === "unknown"), narrow: new Set(), wide: new Set(), maybe: new Set() };
        const watching = new Set(observers);
        for (const e of exposures) {
            // Only hosts where an observer sits: promiscuous visibility never crosses hosts (S3).
            if (!e.portIds.some((p) => watching.has(p))) continue;
            for (const o of e.observes) {
                if (own.has(o.endpoint) || involved.has(o.endpoint)) continue;
                (!o.certain ? v.maybe : o.scope === "narrow" ? v.narrow : v.wide).add(o.endpoint);
            }
        }
        for (const n of v.narrow) {
            v.wide.delete(n);
            v.maybe.delete(n);
        }
        for (const n of v.wide) v.maybe.delete(n);
        if (v.narrow.size || v.wide.size || v.maybe.size) out.push(v);
    }
    return out;
}

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
