/**
 * What-if changes for `vsnet trace --set <resource>.<property>=<value>`, applied the way the
 * provider would apply them: `false` on a DistributedPortGroup means "inherit from the switch"
 * (T3), not Reject; MAC learning only on distributed port groups of a switch that has it.
 */
import { applyChanges, type Change, type Model, type SecuritySetting } from "../sim";
import type { Translation } from "../translate";
import { PROPERTY } from "./naming";

const SETTING_OF: Record<string, SecuritySetting> = Object.fromEntries(Object.entries(PROPERTY).map(([s, p]) => [p, s as SecuritySetting]));

export type WhatIf = { ok: true; changes: Change[]; note?: string } | { ok: false; error: string };

/** Parses one `--set` expression against a translated stack. */
export function parseWhatIf(t: Translation, expr: string): WhatIf {
    const m = /^(.+)\.([A-Za-z]+)=(.*)$/.exec(expr.trim());
    if (!m) return { ok: false, error: `--set ${expr}: expected <resource>.<property>=<value>, e.g. lab-pg.allowPromiscuous=true` };
    const [, name, prop, rawValue] = m;
    if (prop === "rpfCheckPromisc") return hostWhatIf(t, expr, name, rawValue.trim().toLowerCase());
    const ids = findObjects(t, name);
    if (ids.length === 0) return { ok: false, error: `--set ${expr}: no switch or port group named ${name} in the stack${t.model.portGroups.some((pg) => t.objects.get(pg.id)?.inventoryRef) ? " or among the inventories' port groups it uses" : ""}` };
    if (ids.length > 1) return { ok: false, error: `--set ${expr}: ${ids.length} switches or port groups are named ${name} (${ids.slice(0, 4).map((id) => describe(t, id)).join("; ")}); name one by its URN, or an inventory's by its id` };
    const id = ids[0];
    const info = t.objects.get(id)!;
    const kind = info.kind;
    const value = rawValue.trim().toLowerCase();
    if (prop === "macLearning") {
        if (kind !== "distributedPortGroup") return { ok: false, error: `--set ${expr}: MAC learning exists only on distributed port groups` };
        if (value !== "true" && value !== "false") return { ok: false, error: `--set ${expr}: macLearning takes true or false` };
        return { ok: true, changes: [{ kind: "macLearning", portGroupId: id, enabled: value === "true" }] };
    }
    if (prop === "vlanRanges" || prop === "trunk") {
        const vlans = value.split(",").map((v) => Number(v.trim()));
        if (!vlans.length || vlans.some((v) => !Number.isInteger(v) || v < 1 || v > 4094)) return { ok: false, error: `--set ${expr}: give VLAN ids 1-4094, comma separated` };
        if (kind !== "distributedPortGroup" && kind !== "hostPortGroup") return { ok: false, error: `--set ${expr}: trunking is set on a port group` };
        return { ok: true, changes: [{ kind: "trunk", portGroupId: id, vlans }] };
    }
    if (TEAM_LISTS.includes(prop)) return teamWhatIf(t, expr, id, kind, prop, rawValue);
    const setting = SETTING_OF[prop];
    if (!setting) return { ok: false, error: `--set ${expr}: property must be one of ${Object.values(PROPERTY).join(", ")}, macLearning or trunk` };
    if (value !== "true" && value !== "false") return { ok: false, error: `--set ${expr}: ${prop} takes true or false` };
    const isSwitch = kind === "hostVirtualSwitch" || kind === "distributedVirtualSwitch" || kind === "implicit";
    if (!isSwitch && kind !== "hostPortGroup" && kind !== "distributedPortGroup") return { ok: false, error: `--set ${expr}: ${name} is not a switch or port group` };
    // T3 is the provider's: a port group in vCenter (a vCenter inventory's) can override to Reject.
    if (kind === "distributedPortGroup" && value === "false" && info.inventoryRef?.source !== "vcenter") {
        return { ok: true, changes: [{ kind: "inherit", portGroupId: id, setting }], note: `${name}.${prop}=false: the provider treats false as unset on a DistributedPortGroup, so it inherits the switch's value (T3)` };
    }
    return { ok: true, changes: [{ kind: "setting", objectId: id, scope: isSwitch ? "switch" : "portGroup", setting, value: value === "true" ? "accept" : "reject" }] };
}

