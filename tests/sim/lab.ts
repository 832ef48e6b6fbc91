/** A tiny builder for simulator models in tests: hosts, switches, port groups, VMs, guests, externals. */
import {
    analyzeConversation,
    compile,
    validateModel,
    type ConversationResult,
    type BlockedSetting,
    type MacLearningPolicy,
    type PvlanMapping,
    type Model,
    type SecurityPolicy,
    type SecuritySetting,
    type Switch,
    type Team,
    type Tri,
    type VlanMode,
} from "../../sim";

export type Sec = Partial<Record<SecuritySetting, Tri>>;

const VSS_DEFAULTS: Record<SecuritySetting, Tri> = { promiscuous: "reject", macChanges: "accept", forgedTransmits: "accept" };
const VDS_DEFAULTS: Record<SecuritySetting, Tri> = { promiscuous: "reject", macChanges: "reject", forgedTransmits: "reject" };

function switchPolicy(id: string, defaults: Record<SecuritySetting, Tri>, sec: Sec = {}): SecurityPolicy {
    const one = (k: SecuritySetting) => {
        const value = sec[k] ?? defaults[k];
        return {
            value,
            origin: sec[k] ? { kind: "explicit" as const, objectId: id } : { kind: "vsphereDefault" as const, objectId: id, rule: "S4" },
            unknownKey: value === "unknown" ? `${id}.${k}` : undefined,
        };
    };
    return { promiscuous: one("promiscuous"), forgedTransmits: one("forgedTransmits"), macChanges: one("macChanges") };
}

function team(objectId: string, t: Partial<Team>): Team {
    return { active: [], standby: [], policy: "loadbalance_srcid", origin: { kind: "explicit", objectId, property: "activeUplinks" }, ...t };
}

/** A port's options: the guest's MAC change, the workload's frame size (X2), the NIC's MTU, a vmk (K1), a passthrough NIC (X4). */
export interface PortOpts {
    effectiveMac?: string;
    mtu?: number;
    nicMtu?: number;
    kind?: "vnic" | "vmk";
    passthrough?: "sriov" | "passthrough";
}

function blockedSetting(objectId: string, value: boolean | "unknown"): BlockedSetting {
    return { value, origin: { kind: "explicit", objectId, property: "blockAllPorts" }, ...(value === "unknown" ? { unknownKey: `${objectId}.blocked` } : {}) };
}

export class Lab {
    readonly model: Model = { hosts: [], switches: [], portGroups: [], ports: [], endpoints: [] };

    /** A host; `nativeVlan`: the native VLAN of its physical ports (V7, declared). */
    host(id: string, opts: { rpf?: boolean; nativeVlan?: number } = {}): this {
        this.model.hosts.push({
            id,
            rpfCheckPromisc: opts.rpf,
            ...(opts.nativeVlan !== undefined ? { nativeVlan: { value: opts.nativeVlan, origin: { kind: "declared" as const, objectId: id, property: `hosts.${id}.nativeVlan` } } } : {}),
        });
        return this;
    }

    vss(id: string, host: string, opts: { uplinks?: string[]; sec?: Sec; mtu?: number } = {}): this {
        this.model.switches.push({
            ...(opts.mtu !== undefined ? { mtu: { value: opts.mtu, origin: { kind: "explicit" as const, objectId: id, property: "mtu" } } } : {}),
            id,
            kind: "standard",
            security: switchPolicy(id, VSS_DEFAULTS, opts.sec),
            macLearningSupported: false,
            members: [{ hostId: host, uplinks: { known: true, links: (opts.uplinks ?? ["vmnic0"]).map((n) => ({ name: n, nic: n })) } }],
        });
        return this;
    }

    /** A vDS; each member's NICs are bound to uplink1, uplink2, … in order (default: one, vmnic0). */
    vds(
        id: string,
        hosts: Array<string | { host: string; uplinks?: string[] | "unknown" }>,
        opts: { sec?: Sec; macLearning?: boolean; team?: Partial<Team>; lacp?: boolean; pvlans?: PvlanMapping[]; blocked?: boolean | "unknown"; mtu?: number; multicast?: "legacy" | "snooping" } = {},
    ): this {
        const members: Switch["members"] = hosts.map((h) => {
            const host = typeof h === "string" ? h : h.host;
            const up = typeof h === "string" ? undefined : h.uplinks;
            return {
                hostId: host,
                uplinks: up === "unknown" ? { known: false, unknownKey: `${id}.${host}.uplinks`, origin: { kind: "explicit", objectId: id } } : { known: true, links: (up ?? ["vmnic0"]).map((nic, k) => ({ name: `uplink${k + 1}`, nic })) },
            };
        });
        this.model.switches.push({
            id,
            kind: "distributed",
            security: switchPolicy(id, VDS_DEFAULTS, opts.sec),
            macLearningSupported: opts.macLearning ?? true,
            members,
            ...(opts.team ? { team: team(id, opts.team) } : {}),
            ...(opts.lacp ? { lacp: { enabled: true, mode: "active" as const, origin: { kind: "explicit" as const, objectId: id, property: "lacpEnabled" } } } : {}),
            ...(opts.pvlans ? { pvlans: opts.pvlans } : {}),
            ...(opts.multicast ? { multicastFiltering: opts.multicast } : {}),
            ...(opts.blocked !== undefined ? { blocked: blockedSetting(id, opts.blocked) } : {}),
            ...(opts.mtu !== undefined ? { mtu: { value: opts.mtu, origin: { kind: "explicit" as const, objectId: id, property: "maxMtu" } } } : {}),
        });
        return this;
    }

