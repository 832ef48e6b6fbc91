/**
 * Port group VLAN modes (V1, V2). Anything out of range or unreadable is reported and read as
 * untagged, so the port group still takes part in the check.
 */
import type { VlanMode } from "../sim/model/model";
import { show, type Context } from "./context";
import type { RawResource } from "./types";
import { readArray, readInt } from "./unknowns";

const NONE: VlanMode = { kind: "none" };

function bad(ctx: Context, res: RawResource, property: string, why: string, consequence = "read as untagged"): VlanMode {
    ctx.diag({ kind: "property", urn: res.urn, property, message: `${property} of ${show(res.name)} ${why}; ${consequence}.` });
    return NONE;
}

function unknownVlan(ctx: Context, res: RawResource, property: string): VlanMode {
    ctx.diag({
        kind: "unknown",
        urn: res.urn,
        property,
        message: `${property} of ${show(res.name)} is not known during preview; read as untagged.`,
    });
    return NONE;
}

/** HostPortGroup `vlanId`: 0/unset none, 1–4094 one VLAN, 4095 guest tagging of 0–4094. */
export function hostPortGroupVlan(ctx: Context, res: RawResource): VlanMode {
    const r = readInt(res.props, ["vlanId"]);
    if (r.kind === "absent") return NONE;
    if (r.kind === "unknown") return unknownVlan(ctx, res, "vlanId");
    if (r.kind === "wrongType") return bad(ctx, res, "vlanId", `is ${r.found}, not a whole number`);
    if (r.value === 0) return NONE;
    if (r.value >= 1 && r.value <= 4094) return { kind: "vlan", id: r.value };
    if (r.value === 4095) return { kind: "trunk", ranges: [[0, 4094]] };
    return bad(ctx, res, "vlanId", `is ${r.value}, outside 0–4095`);
}

/** DistributedPortGroup: non-empty `vlanRanges` trunk those VLANs, else `vlanId` (0/unset none). */
export function distributedPortGroupVlan(ctx: Context, res: RawResource): VlanMode {
    const ranges = readArray(res.props, ["vlanRanges"]);
    if (ranges.kind === "unknown") return unknownVlan(ctx, res, "vlanRanges");
    if (ranges.kind === "wrongType") return bad(ctx, res, "vlanRanges", `is ${ranges.found}, not a list`);
    if (ranges.kind === "value" && ranges.value.length > 0) {
        const out: Array<[number, number]> = [];
        for (let i = 0; i < ranges.value.length; i++) {
            const property = `vlanRanges[${i}]`;
            const lo = readInt(ranges.value, [i, "minVlan"]);
            const hi = readInt(ranges.value, [i, "maxVlan"]);
            if (lo.kind === "unknown" || hi.kind === "unknown") return unknownVlan(ctx, res, property);
            if (lo.kind !== "value" || hi.kind !== "value") {
                bad(ctx, res, property, "needs whole-number minVlan and maxVlan", "that range is left out");
                continue;
            }
            if (lo.value < 0 || hi.value > 4094 || lo.value > hi.value) {
                bad(ctx, res, property, `is ${lo.value}–${hi.value}, not a range within 0–4094`, "that range is left out");
                continue;
            }
            out.push([lo.value, hi.value]);
        }
        return out.length > 0 ? { kind: "trunk", ranges: out } : NONE;
    }
    const id = readInt(res.props, ["vlanId"]);
    if (id.kind === "absent") return NONE;
    if (id.kind === "unknown") return unknownVlan(ctx, res, "vlanId");
    if (id.kind === "wrongType") return bad(ctx, res, "vlanId", `is ${id.found}, not a whole number`);
    if (id.value === 0) return NONE;
    if (id.value >= 1 && id.value <= 4094) return { kind: "vlan", id: id.value };
    return bad(ctx, res, "vlanId", `is ${id.value}, outside 0–4094`);
}
