/**
 * Teams (SEMANTICS U1, U8, L3) as the provider really sends them (T5, T6): which uplinks carry a
 * port group's traffic, active and standby, by which policy, with the failover flags the advisories
 * read. A team names uplinks: a standard switch's NIC names, a distributed switch's uplink names.
 *
 * - HostVirtualSwitch: `activeNics` (required), `standbyNics`, `teamingPolicy` (default
 *   `loadbalance_srcid`), `notifySwitches` (default true), `checkBeacon` (default false).
 * - HostPortGroup (T5): the lists both unset inherit the switch's; one set sends both, the unset one
 *   empty. `teamingPolicy` unset inherits. `notifySwitches`/`checkBeacon` unset are sent as "no" from
 *   provider 4.15.0 on, inherited before.
 * - DistributedVirtualSwitch: `activeUplinks`/`standbyUplinks` both empty: every uplink active
 *   (assumed, the vCenter default); one set: the other empty. `teamingPolicy` unset: vCenter's
 *   `loadbalance_srcid`. `notifySwitches`/`checkBeacon` false are not sent (T6): vCenter's defaults.
 *   `lacpEnabled`/`lacpMode` make the uplinks one LAG (L3); false is not sent.
 * - DistributedPortGroup (T6): lists both empty, `teamingPolicy` unset and the flags false or unset
 *   inherit the switch's. `lacpEnabled`/`lacpMode` are never sent from a port group (L3).
 *
 * Unknown lists make the team's `unknownKey`; an unknown policy is `"unknown"`. Port groups that
 * inherit an unknown switch team share its key, so the simulator branches on it once.
 */
import type { Origin, Switch, Team, TeamingPolicy } from "../sim/model/model";
import { show, type Context } from "./context";
import type { RawResource } from "./types";
import { formatPath, readBool, readKeyword, readStringList, unsetDefault, type Path } from "./unknowns";

export const TEAMING_POLICIES: readonly TeamingPolicy[] = ["loadbalance_srcid", "loadbalance_srcmac", "loadbalance_ip", "loadbalance_loadbased", "failover_explicit"];
/** A standard switch has no load-based teaming; the provider rejects it there. */
const STANDARD_POLICIES: readonly TeamingPolicy[] = TEAMING_POLICIES.filter((p) => p !== "loadbalance_loadbased");

/** What vCenter names a distributed switch's uplinks when `uplinks` is unset (the provider docs: not guaranteed stable). */
export const DEFAULT_DVS_UPLINKS: readonly string[] = ["uplink1", "uplink2", "uplink3", "uplink4"];

/** The default of both switch kinds (T5, vCenter). */
const DEFAULT_POLICY: TeamingPolicy = "loadbalance_srcid";

export type ListRead = { kind: "value"; value: string[] } | { kind: "unknown" } | { kind: "absent" };
type FlagRead = { kind: "value"; value: boolean } | { kind: "unknown" } | { kind: "absent" };
type PolicyRead = { kind: "value"; value: TeamingPolicy } | { kind: "unknown" } | { kind: "absent" };

/** A list of NIC or uplink names; entries that are not strings are reported and skipped, a list of the wrong type reads as unset. */
export function readNameList(ctx: Context, res: RawResource, path: Path, what = "NIC names"): ListRead {
    const r = readStringList(res.props, path);
    if (r.kind === "unknown" && path.length === 1 && unsetDefault(res, path)) return { kind: "absent" };
    const property = formatPath(path);
    if (r.kind === "wrongType") {
        ctx.diag({ kind: "property", urn: res.urn, property, message: `${property} of ${show(res.name)} is ${r.found}, not a list of ${what}; ignored.` });
        return { kind: "absent" };
    }
    if (r.kind === "value" && r.bad) {
        ctx.diag({ kind: "property", urn: res.urn, property, message: `${property} of ${show(res.name)} holds entries that are not ${what}; they are ignored.` });
    }
    return r.kind === "value" ? { kind: "value", value: r.value } : r;
}

