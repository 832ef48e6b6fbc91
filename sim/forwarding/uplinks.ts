/**
 * Uplinks and teaming (SEMANTICS F0, U1–U6, L2): whether a switch has uplinks on a host (F0), the
 * team of a port group there (U1: its own or the switch's, resolved against the NICs bound on that
 * host), the step out of the active uplink the teaming policy picks (U2, U3), a port group with no
 * active uplink (U6), and how many copies of a flooded frame a port receives (U4, U5, L2).
 */
import type { Host, Port, PortGroup, Switch, SwitchMember, Team, TeamingPolicy, Uplink } from "../model/model";
import type { SettingRef } from "../model/results";
import { decide, peek } from "./decide";
import { hostSwitch } from "./host-switch";
import { toWire } from "./native-vlan";
import { atSwitch, portLabel, Stage, type FrameInfo, type Run } from "./run";

/** F0: the switch is known to have no uplink bound on this member host (an internal switch there). */
export function knownInternal(m: SwitchMember): boolean {
    if (!m.uplinks.known) return false;
    for (const l of m.uplinks.links) if (l.nic !== undefined) return false;
    return true;
}

/** The team of a port group on one host, against the uplinks bound there (U1). */
export interface BoundTeam {
    active: Uplink[];
    standby: Uplink[];
    policy: TeamingPolicy | "unknown";
    /** The team as configured (undefined: the switch sets none, every uplink active — U1, assumed). */
    team: Team | undefined;
    /** Where the team came from: the port group's override or the switch's default. */
    objectId: string;
}

/** The team that applies to a port group: its own override, else its switch's (U1, T5, T6). */
export function teamOf(sw: Switch, pg: PortGroup): { team: Team | undefined; objectId: string } {
    return pg.team ? { team: pg.team, objectId: pg.id } : { team: sw.team, objectId: sw.id };
}

/**
 * The bound team of `pg` on member `m`, or undefined when the member's uplinks are not known. A
 * team whose lists are unknown during preview is decided once per key: either every bound uplink is
 * active, or none is (the two cases that change a verdict).
 */
export function boundTeam(run: Run, sw: Switch, pg: PortGroup, m: SwitchMember, explore = true): BoundTeam | undefined {
    if (!m.uplinks.known) return undefined;
    const { team, objectId } = teamOf(sw, pg);
    if (team?.unknownKey !== undefined) {
        const bound = m.uplinks.links.filter((l) => l.nic !== undefined);
        // Not exploring (copies only): count every bound uplink, the conservative reading.
        const on = !explore || decide({ value: "unknown", origin: team.origin, unknownKey: team.unknownKey }, teamRef(objectId, team, "unknown"), run.assume);
        return { active: on ? bound : [], standby: [], policy: team.policy, team, objectId };
    }
    return knownTeam(sw, pg, m as SwitchMember & { uplinks: { known: true; links: Uplink[] } }, team, objectId);
}

/**
 * The team of `pg` on member `m` without a run (no unknown decided): a team unknown during preview
 * counts every bound uplink as active. For questions asked of the whole network (duplicates, advice).
 */
export function teamOnHost(sw: Switch, pg: PortGroup, m: SwitchMember): BoundTeam | undefined {
    if (!m.uplinks.known) return undefined;
    const { team, objectId } = teamOf(sw, pg);
    if (team?.unknownKey !== undefined) return { active: m.uplinks.links.filter((l) => l.nic !== undefined), standby: [], policy: team.policy, team, objectId };
    return knownTeam(sw, pg, m as SwitchMember & { uplinks: { known: true; links: Uplink[] } }, team, objectId);
}

/** Known teams depend only on the port group, the switch and the member: built once per network variant. */
const known = new WeakMap<PortGroup, WeakMap<Switch, Map<string, BoundTeam>>>();

