/**
 * What the analysis knows it cannot see: declared workloads that were skipped (a config error, or
 * something not visible during preview) and inputs known to be partial (a saved preview without
 * `--show-sames`). Advice that rests on what a port group's workloads need is withheld on the port
 * groups a gap may touch — a skipped workload's own port group, its flow partners' port groups, or
 * every port group when where it sits cannot be told.
 */
import type { WithholdReason } from "../sim";
import { workloadEndpointId, type Translation } from "../translate";
import { listSome } from "./report";

export type Gaps = Map<string, WithholdReason[]>;

/** The config key, in the declaring policy's config, that says the input is partial (`vsnet --allow-partial`). */
export const PARTIAL_INPUT_KEY = "partialInput";

export function isPartialInput(config: Record<string, unknown>): boolean {
    return config[PARTIAL_INPUT_KEY] === true;
}

export function gapsOf(t: Translation, config: Record<string, unknown>): Gaps {
    const gaps: Gaps = new Map();
    const all = t.model.portGroups.map((pg) => pg.id);
    const add = (ids: readonly string[], r: WithholdReason) => {
        for (const id of ids) {
            const list = gaps.get(id);
            if (list) list.push(r);
            else gaps.set(id, [r]);
        }
    };
    if (isPartialInput(config)) add(all, { kind: "partial", why: "the input is partial: resources the engine did not list may sit on it" });
    // An inventory that could not read some VMs: any of them may sit on its port groups.
    for (const pg of t.model.portGroups) {
        const ref = t.objects.get(pg.id)?.inventoryRef;
        if (ref?.unreadableVms?.length) add([pg.id], { kind: "partial", why: `${ref.source === "vcenter" ? "vCenter" : "stack"} ${ref.where} could not read ${ref.unreadableVms.length} VM(s) (${listSome(ref.unreadableVms, 3)}; no read permission), which may be on it` });
    }
    const skipped = new Map(t.skipped.map((s) => [s.name, s]));
    for (const s of t.skipped) add(s.portGroupIds ?? all, { kind: "skipped", workload: s.name, configPath: s.configPath });
    // The flows of a skipped workload: what its partner needs for them cannot be told either.
    const flows = Array.isArray(config.flows) && skipped.size ? config.flows : [];
    const where = flows.length ? whereIs(t) : () => [];
    for (const f of flows) {
        if (typeof f !== "object" || f === null) continue;
        const { from, to } = f as Record<string, unknown>;
        for (const [gone, partner] of [
            [from, to],
            [to, from],
        ]) {
            if (typeof gone !== "string" || typeof partner !== "string") continue;
            const s = skipped.get(gone);
            if (!s) continue;
            const at = where(partner);
            if (at.length) add(at, { kind: "skipped", workload: s.name, configPath: s.configPath });
        }
    }
    return gaps;
}

/**
 * Gaps for what a port group's VMs need (least-privilege and MAC-learning advice), over `gaps`: an
 * inventory port group shared with VMs that are not this stack's, whose needs nobody declared here.
 * Not for exposure: who those VMs are is known, and they are what a promiscuous port exposes.
 */
export function needsGapsOf(t: Translation, gaps: Gaps): Gaps {
    let out: Gaps | undefined;
    for (const pg of t.model.portGroups) {
        const ref = t.objects.get(pg.id)?.inventoryRef;
        if (!ref?.others?.length) continue;
        out ??= new Map([...gaps].map(([k, v]) => [k, [...v]]));
        const why = `${ref.others.length} VM(s) that are not this stack's are on it in ${ref.source === "vcenter" ? "vCenter" : "stack"} ${ref.where} (${listSome(ref.others, 3)}), and what they need is not declared here`;
        out.set(pg.id, [...(out.get(pg.id) ?? []), { kind: "partial", why }]);
    }
    return out ?? gaps;
}

/** Declared workload name → the port groups it sits on (indexes built once). */
function whereIs(t: Translation): (workload: string) => string[] {
    const byName = new Map<string, string>();
    for (const [id, info] of t.endpoints) if (info.source === "declared") byName.set(info.name, id);
    const endpoints = new Map(t.model.endpoints.map((e) => [e.id, e]));
    const ports = new Map(t.model.ports.map((p) => [p.id, p]));
    return (workload) => {
        const id = byName.get(workload) ?? workloadEndpointId(workload);
        const e = endpoints.get(id);
        const port = e && e.kind !== "external" ? ports.get(e.portId) : undefined;
        if (port) return [port.portGroupId];
        const pg = t.endpoints.get(id)?.portGroupId;
        return pg ? [pg] : [];
    };
}

/** Why the advice on a port group is withheld, in words: "inner-a was skipped (workloads[2].mac)". */
export function describeGaps(reasons: readonly WithholdReason[], endpoint: (id: string) => string): string {
    const seen = new Set<string>();
    const out: string[] = [];
    for (const r of reasons) {
        const text =
            r.kind === "partial"
                ? r.why
                : r.kind === "skipped"
                  ? `cannot tell what workload ${r.workload} needs: it was skipped${r.configPath ? ` (see the finding on ${r.configPath})` : ""}`
                  : r.kind === "undetermined"
                    ? `${endpoint(r.a)} <-> ${endpoint(r.b)} depends on values not known during preview`
                    : `${endpoint(r.a)} <-> ${endpoint(r.b)} is ${r.verdict} and no change of security settings, MAC learning or trunking makes it work`;
        if (seen.has(text)) continue;
        seen.add(text);
        out.push(text);
    }
    return listSome(out, 3);
}
