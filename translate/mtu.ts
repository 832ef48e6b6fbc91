/**
 * Switch MTU (SEMANTICS X2): a HostVirtualSwitch's `mtu` (unset: the provider sends 1500, T5) and a
 * DistributedVirtualSwitch's `maxMtu` (unset: vCenter's 1500). A value set from another resource and
 * not known during preview stays unknown: the simulator branches on whether a declared frame fits.
 * A value that is not a whole number from 68 to 65535 is reported and read as unset.
 */
import type { MtuSetting } from "../sim/model/model";
import { show, type Context } from "./context";
import type { RawResource } from "./types";
import { readInt, unsetDefault } from "./unknowns";

const DEFAULT_MTU = 1500;
/** The MTUs a switch or a workload may have: the smallest IP MTU to the largest frame anything names. */
export const MIN_MTU = 68;
export const MAX_MTU = 65535;

function read(ctx: Context, res: RawResource, objectId: string, property: string, unset: MtuSetting): MtuSetting {
    const r = readInt(res.props, [property]);
    if (r.kind === "absent" || (r.kind === "unknown" && unsetDefault(res, [property]))) return unset;
    if (r.kind === "unknown") return { value: "unknown", unknownKey: `${objectId}.mtu`, origin: { kind: "explicit", objectId, property, rule: "X2", note: "computed from a value not known during preview" } };
    if (r.kind === "value" && r.value >= MIN_MTU && r.value <= MAX_MTU) return { value: r.value, origin: { kind: "explicit", objectId, property, rule: "X2" } };
    const found = r.kind === "value" ? `${r.value}` : r.found;
    ctx.diag({ kind: "property", urn: res.urn, property, message: `${property} of ${show(res.name)} is ${found}, not a whole number from ${MIN_MTU} to ${MAX_MTU}; read as unset (${DEFAULT_MTU}).` });
    return unset;
}

/** A HostVirtualSwitch's `mtu`. */
export function standardSwitchMtu(ctx: Context, res: RawResource, objectId: string): MtuSetting {
    return read(ctx, res, objectId, "mtu", { value: DEFAULT_MTU, origin: { kind: "providerDefault", objectId, property: "mtu", rule: "X2", note: "unset: the provider sends 1500" } });
}

/** A DistributedVirtualSwitch's `maxMtu`. */
export function distributedSwitchMtu(ctx: Context, res: RawResource, objectId: string): MtuSetting {
    return read(ctx, res, objectId, "maxMtu", { value: DEFAULT_MTU, origin: { kind: "vsphereDefault", objectId, property: "maxMtu", rule: "X2", note: "unset: vCenter's default 1500" } });
}