function knownTeam(sw: Switch, pg: PortGroup, m: SwitchMember & { uplinks: { known: true; links: Uplink[] } }, team: Team | undefined, objectId: string): BoundTeam {
    let bySwitch = known.get(pg);
    if (!bySwitch) known.set(pg, (bySwitch = new WeakMap()));
    let byHost = bySwitch.get(sw);
    if (!byHost) bySwitch.set(sw, (byHost = new Map()));
    let t = byHost.get(m.hostId);
    if (t) return t;
    const bound = m.uplinks.links.filter((l) => l.nic !== undefined);
    const pick = (names: readonly string[]) => names.map((n) => bound.find((l) => l.name === n)).filter((l): l is Uplink => l !== undefined);
    t = team ? { active: pick(team.active), standby: pick(team.standby), policy: team.policy, team, objectId } : { active: bound, standby: [], policy: "loadbalance_srcid", team, objectId };
    byHost.set(m.hostId, t);
    return t;
}

function teamRef(objectId: string, team: Team | undefined, value: string): SettingRef {
    return { objectId, setting: "team", value, ...(team ? { origin: team.origin } : {}) };
}

function describeTeam(team: Team | undefined): string {
    if (!team) return "every uplink active";
    return `active [${team.active.join(", ")}], standby [${team.standby.join(", ")}]`;
}

/** "vmnic2 (uplink1, active)" */
function linkName(l: Uplink, role: string): string {
    return l.nic !== undefined && l.nic !== l.name ? `${l.nic} (${l.name}, ${role})` : `${l.name} (${role})`;
}

/**
 * U3: the active uplink a frame leaves by. Which one does not change a verdict (they all reach the
 * same physical network), so the trace shows the first and says how the policy spreads the rest;
 * a pick that depends on names would make two ports of one class differ in their traces.
 */
function choose(t: BoundTeam): { link: Uplink; why: string } {
    const others = t.active.length > 1 ? ` (or ${t.active.slice(1).map((l) => l.nic ?? l.name).join(", ")})` : "";
    const link = t.active[0];
    switch (t.policy) {
        case "failover_explicit":
            return { link, why: "explicit failover order: always the first active uplink" };
        case "loadbalance_srcmac":
            return { link, why: `one active uplink per source MAC${others}` };
        case "loadbalance_ip":
            return { link, why: `one active uplink per IP pair${others}: one MAC may leave by several uplinks (L1)` };
        case "loadbalance_loadbased":
            return { link, why: `one active uplink per virtual port, moved when an uplink is busy${others}` };
        case "unknown":
            return { link, why: `teaming policy not known during preview${others}` };
        default:
            return { link, why: `one active uplink per virtual port${others}` };
    }
}

/** Out the uplink the port group's team picks (U2, U3; U6 when it has no active uplink here), onto the physical network. */
export function uplink(run: Run, host: string, sw: Switch, port: Port, key: number, f: FrameInfo, rule: string, parent: number): void {
    const at = atSwitch(host, sw);
    if (!hasUplinks(run, host, sw, at, parent, Stage.SourceSwitch)) return;
    const pg = run.sc.pg(port);
    const m = run.sc.member(sw.id, host)!;
    const t = boundTeam(run, sw, pg, m);
    const tag = key ? ` tagged VLAN ${key}` : " untagged";
    let e: number;
    if (!t) {
        e = run.hop(parent, Stage.SourceSwitch, { action: "forward", rule, at, detail: `out an uplink${tag}` });
    } else {
        if (t.active.length === 0) {
            noActiveUplink(run, host, pg, t, at, parent, Stage.SourceSwitch);
            return;
        }
        const c = choose(t);
        e = run.hop(parent, Stage.SourceSwitch, { action: "forward", rule: "U3", at, detail: `out ${linkName(c.link, "active")}${tag}: ${c.why}` });
    }
    // V7: an untagged frame joins the native VLAN of the host's physical ports, when declared.
    const wire = toWire(run, host, key, at, e);
    run.stages.physical(run, hostSwitch(run.sc.net, host, sw.id).hk, wire.key, f, wire.event);
}

