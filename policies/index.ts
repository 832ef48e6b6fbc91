/** The pack's policies, in the order the engine runs them (the declaring policy first). */
import type { Policies } from "@pulumi/policy";
import { duplicateMacAddresses } from "./duplicateMacAddresses";
import { nestedWorkloadsReachable } from "./nestedWorkloadsReachable";
import { preferMacLearning } from "./preferMacLearning";
import { promiscuousExposure } from "./promiscuousExposure";
import { securitySettingsExplicit } from "./securitySettingsExplicit";
import { securitySettingsLeastPrivilege } from "./securitySettingsLeastPrivilege";

export const policies: Policies = [
    nestedWorkloadsReachable,
    securitySettingsExplicit,
    securitySettingsLeastPrivilege,
    promiscuousExposure,
    preferMacLearning,
    duplicateMacAddresses,
];
