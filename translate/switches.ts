/**
 * Switches: HostVirtualSwitch (a standard switch with one member host) and DistributedVirtualSwitch
 * (one proxy switch per member host, F0), plus implicit standard switches for host port groups
 * whose switch the stack does not manage.
 *
 * Uplinks (U1): a standard switch's uplinks are its NICs, named by themselves (networkAdapters ∪
 * activeNics ∪ standbyNics). A distributed switch's uplinks are named by `uplinks` (vCenter's
 * `uplink1`…`uplink4` when unset, assumed), and `hosts[i].devices[k]` is the NIC behind the k-th
 * name on host i. The switch's team (teams.ts) is the default of its port groups. Frame size (X2,
 * mtu.ts), multicast filtering (X3, multicast.ts) and `txUplink` (X1, tx-uplink.ts) are read too.
 */
import type { Origin, Switch, SwitchMember, Uplink, UplinkSet, VlanMode } from "../sim/model/model";
import { distributedSwitchBlocked } from "./blocked";
import { distributedSwitchMtu, standardSwitchMtu } from "./mtu";
import { readMulticastFiltering } from "./multicast";
import { distributedSwitchTxUplink } from "./tx-uplink";
import { show, type Context } from "./context";
import type { Hosts } from "./hosts";
import { distributedSwitchSecurity, standardSwitchSecurity, unmanagedStandardSwitchSecurity } from "./security";
import { distributedSwitchTeaming, implicitStandardTeam, nameList, readNameList, standardSwitchTeam, type DistributedTeaming } from "./teams";
import type { RawResource } from "./types";
import { readArray, readKeyword, readString } from "./unknowns";
import { distributedVlan, readPvlanMappings, type PvlanMappings } from "./vlans";
import { compareVersions, MAC_LEARNING_SINCE, parseVersion } from "./version";

/** The one uplink assumed for a standard switch outside the stack whose port groups name no NIC. */
export const IMPLICIT_UPLINK = "uplink (assumed)";

/** An uplink named by its position, where the real names are not known and do not matter. */
const positionalName = (k: number): string => `uplink #${k + 1}`;

export class Switches {
    /** Switch resource URN (or implicit id) → model switch. */
    readonly byId = new Map<string, Switch>();
    /** Distributed switches whose member list is not fully known during preview. */
    readonly partialMembers = new Set<string>();
    /** `hostId / vSphere switch name` → standard switch, for host port groups. */
    private readonly standardByKey = new Map<string, Switch>();
    /** Switch id → the names its teams may use (NICs, uplink names), when known. */
    private readonly uplinkNames = new Map<string, string[]>();
    /** Implicit standard switches: the NICs their port groups name (assumed bound). */
    private readonly implicitNics = new Map<string, string[]>();
    /** Distributed switch id → its `pvlanMappings` (PV1), when set. */
    private readonly pvlanMappings = new Map<string, PvlanMappings>();
    /** Distributed switch id → the VLAN its port groups inherit (V5). */
    private readonly defaultVlans = new Map<string, { mode: VlanMode; origin: Origin }>();

    constructor(
        private readonly ctx: Context,
        private readonly hosts: Hosts,
    ) {}

    private add(sw: Switch): void {
        this.byId.set(sw.id, sw);
        this.ctx.model.switches.push(sw);
    }

    standardOn(hostId: string, switchName: string): Switch | undefined {
        return this.standardByKey.get(`${hostId}/${switchName}`);
    }

    /** The uplink names a team on this switch may use, when known (a name outside is reported). */
    namesOf(switchId: string): readonly string[] | undefined {
        return this.uplinkNames.get(switchId);
    }

    /** PV1: a distributed switch's `pvlanMappings`, when set. */
    pvlanMappingsOf(switchId: string): PvlanMappings | undefined {
        return this.pvlanMappings.get(switchId);
    }

    /** V5: the VLAN a distributed switch gives port groups that send none (untagged when it has none). */
    defaultVlanOf(switchId: string): { mode: VlanMode; origin: Origin } {
        return this.defaultVlans.get(switchId) ?? { mode: { kind: "none" }, origin: { kind: "vsphereDefault", objectId: switchId, property: "vlanId", rule: "V5", note: "no VLAN set on the switch: untagged" } };
    }

    /**
     * PV1: a port group of this switch names a secondary its mappings lack; the switch then lists
     * its mappings (none when unset), so the simulator drops that port group's frames under PV1.
     */
    markMissingMapping(switchId: string): void {
        const sw = this.byId.get(switchId);
        if (sw && sw.pvlans === undefined && this.pvlanMappings.get(switchId)?.kind !== "unknown") sw.pvlans = [];
    }

    isImplicit(switchId: string): boolean {
        return this.implicitNics.has(switchId);
    }

