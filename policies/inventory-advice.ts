/**
 * Advice on objects read from an inventory (config `inventory`): they are not resources of this
 * stack, so no key of its program or of the pack's config changes them. The advice names where the
 * setting really lives — the port group in vCenter (changed with the vSphere Client or PowerCLI,
 * then a new `vsnet inventory`), or the resource in the other stack, by its URN (then a new
 * `pulumi stack export`) — and says it in that place's own words.
 */
import type { Change, SecuritySetting } from "../sim";
import type { InventoryRef, ObjectKind } from "../translate";
import { PROPERTY } from "./naming";

/** The settings as the vSphere Client names them (Edit Settings > Security). */
const CLIENT_WORDS: Record<SecuritySetting, string> = {
    promiscuous: "Promiscuous mode",
    forgedTransmits: "Forged transmits",
    macChanges: "MAC address changes",
};

const KIND: Partial<Record<ObjectKind, string>> = { distributedPortGroup: "DistributedPortGroup", hostPortGroup: "HostPortGroup", implicit: "switch" };

/** "port group lab-pg (dvportgroup-13) in vCenter vc01" / "DistributedPortGroup lab-pg (urn:…) in stack platform/prod". */
export function placeOf(ref: InventoryRef, kind: ObjectKind): string {
    if (ref.source === "vcenter") {
        const what = kind === "implicit" ? "switch" : kind === "hostPortGroup" ? "standard port group" : "port group";
        return `${what} ${ref.name} (${ref.id}) in vCenter ${ref.where}`;
    }
    return `${KIND[kind] ?? "resource"} ${ref.name} (${ref.urn ?? ref.id}) of stack ${ref.where}`;
}

/** What to do after the change so the pack sees it. */
export function refreshOf(ref: InventoryRef): string {
    return ref.source === "vcenter" ? "then take a new inventory (vsnet inventory)" : `then export stack ${ref.where} again for the inventory (pulumi stack export)`;
}

/** How the MAC learning of a port group of another stack is told to the pack: the export cannot hold it. */
export function declareMacLearning(ref: InventoryRef, enabled: boolean): string {
    return `${enabled ? "declare" : "remove"} it in this pack's config ${enabled ? `"macLearning": { "${ref.id}": { "enabled": true } }` : `"macLearning" (key "${ref.id}")`} (a stack export cannot hold MAC learning)`;
}

/**
 * Making `setting` reject (`accept` false) or accept on an inventory object, in that place's terms.
 * A DistributedPortGroup of another stack follows the provider there: its `false` is not sent (T3).
 */
export function setThere(ref: InventoryRef, kind: ObjectKind, setting: SecuritySetting, accept: boolean, where = placeOf(ref, kind)): string {
    if (ref.source === "vcenter") return `set ${CLIENT_WORDS[setting]} to ${accept ? "Accept" : "Reject"} on ${where} (vSphere Client: Edit Settings > Security, override)`;
    if (kind === "distributedPortGroup" && !accept) {
        return `remove ${PROPERTY[setting]} from ${where} (the provider does not send false on a DistributedPortGroup, T3; set ${PROPERTY[setting]}: false on its switch if that accepts it)`;
    }
    return `set ${PROPERTY[setting]}: ${accept} on ${where}`;
}

/** A change of the smallest-fix search on an inventory object, worded for where it is made. */
export function changeThere(c: Change, ref: InventoryRef, kind: ObjectKind): string {
    const where = placeOf(ref, kind);
    const then = refreshOf(ref);
    const vc = ref.source === "vcenter";
    switch (c.kind) {
        case "setting":
            return `${setThere(ref, kind, c.setting, c.value === "accept")}, not in this stack; ${then}`;
        case "inherit":
            return vc
                ? `turn off the override of ${CLIENT_WORDS[c.setting]} on ${where} so it inherits the switch's value, not in this stack; ${then}`
                : `remove ${PROPERTY[c.setting]} from ${where} so it inherits the switch's value, not in this stack; ${then}`;
        case "macLearning":
            return vc
                ? `${c.enabled ? "enable" : "disable"} MAC learning on ${where} (vSphere Client or PowerCLI), not in this stack; ${then}`
                : `${c.enabled ? "enable" : "disable"} MAC learning on ${where} (the provider cannot set it: vSphere Client or PowerCLI), then ${declareMacLearning(ref, c.enabled)}`;
        case "unblock":
            return vc ? `unblock the ports of ${where}, not in this stack; ${then}` : `set blockAllPorts: false on ${where} (its switch's, if it inherits), not in this stack; ${then}`;
        case "mtu":
            return vc ? `raise the MTU of ${where} to ${c.value}, not in this stack; ${then}` : `set ${kind === "implicit" ? "mtu/maxMtu" : "mtu"}: ${c.value} on ${where}, not in this stack; ${then}`;
        case "team": {
            const list = (xs: readonly string[]) => `[${xs.map((n) => JSON.stringify(n)).join(", ")}]`;
            if (vc) return `set the teaming and failover order of ${where}: active ${list(c.active)}, standby ${list(c.standby)}, not in this stack; ${then}`;
            const [a, s] = kind === "hostPortGroup" ? ["activeNics", "standbyNics"] : ["activeUplinks", "standbyUplinks"];
            return `set ${a}: ${list(c.active)} and ${s}: ${list(c.standby)} on ${where}, not in this stack; ${then}`;
        }
        case "trunk": {
            const vlans = c.vlans.join(", ");
            if (vc) return `make ${where} a VLAN trunk that passes VLAN ${vlans}, not in this stack; ${then}`;
            return kind === "hostPortGroup"
                ? `set vlanId: 4095 (guest tagging) on ${where} so VLAN ${vlans} passes, not in this stack; ${then}`
                : `add ${c.vlans.map((v) => `{ minVlan: ${v}, maxVlan: ${v} }`).join(", ")} to vlanRanges on ${where}, not in this stack; ${then}`;
        }
        case "host":
            return `set Net.ReversePathFwdCheckPromisc=${c.rpfCheckPromisc ? 1 : 0} on host ${c.hostId}`;
    }
}

/** For a port group of another stack: the VMs of third stacks on it are not known here. */
export function othersCaveat(ref: InventoryRef): string {
    return ref.source === "stack" ? ` Only this stack's and stack ${ref.where}'s VMs are known to be on it: check that no other VM needs it first (a vCenter inventory shows them all).` : "";
}

/** " The port group is not in this stack: its <what> is changed on <place>, then …" for an inventory object; "" otherwise. */
export function livesElsewhere(info: { kind: ObjectKind; inventoryRef?: InventoryRef } | undefined, what: string): string {
    const ref = info?.inventoryRef;
    return ref ? ` It is not in this stack: its ${what} is changed on ${placeOf(ref, info.kind)}, ${refreshOf(ref)}.` : "";
}
