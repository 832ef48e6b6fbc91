/**
 * Port groups: which switch each sits on, its VLAN mode, its effective security settings and its
 * team (the switch's, or its own override: T5, T6; see teams.ts).
 *
 * A HostPortGroup belongs to the standard switch named `virtualSwitchName` on host `hostSystemId`
 * (or to the HostVirtualSwitch that name was computed from). A DistributedPortGroup belongs to the
 * DVS its `distributedVirtualSwitchUuid` was computed from; the uuid itself is usually unknown
 * during preview and the DVS's id is not among its outputs.
 */
import type { PortGroup, Switch } from "../sim/model/model";
import { distributedPortGroupBlocked } from "./blocked";
import { readOverrides } from "./overrides";
import { readPortCapacity } from "./port-capacity";
import { distributedPortGroupTxUplink } from "./tx-uplink";
import { show, type Context } from "./context";
import type { Hosts } from "./hosts";
import type { ProviderVersions } from "./provider";
import { distributedPortGroupSecurity, hostPortGroupSecurity } from "./security";
import type { Stack } from "./stack";
import type { Switches } from "./switches";
import { distributedPortGroupTeam, hostPortGroupTeam } from "./teams";
import type { RawResource } from "./types";
import { readString } from "./unknowns";
import { distributedVlan, hostPortGroupVlan } from "./vlans";

interface Missing {
    kind: "unknown" | "property";
    property: string;
    why: string;
}

export class PortGroups {
    /** Port group URN → model port group. */
    readonly byUrn = new Map<string, PortGroup>();
    /** Port groups left out (no switch found), with the reason, so their VMs can point at it. */
    readonly omitted = new Map<string, string>();
    /** A known network id (`id`/`key` output, when the state carries it) → port group URN. */
    readonly byNetworkId = new Map<string, string>();
    /** Host port groups on standard switches outside the stack, whose team may follow NICs named later. */
    private readonly onImplicit: PortGroup[] = [];

    constructor(
        private readonly ctx: Context,
        private readonly stack: Stack,
        private readonly hosts: Hosts,
        private readonly switches: Switches,
        private readonly versions: ProviderVersions,
    ) {}

    private add(res: RawResource, pg: PortGroup, kind: "hostPortGroup" | "distributedPortGroup"): void {
        this.byUrn.set(res.urn, pg);
        this.ctx.model.portGroups.push(pg);
        this.ctx.objects.set(pg.id, { kind, name: res.name, urn: res.urn, type: res.type });
        for (const key of ["id", "key"]) {
            const v = readString(res.props, [key]);
            if (v.kind === "value" && v.value !== "") this.byNetworkId.set(v.value, res.urn);
        }
    }

    private omit(res: RawResource, kind: "reference" | "unknown" | "property", property: string, why: string): void {
        const message = `Port group ${show(res.name)} ${why}; it and the VM NICs on it are left out of the check.`;
        this.omitted.set(res.urn, message);
        this.ctx.diag({ kind, urn: res.urn, property, message });
    }

    /** The standard switch of a host port group, or why there is none. */
    private standardSwitchOf(res: RawResource): Switch | Missing {
        const linked = this.stack.depsOf(res, "virtualSwitchName", ["hostVirtualSwitch"]);
        if (linked.length === 1) {
            const sw = this.switches.byId.get(linked[0].urn);
            if (sw) return sw;
        }
        const host = this.hosts.resolve(res, ["hostSystemId"], "hostSystemId");
        if (host.kind === "unknown") return { kind: "unknown", property: "hostSystemId", why: "is on a host not known during preview" };
        if (host.kind !== "host") return { kind: "property", property: "hostSystemId", why: "has no usable hostSystemId" };
        const name = readString(res.props, ["virtualSwitchName"]);
        if (name.kind === "unknown") return { kind: "unknown", property: "virtualSwitchName", why: "is on a switch whose name is not known during preview" };
        if (name.kind !== "value") return { kind: "property", property: "virtualSwitchName", why: "has no usable virtualSwitchName" };
        // A switch the stack does not manage (vSwitch0): matters for T2 on old providers (S4 defaults).
        return this.switches.standardOn(host.id, name.value) ?? this.switches.implicitStandard(host.id, name.value);
    }