const TEAM_LISTS = ["activeUplinks", "standbyUplinks", "activeNics", "standbyNics"];

const NETWORK_KINDS: ReadonlySet<string> = new Set(["hostVirtualSwitch", "hostPortGroup", "distributedVirtualSwitch", "distributedPortGroup", "implicit"]);

/**
 * Switches and port groups a `--set` names: by URN or an inventory id (`dvportgroup-13`, a DVS
 * uuid) exactly; else by name, the stack's resource name or the name in its inventory.
 */
function findObjects(t: Translation, name: string): string[] {
    const all = [...t.objects].filter(([, o]) => NETWORK_KINDS.has(o.kind));
    const exact = all.filter(([, o]) => o.urn === name || o.inventoryRef?.id === name).map(([id]) => id);
    if (exact.length) return exact;
    return all.filter(([, o]) => o.name === name || o.inventoryRef?.name === name).map(([id]) => id);
}

/** "DistributedPortGroup lab-pg of this stack (urn:…)" / "lab-pg (dvportgroup-13) from vCenter inventory vc01". */
function describe(t: Translation, id: string): string {
    const o = t.objects.get(id)!;
    return o.inventoryRef ? `${o.inventoryRef.name} (${o.inventoryRef.id}) from ${o.inventory}` : `${o.name} of this stack${o.urn ? ` (${o.urn})` : ""}`;
}

/** `<host id>.rpfCheckPromisc=0|1`: the host fact U4 depends on. */
function hostWhatIf(t: Translation, expr: string, name: string, value: string): WhatIf {
    const host = t.model.hosts.find((h) => h.id === name || h.name === name || t.objects.get(h.id)?.name === name);
    if (!host) return { ok: false, error: `--set ${expr}: no host ${name} in the stack (give its hostSystemId, e.g. host-101)` };
    if (!["0", "1", "true", "false"].includes(value)) return { ok: false, error: `--set ${expr}: rpfCheckPromisc takes 0 or 1` };
    return { ok: true, changes: [{ kind: "host", hostId: host.id, rpfCheckPromisc: value === "1" || value === "true" }] };
}

/** `<port group>.activeUplinks=uplink1,uplink2` (or standbyUplinks, activeNics, standbyNics): the port group's team (U1). */
function teamWhatIf(t: Translation, expr: string, id: string, kind: string, prop: string, raw: string): WhatIf {
    const distributed = kind === "distributedPortGroup";
    if (!distributed && kind !== "hostPortGroup") return { ok: false, error: `--set ${expr}: a team is set on a port group` };
    if (distributed !== prop.endsWith("Uplinks")) return { ok: false, error: `--set ${expr}: a ${distributed ? "DistributedPortGroup names uplinks (activeUplinks, standbyUplinks)" : "HostPortGroup names NICs (activeNics, standbyNics)"}` };
    const names = raw.split(",").map((n) => n.trim()).filter((n) => n !== "");
    const pg = t.model.portGroups.find((p) => p.id === id);
    const sw = pg && t.model.switches.find((s) => s.id === pg.switchId);
    if (!pg || !sw) return { ok: false, error: `--set ${expr}: the port group is not on a switch the pack can see` };
    const cur = pg.team ?? sw.team;
    const all = [...new Set(sw.members.flatMap((m) => (m.uplinks.known ? m.uplinks.links.map((l) => l.name) : [])))];
    let active = cur?.active ?? all;
    let standby = cur?.standby ?? [];
    if (prop.startsWith("active")) {
        active = names;
        standby = standby.filter((n) => !names.includes(n));
    } else {
        standby = names;
        active = active.filter((n) => !names.includes(n));
    }
    return { ok: true, changes: [{ kind: "team", portGroupId: id, active, standby }] };
}

/** Applies parsed what-ifs to a model. */
export function applyWhatIf(model: Model, changes: Change[]): Model {
    return applyChanges(model, changes);
}
