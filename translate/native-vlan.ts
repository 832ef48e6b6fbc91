/**
 * External devices and the native VLAN (SEMANTICS V7). An external with no VLAN of its own sits in
 * its port group's VLAN on the wire; for an untagged port group (or a trunk, whose guests send
 * untagged) that is the native VLAN of the physical ports of the hosts the port group's switch spans,
 * when every one of them declares the same. Otherwise the external stays in the shared untagged
 * network of the hosts that declare none. Runs after the host facts (host-facts.ts).
 */
import type { Context } from "./context";

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
