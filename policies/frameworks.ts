/**
 * Policy metadata shared by several policies: the compliance framework the hardening policies cite
 * (Pulumi's `framework` field, as Pulumi's compliance packs fill it) and where to read more (`url`).
 */
import type { PolicyComplianceFramework } from "@pulumi/policy";
import type { SecuritySetting } from "../sim";
import { DISTRIBUTED, MAC_LEARNING, STANDARD } from "./hardening";

/** The VMware vSphere Security Configuration Guide 8 (controls in the repository below). */
const SCG8 = {
    name: "VMware vSphere Security Configuration Guide",
    version: "8",
    reference: "https://github.com/vmware/vcf-security-and-compliance-guidelines/tree/main/security-configuration-hardening-guide/vsphere/8.0",
};

/** The SCG 8 controls a policy checks, by setting (standard and distributed switch controls both). */
export function scg8(settings: ReadonlyArray<SecuritySetting | "macLearning">): PolicyComplianceFramework {
    const ids = settings.flatMap((s) => (s === "macLearning" ? [MAC_LEARNING.scg8] : [STANDARD[s].scg8, DISTRIBUTED[s].scg8]));
    return { ...SCG8, specification: ids.join(", ") };
}

/** Where each policy's `url` points: vendor documentation of what it checks. */
export const POLICY_URL = {
    reachability: "https://www.virtuallyghetto.com/2018/04/native-mac-learning-in-vsphere-6-7-removes-the-need-for-promiscuous-mode-for-nested-esxi.html",
    explicit: "https://www.pulumi.com/registry/packages/vsphere/api-docs/hostportgroup/",
    leastPrivilege: SCG8.reference,
    exposure: "https://knowledge.broadcom.com/external/article/324553",
    macLearning: "https://docs.vmware.com/en/VMware-vSphere/8.0/vsphere-networking/GUID-E0246B3D-9FB1-4976-8217-5C085863EA9A.html",
    duplicateMac: "https://wahlnetwork.com/2014/12/29/duplicate-mac-address/",
    teaming: "https://knowledge.broadcom.com/external/article?legacyId=1001938",
    waivers: "https://www.pulumi.com/docs/iac/using-pulumi/crossguard/configuration/",
} as const;
