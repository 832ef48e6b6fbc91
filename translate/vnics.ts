/**
 * VMkernel NICs (SEMANTICS K1, K3): each `vsphere:index/vnic:Vnic` becomes a port of kind `vmk` on
 * its host, on its port group, with its own MAC and MTU, and a `vnic` endpoint (forwarded like a VM
 * port). Its port group is either a HostPortGroup (`portgroup`, the vSphere name of a standard port
 * group on `host`) or a DistributedPortGroup (`distributedPortGroup`, its key, with
 * `distributedSwitchPort`, the switch's uuid); the provider refuses both at once.
 *
 * During preview these references are usually unknown (computed from resources of the same
 * program), so `propertyDependencies` decide, as for VM NICs: the one HostPortGroup `portgroup`
 * was computed from, the one DistributedPortGroup `distributedPortGroup` was computed from, the one
 * Host `host` was computed from. `netstack` (K3) only chooses routing tables; it is kept for the
 * findings' wording and never changes forwarding.
 *
 * Model ids: the port is the Vnic's URN, its endpoint `vnic:<urn>`.
 */
import type { MtuSetting, Port, PortGroup, Switch } from "../sim/model/model";
import { show, type Context } from "./context";
import type { Hosts } from "./hosts";
import { parseUnicastMac } from "./mac";
import { mappedNetwork } from "./nic-networks";
import type { PortGroups } from "./portgroups";
import type { Stack } from "./stack";
import type { Switches } from "./switches";
import type { DiagnosticKind, RawResource } from "./types";
import { readInt, readKeyword, readString, unsetDefault, type Read } from "./unknowns";
import { vnicEndpointId } from "./vms";

/** The TCP/IP stack a Vnic uses when `netstack` is unset (the provider's default). */
export const DEFAULT_NETSTACK = "default";
/** Names of the default stack: the provider's and vSphere's own key. */
const DEFAULT_NETSTACKS = [DEFAULT_NETSTACK, "defaultTcpipStack"];
/** ESXi's MTU for a VMkernel NIC that sets none. */
export const DEFAULT_VMK_MTU = 1500;

export interface VnicInfo {
    res: RawResource;
    port: Port;
    portGroup: PortGroup;
    endpointId: string;
    /** K3: the TCP/IP stack (`netstack`), undefined when not known during preview. */
    netstack?: string;
}

/** Why a Vnic is left out: one diagnostic, naming the property that decided it. */
class Skip extends Error {
    constructor(
        readonly kind: DiagnosticKind,
        readonly property: string,
        readonly why: string,
    ) {
        super(why);
    }
}

/**
 * "vmk1" from a deployed Vnic's id (`<host id>_vmk1`). Undefined during preview, and whenever the id
 * is not among the properties (the engine does not send ids to policies; stack exports carry them).
 */
export function vmkDevice(res: RawResource): string | undefined {
    const id = readString(res.props, ["id"]);
    const m = id.kind === "value" ? /_(vmk\d+)$/.exec(id.value) : null;
    return m ? m[1] : undefined;
}

export class Vnics {
    /** Vnic URN → what it became; Vnics left out are not here (their diagnostic says why). */
    readonly byUrn = new Map<string, VnicInfo>();

    constructor(
        private readonly ctx: Context,
        private readonly stack: Stack,
        private readonly hosts: Hosts,
        private readonly switches: Switches,
        private readonly pgs: PortGroups,
        private readonly networks: Record<string, unknown>,
    ) {}

    add(res: RawResource): void {
        try {
            this.place(res);
        } catch (e) {
            if (!(e instanceof Skip)) throw e;
            this.ctx.diag({ kind: e.kind, urn: res.urn, property: e.property, message: `VMkernel NIC ${show(res.name)} ${e.why}; it is left out of the check.` });
        }
    }

