/** Words for model objects, settings and changes, as a user of the provider would write them. */
import { describeOrigin, formatLeg, type Change, type ConversationResult, type LegResult, type SecuritySetting, type SettingRef } from "../sim";
import type { ObjectInfo, Translation } from "../translate";
import { changeThere } from "./inventory-advice";

export const PROPERTY: Record<SecuritySetting, string> = {
    promiscuous: "allowPromiscuous",
    forgedTransmits: "allowForgedTransmits",
    macChanges: "allowMacChanges",
};

export const SETTING_WORDS: Record<SecuritySetting | "macLearning", string> = {
    promiscuous: "promiscuous mode",
    forgedTransmits: "forged transmits",
    macChanges: "MAC address changes",
    macLearning: "MAC learning",
};

const KIND_WORDS: Record<ObjectInfo["kind"], string> = {
    host: "host",
    hostVirtualSwitch: "HostVirtualSwitch",
    hostPortGroup: "HostPortGroup",
    distributedVirtualSwitch: "DistributedVirtualSwitch",
    distributedPortGroup: "DistributedPortGroup",
    virtualMachine: "VirtualMachine",
    vnic: "Vnic",
    implicit: "",
};

/**
 * MACs the translation made up (vCenter assigns the real ones at deploy time; implicit guests have
 * none declared) read better as words in a message.
 */
export function prettyMacs(text: string): string {
    return text
        .replace(/\bvc-assigned:([^\s:;,()]+):(\d+)(~\d+)?/g, "(the MAC vCenter assigns to $1 nic $2)")
        .replace(/\besxi-assigned:([^\s;,()]+?)(~\d+)?(?=[\s;,()]|$)/g, "(the MAC ESXi assigns to VMkernel NIC $1)")
        .replace(/\bimplicit-external:([^\s;,()]+?)(~\d+)?(?=[\s;,()]|$)/g, "(a device's MAC on $1)")
        .replace(/\bimplicit:([^\s:;,()]+):(\d+)(~\d+)?/g, "(the guest's own MAC behind $1 nic $2)");
}

export class Namer {
    constructor(private readonly t: Translation) {}

    /** "DistributedPortGroup lab-pg" for a model object id. */
    object(id: string): string {
        const o = this.t.objects.get(id);
        if (!o) return id;
        const kind = KIND_WORDS[o.kind];
        return kind ? `${kind} ${o.name}` : o.name;
    }

    name(id: string): string {
        return this.t.objects.get(id)?.name ?? this.t.endpoints.get(id)?.name ?? id;
    }

    urn(id: string): string | undefined {
        return this.t.objects.get(id)?.urn;
    }

    endpoint(id: string): string {
        return this.t.endpoints.get(id)?.name ?? id;
    }

    setting(s: SettingRef): string {
        const what = s.setting in SETTING_WORDS ? SETTING_WORDS[s.setting as SecuritySetting] : s.setting;
        const prop = s.setting in PROPERTY ? ` (${PROPERTY[s.setting as SecuritySetting]})` : "";
        const origin = describeOrigin(s.origin, (id) => this.object(id));
        return `${what}${prop} = ${s.value} on ${this.object(s.objectId)}${origin ? `, ${origin}` : ""}`;
    }

    /** The change as a user would make it. */
    change(c: Change): string {
        // An object read from an inventory is changed where it lives, not in this stack.
        const id = "objectId" in c ? c.objectId : "hostId" in c ? c.hostId : "switchId" in c ? c.switchId : c.portGroupId;
        const o = this.t.objects.get(id);
        if (o?.inventoryRef) return changeThere(c, o.inventoryRef, o.kind);
        return this.changeHere(c);
    }

    private changeHere(c: Change): string {
        if (c.kind === "setting") return `set ${PROPERTY[c.setting]}: ${c.value === "accept"} on ${this.object(c.objectId)}`;
        if (c.kind === "inherit") return `remove ${PROPERTY[c.setting]} from ${this.object(c.portGroupId)} so it inherits the switch's value`;
        if (c.kind === "macLearning") {
            return `enable MAC learning on ${this.object(c.portGroupId)} (the provider cannot set it: use the vSphere Client or PowerCLI), then declare it in policy config "macLearning": { "${this.name(c.portGroupId)}": { "enabled": true } }`;
        }
        if (c.kind === "host") return `set Net.ReversePathFwdCheckPromisc=${c.rpfCheckPromisc ? 1 : 0} on host ${c.hostId} (esxcli system settings advanced set -o /Net/ReversePathFwdCheckPromisc -i ${c.rpfCheckPromisc ? 1 : 0}; then turn promiscuous mode off and on on the port group), and declare it in policy config "hosts"`;
        if (c.kind === "unblock") {
            return c.scope === "switch"
                ? `set blockAllPorts: false on ${this.object(c.objectId)} (a port group's own blockAllPorts: false is not sent by the provider, so its switch must change)`
                : `remove blockAllPorts: true from ${this.object(c.objectId)}`;
        }
        if (c.kind === "mtu") {
            const o = this.t.objects.get(c.switchId);
            return `set ${o?.kind === "distributedVirtualSwitch" ? "maxMtu" : "mtu"}: ${c.value} on ${this.object(c.switchId)}`;
        }
        const o = this.t.objects.get(c.portGroupId);
        if (c.kind === "team") {
            const [a, s] = o?.kind === "hostPortGroup" ? ["activeNics", "standbyNics"] : ["activeUplinks", "standbyUplinks"];
            return `set ${a}: [${c.active.map((n) => JSON.stringify(n)).join(", ")}] and ${s}: [${c.standby.map((n) => JSON.stringify(n)).join(", ")}] on ${this.object(c.portGroupId)}`;
        }
        const vlans = c.vlans.join(", ");
        return o?.kind === "hostPortGroup"
            ? `set vlanId: 4095 (guest tagging) on ${this.object(c.portGroupId)} so VLAN ${vlans} passes`
            : `add ${c.vlans.map((v) => `{ minVlan: ${v}, maxVlan: ${v} }`).join(", ")} to vlanRanges on ${this.object(c.portGroupId)}`;
    }

    leg(l: LegResult): string[] {
        const named = { ...l, from: this.endpoint(l.from), to: this.endpoint(l.to) };
        return formatLeg(named, (id) => this.object(id));
    }

    verdict(r: ConversationResult): string {
        const a = this.endpoint(r.a);
        const b = this.endpoint(r.b);
        switch (r.verdict) {
            case "reachable":
                return `${a} and ${b} can talk`;
            case "one-way":
                return `one-way: ${this.endpoint(r.works!.from)} -> ${this.endpoint(r.works!.to)} works, ${this.endpoint(r.works!.to)} -> ${this.endpoint(r.works!.from)} is dropped`;
            case "blocked":
                return `blocked: ${a} and ${b} cannot reach each other in either direction`;
            case "undetermined":
                return r.failsInEveryCase ? `fails whatever the unknown values turn out to be (one-way or blocked)` : `undetermined: it depends on values not known during preview`;
        }
    }
}