    /** A HostVirtualSwitch: one member, its host; its NICs are its uplinks; its team from activeNics/standbyNics. */
    addStandard(res: RawResource): void {
        const id = res.urn;
        const host = this.hosts.resolve(res, ["hostSystemId"], "hostSystemId");
        let hostId: string;
        if (host.kind === "host") hostId = host.id;
        else {
            // Keep the switch (its port groups link to it through dependencies) on a stand-in host.
            hostId = `${id}#host`;
            this.ctx.addHost({ id: hostId }, { kind: "implicit", name: `the host of ${res.name}` });
            this.ctx.diag({
                kind: host.kind === "unknown" ? "unknown" : "property",
                urn: res.urn,
                property: "hostSystemId",
                message:
                    host.kind === "unknown"
                        ? `The host of switch ${show(res.name)} is not known during preview and no Host resource decides it; it is treated as a host of its own.`
                        : `Switch ${show(res.name)} has no usable hostSystemId; it is treated as being on a host of its own.`,
            });
        }
        const { team, nics } = standardSwitchTeam(this.ctx, res, id);
        let uplinks: UplinkSet;
        if (nics.kind === "value") {
            uplinks = { known: true, links: nics.value.map((n) => ({ name: n, nic: n })) };
            this.uplinkNames.set(id, nics.value);
        } else {
            uplinks = { known: false, unknownKey: `${id}.uplinks`, origin: { kind: "explicit", objectId: id, property: "networkAdapters", note: "not known during preview" } };
        }
        const sw: Switch = {
            id,
            name: res.name,
            kind: "standard",
            security: standardSwitchSecurity(this.ctx, res, id),
            macLearningSupported: false, // M4
            members: [{ hostId, uplinks }],
            team,
            mtu: standardSwitchMtu(this.ctx, res, id),
        };
        this.add(sw);
        this.ctx.objects.set(id, { kind: "hostVirtualSwitch", name: res.name, urn: res.urn, type: res.type });
        const vsName = readString(res.props, ["name"]);
        if (vsName.kind === "value") this.standardByKey.set(`${hostId}/${vsName.value}`, sw);
    }

    /**
     * A standard switch the stack does not manage (`vSwitch0`, created with the host): vSphere
     * defaults (S4), and one uplink assumed, as every host's default switch has one — or the NICs
     * its port groups name (`bindImplicit`), all active.
     */
    implicitStandard(hostId: string, switchName: string): Switch {
        const existing = this.standardOn(hostId, switchName);
        if (existing) return existing;
        const id = `implicit-switch:${hostId}/${switchName}`;
        const sw: Switch = {
            id,
            name: switchName,
            kind: "standard",
            security: unmanagedStandardSwitchSecurity(id, switchName),
            macLearningSupported: false,
            members: [{ hostId, uplinks: { known: true, links: [{ name: IMPLICIT_UPLINK, nic: IMPLICIT_UPLINK }] } }],
            team: implicitStandardTeam(id, switchName, [IMPLICIT_UPLINK]),
        };
        this.add(sw);
        this.implicitNics.set(id, []);
        this.standardByKey.set(`${hostId}/${switchName}`, sw);
        this.ctx.objects.set(id, { kind: "implicit", name: `${switchName} on ${hostId} (not in this stack)` });
        return sw;
    }

    /** NICs a port group of an implicit switch names: assumed bound to it (its NICs are not in the stack). */
    bindImplicit(sw: Switch, nics: readonly string[]): void {
        const known = this.implicitNics.get(sw.id);
        if (known === undefined || nics.length === 0) return;
        const added = nics.filter((n) => !known.includes(n));
        if (added.length === 0) return;
        known.push(...added);
        for (const m of sw.members) m.uplinks = { known: true, links: known.map((n) => ({ name: n, nic: n })) };
        sw.team = implicitStandardTeam(sw.id, sw.name ?? sw.id, known);
    }

    /** A DistributedVirtualSwitch: members from `hosts[]`, each binding its `devices` to the uplink names in order. */
    addDistributed(res: RawResource): void {
        const id = res.urn;
        const teaming = distributedSwitchTeaming(this.ctx, res, id);
        if (teaming.names.kind === "value") this.uplinkNames.set(id, teaming.names.value);
        const sw: Switch = {
            id,
            name: res.name,
            kind: "distributed",
            security: distributedSwitchSecurity(this.ctx, res, id),
            macLearningSupported: this.macLearningSupported(res),
            members: this.distributedMembers(res, id, teaming),
            team: teaming.team,
            lacp: teaming.lacp,
        };
        const mappings = readPvlanMappings(this.ctx, res);
        if (mappings) this.pvlanMappings.set(id, mappings);
        if (mappings?.kind === "value") sw.pvlans = mappings.list;
        const blocked = distributedSwitchBlocked(this.ctx, res, id);
        if (blocked) sw.blocked = blocked;
        // X1–X3: copies out an uplink, the largest frame, multicast filtering.
        const txUplink = distributedSwitchTxUplink(this.ctx, res, id);
        if (txUplink) sw.txUplink = txUplink;
        sw.mtu = distributedSwitchMtu(this.ctx, res, id);
        readMulticastFiltering(this.ctx, res, sw);
        if (teaming.unnamedAllActive) {
            const most = Math.max(0, ...sw.members.map((m) => (m.uplinks.known ? m.uplinks.links.length : 0)));
            teaming.team.active = Array.from({ length: most }, (_, k) => positionalName(k));
        }
        this.add(sw);
        this.ctx.objects.set(id, { kind: "distributedVirtualSwitch", name: res.name, urn: res.urn, type: res.type });
        const vlan = distributedVlan(this.ctx, res, id, mappings, res.name, () => this.markMissingMapping(id));
        if (vlan.kind === "sent") this.defaultVlans.set(id, { mode: vlan.mode, origin: vlan.origin });
    }