    private place(res: RawResource): void {
        const host = this.hosts.resolve(res, ["host"], "host");
        if (host.kind === "wrongType") throw new Skip("property", "host", `has a host that is ${host.found}, not a host id`);
        if (host.kind === "absent") throw new Skip("property", "host", "has no host (the provider requires one)");
        const knownHost = host.kind === "host" ? host.id : undefined;
        const pg = this.portGroupOf(res, knownHost);
        const sw = this.switches.byId.get(pg.switchId);
        if (!sw) throw new Skip("reference", "portgroup", `is on port group ${show(pg.name ?? pg.id)}, whose switch is not in the model`);
        const hostId = this.hostOn(sw, pg, knownHost);

        const id = res.urn;
        const device = vmkDevice(res);
        const hostName = show(this.ctx.objects.get(hostId)?.name ?? hostId);
        // The device (vmk1) is in the Vnic's id, which a policy sees only in a stack export; else its resource name.
        const label = device ?? show(res.name);
        const port: Port = { id, portGroupId: pg.id, hostId, initialMac: this.mac(res), label, kind: "vmk" };
        const mtu = this.mtu(res, id);
        if (mtu) port.mtu = mtu;
        this.ctx.model.ports.push(port);
        this.ctx.objects.set(id, { kind: "vnic", name: res.name, urn: res.urn, type: res.type });

        const endpointId = vnicEndpointId(id);
        const name = `${label} on ${hostName}`;
        // A VMkernel NIC sends frames as large as its MTU (vMotion, vSAN): an explicit one is its frame size (X2).
        const sends = mtu?.origin.kind === "explicit" && typeof mtu.value === "number" ? { mtu: mtu.value } : {};
        this.ctx.model.endpoints.push({ id: endpointId, kind: "vnic", portId: id, label: name, ...sends });
        const netstack = this.netstack(res);
        this.ctx.endpoints.set(endpointId, { name, source: "vm", vmUrn: res.urn, portGroupId: pg.id, ...(netstack !== undefined ? { netstack } : {}) });
        this.byUrn.set(res.urn, { res, port, portGroup: pg, endpointId, ...(netstack !== undefined ? { netstack } : {}) });
    }

    /** The port group: a HostPortGroup by `portgroup`, or a DistributedPortGroup by `distributedPortGroup`. */
    private portGroupOf(res: RawResource, hostId: string | undefined): PortGroup {
        const hpg = readString(res.props, ["portgroup"]);
        const dvs = readString(res.props, ["distributedSwitchPort"]);
        const dpg = readString(res.props, ["distributedPortGroup"]);
        const given = (r: Read<string>) => r.kind === "unknown" || (r.kind === "value" && r.value !== "");
        if (given(hpg) && given(dvs)) {
            throw new Skip("property", "portgroup", "sets both portgroup and distributedSwitchPort, which the provider refuses (they are mutually exclusive)");
        }
        if (given(hpg)) return this.hostPortGroup(res, hpg, hostId);
        if (given(dpg) || given(dvs)) return this.distributedPortGroup(res, dpg, dvs);
        for (const [p, r] of [["portgroup", hpg], ["distributedPortGroup", dpg]] as const) {
            if (r.kind === "wrongType") throw new Skip("property", p, `has a ${p} that is ${r.found}, not a name`);
        }
        throw new Skip("property", "portgroup", "sets neither portgroup nor distributedPortGroup, so it connects to nothing");
    }

    private known(property: string, urn: string, kind: "HostPortGroup" | "DistributedPortGroup"): PortGroup {
        const pg = this.pgs.byUrn.get(urn);
        if (pg) return pg;
        const name = show(this.stack.byUrn.get(urn)?.name ?? urn);
        throw new Skip("reference", property, `is on ${kind} ${name}, which is left out of the check (see its diagnostic)`);
    }

