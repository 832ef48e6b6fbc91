/**
 * Blocked ports (SEMANTICS P1, T6): `blockAllPorts` on a DistributedVirtualSwitch is the default of
 * its port groups (unset: not blocked); on a DistributedPortGroup `true` is sent and `false` or
 * unset are not (T6), so the port group inherits its switch. An unknown value becomes an
 * `unknownKey` the simulator branches on; an unknown with no `propertyDependencies` is an unset
 * computed default (unknowns.ts `unsetDefault`), read as unset.
 */
import type { BlockedSetting } from "../sim/model/model";
import { show, type Context } from "./context";
import type { RawResource } from "./types";
import { readBool, unsetDefault, type Read } from "./unknowns";

const PROPERTY = "blockAllPorts";

function readBlock(ctx: Context, res: RawResource): Read<boolean> {
    const r = readBool(res.props, [PROPERTY]);
    if (r.kind === "unknown" && unsetDefault(res, [PROPERTY])) return { kind: "absent" };
    if (r.kind !== "wrongType") return r;
    ctx.diag({ kind: "property", urn: res.urn, property: PROPERTY, message: `${PROPERTY} of ${show(res.name)} is ${r.found}, not a boolean; read as unset.` });
    return { kind: "absent" };
}

function unknown(objectId: string): BlockedSetting {
    return { value: "unknown", unknownKey: `${objectId}.blocked`, origin: { kind: "explicit", objectId, property: PROPERTY, note: "computed from a value not known during preview" } };
}

/** A DistributedVirtualSwitch: undefined when unset (not blocked, the vSphere default). */
export function distributedSwitchBlocked(ctx: Context, res: RawResource, objectId: string): BlockedSetting | undefined {
    const r = readBlock(ctx, res);
    if (r.kind === "unknown") return unknown(objectId);
    if (r.kind !== "value") return undefined;
    if (r.value) return { value: true, origin: { kind: "explicit", objectId, property: PROPERTY, rule: "P1" } };
    return { value: false, origin: { kind: "explicit", objectId, property: PROPERTY, rule: "T6", note: "false is not sent; not blocked is the vSphere default" } };
}

function inherited(objectId: string, from: BlockedSetting, rule: string, note: string): BlockedSetting {
    const b: BlockedSetting = { value: from.value, origin: { kind: "inherited", objectId, property: PROPERTY, rule, note, from: from.origin } };
    // Port groups inheriting one unknown switch value share its key, so the simulator branches once.
    if (from.unknownKey !== undefined) b.unknownKey = from.unknownKey;
    return b;
}

/** A DistributedPortGroup (T6): true blocks; false and unset inherit the switch's (undefined: not blocked). */
export function distributedPortGroupBlocked(ctx: Context, res: RawResource, objectId: string, sw: BlockedSetting | undefined): BlockedSetting | undefined {
    const r = readBlock(ctx, res);
    if (r.kind === "value" && r.value) return { value: true, origin: { kind: "explicit", objectId, property: PROPERTY, rule: "P1" } };
    if (r.kind === "unknown") {
        // true blocks and false inherits: under a blocking switch both block.
        if (sw?.value === true) return inherited(objectId, sw, "T6", "not known during preview; true or false both block here");
        return unknown(objectId);
    }
    if (sw === undefined) return undefined;
    if (r.kind === "value") return inherited(objectId, sw, "T6", "false is not sent by the provider (treated as unset); inherited from the switch");
    return inherited(objectId, sw, "P1", "unset; inherited from the switch");
}
