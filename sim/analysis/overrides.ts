/**
 * Per-port overrides (SEMANTICS P2): which verdicts rest on a policy of a port group that single
 * ports may override outside Pulumi (`*OverrideAllowed`). The stack never holds per-port values, so
 * such a verdict holds "unless a port was overridden": advice, never a verdict of its own. A
 * conversation rests on a policy of a port group one of its endpoints sits on when:
 * - VLAN or blocked state: always (an overridden port is in another VLAN, or blocked);
 * - teaming: when its frames may cross uplinks (an external, another switch or host, DRS);
 * - security: when an endpoint there is a guest or a vNIC whose guest changed its MAC (S1–S3), or a
 *   failing leg was decided by a security setting of that port group.
 */
import type { ConversationSpec, Endpoint, FlagSetting, OverridablePolicy, SecuritySetting } from "../model/model";
import { OVERRIDABLE_POLICIES, SECURITY_SETTINGS } from "../model/model";
import type { ConversationResult } from "../model/results";
import type { Net } from "../model/network";

export interface OverrideRisk {
    portGroupId: string;
    policy: OverridablePolicy;
    /** The `*OverrideAllowed` flag (true, or unknown during preview). */
    flag: FlagSetting;
    /** The conversations whose verdict rests on that policy of the port group. */
    conversations: ConversationSpec[];
}

function portOf(net: Net, e: Endpoint | undefined) {
    return e && e.kind !== "external" ? net.ports.get(e.portId) : undefined;
}

/** Whether the conversation's frames may cross uplinks (a team applies). */
function crossesUplinks(net: Net, a: Endpoint | undefined, b: Endpoint | undefined): boolean {
    const pa = portOf(net, a);
    const pb = portOf(net, b);
    if (!pa || !pb) return true;
    const sa = net.portGroups.get(pa.portGroupId)?.switchId;
    const sb = net.portGroups.get(pb.portGroupId)?.switchId;
    return sa !== sb || pa.hostId === undefined || pb.hostId === undefined || pa.hostId !== pb.hostId;
}

/** Whether security settings of the port group decide for this endpoint (S1–S3). */
function needsSecurity(net: Net, e: Endpoint | undefined): boolean {
    const p = portOf(net, e);
    if (!e || !p) return false;
    return e.kind === "guest" || (p.effectiveMac !== undefined && p.effectiveMac !== p.initialMac);
}

function decidedBySecurity(r: ConversationResult, pgId: string): boolean {
    if (r.verdict === "reachable") return false;
    return r.legs.some((l) => {
        const s = !l.delivered ? l.trace[l.trace.length - 1]?.setting : undefined;
        return s !== undefined && s.objectId === pgId && (SECURITY_SETTINGS as readonly string[]).includes(s.setting as SecuritySetting);
    });
}

/** The verdicts that rest on an overridable policy, per port group and policy (only where some do). */
export function overrideRisks(net: Net, verdicts: Iterable<[ConversationSpec, ConversationResult]>): OverrideRisk[] {
    const open = net.model.portGroups.filter((g) => g.overrides !== undefined);
    if (open.length === 0) return [];
    const risks = new Map<string, OverrideRisk>();
    const flagged = new Set(open.map((g) => g.id));
    for (const [spec, r] of verdicts) {
        const a = net.endpoints.get(spec.a);
        const b = net.endpoints.get(spec.b);
        for (const e of [a, b]) {
            const pgId = portOf(net, e)?.portGroupId;
            if (pgId === undefined || !flagged.has(pgId)) continue;
            const pg = net.portGroups.get(pgId)!;
            for (const policy of OVERRIDABLE_POLICIES) {
                const flag = pg.overrides?.[policy];
                if (!flag) continue;
                const rests =
                    policy === "vlan" || policy === "blocked"
                        ? true
                        : policy === "team"
                          ? crossesUplinks(net, a, b)
                          : needsSecurity(net, a) || needsSecurity(net, b) || decidedBySecurity(r, pgId);
                if (!rests) continue;
                const key = `${pgId}\u0000${policy}`;
                let risk = risks.get(key);
                if (!risk) risks.set(key, (risk = { portGroupId: pgId, policy, flag, conversations: [] }));
                // Both ends on one port group: the conversation is listed once.
                if (risk.conversations[risk.conversations.length - 1] !== spec) risk.conversations.push(spec);
            }
        }
    }
    return [...risks.values()];
}
