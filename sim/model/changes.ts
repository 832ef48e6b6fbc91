/**
 * Applying configuration changes to a model (for the fix search, needs and `--set` what-ifs).
 * A switch-level change reaches the port groups that inherit that setting from the switch (S5; for
 * `blockAllPorts`, T6).
 */
import type { Model, Origin, PortGroup, SecurityPolicy, Setting } from "./model";
import type { Change } from "./results";

export function applyChanges(model: Model, changes: readonly Change[]): Model {
    if (changes.length === 0) return model;
    let switches = model.switches;
    let portGroups = model.portGroups;
    let hosts = model.hosts;
    for (const c of changes) {
        if (c.kind === "setting" && c.scope === "switch") {
            const origin: Origin = { kind: "whatIf", objectId: c.objectId };
            const value: Setting = { value: c.value, origin };
            switches = switches.map((s) => (s.id === c.objectId ? { ...s, security: { ...s.security, [c.setting]: value } } : s));
            portGroups = portGroups.map((pg) => {
                const cur = pg.security[c.setting];
                if (pg.switchId !== c.objectId || cur.origin.kind !== "inherited") return pg;
                return withSetting(pg, c.setting, { value: c.value, origin: { kind: "inherited", objectId: c.objectId, from: origin } });
            });
        } else if (c.kind === "setting") {
            portGroups = portGroups.map((pg) => (pg.id === c.objectId ? withSetting(pg, c.setting, { value: c.value, origin: { kind: "whatIf", objectId: pg.id } }) : pg));
        } else if (c.kind === "macLearning") {
            portGroups = portGroups.map((pg) =>
                pg.id === c.portGroupId
                    ? { ...pg, macLearning: { enabled: c.enabled, allowUnicastFlooding: pg.macLearning?.allowUnicastFlooding ?? true, limit: pg.macLearning?.limit ?? 4096, limitPolicy: pg.macLearning?.limitPolicy ?? "drop", origin: { kind: "whatIf", objectId: pg.id } } }
                    : pg,
            );
        } else if (c.kind === "inherit") {
            portGroups = portGroups.map((pg) => {
                const sw = pg.id === c.portGroupId ? switches.find((s) => s.id === pg.switchId) : undefined;
                if (!sw) return pg;
                const from = sw.security[c.setting];
                return withSetting(pg, c.setting, { value: from.value, origin: { kind: "inherited", objectId: pg.id, from: from.origin }, unknownKey: from.unknownKey });
            });
        } else if (c.kind === "team") {
            portGroups = portGroups.map((pg) => {
                if (pg.id !== c.portGroupId) return pg;
                const policy = (pg.team ?? switches.find((s) => s.id === pg.switchId)?.team)?.policy ?? "loadbalance_srcid";
                return { ...pg, team: { active: [...c.active], standby: [...c.standby], policy, origin: { kind: "whatIf", objectId: pg.id } } };
            });
        } else if (c.kind === "host") {
            hosts = hosts.map((h) => (h.id === c.hostId ? { ...h, rpfCheckPromisc: c.rpfCheckPromisc, rpfOrigin: { kind: "whatIf", objectId: h.id } } : h));
        } else if (c.kind === "unblock" && c.scope === "switch") {
            const origin: Origin = { kind: "whatIf", objectId: c.objectId, property: "blockAllPorts" };
            switches = switches.map((s) => (s.id === c.objectId ? { ...s, blocked: { value: false, origin } } : s));
            portGroups = portGroups.map((pg) =>
                pg.switchId === c.objectId && pg.blocked?.origin.kind === "inherited" ? { ...pg, blocked: { value: false, origin: { kind: "inherited", objectId: pg.id, property: "blockAllPorts", from: origin } } } : pg,
            );
        } else if (c.kind === "unblock") {
            portGroups = portGroups.map((pg) => (pg.id === c.objectId ? { ...pg, blocked: { value: false, origin: { kind: "whatIf", objectId: pg.id, property: "blockAllPorts" } } } : pg));
        } else if (c.kind === "mtu") {
            switches = switches.map((s) => (s.id === c.switchId ? { ...s, mtu: { value: c.value, origin: { kind: "whatIf", objectId: s.id, property: s.kind === "distributed" ? "maxMtu" : "mtu" } } } : s));
        } else {
            // An inherited VLAN (V5) becomes the port group's own trunk: its origin is the change.
            portGroups = portGroups.map((pg) =>
                pg.id === c.portGroupId ? { ...pg, vlan: trunkWith(pg, c.vlans), ...(pg.vlanOrigin ? { vlanOrigin: { kind: "whatIf" as const, objectId: pg.id, property: "vlanRanges" } } : {}) } : pg,
            );
        }
    }
    return { ...model, hosts, switches, portGroups };
}

function withSetting(pg: PortGroup, name: keyof SecurityPolicy, s: Setting): PortGroup {
    return { ...pg, security: { ...pg.security, [name]: s } };
}

/** The port group turned into (or widened as) a trunk that carries these VLANs and what it carried. */
function trunkWith(pg: PortGroup, vlans: number[]): PortGroup["vlan"] {
    const ranges: Array<[number, number]> = pg.vlan.kind === "trunk" ? [...pg.vlan.ranges] : pg.vlan.kind === "vlan" ? [[pg.vlan.id, pg.vlan.id]] : [];
    for (const v of vlans) ranges.push([v, v]);
    return { kind: "trunk", ranges };
}