    private hostPortGroup(res: RawResource, hpg: Read<string>, hostId: string | undefined): PortGroup {
        const deps = this.stack.depsOf(res, "portgroup", ["hostPortGroup"]);
        if (deps.length === 1) return this.known("portgroup", deps[0].urn, "HostPortGroup");
        if (hpg.kind !== "value") {
            throw new Skip(
                "unknown",
                "portgroup",
                deps.length === 0
                    ? "is on a host port group whose name is not known during preview and was not computed from a HostPortGroup in this stack"
                    : `is on a host port group whose name is not known during preview and was computed from ${deps.length} HostPortGroups, so which one cannot be told`,
            );
        }
        // By the port group's vSphere name, among the stack's HostPortGroups (those it was computed from first).
        const pool = deps.length > 0 ? deps : this.stack.of("hostPortGroup");
        const named = pool.filter((r) => {
            const n = readString(r.props, ["name"]);
            return n.kind === "value" && n.value === hpg.value;
        });
        const placed = named.map((r) => this.pgs.byUrn.get(r.urn)).filter((p): p is PortGroup => p !== undefined);
        const hostOf = (p: PortGroup) => this.switches.byId.get(p.switchId)?.members[0]?.hostId;
        const onHost = hostId === undefined ? placed : placed.filter((p) => hostOf(p) === hostId);
        if (onHost.length === 1) return onHost[0];
        const what = `port group "${show(hpg.value)}"`;
        if (onHost.length > 1) {
            throw new Skip("unknown", "host", `is on ${what}, a name ${onHost.length} HostPortGroups of this stack carry${hostId === undefined ? ", and its host is not known during preview" : " on its host"}, so which one cannot be told`);
        }
        if (named.length > placed.length) throw new Skip("reference", "portgroup", `is on ${what}, whose HostPortGroup is left out of the check (see its diagnostic)`);
        if (placed.length > 0) {
            const elsewhere = [...new Set(placed.map((p) => show(this.ctx.objects.get(hostOf(p) ?? "")?.name ?? hostOf(p) ?? "?")))].join(", ");
            const mine = show(this.ctx.objects.get(hostId ?? "")?.name ?? hostId ?? "?");
            // A host resource whose id is not known yet cannot be compared with a host id: undecided, not wrong.
            const undecided = [hostId, ...placed.map(hostOf)].some((h) => h?.startsWith("urn:"));
            throw new Skip(
                undecided ? "unknown" : "reference",
                "portgroup",
                undecided
                    ? `is on ${what}, and whether its host ${mine} is the port group's host (${elsewhere}) cannot be told during preview`
                    : `is on ${what} of host ${mine}, but this stack defines that port group only on ${elsewhere}: a VMkernel NIC connects to a port group of its own host`,
            );
        }
        throw new Skip(
            "unmanaged-network",
            "portgroup",
            `is on ${what}, which no HostPortGroup in this stack defines, so its connectivity cannot be checked. Fix: manage the port group in the stack and set portgroup from it (e.g. \`portgroup: pg.name\`)`,
        );
    }

    private distributedPortGroup(res: RawResource, dpg: Read<string>, dvs: Read<string>): PortGroup {
        if (dvs.kind === "absent" || (dvs.kind === "value" && dvs.value === "")) {
            throw new Skip("property", "distributedSwitchPort", "sets distributedPortGroup without distributedSwitchPort (the switch's uuid), which vSphere refuses");
        }
        if (dvs.kind === "wrongType") throw new Skip("property", "distributedSwitchPort", `has a distributedSwitchPort that is ${dvs.found}, not a uuid`);
        if (dpg.kind === "wrongType") throw new Skip("property", "distributedPortGroup", `has a distributedPortGroup that is ${dpg.found}, not a port group key`);
        if (dpg.kind === "absent" || (dpg.kind === "value" && dpg.value === "")) {
            throw new Skip("property", "distributedPortGroup", "sets distributedSwitchPort without distributedPortGroup, so it names no port group");
        }
        const pg = this.dvpgByKey(res, dpg);
        const sw = this.switchOfUuid(res, dvs);
        if (sw && sw.id !== pg.switchId) {
            const owner = this.switches.byId.get(pg.switchId);
            throw new Skip(
                "reference",
                "distributedSwitchPort",
                `names distributed switch ${show(sw.name ?? sw.id)} in distributedSwitchPort, but its distributedPortGroup ${show(pg.name ?? pg.id)} is on ${show(owner?.name ?? pg.switchId)}`,
            );
        }
        return pg;
    }

