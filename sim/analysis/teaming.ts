/**
 * Teams that forward but are wrong or fragile (SEMANTICS L1, U7, U8), per port group and host:
 * IP hash needs every uplink active and a static EtherChannel on the physical side — without one the
 * physical switch sees the MACs flap (U7); a standard switch cannot do LACP; beacon probing is
 * unsupported with IP hash, LACP or guest VLAN tagging; notify switches off delays the physical
 * tables after a failover. None of these changes a verdict: they are advice.
 */
import type { Host, PortGroup, Switch } from "../model/model";
import type { Net } from "../model/network";
import { aggregated, teamOf, teamOnHost } from "../forwarding/uplinks";

export type TeamAdviceKind =
    /** L1: IP hash with standby or unused uplinks bound on the host. */
    | "ip-hash-partial-team"
    /** L1: IP hash and the host's physical side not declared: requires an EtherChannel, unverified. */
    | "ip-hash-channel-unverified"
    /** L1, U7: IP hash and the host declared without a port channel: MACs flap on the physical switch. */
    | "ip-hash-no-channel"
    /** L1: IP hash on a standard switch towards LACP (standard switches only do static EtherChannel). */
    | "ip-hash-lacp-on-standard"
    /** U8: beacon probing with IP hash, LACP or guest VLAN tagging. */
    | "beacon-unsupported"
    /** U8: notify switches off on a port group with nested hypervisors. */
    | "notify-off";

export interface TeamAdvice {
    kind: TeamAdviceKind;
    portGroupId: string;
    /** Where the team (or the setting) came from: the port group or its switch. */
    teamFrom: string;
    hostIds: string[];
    /** For partial teams: the uplinks that are not active. */
    idle?: string[];
    /** For beacon probing: what it is combined with. */
    with?: "ip-hash" | "lacp" | "guest-tagging";
}

export function teamingAdvice(net: Net): TeamAdvice[] {
    const out: TeamAdvice[] = [];
    const add = (a: TeamAdvice) => {
        const same = out.find((x) => x.kind === a.kind && x.portGroupId === a.portGroupId && x.with === a.with);
        if (same) {
            for (const h of a.hostIds) if (!same.hostIds.includes(h)) same.hostIds.push(h);
            for (const i of a.idle ?? []) if (!same.idle?.includes(i)) (same.idle ??= []).push(i);
        } else out.push(a);
    };
    for (const sw of net.model.switches) {
        for (const pg of net.switchGroups.get(sw.id) ?? []) {
            const { team, objectId } = teamOf(sw, pg);
            if (!team) continue;
            for (const m of sw.members) {
                const host = net.hosts.get(m.hostId);
                const t = teamOnHost(sw, pg, m);
                if (team.policy === "loadbalance_ip") ipHash(sw, pg, host, m.hostId, objectId, t && m.uplinks.known ? m.uplinks.links.filter((l) => l.nic !== undefined).map((l) => l.name).filter((n) => !t.active.some((a) => a.name === n)) : [], add);
                if (team.checkBeacon === true) {
                    const why = team.policy === "loadbalance_ip" ? "ip-hash" : sw.lacp?.enabled ? "lacp" : pg.vlan.kind === "trunk" ? "guest-tagging" : undefined;
                    if (why) add({ kind: "beacon-unsupported", portGroupId: pg.id, teamFrom: objectId, hostIds: [m.hostId], with: why });
                }
                if (team.notifySwitches === false && hasNested(net, pg, m.hostId)) add({ kind: "notify-off", portGroupId: pg.id, teamFrom: objectId, hostIds: [m.hostId] });
            }
        }
    }
    return out;
}

function ipHash(sw: Switch, pg: PortGroup, host: Host | undefined, hostId: string, teamFrom: string, idle: string[], add: (a: TeamAdvice) => void): void {
    if (idle.length) add({ kind: "ip-hash-partial-team", portGroupId: pg.id, teamFrom, hostIds: [hostId], idle });
    if (sw.kind === "standard" && host?.channel?.kind === "lacp" && host.channel.origin.kind === "declared") {
        add({ kind: "ip-hash-lacp-on-standard", portGroupId: pg.id, teamFrom, hostIds: [hostId] });
        return;
    }
    if (aggregated(sw, host) && host?.channel?.origin.kind !== "assumed") return;
    if (sw.lacp?.enabled) return;
    const declared = host?.channel !== undefined && host.channel.origin.kind === "declared";
    add({ kind: declared ? "ip-hash-no-channel" : "ip-hash-channel-unverified", portGroupId: pg.id, teamFrom, hostIds: [hostId] });
}

function hasNested(net: Net, pg: PortGroup, hostId: string): boolean {
    return (net.groupPorts.get(pg.id) ?? []).some((p) => (p.hostId === hostId || p.hostId === undefined) && (net.behind.get(p.id) ?? []).some((e) => e.kind === "guest"));
}
