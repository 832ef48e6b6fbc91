/**
 * The embedded layer-2 forwarding simulator for vSphere switches. Plain data in (sim/model/model.ts),
 * verdicts and traces out (sim/model/results.ts). Knows nothing of Pulumi.
 */
export * from "./model/model";
export * from "./model/results";
export { compile, validateModel, macOf, type Net } from "./model/network";
export { analyzeConversation, placements } from "./analysis/conversation";
export { sendFrame, BROADCAST, Fabric } from "./forwarding/frame";
export { applyChanges } from "./model/changes";
export { findFix, candidateChanges, changeCost } from "./analysis/fixes";
export { findNeeds, touchedGroups, type NeedsResult, type NeedsOptions, type Grant } from "./analysis/needs";
export { promiscuousExposure } from "./analysis/exposure";
export { duplicateFloods, type DuplicateFloods } from "./analysis/duplicates";
export { describeOrigin, describeSetting, formatHop, formatLeg } from "./model/trace";
export { allRules, RULE_INDEX, type RuleInfo } from "./model/rules";
export { formatVlan } from "./forwarding/vlan";
export { overrideRisks, type OverrideRisk } from "./analysis/overrides";
export { portShortfalls, type PortShortfall } from "./analysis/capacity";
export { txUplinkCopies, type TxUplinkCopies } from "./analysis/tx-uplink";
