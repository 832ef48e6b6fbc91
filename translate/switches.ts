/**
 * Switches: HostVirtualSwitch (a standard switch with one member host) and DistributedVirtualSwitch
 * (one proxy switch per member host, F0), plus implicit standard switches for host port groups
 * whose switch the stack does not manage.
 */
import type { Switch, SwitchMember, Team, UplinkSet } from "../sim/model/model";
import { show, type Context } from "./context";
import type { Hosts } from "./hosts";
import { distributedSwitchSecurity, standardSwitchSecurity, unmanagedStandardSwitchSecurity } from "./security";
import type { RawResource } from "./types";
import { formatPath, readArray, readString, readStringList, type Path } from "./unknowns";
import { compareVersions, MAC_LEARNING_SINCE, parseVersion } from "./version";

export class Switches {
    /** Switch resource URN (or implicit id) → model switch. */
    readonly byId = new Map<string, Switch>();
    /** Distributed switches whose member list is not fully known during preview. */
    readonly partialMembers = new Set<string>();
    /** `hostId / vSphere switch name` → standard switch, for host port groups. */
    private readonly standardByKey = new Map<string, Switch>();

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

    /** A HostVirtualSwitch: one member, its host; uplinks from activeNics/standbyNics/networkAdapters. */
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
        const sw: Switch = {
            id,
            name: res.name,
            kind: "standard",
            security: standardSwitchSecurity(this.ctx, res, id),
            macLearningSupported: false, // M4
            members: [{ hostId, uplinks: this.standardUplinks(res, id) }],
            team: this.standardTeam(res, id),
        };
        this.add(sw);
        this.ctx.objects.set(id, { kind: "hostVirtualSwitch", name: res.name, urn: res.urn, type: res.type });
        const vsName = readString(res.props, ["name"]);
        if (vsName.kind === "value") this.standardByKey.set(`${hostId}/${vsName.value}`, sw);
    }

    private list(res: RawResource, path: Path): { kind: "value"; value: string[] } | { kind: "unknown" } | { kind: "absent" } {
        const r = readStringList(res.props, path);
        const property = formatPath(path);
        if (r.kind === "wrongType") {
            this.ctx.diag({ kind: "property", urn: res.urn, property, message: `${property} of ${show(res.name)} is ${r.found}, not a list of NIC names; ignored.` });
            return { kind: "absent" };
        }
        if (r.kind === "value" && r.bad) {
            this.ctx.diag({ kind: "property", urn: res.urn, property, message: `${property} of ${show(res.name)} holds entries that are not NIC names; they are ignored.` });
        }
        return r.kind === "value" ? { kind: "value", value: r.value } : r;
    }

    private unknownUplinks(switchId: string, key: string, property: string): UplinkSet {
        return { known: false, unknownKey: key, origin: { kind: "explicit", objectId: switchId, property, note: "not known during preview" } };
    }

    private standardUplinks(res: RawResource, id: string): UplinkSet {
        const active = this.list(res, ["activeNics"]);
        const standby = this.list(res, ["standbyNics"]);
        if (active.kind === "unknown") return this.unknownUplinks(id, `${id}.uplinks`, "activeNics");
        if (standby.kind === "unknown") return this.unknownUplinks(id, `${id}.uplinks`, "standbyNics");
        const adapters = this.list(res, ["networkAdapters"]);
        if (adapters.kind === "unknown") return this.unknownUplinks(id, `${id}.uplinks`, "networkAdapters");
        // A standard switch's uplinks are its NICs: every adapter, and any NIC its team names.
        const names = new Set<string>();
        for (const l of [adapters, active, standby]) if (l.kind === "value") for (const n of l.value) names.add(n);
        return { known: true, links: [...names].map((n) => ({ name: n, nic: n })) };
    }

    /** The switch's team (U1): activeNics/standbyNics; no activeNics: every adapter not on standby is active. */
    private standardTeam(res: RawResource, id: string): Team | undefined {
        const active = this.list(res, ["activeNics"]);
        const standby = this.list(res, ["standbyNics"]);
        const adapters = this.list(res, ["networkAdapters"]);
        if (active.kind === "unknown" || standby.kind === "unknown" || adapters.kind === "unknown") return undefined;
        const standbyNics = standby.kind === "value" ? standby.value : [];
        const act = active.kind === "value" && active.value.length > 0 ? active.value : adapters.kind === "value" ? adapters.value.filter((n) => !standbyNics.includes(n)) : [];
        return { active: act, standby: standbyNics, policy: "loadbalance_srcid", origin: { kind: "explicit", objectId: id, property: "activeNics" } };
    }

    /**
     * A standard switch the stack does not manage (`vSwitch0`, created with the host): vSphere
     * defaults (S4), and one uplink assumed, as every host's default switch has one.
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
            members: [{ hostId, uplinks: { known: true, links: [{ name: "uplink (assumed)", nic: "uplink (assumed)" }] } }],
        };
        this.add(sw);
        this.standardByKey.set(`${hostId}/${switchName}`, sw);
        this.ctx.objects.set(id, { kind: "implicit", name: `${switchName} on ${hostId} (not in this stack)` });
        return sw;
    }

    /** A DistributedVirtualSwitch: members from `hosts[]`, each with its `devices` as active uplinks. */
    addDistributed(res: RawResource): void {
        const id = res.urn;
        const sw: Switch = {
            id,
            name: res.name,
            kind: "distributed",
            security: distributedSwitchSecurity(this.ctx, res, id),
            macLearningSupported: this.macLearningSupported(res),
            members: this.distributedMembers(res, id),
        };
        this.add(sw);
        this.ctx.objects.set(id, { kind: "distributedVirtualSwitch", name: res.name, urn: res.urn, type: res.type });
    }

    private macLearningSupported(res: RawResource): boolean {
        const r = readString(res.props, ["version"]);
        // Unset: created at the newest version vCenter supports. Unknown: assume the same.
        if (r.kind !== "value") return true;
        const v = parseVersion(r.value);
        if (!v) {
            this.ctx.diag({ kind: "property", urn: res.urn, property: "version", message: `version of ${show(res.name)} is not like "8.0.0"; MAC learning assumed available.` });
            return true;
        }
        return compareVersions(v, MAC_LEARNING_SINCE) >= 0;
    }

    private distributedMembers(res: RawResource, id: string): SwitchMember[] {
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
            const devices = this.list(res, ["hosts", i, "devices"]);
            const uplinks: UplinkSet =
                devices.kind === "unknown"
                    ? this.unknownUplinks(id, `${id}.uplinks.${host.id}`, `hosts[${i}].devices`)
                    : { known: true, links: (devices.kind === "value" ? devices.value : []).map((nic, k) => ({ name: `uplink${k + 1}`, nic })) };
            members.push({ hostId: host.id, uplinks });
        });
        return members;
    }
}
