/** The pack's policies, in the order the engine runs them (the declaring policy first, the waiver summary last). */
import type { Policies } from "@pulumi/policy";
import { duplicateMacAddresses } from "./duplicateMacAddresses";
import { nestedWorkloadsReachable } from "./nestedWorkloadsReachable";
import { policyWaivers } from "./policyWaivers";
import { preferMacLearning } from "./preferMacLearning";
import { promiscuousExposure } from "./promiscuousExposure";
import { securitySettingsExplicit } from "./securitySettingsExplicit";
import { securitySettingsLeastPrivilege } from "./securitySettingsLeastPrivilege";
import { uplinkTeaming } from "./uplinkTeaming";
import { setPolicyNames } from "./waivers";
import { setPolicySettings } from "./config-check";

export const policies: Policies = [
    nestedWorkloadsReachable,
    securitySettingsExplicit,
    securitySettingsLeastPrivilege,
    promiscuousExposure,
    preferMacLearning,
    duplicateMacAddresses,
    uplinkTeaming,
    policyWaivers,
];

setPolicyNames(policies.map((p) => p.name));
setPolicySettings(policies.map((p) => [p.name, Object.keys(p.configSchema?.properties ?? {})] as const));