function readFlag(ctx: Context, res: RawResource, property: string): FlagRead {
    const r = readBool(res.props, [property]);
    if (r.kind === "unknown" && unsetDefault(res, [property])) return { kind: "absent" };
    if (r.kind !== "wrongType") return r;
    ctx.diag({ kind: "property", urn: res.urn, property, message: `${property} of ${show(res.name)} is ${r.found}, not a boolean; read as unset.` });
    return { kind: "absent" };
}

function readPolicy(ctx: Context, res: RawResource, standard: boolean): PolicyRead {
    const r = readKeyword(res.props, ["teamingPolicy"]);
    if (r.kind === "unknown" && unsetDefault(res, ["teamingPolicy"])) return { kind: "absent" };
    if (r.kind === "unknown" || r.kind === "absent") return r;
    if (r.kind === "value" && r.value === "") return { kind: "absent" }; // "" is not sent (omitempty)
    const allowed = standard ? STANDARD_POLICIES : TEAMING_POLICIES;
    if (r.kind === "value" && (allowed as readonly string[]).includes(r.value)) return { kind: "value", value: r.value as TeamingPolicy };
    // The value itself is not echoed: a setting that is not one of the known ones may be anything.
    const found = r.kind === "value" ? (TEAMING_POLICIES as readonly string[]).includes(r.value) ? r.value : "a string" : r.found;
    ctx.diag({
        kind: "property",
        urn: res.urn,
        property: "teamingPolicy",
        message: `teamingPolicy of ${show(res.name)} is ${found}, not one of ${allowed.join(", ")}${standard ? " (a standard switch has no load-based teaming)" : ""}; read as unset.`,
    });
    return { kind: "absent" };
}

/** Empty lists are not sent (T5, T6): "set" means a non-empty list. */
const isSet = (l: ListRead): boolean => l.kind === "unknown" || (l.kind === "value" && l.value.length > 0);
const valueOf = (l: ListRead): string[] => (l.kind === "value" ? l.value : []);

function teamKey(objectId: string): string {
    return `${objectId}.team`;
}

/** `a, b and c` for messages, at most a few names. */
export function nameList(names: readonly string[]): string {
    const shown = names.slice(0, 5).map((n) => show(n));
    const more = names.length > shown.length ? ` and ${names.length - shown.length} more` : "";
    return `${shown.join(", ")}${more}`;
}

function unique(names: readonly string[]): string[] {
    return [...new Set(names)];
}

/** The parts of a team's note, joined into one sentence. */
function note(parts: Array<string | undefined>): string | undefined {
    const p = parts.filter((x): x is string => x !== undefined && x !== "");
    return p.length ? p.join("; ") : undefined;
}

