/**
 * The native VLAN of hosts' physical switch ports (SEMANTICS V7) after the host facts (host-facts.ts):
 *
 * - A host with none (not declared, not read over CDP) is assumed to have the one the other hosts
 *   have, when they all agree: "one untagged network for all hosts", said so in its origin. Where
 *   they disagree it stays without one, in the untagged network of the hosts that have none.
 * - An external with no VLAN of its own sits in its port group's VLAN on the wire; for an untagged
 *   port group (or a trunk, whose guests send untagged) that is the native VLAN of the hosts the port
 *   group's switch spans, when they all have the same.
 */
import type { Context } from "./context";

/** Hosts without a native VLAN take the one every other host has (assumed); nothing when they differ. */
export function assumeCommonNativeVlan(ctx: Context): void {
    const known = new Set(ctx.model.hosts.flatMap((h) => (h.nativeVlan ? [h.nativeVlan.value] : [])));
    if (known.size !== 1) return;
    const [native] = known;
    for (const h of ctx.model.hosts) {
        if (h.nativeVlan) continue;
        h.nativeVlan = {
            value: native,
            origin: { kind: "assumed", objectId: h.id, property: `hosts.${h.id}.nativeVlan`, rule: "V7", note: `not declared; the other hosts' native VLAN ${native}, one untagged network for all hosts (declare it under hosts if not)` },
        };
    }
}

/** Moves the VLAN-less externals of untagged port groups into their hosts' common native VLAN. */
export function placeExternalsInNativeVlan(ctx: Context): void {
    if (!ctx.model.hosts.some((h) => h.nativeVlan !== undefined)) return;
    const hosts = new Map(ctx.model.hosts.map((h) => [h.id, h]));
    const switches = new Map(ctx.model.switches.map((s) => [s.id, s]));
    const groups = new Map(ctx.model.portGroups.map((g) => [g.id, g]));
    for (const e of ctx.model.endpoints) {
        if (e.kind !== "external" || e.vlan) continue;
        const pgId = ctx.endpoints.get(e.id)?.portGroupId;
        const pg = pgId === undefined ? undefined : groups.get(pgId);
        if (!pg || (pg.vlan.kind !== "none" && pg.vlan.kind !== "trunk")) continue;
        const members = switches.get(pg.switchId)?.members ?? [];
        const natives = new Set(members.map((m) => hosts.get(m.hostId)?.nativeVlan?.value ?? 0));
        if (natives.size !== 1) continue;
        const [native] = natives;
        if (native !== 0) e.vlan = native;
    }
}