    private dvpgByKey(res: RawResource, dpg: Read<string>): PortGroup {
        const deps = this.stack.depsOf(res, "distributedPortGroup", ["distributedPortGroup"]);
        if (deps.length === 1) return this.known("distributedPortGroup", deps[0].urn, "DistributedPortGroup");
        if (dpg.kind !== "value") {
            throw new Skip(
                "unknown",
                "distributedPortGroup",
                deps.length === 0
                    ? "is on a distributed port group whose key is not known during preview and was not computed from a DistributedPortGroup in this stack"
                    : `is on a distributed port group whose key is not known during preview and was computed from ${deps.length} DistributedPortGroups, so which one cannot be told`,
            );
        }
        const byId = this.pgs.byNetworkId.get(dpg.value);
        if (byId) return this.known("distributedPortGroup", byId, "DistributedPortGroup");
        if (Object.prototype.hasOwnProperty.call(this.networks, dpg.value)) {
            const mapped = mappedNetwork(this.ctx, this.stack, this.networks, dpg.value);
            if (mapped) return this.known("distributedPortGroup", mapped, "DistributedPortGroup");
            throw new Skip("config", "distributedPortGroup", `is on network ${show(dpg.value)}, whose entry in networks names no port group (see that diagnostic)`);
        }
        throw new Skip(
            "unmanaged-network",
            "distributedPortGroup",
            `is on distributed port group ${show(dpg.value)}, which no DistributedPortGroup in this stack defines, so its connectivity cannot be checked. Fix: set distributedPortGroup from the port group resource (e.g. \`distributedPortGroup: pg.id\`), or map the key to the port group's resource name in the config of nested-workloads-reachable: "networks": { "${show(dpg.value)}": "<port group resource name>" }`,
        );
    }

    /** The switch `distributedSwitchPort` names, when it can be told (a dependency or a known uuid). */
    private switchOfUuid(res: RawResource, dvs: Read<string>): Switch | undefined {
        const deps = this.stack.depsOf(res, "distributedSwitchPort", ["distributedVirtualSwitch"]);
        if (deps.length === 1) return this.switches.byId.get(deps[0].urn);
        if (dvs.kind !== "value") return undefined;
        const match = this.stack.of("distributedVirtualSwitch").filter((d) =>
            ["id", "uuid"].some((k) => {
                const v = readString(d.props, [k]);
                return v.kind === "value" && v.value === dvs.value;
            }),
        );
        return match.length === 1 ? this.switches.byId.get(match[0].urn) : undefined;
    }

    /** The vmk's host: its own `host`; a standard port group's host when that is not known. Must be on the switch. */
    private hostOn(sw: Switch, pg: PortGroup, hostId: string | undefined): string {
        const swName = show(sw.name ?? sw.id);
        if (sw.kind === "standard") {
            const own = sw.members[0]?.hostId;
            if (own === undefined) throw new Skip("reference", "portgroup", `is on port group ${show(pg.name ?? pg.id)}, whose switch has no host`);
            if (hostId !== undefined && hostId !== own) {
                const undecided = hostId.startsWith("urn:") || own.startsWith("urn:");
                const names = [hostId, own].map((h) => show(this.ctx.objects.get(h)?.name ?? h));
                throw new Skip(
                    undecided ? "unknown" : "reference",
                    "portgroup",
                    undecided
                        ? `is on host ${names[0]} and on port group ${show(pg.name ?? pg.id)} of host ${names[1]}; whether they are one host cannot be told during preview`
                        : `is on host ${names[0]}, but its port group ${show(pg.name ?? pg.id)} is on host ${names[1]}: a VMkernel NIC connects to a port group of its own host`,
                );
            }
            return own;
        }
        if (hostId === undefined) throw new Skip("unknown", "host", "is on a host not known during preview that was not computed from a Host resource in this stack");
        if (sw.members.some((m) => m.hostId === hostId)) return hostId;
        const hostName = show(this.ctx.objects.get(hostId)?.name ?? hostId);
        if (this.switches.partialMembers.has(sw.id) || hostId.startsWith("urn:")) {
            throw new Skip("unknown", "host", `is on distributed switch ${swName}, whose member hosts are not all known during preview, so whether it reaches host ${hostName} cannot be told`);
        }
        throw new Skip("reference", "host", `is on host ${hostName}, which is not a member of distributed switch ${swName} (its hosts): it cannot connect there`);
    }