/** A HostVirtualSwitch: its team, and the NICs it binds (networkAdapters ∪ activeNics ∪ standbyNics; unknown while any list is). */
export function standardSwitchTeam(ctx: Context, res: RawResource, objectId: string): { team: Team; nics: ListRead } {
    const active = readNameList(ctx, res, ["activeNics"]);
    const standby = readNameList(ctx, res, ["standbyNics"]);
    const adapters = readNameList(ctx, res, ["networkAdapters"]);
    const policy = readPolicy(ctx, res, true);
    const notify = readFlag(ctx, res, "notifySwitches");
    const beacon = readFlag(ctx, res, "checkBeacon");
    const notes: Array<string | undefined> = [];

    const nics: ListRead =
        active.kind === "unknown" || standby.kind === "unknown" || adapters.kind === "unknown"
            ? { kind: "unknown" }
            : { kind: "value", value: unique([...valueOf(adapters), ...valueOf(active), ...valueOf(standby)]) };
    if (adapters.kind === "value" && nics.kind === "value") {
        const outside = nics.value.filter((n) => !adapters.value.includes(n));
        if (outside.length) {
            ctx.diag({
                kind: "property",
                urn: res.urn,
                property: "networkAdapters",
                message: `${show(res.name)} teams ${nameList(outside)}, which networkAdapters does not list; vSphere needs every team NIC bound to the switch. Read as bound.`,
            });
        }
    }

    let activeNames = valueOf(active);
    const standbyNames = valueOf(standby);
    let origin: Origin = { kind: "explicit", objectId, property: "activeNics", rule: "U1" };
    if (active.kind === "absent") {
        // Required by the provider; a stack without it did not come from a working program. Read it
        // the way vSphere reads a team without an order: every bound adapter not on standby is active.
        activeNames = valueOf(adapters).filter((n) => !standbyNames.includes(n));
        origin = { kind: "assumed", objectId, property: "activeNics", rule: "U1", note: "activeNics unset (the provider requires it): every networkAdapters NIC not on standby assumed active" };
        ctx.diag({ kind: "property", urn: res.urn, property: "activeNics", message: `activeNics of ${show(res.name)} is missing (the provider requires it); every networkAdapters NIC not in standbyNics is read as active.` });
    }
    const team: Team = { active: activeNames, standby: standbyNames, policy: DEFAULT_POLICY, origin };
    if (active.kind === "unknown" || standby.kind === "unknown") {
        team.unknownKey = teamKey(objectId);
        team.active = [];
        team.standby = [];
        origin.note = "not known during preview";
    }
    if (policy.kind === "value") team.policy = policy.value;
    else if (policy.kind === "unknown") team.policy = "unknown";
    else notes.push("teamingPolicy unset: the provider sends loadbalance_srcid (T5)");
    if (notify.kind === "value") team.notifySwitches = notify.value;
    else if (notify.kind === "absent") team.notifySwitches = true; // T5: the provider's default
    if (beacon.kind === "value") team.checkBeacon = beacon.value;
    else if (beacon.kind === "absent") team.checkBeacon = false;
    const n = note([origin.note, ...notes]);
    if (n !== undefined) origin.note = n;
    return { team, nics };
}

/**
 * A standard switch the stack does not manage: its NICs are not known, so every NIC its port groups
 * name is assumed bound and active (U1), or one unnamed uplink when none names any.
 */
export function implicitStandardTeam(objectId: string, switchName: string, nics: readonly string[]): Team {
    return {
        active: [...nics],
        standby: [],
        policy: DEFAULT_POLICY,
        notifySwitches: true,
        checkBeacon: false,
        origin: {
            kind: "assumed",
            objectId,
            rule: "U1",
            note: `switch ${show(switchName)} is not managed in this stack; its uplinks assumed all active, loadbalance_srcid`,
        },
    };
}

/** What a DistributedVirtualSwitch says about its uplinks: their names, team and LACP. */
export interface DistributedTeaming {
    /** Uplink names in order; `assumed` when `uplinks` is unset (vCenter's default names). */
    names: { kind: "value"; value: string[]; assumed: boolean } | { kind: "unknown" };
    team: Team;
    /** The names are unknown and no list names an uplink: every uplink active, named by position. */
    unnamedAllActive: boolean;
    lacp: NonNullable<Switch["lacp"]>;
}

