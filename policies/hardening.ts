/**
 * The hardening rules an unnecessary `accept` breaks (vSphere Security Configuration Guide 8,
 * VCF SCG 9, DISA STIG), per setting and switch kind. Source: research/vswitch-facts-with-sources.md §7.
 */
import type { SecuritySetting } from "../sim";

export interface HardeningRef {
    scg8: string;
    scg9: string;
    stig: string[];
}

export const STANDARD: Record<SecuritySetting, HardeningRef> = {
    forgedTransmits: { scg8: "esxi-8.network-reject-forged-transmit-standardswitch", scg9: "esx-9.network-standard-reject-forged-transmit", stig: ["ESXI-80-000216", "VCFE-9X-000219"] },
    macChanges: { scg8: "esxi-8.network-reject-mac-changes-standardswitch", scg9: "esx-9.network-standard-reject-mac-changes", stig: ["ESXI-80-000217", "VCFE-9X-000220"] },
    promiscuous: { scg8: "esxi-8.network-reject-promiscuous-mode-standardswitch", scg9: "esx-9.network-standard-reject-promiscuous-mode", stig: ["ESXI-80-000218", "VCFE-9X-000221"] },
};

export const DISTRIBUTED: Record<SecuritySetting, HardeningRef> = {
    forgedTransmits: { scg8: "vcenter-8.network-reject-forged-transmit-dvportgroup", scg9: "vcenter-9.network-reject-forged-transmit-dvportgroup", stig: ["VCSA-80-000268", "VCFA-9X-000323"] },
    macChanges: { scg8: "vcenter-8.network-reject-mac-changes-dvportgroup", scg9: "vcenter-9.network-reject-mac-changes-dvportgroup", stig: ["VCSA-80-000269", "VCFA-9X-000324"] },
    promiscuous: { scg8: "vcenter-8.network-reject-promiscuous-mode-dvportgroup", scg9: "vcenter-9.network-reject-promiscuous-mode-dvportgroup", stig: ["VCSA-80-000270", "VCFA-9X-000325"] },
};

export const MAC_LEARNING: HardeningRef = { scg8: "vcenter-8.network-mac-learning", scg9: "vcenter-9.network-mac-learning", stig: ["VCFA-9X-000345"] };

export function hardeningFor(setting: SecuritySetting | "macLearning", distributed: boolean): HardeningRef {
    if (setting === "macLearning") return MAC_LEARNING;
    return (distributed ? DISTRIBUTED : STANDARD)[setting];
}

export function cite(ref: HardeningRef): string {
    return `${ref.scg8} / ${ref.scg9}; DISA STIG ${ref.stig.join(", ")}`;
}