    /** A port group; settings not given inherit from the switch (`blocked` too, P1). */
    pg(id: string, switchId: string, opts: { vlan?: number | VlanMode; sec?: Sec; ml?: Partial<MacLearningPolicy>; team?: Partial<Team>; blocked?: boolean | "unknown" } = {}): this {
        const sw = this.model.switches.find((s) => s.id === switchId);
        if (!sw) throw new Error(`no switch ${switchId}`);
        const one = (k: SecuritySetting) => {
            const v = opts.sec?.[k];
            if (v === undefined) return { ...sw.security[k], origin: { kind: "inherited" as const, objectId: id, from: sw.security[k].origin } };
            return { value: v, origin: { kind: "explicit" as const, objectId: id }, unknownKey: v === "unknown" ? `${id}.${k}` : undefined };
        };
        const vlan: VlanMode = opts.vlan === undefined || opts.vlan === 0 ? { kind: "none" } : typeof opts.vlan === "number" ? { kind: "vlan", id: opts.vlan } : opts.vlan;
        this.model.portGroups.push({
            id,
            switchId,
            vlan,
            security: { promiscuous: one("promiscuous"), forgedTransmits: one("forgedTransmits"), macChanges: one("macChanges") },
            macLearning: opts.ml
                ? { enabled: true, allowUnicastFlooding: true, limit: 4096, limitPolicy: "drop", origin: { kind: "declared", objectId: id }, ...opts.ml }
                : undefined,
            ...(opts.team ? { team: team(id, opts.team) } : {}),
            ...(opts.blocked !== undefined
                ? { blocked: blockedSetting(id, opts.blocked) }
                : sw.blocked
                  ? { blocked: { ...sw.blocked, origin: { kind: "inherited" as const, objectId: id, property: "blockAllPorts", from: sw.blocked.origin } } }
                  : {}),
        });
        return this;
    }

    /** A VM NIC (port) and its vnic endpoint, both with this id. `host` undefined: DRS places it. */
    vm(id: string, pgId: string, host: string | undefined, mac: string, opts: PortOpts = {}): this {
        this.model.ports.push({
            id,
            portGroupId: pgId,
            hostId: host,
            initialMac: mac,
            effectiveMac: opts.effectiveMac,
            label: id,
            ...(opts.kind ? { kind: opts.kind } : {}),
            ...(opts.nicMtu !== undefined ? { mtu: { value: opts.nicMtu, origin: { kind: "explicit" as const, objectId: id, property: "mtu" } } } : {}),
            ...(opts.passthrough ? { passthrough: { kind: opts.passthrough, origin: { kind: "explicit" as const, objectId: id, property: "adapterType" } } } : {}),
        });
        this.model.endpoints.push({ id, kind: "vnic", portId: id, label: id, ...(opts.mtu !== undefined ? { mtu: opts.mtu } : {}) });
        return this;
    }

    /** A host's VMkernel NIC (K1): a port on `host` with its own MAC. */
    vmk(id: string, pgId: string, host: string, mac: string, opts: Omit<PortOpts, "kind" | "passthrough"> = {}): this {
        return this.vm(id, pgId, host, mac, { ...opts, kind: "vmk" });
    }

    guest(id: string, portId: string, mac: string, vlan?: number, opts: { mtu?: number; vmk?: boolean } = {}): this {
        this.model.endpoints.push({ id, kind: "guest", portId, mac, vlan, label: id, ...opts });
        return this;
    }

    external(id: string, mac: string, vlan?: number, opts: { mtu?: number } = {}): this {
        this.model.endpoints.push({ id, kind: "external", mac, vlan, label: id, ...opts });
        return this;
    }

    conv(a: string, b: string, opts: { multicast?: boolean } = {}): ConversationResult {
        const errors = validateModel(this.model);
        if (errors.length) throw new Error(`invalid lab: ${errors.join("; ")}`);
        return analyzeConversation(compile(this.model), opts.multicast ? { a, b, multicast: true } : { a, b });
    }
}

/** The rules of the failing legs' last hops. */
export function dropRules(r: ConversationResult): string[] {
    return r.legs.filter((l) => !l.delivered).map((l) => l.trace[l.trace.length - 1].rule);
}

/** PVLANs for tests: primary 100, promiscuous 100, isolated 101, communities 102 and 103. */
export const PVLANS: PvlanMapping[] = [
    { primary: 100, secondary: 100, type: "promiscuous" },
    { primary: 100, secondary: 101, type: "isolated" },
    { primary: 100, secondary: 102, type: "community" },
    { primary: 100, secondary: 103, type: "community" },
];

export const pvlan = (secondary: number): VlanMode => {
    const m = PVLANS.find((x) => x.secondary === secondary);
    return { kind: "pvlan", primary: 100, secondary, type: m?.type ?? "isolated" };
};

/** One nested ESXi host on a vDS port group, an inner guest, and a gateway on the physical network. */
export function nestedVdsLab(pgSec: Sec, opts: { ml?: Partial<MacLearningPolicy>; multicast?: "legacy" | "snooping" } = {}): Lab {
    return new Lab()
        .host("esx1")
        .vds("vds", ["esx1"], opts.multicast ? { multicast: opts.multicast } : {})
        .pg("lab-pg", "vds", { vlan: 20, sec: pgSec, ml: opts.ml })
        .vm("nested1", "lab-pg", "esx1", "00:50:56:00:00:01")
        .guest("inner-a", "nested1", "00:50:56:aa:00:01")
        .external("gw", "00:11:22:33:44:55", 20);
}