/** U6: the drop of a port group whose team has no active uplink bound on this host. */
export function noActiveUplink(run: Run, host: string, pg: PortGroup, t: BoundTeam, at: string, parent: number, stage: Stage): void {
    const standby = t.standby.length ? `; standby ${t.standby.map((l) => l.nic ?? l.name).join(", ")} never carries it while no active uplink fails` : "";
    run.hop(parent, stage, {
        action: "drop",
        rule: "U6",
        at,
        detail: `port group ${pg.name ?? pg.id} has no active uplink on host ${host} (team: ${describeTeam(t.team)})${standby}: nothing leaves or enters the host through it`,
        setting: teamRef(t.objectId, t.team, describeTeam(t.team)),
    });
}

/**
 * U6 on the way in: a frame from the uplinks reaches a port only if its port group has an active
 * uplink on this host. Returns false (recording the drop for the target) when it has none.
 */
export function entersPortGroup(run: Run, host: string, sw: Switch, port: Port, at: string, parent: number): boolean {
    const m = run.sc.member(sw.id, host);
    if (!m) return true;
    const pg = run.sc.pg(port);
    const t = boundTeam(run, sw, pg, m);
    if (!t || t.active.length > 0) return true;
    if (run.target?.port === port) noActiveUplink(run, host, pg, t, `${at} / ${portLabel(port)}`, parent, Stage.TargetPort);
    return false;
}

/** F0: whether frames leave and enter the host through this switch; records the drop when not. */
export function hasUplinks(run: Run, host: string, sw: Switch, at: string, parent: number, stage: Stage): boolean {
    const m = run.sc.member(sw.id, host);
    if (!m) {
        run.hop(parent, stage, { action: "drop", rule: "F0", at, detail: `switch ${sw.name ?? sw.id} does not reach host ${host}` });
        return false;
    }
    if (m.uplinks.known) {
        if (!knownInternal(m)) return true;
        run.hop(parent, stage, { action: "drop", rule: "F0", at, detail: `switch ${sw.name ?? sw.id} has no uplink on host ${host} (internal switch): nothing leaves or enters the host through it`, setting: { objectId: sw.id, setting: "uplinks", value: "none" } });
        return false;
    }
    const ref: SettingRef = { objectId: sw.id, setting: "uplinks", value: "unknown", origin: m.uplinks.origin };
    const has = decide({ value: "unknown", origin: m.uplinks.origin, unknownKey: m.uplinks.unknownKey }, ref, run.assume);
    if (!has) run.hop(parent, stage, { action: "drop", rule: "F0", at, detail: `assuming switch ${sw.name ?? sw.id} has no uplink on host ${host}`, setting: ref });
    return has;
}

/** L2: the host's links form one logical uplink (a LACP LAG on the switch, or a declared port channel). */
export function aggregated(sw: Switch, host: Host | undefined): boolean {
    if (sw.lacp?.enabled) return true;
    return host?.channel !== undefined && host.channel.kind !== "none";
}

/**
 * How many copies a port receives of a frame the physical network flooded to this host switch
 * (U4, U5, L2): a promiscuous port whose guests listen for other MACs (a nested hypervisor, a
 * bridge) gets one per uplink of its team that is up, active and standby, unless the host checks
 * the reverse path for promiscuous ports or the links are aggregated; every other port gets one.
 */
export function receivedCopies(run: Run, host: string, sw: Switch, port: Port, pg: PortGroup, flooded: boolean): number {
    if (!flooded) return 1;
    if (peek(pg.security.promiscuous, run.assume) !== true) return 1;
    // X4: an SR-IOV NIC (known, or decided so in this run) is not on the switch's promiscuous path.
    if (port.passthrough && (port.passthrough.unknownKey === undefined || run.assume.get(port.passthrough.unknownKey) === true)) return 1;
    // U5: an ordinary VM on a promiscuous port group never enters promiscuous mode.
    if (!(run.sc.net.behind.get(port.id) ?? []).some((e) => e.kind === "guest")) return 1;
    const h = run.sc.net.hosts.get(host);
    if (h?.rpfCheckPromisc === true || aggregated(sw, h)) return 1;
    const m = run.sc.member(sw.id, host);
    const t = m && boundTeam(run, sw, pg, m, false);
    if (!t) return 1;
    return Math.max(1, t.active.length + t.standby.length);
}