    addHostPortGroup(res: RawResource): void {
        const sw = this.standardSwitchOf(res);
        if ("why" in sw) {
            this.omit(res, sw.kind, sw.property, sw.why);
            return;
        }
        const id = res.urn;
        const inheritsUnset = this.versions.inheritsUnsetFor(res);
        const pg: PortGroup = {
            id,
            name: res.name,
            switchId: sw.id,
            vlan: hostPortGroupVlan(this.ctx, res),
            security: hostPortGroupSecurity(this.ctx, res, id, sw.security, inheritsUnset),
        };
        if (sw.team) {
            const implicit = this.switches.isImplicit(sw.id);
            pg.team = hostPortGroupTeam(this.ctx, res, id, sw.team, implicit ? undefined : this.switches.namesOf(sw.id), inheritsUnset);
            // A switch outside the stack: the NICs its port groups name are the ones it has (assumed).
            if (implicit) {
                if (pg.team.origin.kind === "explicit" && pg.team.unknownKey === undefined) this.switches.bindImplicit(sw, [...pg.team.active, ...pg.team.standby]);
                this.onImplicit.push(pg);
            }
        }
        this.add(res, pg, "hostPortGroup");
    }

    /**
     * After every host port group: those that inherit the team of a switch outside the stack take
     * its final team (the NICs all its port groups name).
     */
    finishHostPortGroups(): void {
        for (const pg of this.onImplicit) {
            const team = this.switches.byId.get(pg.switchId)?.team;
            if (!team || !pg.team || pg.team.origin.kind !== "inherited") continue;
            pg.team.active = [...team.active];
            pg.team.standby = [...team.standby];
            pg.team.origin = { ...pg.team.origin, from: team.origin };
        }
    }

    /** The DVS of a distributed port group: by dependency, else by a known uuid in a DVS's outputs. */
    private distributedSwitchOf(res: RawResource): Switch | undefined {
        const linked = this.stack.depsOf(res, "distributedVirtualSwitchUuid", ["distributedVirtualSwitch"]);
        if (linked.length === 1) return this.switches.byId.get(linked[0].urn);
        const uuid = readString(res.props, ["distributedVirtualSwitchUuid"]);
        if (uuid.kind !== "value") return undefined;
        const match = this.stack.of("distributedVirtualSwitch").filter((d) =>
            ["id", "uuid"].some((k) => {
                const v = readString(d.props, [k]);
                return v.kind === "value" && v.value === uuid.value;
            }),
        );
        return match.length === 1 ? this.switches.byId.get(match[0].urn) : undefined;
    }

    addDistributedPortGroup(res: RawResource): void {
        const sw = this.distributedSwitchOf(res);
        if (!sw) {
            const uuid = readString(res.props, ["distributedVirtualSwitchUuid"]);
            const [kind, why]: [Missing["kind"] | "reference", string] =
                uuid.kind === "unknown"
                    ? ["unknown", "is on a distributed switch whose id is not known during preview and that no DistributedVirtualSwitch resource in the stack provides"]
                    : uuid.kind === "value"
                      ? ["reference", "is on a distributed switch that is not in this stack (reference the DistributedVirtualSwitch resource's id)"]
                      : ["property", "has no usable distributedVirtualSwitchUuid"];
            this.omit(res, kind, "distributedVirtualSwitchUuid", why);
            return;
        }
        const id = res.urn;
        const own = distributedVlan(this.ctx, res, id, this.switches.pvlanMappingsOf(sw.id), sw.name ?? sw.id, () => this.switches.markMissingMapping(sw.id));
        const pg: PortGroup = {
            id,
            name: res.name,
            switchId: sw.id,
            vlan: own.kind === "sent" ? own.mode : { kind: "none" },
            security: distributedPortGroupSecurity(this.ctx, res, id, sw.security),
        };
        if (own.kind === "notSent") {
            // V5, T7: no VLAN sent, the switch's applies.
            const inherited = this.switches.defaultVlanOf(sw.id);
            pg.vlan = structuredClone(inherited.mode);
            pg.vlanOrigin = {
                kind: "inherited",
                objectId: id,
                property: "vlanId",
                rule: "V5",
                note: "vlanId 0 or unset with no vlanRanges or portPrivateSecondaryVlanId: the provider sends no VLAN (T7); the switch's applies",
                from: inherited.origin,
            };
        }
        const blocked = distributedPortGroupBlocked(this.ctx, res, id, sw.blocked);
        if (blocked) pg.blocked = blocked;
        const txUplink = distributedPortGroupTxUplink(this.ctx, res, id, sw.txUplink);
        if (txUplink) pg.txUplink = txUplink;
        // P2, P3: what single ports may override, and whether the port group may run out of ports.
        readOverrides(this.ctx, res, pg);
        readPortCapacity(this.ctx, res, pg);
        if (sw.team) pg.team = distributedPortGroupTeam(this.ctx, res, id, sw.team, this.switches.namesOf(sw.id));
        this.add(res, pg, "distributedPortGroup");
    }
}