    /** `mac`: unset (or computed, unset) is assigned by ESXi, unique; a malformed one is reported. */
    private mac(res: RawResource): string {
        const placeholder = () => this.ctx.placeholderMac(`esxi-assigned:${res.name}`);
        const r = readString(res.props, ["mac"]);
        if (r.kind === "absent" || (r.kind === "value" && r.value === "")) return placeholder();
        if (r.kind === "unknown") {
            if (!unsetDefault(res, ["mac"])) {
                this.ctx.diag({ kind: "unknown", urn: res.urn, property: "mac", message: `The MAC of VMkernel NIC ${show(res.name)} is not known during preview, so it is not checked for duplicates.` });
            }
            return placeholder();
        }
        const parsed = parseUnicastMac(r.kind === "value" ? r.value : undefined);
        if (parsed.ok) return parsed.mac;
        const why = r.kind === "wrongType" ? `is ${r.found}, not a MAC address` : parsed.reason;
        this.ctx.diag({ kind: "property", urn: res.urn, property: "mac", message: `mac of VMkernel NIC ${show(res.name)} ${why}; checked as if ESXi assigned one.` });
        return placeholder();
    }

    /** `mtu` (X2): unset or 0 is ESXi's 1500. */
    private mtu(res: RawResource, objectId: string): MtuSetting | undefined {
        const dflt = (): MtuSetting => ({ value: DEFAULT_VMK_MTU, origin: { kind: "vsphereDefault", objectId, property: "mtu", rule: "X2", note: "mtu unset: ESXi gives a VMkernel NIC 1500" } });
        const r = readInt(res.props, ["mtu"]);
        if (r.kind === "absent" || (r.kind === "value" && r.value === 0)) return dflt();
        if (r.kind === "unknown") {
            if (unsetDefault(res, ["mtu"])) return dflt();
            // Computed from another resource: explored like any unknown (a declared frame fits it, or not).
            return { value: "unknown", unknownKey: `${objectId}.mtu`, origin: { kind: "explicit", objectId, property: "mtu", rule: "X2", note: "computed from a value not known during preview" } };
        }
        if (r.kind === "value" && r.value > 0) return { value: r.value, origin: { kind: "explicit", objectId, property: "mtu" } };
        const why = r.kind === "wrongType" ? `is ${r.found}, not a whole number` : `is ${r.value}, not a positive number of bytes`;
        this.ctx.diag({ kind: "property", urn: res.urn, property: "mtu", message: `mtu of VMkernel NIC ${show(res.name)} ${why}; read as unset (1500).` });
        return dflt();
    }

    /** K3: `netstack`, the TCP/IP stack; unset is the provider's default. Undefined: not known during preview. */
    private netstack(res: RawResource): string | undefined {
        const r = readKeyword(res.props, ["netstack"]);
        if (r.kind === "value" && r.value !== "") return DEFAULT_NETSTACKS.includes(r.value) ? DEFAULT_NETSTACK : r.value;
        if (r.kind === "unknown") return undefined;
        if (r.kind === "wrongType") {
            this.ctx.diag({ kind: "property", urn: res.urn, property: "netstack", message: `netstack of VMkernel NIC ${show(res.name)} is ${r.found}, not a name; it does not change layer-2 forwarding (K3), so nothing else is affected.` });
            return undefined;
        }
        return DEFAULT_NETSTACK;
    }
}
