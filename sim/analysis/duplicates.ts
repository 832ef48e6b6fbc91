/**
 * Duplicate frames at nested hypervisors (U4, U5, L2), asked of the network as a whole rather than
 * of the declared conversations: every broadcast of the physical network (ARP, DHCP, VRRP/CARP
 * adverts) reaches a nested hypervisor's promiscuous port once per uplink of its team that is up,
 * whoever speaks first — so the finding cannot depend on which way a flow is written.
 */
import type { Port, Tri } from "../model/model";
import type { Net } from "../model/network";
import { aggregated, teamOnHost } from "../forwarding/uplinks";

export interface DuplicateFloods {
    portGroupId: string;
    hostId: string;
    /** The nested hypervisors' ports (ports with guests behind) on that host. */
    portIds: string[];
    copies: number;
    /** The uplinks each flooded frame arrives on, with their role in the team. */
    links: Array<{ name: string; nic?: string; role: "active" | "standby" }>;
    /** `unknown`: only if promiscuous mode turns out accepted. */
    promiscuous: Tri;
    /** False when DRS places the ports: they get the copies if they land on this host. */
    certain: boolean;
    /** Where the team came from (port group or switch id). */
    teamFrom: string;
}

/** X4: a NIC known to bypass the virtual switch (one whose adapter type is unknown may not). */
export function bypasses(p: Port): boolean {
    return p.passthrough !== undefined && p.passthrough.unknownKey === undefined;
}

export function duplicateFloods(net: Net): DuplicateFloods[] {
    const out: DuplicateFloods[] = [];
    for (const sw of net.model.switches) {
        for (const pg of net.switchGroups.get(sw.id) ?? []) {
            const promiscuous = pg.security.promiscuous.value;
            if (promiscuous === "reject") continue;
            // An SR-IOV NIC (X4) bypasses the switch: no promiscuous copies reach it.
            const nested = (net.groupPorts.get(pg.id) ?? []).filter((p: Port) => !bypasses(p) && (net.behind.get(p.id) ?? []).some((e) => e.kind === "guest"));
            if (nested.length === 0) continue;
            for (const m of sw.members) {
                const here = nested.filter((p) => p.hostId === m.hostId || p.hostId === undefined);
                if (here.length === 0) continue;
                const host = net.hosts.get(m.hostId);
                if (host?.rpfCheckPromisc === true || aggregated(sw, host)) continue;
                const t = teamOnHost(sw, pg, m);
                if (!t || t.active.length === 0) continue;
                const copies = t.active.length + t.standby.length;
                if (copies < 2) continue;
                out.push({
                    portGroupId: pg.id,
                    hostId: m.hostId,
                    portIds: here.map((p) => p.id),
                    copies,
                    links: [...t.active.map((l) => ({ ...l, role: "active" as const })), ...t.standby.map((l) => ({ ...l, role: "standby" as const }))],
                    promiscuous,
                    certain: here.every((p) => p.hostId !== undefined),
                    teamFrom: t.objectId,
                });
            }
        }
    }
    return out;
}