export function distributedSwitchTeaming(ctx: Context, res: RawResource, objectId: string): DistributedTeaming {
    const uplinks = readNameList(ctx, res, ["uplinks"], "uplink names");
    const active = readNameList(ctx, res, ["activeUplinks"], "uplink names");
    const standby = readNameList(ctx, res, ["standbyUplinks"], "uplink names");
    const policy = readPolicy(ctx, res, false);
    const notify = readFlag(ctx, res, "notifySwitches");
    const beacon = readFlag(ctx, res, "checkBeacon");
    const notes: Array<string | undefined> = [];

    let names: DistributedTeaming["names"];
    if (uplinks.kind === "unknown") names = { kind: "unknown" };
    else if (uplinks.kind === "value" && uplinks.value.length > 0) {
        const u = unique(uplinks.value);
        if (u.length < uplinks.value.length) {
            ctx.diag({ kind: "property", urn: res.urn, property: "uplinks", message: `uplinks of ${show(res.name)} names an uplink twice; each name is read once.` });
        }
        names = { kind: "value", value: u, assumed: false };
    } else names = { kind: "value", value: [...DEFAULT_DVS_UPLINKS], assumed: true };

    let origin: Origin;
    const team: Team = { active: [], standby: [], policy: DEFAULT_POLICY, origin: { kind: "explicit", objectId } };
    if (active.kind === "unknown" || standby.kind === "unknown") {
        team.unknownKey = teamKey(objectId);
        origin = { kind: "explicit", objectId, property: active.kind === "unknown" ? "activeUplinks" : "standbyUplinks", rule: "U1", note: "not known during preview" };
    } else if (isSet(active) || isSet(standby)) {
        team.active = unique(valueOf(active));
        team.standby = unique(valueOf(standby)).filter((n) => !team.active.includes(n));
        const set = [isSet(active) ? "activeUplinks" : undefined, isSet(standby) ? "standbyUplinks" : undefined].filter((x) => x !== undefined).join(", ");
        origin = { kind: "explicit", objectId, property: set, rule: "U1" };
        if (!isSet(active)) notes.push("only standbyUplinks set: no active uplink (U6)");
        if (names.kind === "value") {
            const missing = [...team.active, ...team.standby].filter((n) => !names.value.includes(n));
            if (missing.length) {
                ctx.diag({
                    kind: "property",
                    urn: res.urn,
                    property: set,
                    message: `${set} of ${show(res.name)} names ${nameList(missing)}, which the switch does not have (its uplinks: ${nameList(names.value)}${names.assumed ? ", vCenter's default names" : ""}); those names carry nothing.`,
                });
            }
        }
    } else if (names.kind === "value") {
        team.active = [...names.value];
        origin = { kind: "assumed", objectId, property: "activeUplinks", rule: "U1", note: "activeUplinks and standbyUplinks unset: every uplink active (the vCenter default)" };
    } else {
        // Neither list set and the names unknown: every uplink active whatever they are called, so
        // the switch names them by position (`unnamedAllActive`) and fills `active` with those.
        origin = { kind: "assumed", objectId, property: "activeUplinks", rule: "U1", note: "activeUplinks and standbyUplinks unset: every uplink active (the vCenter default); uplink names not known during preview, named by position" };
    }
    if (names.kind === "value" && names.assumed) notes.push(`uplinks unset: vCenter names them ${DEFAULT_DVS_UPLINKS.join(", ")} (assumed)`);
    if (policy.kind === "value") team.policy = policy.value;
    else if (policy.kind === "unknown") team.policy = "unknown";
    else notes.push("teamingPolicy unset: the vCenter default loadbalance_srcid");
    // T6: false is not sent, so vCenter's defaults (notify on, beacon off) stand.
    if (notify.kind !== "unknown") team.notifySwitches = true;
    if (notify.kind === "value" && !notify.value) notes.push("notifySwitches false is not sent by the provider (T6); vCenter's default (on) stays");
    if (beacon.kind !== "unknown") team.checkBeacon = beacon.kind === "value" && beacon.value;
    const n = note([origin.note, ...notes]);
    team.origin = n === undefined ? origin : { ...origin, note: n };
    const unnamedAllActive = names.kind === "unknown" && team.unknownKey === undefined && !isSet(active) && !isSet(standby);
    return { names, team, unnamedAllActive, lacp: distributedLacp(ctx, res, objectId) };
}

/** L3, T6: `lacpEnabled: true` makes the uplinks one LAG; false and unset are not sent (LACP off, the vCenter default). */
function distributedLacp(ctx: Context, res: RawResource, objectId: string): NonNullable<Switch["lacp"]> {
    const enabled = readFlag(ctx, res, "lacpEnabled");
    const mode = readKeyword(res.props, ["lacpMode"]);
    if (enabled.kind === "unknown") {
        ctx.diag({ kind: "unknown", urn: res.urn, property: "lacpEnabled", message: `lacpEnabled of ${show(res.name)} is not known during preview; LACP is assumed off.` });
        return { enabled: false, mode: "passive", origin: { kind: "assumed", objectId, property: "lacpEnabled", rule: "L3", note: "not known during preview; assumed off" } };
    }
    if (enabled.kind === "absent" || !enabled.value) {
        return {
            enabled: false,
            mode: "passive",
            origin: { kind: "vsphereDefault", objectId, property: "lacpEnabled", rule: "L3", note: enabled.kind === "absent" ? "unset: LACP off" : "false is not sent (T6): LACP off, the vCenter default" },
        };
    }
    if (mode.kind === "value" && (mode.value === "active" || mode.value === "passive")) {
        return { enabled: true, mode: mode.value, origin: { kind: "explicit", objectId, property: "lacpEnabled", rule: "L3" } };
    }
    if (mode.kind === "value" || mode.kind === "wrongType") {
        ctx.diag({ kind: "property", urn: res.urn, property: "lacpMode", message: `lacpMode of ${show(res.name)} is not "active" or "passive"; passive is assumed.` });
    }
    return {
        enabled: true,
        mode: "passive",
        origin: { kind: "explicit", objectId, property: "lacpEnabled", rule: "L3", note: mode.kind === "unknown" ? "lacpMode not known during preview; passive assumed" : "lacpMode unset; passive assumed (the vCenter default)" },
    };
}

