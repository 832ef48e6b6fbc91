/** fast-check generators of small random vSphere topologies for property tests. */
import fc from "fast-check";
import type { ConversationSpec, Model, SecuritySetting, Tri, VlanMode } from "../../sim";
import { Lab, type Sec } from "./lab";

const tri = fc.constantFrom<Tri>("accept", "reject");
const sec: fc.Arbitrary<Sec> = fc.record(
    { promiscuous: tri, forgedTransmits: tri, macChanges: tri },
    { requiredKeys: [] },
);
const vlan: fc.Arbitrary<number | VlanMode> = fc.oneof(
    fc.constant(0),
    fc.constantFrom(10, 20),
    fc.constant<VlanMode>({ kind: "trunk", ranges: [[1, 4094]] }),
    fc.constant<VlanMode>({ kind: "trunk", ranges: [[10, 10]] }),
);

export interface RandomLab {
    model: Model;
    conversations: ConversationSpec[];
}

const mac = (n: number) => `02:00:00:00:${((n >> 8) & 0xff).toString(16).padStart(2, "0")}:${(n & 0xff).toString(16).padStart(2, "0")}`;

/** A random lab: 1–3 hosts, a vDS or per-host standard switches, 1–3 port groups, VMs, guests and externals. */
export const randomLab: fc.Arbitrary<RandomLab> = fc
    .record({
        hosts: fc.integer({ min: 1, max: 3 }),
        distributed: fc.boolean(),
        switchSec: sec,
        uplinkless: fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }),
        groups: fc.array(fc.record({ vlan, sec, ml: fc.option(fc.record({ limit: fc.integer({ min: 1, max: 3 }), limitPolicy: fc.constantFrom<"drop" | "allow">("drop", "allow"), allowUnicastFlooding: fc.boolean() }), { nil: undefined }) }), { minLength: 1, maxLength: 3 }),
        vms: fc.array(fc.record({ group: fc.nat(), host: fc.option(fc.nat(), { nil: undefined }), changed: fc.boolean() }), { minLength: 1, maxLength: 4 }),
        guests: fc.array(fc.record({ vm: fc.nat(), vlan: fc.constantFrom<number | undefined>(undefined, undefined, 10, 20) }), { maxLength: 4 }),
        externals: fc.array(fc.constantFrom<number | undefined>(undefined, 10, 20), { minLength: 1, maxLength: 2 }),
        pairs: fc.array(fc.tuple(fc.nat(), fc.nat()), { minLength: 1, maxLength: 3 }),
    })
    .map((r) => {
        const lab = new Lab();
        const hosts = Array.from({ length: r.hosts }, (_, i) => `esx${i + 1}`);
        for (const h of hosts) lab.host(h);
        const switchOf: string[] = [];
        if (r.distributed) {
            lab.vds("vds", hosts.map((h, i) => ({ host: h, uplinks: r.uplinkless[i] ? [] : ["uplink1", "uplink2"].slice(0, 1 + (i % 2)) })), { sec: r.switchSec });
            r.groups.forEach((g, i) => {
                lab.pg(`pg${i}`, "vds", { vlan: g.vlan, sec: g.sec, ml: g.ml });
                switchOf.push("vds");
            });
        } else {
            hosts.forEach((h, i) => lab.vss(`vs${i}`, h, { uplinks: r.uplinkless[i] ? [] : ["vmnic0"], sec: r.switchSec }));
            r.groups.forEach((g, i) => {
                // Standard port groups: one per host, spread round-robin.
                lab.pg(`pg${i}`, `vs${i % hosts.length}`, { vlan: g.vlan, sec: g.sec });
                switchOf.push(`vs${i % hosts.length}`);
            });
        }
        const endpoints: string[] = [];
        let n = 1;
        r.vms.forEach((v, i) => {
            const g = v.group % r.groups.length;
            const host = r.distributed ? (v.host === undefined ? undefined : hosts[v.host % hosts.length]) : hosts[g % hosts.length];
            const initial = mac(n++);
            lab.vm(`vm${i}`, `pg${g}`, host, initial, v.changed ? { effectiveMac: mac(n++) } : {});
            endpoints.push(`vm${i}`);
        });
        r.guests.forEach((g, i) => {
            lab.guest(`guest${i}`, `vm${g.vm % r.vms.length}`, mac(n++), g.vlan);
            endpoints.push(`guest${i}`);
        });
        r.externals.forEach((v, i) => {
            lab.external(`ext${i}`, mac(n++), v);
            endpoints.push(`ext${i}`);
        });
        const conversations = r.pairs
            .map(([x, y]) => ({ a: endpoints[x % endpoints.length], b: endpoints[y % endpoints.length] }))
            .filter((c) => c.a !== c.b);
        return { model: lab.model, conversations };
    })
    .filter((l) => l.conversations.length > 0);

export const SETTINGS: SecuritySetting[] = ["promiscuous", "forgedTransmits", "macChanges"];