    private macLearningSupported(res: RawResource): boolean {
        const r = readKeyword(res.props, ["version"]);
        // Unset: created at the newest version vCenter supports. Unknown: assume the same.
        if (r.kind !== "value") return true;
        const v = parseVersion(r.value);
        if (!v) {
            this.ctx.diag({ kind: "property", urn: res.urn, property: "version", message: `version of ${show(res.name)} is not like "8.0.0"; MAC learning assumed available.` });
            return true;
        }
        return compareVersions(v, MAC_LEARNING_SINCE) >= 0;
    }

    /**
     * One member's uplinks: `devices[k]` is the NIC behind the k-th uplink name (U1). Devices past the
     * names are reported (no uplink to bind to); names past the devices are unbound uplinks.
     */
    private memberUplinks(res: RawResource, id: string, i: number, hostId: string, teaming: DistributedTeaming): UplinkSet {
        const property = `hosts[${i}].devices`;
        const devices = readNameList(this.ctx, res, ["hosts", i, "devices"]);
        if (devices.kind === "unknown") return { known: false, unknownKey: `${id}.uplinks.${hostId}`, origin: { kind: "explicit", objectId: id, property, note: "not known during preview" } };
        const nics = devices.kind === "value" ? devices.value : [];
        if (teaming.names.kind === "unknown") {
            // Every uplink active when no list names one, so names by position do; else the binding is unknown.
            if (teaming.unnamedAllActive) return { known: true, links: nics.map((n, k) => ({ name: positionalName(k), nic: n })) };
            return { known: false, unknownKey: `${id}.uplinks`, origin: { kind: "explicit", objectId: id, property: "uplinks", note: "uplink names not known during preview" } };
        }
        const names = teaming.names.value;
        const links: Uplink[] = names.map((name, k) => (k < nics.length ? { name, nic: nics[k] } : { name }));
        if (nics.length > names.length) {
            const extra = nics.slice(names.length);
            this.ctx.diag({
                kind: "property",
                urn: res.urn,
                property,
                message: `${property} of ${show(res.name)} lists ${nics.length} NICs but the switch has ${names.length} uplinks (${nameList(names)}${teaming.names.assumed ? ", vCenter's default names" : ""}); ${nameList(extra)} ${extra.length === 1 ? "has" : "have"} no uplink to bind to and carry nothing.`,
            });
        }
        return { known: true, links };
    }

    private distributedMembers(res: RawResource, id: string, teaming: DistributedTeaming): SwitchMember[] {
        const hostsProp = readArray(res.props, ["hosts"]);
        if (hostsProp.kind === "unknown") {
            this.partialMembers.add(id);
            this.ctx.diag({ kind: "unknown", urn: res.urn, property: "hosts", message: `The member hosts of ${show(res.name)} are not known during preview; the switch is checked without members.` });
            return [];
        }
        if (hostsProp.kind === "wrongType") {
            this.ctx.diag({ kind: "property", urn: res.urn, property: "hosts", message: `hosts of ${show(res.name)} is ${hostsProp.found}, not a list; the switch has no members.` });
            return [];
        }
        if (hostsProp.kind === "absent") return [];
        const entries = hostsProp.value;
        // Unknown host ids are matched to the Host resources `hosts` depends on, by position.
        const unknownAt = entries.map((_, i) => readString(res.props, ["hosts", i, "hostSystemId"]).kind === "unknown");
        const unknownCount = unknownAt.filter(Boolean).length;
        const members: SwitchMember[] = [];
        let seenUnknown = 0;
        entries.forEach((_, i) => {
            const property = `hosts[${i}].hostSystemId`;
            const position = unknownAt[i] ? { index: seenUnknown++, of: unknownCount } : undefined;
            const host = this.hosts.resolve(res, ["hosts", i, "hostSystemId"], "hosts", position);
            if (host.kind === "unknown") this.partialMembers.add(id);
            if (host.kind !== "host") {
                this.ctx.diag({
                    kind: host.kind === "unknown" ? "unknown" : "property",
                    urn: res.urn,
                    property,
                    message:
                        host.kind === "unknown"
                            ? `Member ${i} of ${show(res.name)} is on a host not known during preview; that member is left out.`
                            : `Member ${i} of ${show(res.name)} has no usable hostSystemId; it is left out.`,
                });
                return;
            }
            if (members.some((m) => m.hostId === host.id)) {
                this.ctx.diag({ kind: "property", urn: res.urn, property, message: `Host ${show(host.id)} is listed twice in ${show(res.name)}; the first entry is used.` });
                return;
            }
            members.push({ hostId: host.id, uplinks: this.memberUplinks(res, id, i, host.id, teaming) });
        });
        return members;
    }
}