/** Names a port group's team gives that the switch does not have on any host: reported, kept (the simulator ignores unbound names). */
function reportForeign(ctx: Context, res: RawResource, property: string, team: Team, known: readonly string[] | undefined, what: string): void {
    if (known === undefined || team.unknownKey !== undefined) return;
    const missing = [...team.active, ...team.standby].filter((n) => !known.includes(n));
    if (missing.length === 0) return;
    const none = team.active.every((n) => !known.includes(n));
    ctx.diag({
        kind: "property",
        urn: res.urn,
        property,
        message: `${property} of ${show(res.name)} names ${nameList(missing)}, which its switch does not have (${what}: ${known.length ? nameList(known) : "none"}); they carry nothing${none ? ", so the port group has no active uplink (U6)" : ""}.`,
    });
}

function inheritedLists(objectId: string, sw: Team, property: string, rule: string): Pick<Team, "active" | "standby" | "origin" | "unknownKey"> {
    const out: Pick<Team, "active" | "standby" | "origin" | "unknownKey"> = {
        active: [...sw.active],
        standby: [...sw.standby],
        origin: { kind: "inherited", objectId, property, rule, from: sw.origin, note: "unset; the switch's team" },
    };
    if (sw.unknownKey !== undefined) out.unknownKey = sw.unknownKey;
    return out;
}

/**
 * HostPortGroup (T5). `switchNics`: the NICs the switch binds, when known (a name outside them is
 * reported). `inheritsUnset`: provider before 4.15.0, where unset failover flags inherit.
 */
/**
 * A port group's own team lists (T5, T6): unknown during preview, set (either list overrides the
 * switch's team; the other is sent empty), or neither set (the switch's lists, inherited).
 */
function overrideLists(
    ctx: Context,
    res: RawResource,
    objectId: string,
    sw: Team,
    active: ListRead,
    standby: ListRead,
    notes: Array<string | undefined>,
    p: { active: string; standby: string; unknownRule: string; setRule: string; known: readonly string[] | undefined; what: string; noActive: string },
): Team {
    if (active.kind === "unknown" || standby.kind === "unknown") {
        return { active: [], standby: [], policy: sw.policy, unknownKey: teamKey(objectId), origin: { kind: "explicit", objectId, property: active.kind === "unknown" ? p.active : p.standby, rule: p.unknownRule, note: "not known during preview" } };
    }
    if (!isSet(active) && !isSet(standby)) return { ...inheritedLists(objectId, sw, p.active, p.unknownRule), policy: sw.policy };
    const a = unique(valueOf(active));
    const set = [isSet(active) ? p.active : undefined, isSet(standby) ? p.standby : undefined].filter((x) => x !== undefined).join(", ");
    const team: Team = { active: a, standby: unique(valueOf(standby)).filter((n) => !a.includes(n)), policy: sw.policy, origin: { kind: "explicit", objectId, property: set, rule: p.setRule } };
    if (!isSet(active)) notes.push(p.noActive);
    reportForeign(ctx, res, set, team, p.known, p.what);
    return team;
}

