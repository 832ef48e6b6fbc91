/**
 * The embedded layer-2 forwarding simulator for vSphere switches. Plain data in (sim/model.ts),
 * verdicts and traces out (sim/results.ts). Knows nothing of Pulumi.
 */
export * from "./model";
export * from "./results";
export { compile, validateModel, macOf, type Net } from "./network";
export { analyzeConversation, placements } from "./conversation";
export { sendFrame, BROADCAST, Fabric } from "./frame";
export { applyChanges } from "./changes";
export { findFix, candidateChanges, changeCost } from "./fixes";
export { findNeeds, touchedGroups, type NeedsResult, type NeedsOptions, type Grant } from "./needs";
export { promiscuousExposure } from "./exposure";
export { describeOrigin, describeSetting, formatHop, formatLeg } from "./trace";
export { allRules, RULE_INDEX, type RuleInfo } from "./rules";
export { formatVlan } from "./vlan";
