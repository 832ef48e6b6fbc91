/**
 * A DistributedVirtualSwitch's `multicastFilteringMode` (SEMANTICS X3): `legacyFiltering` (vCenter's
 * default, and the only mode of a standard switch) or `snooping`. Set from a value not known during
 * preview, it stays unknown and the simulator branches on it; anything else is reported and read as
 * the default.
 */
import type { Switch } from "../sim/model/model";
import { show, type Context } from "./context";
import type { RawResource } from "./types";
import { readKeyword, unsetDefault } from "./unknowns";

const PROPERTY = "multicastFilteringMode";

/** Sets the switch's filtering mode and where it came from; leaves both unset for the default. */
export function readMulticastFiltering(ctx: Context, res: RawResource, sw: Switch): void {
    const r = readKeyword(res.props, [PROPERTY]);
    if (r.kind === "absent" || (r.kind === "unknown" && unsetDefault(res, [PROPERTY]))) return;
    const origin = { kind: "explicit" as const, objectId: sw.id, property: PROPERTY, rule: "X3" };
    if (r.kind === "unknown") {
        sw.multicastFiltering = "unknown";
        sw.multicastOrigin = { ...origin, note: "computed from a value not known during preview" };
        return;
    }
    if (r.kind === "value" && (r.value === "snooping" || r.value === "legacyFiltering")) {
        sw.multicastFiltering = r.value === "snooping" ? "snooping" : "legacy";
        sw.multicastOrigin = origin;
        return;
    }
    // The value itself is not echoed: a setting that is not one of the known ones may be anything.
    ctx.diag({ kind: "property", urn: res.urn, property: PROPERTY, message: `${PROPERTY} of ${show(res.name)} is ${r.kind === "value" ? "a string" : r.found}, not legacyFiltering or snooping; read as unset (legacy filtering).` });
}
