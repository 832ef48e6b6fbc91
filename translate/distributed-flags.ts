/**
 * Distributed booleans as the provider sends them (SEMANTICS T6): on a DistributedVirtualSwitch the
 * value is the default of its port groups (unset: off, vSphere's default); on a DistributedPortGroup
 * `true` is sent and `false` or unset are not, so the port group inherits its switch. Read this way:
 * `blockAllPorts` (P1, blocked.ts) and `txUplink` (X1, tx-uplink.ts). An unknown value becomes an
 * `unknownKey` the simulator branches on; an unknown with no `propertyDependencies` is an unset
 * computed default (unknowns.ts `unsetDefault`), read as unset.
 */
import type { FlagSetting } from "../sim/model/model";
import { show, type Context } from "./context";
import type { RawResource } from "./types";
import { readBool, unsetDefault, type Read } from "./unknowns";

/** One distributed boolean: its property, the rule a `true` acts under, and the key suffix of its unknowns. */
export interface FlagSpec {
    property: string;
    rule: string;
    key: string;
}

/** A boolean of a distributed resource; a value of the wrong type is reported and read as unset. */
export function readDistributedFlag(ctx: Context, res: RawResource, property: string): Read<boolean> {
    const r = readBool(res.props, [property]);
    if (r.kind === "unknown" && unsetDefault(res, [property])) return { kind: "absent" };
    if (r.kind !== "wrongType") return r;
    ctx.diag({ kind: "property", urn: res.urn, property, message: `${property} of ${show(res.name)} is ${r.found}, not a boolean; read as unset.` });
    return { kind: "absent" };
}

function unknown(objectId: string, spec: FlagSpec): FlagSetting {
    return { value: "unknown", unknownKey: `${objectId}.${spec.key}`, origin: { kind: "explicit", objectId, property: spec.property, note: "computed from a value not known during preview" } };
}

/** A DistributedVirtualSwitch's value: undefined when unset (off, the vSphere default). */
export function distributedSwitchFlag(ctx: Context, res: RawResource, objectId: string, spec: FlagSpec): FlagSetting | undefined {
    const r = readDistributedFlag(ctx, res, spec.property);
    if (r.kind === "unknown") return unknown(objectId, spec);
    if (r.kind !== "value") return undefined;
    if (r.value) return { value: true, origin: { kind: "explicit", objectId, property: spec.property, rule: spec.rule } };
    return { value: false, origin: { kind: "explicit", objectId, property: spec.property, rule: "T6", note: "false is not sent; off is the vSphere default" } };
}

function inherited(objectId: string, property: string, from: FlagSetting, rule: string, note: string): FlagSetting {
    const b: FlagSetting = { value: from.value, origin: { kind: "inherited", objectId, property, rule, note, from: from.origin } };
    // Port groups inheriting one unknown switch value share its key, so the simulator branches once.
    if (from.unknownKey !== undefined) b.unknownKey = from.unknownKey;
    return b;
}

/** A DistributedPortGroup's value (T6): true is its own; false and unset inherit the switch's (undefined: off). */
export function distributedPortGroupFlag(ctx: Context, res: RawResource, objectId: string, sw: FlagSetting | undefined, spec: FlagSpec): FlagSetting | undefined {
    const r = readDistributedFlag(ctx, res, spec.property);
    if (r.kind === "value" && r.value) return { value: true, origin: { kind: "explicit", objectId, property: spec.property, rule: spec.rule } };
    if (r.kind === "unknown") {
        // true is sent and false inherits: under a switch that says true, both give true.
        if (sw?.value === true) return inherited(objectId, spec.property, sw, "T6", "not known during preview; true or false both give true here");
        return unknown(objectId, spec);
    }
    if (sw === undefined) return undefined;
    if (r.kind === "value") return inherited(objectId, spec.property, sw, "T6", "false is not sent by the provider (treated as unset); inherited from the switch");
    return inherited(objectId, spec.property, sw, spec.rule, "unset; inherited from the switch");
}
