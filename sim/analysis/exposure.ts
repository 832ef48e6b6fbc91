/**
 * What promiscuous ports can observe (S3): never across hosts; within a host, the ports of their
 * own port group for certain (narrow) and, per older VMware text, the ports of other port groups
 * on the same switch that share a VLAN (wide, "may observe"). On a private VLAN a promiscuous port
 * gets only what the PVLAN filter lets through (PV2, PV3): an isolated one does not observe its
 * isolated neighbours, even in its own port group.
 */
import type { Port, PortGroup } from "../model/model";
import type { Exposure, ObservedEndpoint } from "../model/results";
import type { Net } from "../model/network";
import { carries, overlaps } from "../forwarding/vlan";
import { bypasses } from "./duplicates";

const ANY_HOST = "\u0000?";

export function promiscuousExposure(net: Net): Exposure[] {
    const out: Exposure[] = [];
    for (const sw of net.model.switches) {
        const groups = net.switchGroups.get(sw.id) ?? [];
        // host → port group → ports
        const byHost = new Map<string, Map<string, Port[]>>();
        for (const pg of groups) {
            // An SR-IOV NIC (X4) bypasses the switch: it neither observes nor is observed through it.
            for (const p of portsOf(net, pg)) {
                if (bypasses(p)) continue;
                const h = p.hostId ?? ANY_HOST;
                const m = byHost.get(h) ?? new Map<string, Port[]>();
                m.set(pg.id, [...(m.get(pg.id) ?? []), p]);
                byHost.set(h, m);
            }
        }
        for (const pg of groups) {
            const value = pg.security.promiscuous.value;
            if (value === "reject") continue;
            for (const [h, pgs] of byHost) {
                const mine = pgs.get(pg.id);
                if (!mine) continue;
                const observes: ObservedEndpoint[] = [];
                for (const [oh, opgs] of byHost) {
                    if (h !== ANY_HOST && oh !== ANY_HOST && oh !== h) continue;
                    const certain = h !== ANY_HOST && oh !== ANY_HOST;
                    for (const [opgId, ports] of opgs) {
                        const opg = net.portGroups.get(opgId)!;
                        const scope = !observesGroup(net, pg, opg) ? undefined : opgId === pg.id ? "narrow" : "wide";
                        if (!scope) continue;
                        for (const p of ports) for (const e of net.behind.get(p.id) ?? []) observes.push({ endpoint: e.id, scope, certain });
                    }
                }
                out.push({ portGroupId: pg.id, hostId: h === ANY_HOST ? undefined : h, portIds: mine.map((p) => p.id), promiscuous: value, observes });
            }
        }
    }
    return out;
}

/** Whether a promiscuous port of `pg` may see the frames the ports of `opg` send (same switch and host). */
function observesGroup(net: Net, pg: PortGroup, opg: PortGroup): boolean {
    if (pg.vlan.kind !== "pvlan" && opg.vlan.kind !== "pvlan") return opg.id === pg.id || overlaps(pg.vlan, opg.vlan);
    // PV2/PV3: the frames a port group sends carry its (secondary) VLAN id; the filter comes before promiscuous delivery.
    const roles = net.pvlanRoles;
    switch (opg.vlan.kind) {
        case "pvlan":
            return carries(pg.vlan, opg.vlan.secondary, roles);
        case "vlan":
            return carries(pg.vlan, opg.vlan.id, roles);
        case "none":
            return carries(pg.vlan, 0, roles);
        case "trunk":
            return pg.vlan.kind === "pvlan" && opg.vlan.ranges.some(([lo, hi]) => carries(pg.vlan, lo, roles) || carries(pg.vlan, hi, roles));
    }
}

function portsOf(net: Net, pg: PortGroup): Port[] {
    return net.groupPorts.get(pg.id) ?? [];
}