export function hostPortGroupTeam(ctx: Context, res: RawResource, objectId: string, sw: Team, switchNics: readonly string[] | undefined, inheritsUnset: boolean): Team {
    const active = readNameList(ctx, res, ["activeNics"]);
    const standby = readNameList(ctx, res, ["standbyNics"]);
    const policy = readPolicy(ctx, res, true);
    const notify = readFlag(ctx, res, "notifySwitches");
    const beacon = readFlag(ctx, res, "checkBeacon");
    const notes: Array<string | undefined> = [];
    const team = overrideLists(ctx, res, objectId, sw, active, standby, notes, { active: "activeNics", standby: "standbyNics", unknownRule: "T5", setRule: "T5", known: switchNics, what: "its NICs", noActive: "only standbyNics set: the provider sends activeNics empty, so no active NIC (T5, U6)" });
    if (active.kind === "value" && active.value.length > 0 && standby.kind !== "unknown" && !isSet(standby)) notes.push("standbyNics unset: sent empty (T5)");
    if (policy.kind === "value") team.policy = policy.value;
    else if (policy.kind === "unknown") team.policy = "unknown";
    else notes.push("teamingPolicy unset: inherited from the switch");
    const flag = (r: FlagRead, prop: "notifySwitches" | "checkBeacon"): boolean | undefined => {
        if (r.kind === "value") return r.value;
        if (r.kind === "unknown") return undefined;
        if (inheritsUnset) return sw[prop];
        notes.push(`${prop} unset: sent as false by provider 4.15.0 and later (T5)`);
        return false;
    };
    const nv = flag(notify, "notifySwitches");
    const bv = flag(beacon, "checkBeacon");
    if (nv !== undefined) team.notifySwitches = nv;
    if (bv !== undefined) team.checkBeacon = bv;
    const n = note([team.origin.note, ...notes]);
    if (n !== undefined) team.origin = { ...team.origin, note: n };
    return team;
}

/**
 * DistributedPortGroup (T6): lists both empty, `teamingPolicy` unset and the flags false or unset
 * inherit; LACP fields are never sent (L3). `uplinkNames`: the switch's uplink names, when known.
 */
export function distributedPortGroupTeam(ctx: Context, res: RawResource, objectId: string, sw: Team, uplinkNames: readonly string[] | undefined): Team {
    const active = readNameList(ctx, res, ["activeUplinks"], "uplink names");
    const standby = readNameList(ctx, res, ["standbyUplinks"], "uplink names");
    const policy = readPolicy(ctx, res, false);
    const notify = readFlag(ctx, res, "notifySwitches");
    const beacon = readFlag(ctx, res, "checkBeacon");
    const lacp = readFlag(ctx, res, "lacpEnabled");
    if (lacp.kind === "value" && lacp.value) {
        ctx.diag({
            kind: "property",
            urn: res.urn,
            property: "lacpEnabled",
            message: `lacpEnabled on port group ${show(res.name)} has no effect: the provider sends LACP only from the DistributedVirtualSwitch (L3). Set lacpEnabled on the switch.`,
        });
    }
    const notes: Array<string | undefined> = [];
    const team = overrideLists(ctx, res, objectId, sw, active, standby, notes, { active: "activeUplinks", standby: "standbyUplinks", unknownRule: "T6", setRule: "U1", known: uplinkNames, what: "its uplinks", noActive: "only standbyUplinks set: no active uplink (U6)" });
    if (policy.kind === "value") team.policy = policy.value;
    else if (policy.kind === "unknown") team.policy = "unknown";
    else notes.push("teamingPolicy unset: inherited from the switch");
    // T6: true is sent, false and unset inherit; unknown: true or the switch's value.
    const flag = (r: FlagRead, prop: "notifySwitches" | "checkBeacon"): boolean | undefined => {
        if (r.kind === "value" && r.value) return true;
        if (r.kind === "unknown") return sw[prop] === true ? true : undefined;
        if (r.kind === "value") notes.push(`${prop} false is not sent (T6): inherited from the switch`);
        return sw[prop];
    };
    const nv = flag(notify, "notifySwitches");
    const bv = flag(beacon, "checkBeacon");
    if (nv !== undefined) team.notifySwitches = nv;
    if (bv !== undefined) team.checkBeacon = bv;
    const n = note([team.origin.note, ...notes]);
    if (n !== undefined) team.origin = { ...team.origin, note: n };
    return team;
}
