/**
 * The smallest change that makes a failing conversation work: least permissive and narrowest
 * first — MAC learning before promiscuous (only where the switch has it), a port group before its
 * whole switch, one setting before two. Unblocking a port group (P1) and raising a switch's MTU to
 * what the workloads declare (X2) are candidates too; a PVLAN type (PV2) or a passthrough NIC (X4)
 * is a design choice, never proposed.
 */
import type { ConversationSpec, Endpoint, PortGroup, SecuritySetting, Switch } from "../model/model";
import { teamOf, teamOnHost } from "../forwarding/uplinks";
import type { Change, Fix } from "../model/results";
import { analyzeConversation } from "./conversation";
import type { Net } from "../model/network";
import { withChanges } from "../model/overlay";

/** Cost of each kind of change: how much it opens up. */
const COST: Record<SecuritySetting | "macLearning" | "trunk" | "unblock" | "mtu", number> = {
    macLearning: 1,
    unblock: 1,
    mtu: 1,
    forgedTransmits: 2,
    trunk: 2,
    macChanges: 3,
    promiscuous: 6,
};
/** A switch-wide change opens every port group that inherits it. */
const SWITCH_FACTOR = 10;
const MAX_CHANGES = 4;

export function changeCost(c: Change): number {
    if (c.kind === "macLearning") return COST.macLearning;
    if (c.kind === "trunk") return COST.trunk;
    if (c.kind === "inherit") return 0;
    // A team or a host setting opens nothing up: cheapest, and never a widening of security.
    if (c.kind === "team" || c.kind === "host") return 1;
    if (c.kind === "mtu") return COST.mtu;
    if (c.kind === "unblock") return COST.unblock * (c.scope === "switch" ? SWITCH_FACTOR : 1);
    return COST[c.setting] * (c.scope === "switch" ? SWITCH_FACTOR : 1);
}

/** Candidate changes around the conversation's port groups, cheapest first. */
export function candidateChanges(net: Net, spec: ConversationSpec): Change[] {
    const out: Change[] = [];
    const groups = new Map<string, PortGroup>();
    const vlansWanted = new Map<string, Set<number>>();
    let size = 0;
    for (const id of [spec.a, spec.b]) size = Math.max(size, net.endpoints.get(id)?.mtu ?? 0);
    for (const id of [spec.a, spec.b]) {
        const e = net.endpoints.get(id);
        if (!e || e.kind === "external") continue;
        const port = net.ports.get(e.portId);
        const pg = port && net.portGroups.get(port.portGroupId);
        if (!pg) continue;
        groups.set(pg.id, pg);
        for (const g of net.behind.get(e.portId) ?? []) addVlan(vlansWanted, pg, g);
    }
    for (const pg of groups.values()) {
        const sw = net.switches.get(pg.switchId);
        for (const s of ["forgedTransmits", "macChanges", "promiscuous"] as SecuritySetting[]) {
            if (pg.security[s].value !== "accept") out.push({ kind: "setting", objectId: pg.id, scope: "portGroup", setting: s, value: "accept" });
        }
        if (sw?.kind === "distributed" && sw.macLearningSupported && !pg.macLearning?.enabled) out.push({ kind: "macLearning", portGroupId: pg.id, enabled: true });
        const vlans = vlansWanted.get(pg.id);
        // A PVLAN port group does not trunk: its VLAN is a design choice (PV2), not a fix.
        if (vlans?.size && pg.vlan.kind !== "pvlan") out.push({ kind: "trunk", portGroupId: pg.id, vlans: [...vlans].sort((x, y) => x - y) });
        // P1: a port group blocked by its own setting is unblocked there; one that inherits the
        // switch's block can only be unblocked on the switch (a DVPG's `false` is not sent, T6).
        if (pg.blocked && pg.blocked.value !== false) {
            out.push(pg.blocked.origin.kind === "inherited" ? { kind: "unblock", objectId: pg.switchId, scope: "switch" } : { kind: "unblock", objectId: pg.id, scope: "portGroup" });
        }
        // X2: a switch whose MTU is below the largest frame the workloads declare (or not known during preview).
        if (sw?.mtu && size > 0 && (sw.mtu.value === "unknown" || size > sw.mtu.value)) out.push({ kind: "mtu", switchId: sw.id, value: size });
        const team = sw && activateTeam(sw, pg);
        if (team) out.push(team);
    }
    for (const swId of new Set([...groups.values()].map((g) => g.switchId))) {
        const sw = net.switches.get(swId);
        if (!sw) continue;
        for (const s of ["forgedTransmits", "macChanges", "promiscuous"] as SecuritySetting[]) {
            const inherits = (net.switchGroups.get(swId) ?? []).some((g) => groups.has(g.id) && g.security[s].origin.kind === "inherited" && g.security[s].value !== "accept");
            if (inherits) out.push({ kind: "setting", objectId: swId, scope: "switch", setting: s, value: "accept" });
        }
    }
    return out.sort((x, y) => changeCost(x) - changeCost(y));
}

/** U6: a port group with no active uplink on some host of its switch: make its bound standby (else every bound) uplink active. */
function activateTeam(sw: Switch, pg: PortGroup): Change | undefined {
    let idle = false;
    const bound = new Set<string>();
    for (const m of sw.members) {
        const t = teamOnHost(sw, pg, m);
        if (!t) continue;
        if (m.uplinks.known) for (const l of m.uplinks.links) if (l.nic !== undefined) bound.add(l.name);
        if (t.active.length === 0 && t.team?.unknownKey === undefined) idle = true;
    }
    if (!idle || bound.size === 0) return undefined;
    const standby = teamOf(sw, pg).team?.standby.filter((n) => bound.has(n)) ?? [];
    return { kind: "team", portGroupId: pg.id, active: standby.length ? standby : [...bound], standby: [] };
}

function addVlan(m: Map<string, Set<number>>, pg: PortGroup, e: Endpoint): void {
    if (e.kind !== "guest" || !e.vlan) return;
    const carried = pg.vlan.kind === "trunk" && pg.vlan.ranges.some(([lo, hi]) => e.vlan! >= lo && e.vlan! <= hi);
    if (carried) return;
    const set = m.get(pg.id) ?? new Set<number>();
    set.add(e.vlan);
    m.set(pg.id, set);
}

/** The cheapest set of changes that makes the conversation reachable, or undefined if none does. */
export function findFix(net: Net, spec: ConversationSpec): Fix | undefined {
    const cands = candidateChanges(net, spec);
    let best: Fix | undefined;
    const n = cands.length;
    // Subsets by size; within a size the cheapest first. Small n (≤ ~12): exhaustive is fine.
    for (let size = 1; size <= Math.min(MAX_CHANGES, n); size++) {
        for (const subset of combinations(n, size)) {
            const changes = subset.map((i) => cands[i]);
            const cost = changes.reduce((c, ch) => c + changeCost(ch), 0);
            if (best && cost >= best.cost) continue;
            // What-if network sharing every index with `net` (exactly compile(applyChanges(...)), much cheaper).
            const r = analyzeConversation(withChanges(net, changes), spec);
            if (r.verdict === "reachable") best = { changes, verdict: r.verdict, cost };
        }
        // A fix with fewer changes is kept unless a larger set is strictly cheaper; the loop checks cost.
    }
    return best;
}

function* combinations(n: number, k: number, start = 0, acc: number[] = []): Generator<number[]> {
    if (acc.length === k) {
        yield [...acc];
        return;
    }
    for (let i = start; i < n; i++) {
        acc.push(i);
        yield* combinations(n, k, i + 1, acc);
        acc.pop();
    }
}
