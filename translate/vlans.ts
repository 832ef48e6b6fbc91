/**
 * Port group VLAN modes (V1, V2, V5, PV1, T7). Anything out of range or unreadable is reported and
 * read as untagged (or, on a distributed resource, as unset), so the port group still takes part in
 * the check.
 *
 * Distributed resources (DistributedVirtualSwitch and DistributedPortGroup) send one VLAN spec, by
 * the provider's precedence `vlanRanges` > `portPrivateSecondaryVlanId` > `vlanId`; `vlanId` 0 or
 * unset with neither of the others sends nothing (T7), so a port group inherits its switch's VLAN
 * (V5) and a switch is untagged. A PVLAN id joins the switch's `pvlanMappings` entry with that
 * secondary (PV1). These fields are optional and computed: unknown with no `propertyDependencies`
 * is an unset default (unknowns.ts `unsetDefault`), read as unset.
 */
import type { Origin, PvlanMapping, PvlanType, VlanMode } from "../sim/model/model";
import { show, type Context } from "./context";
import type { RawResource } from "./types";
import { readArray, readInt, readKeyword, unsetDefault, type Read } from "./unknowns";

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

const PVLAN_TYPES: readonly PvlanType[] = ["promiscuous", "community", "isolated"];

/** A distributed switch's `pvlanMappings`: the entries read, or not known during preview. */
export type PvlanMappings = { kind: "value"; list: PvlanMapping[] } | { kind: "unknown" };

/** What a distributed resource sends for its VLAN: a mode and the property it came from, or nothing (T7). */
export type DistributedVlan = { kind: "sent"; mode: VlanMode; origin: Origin } | { kind: "notSent" };

/** An integer of a distributed resource; an unknown unset default reads as absent. */
function readDistributedInt(res: RawResource, property: string): Read<number> {
    const r = readInt(res.props, [property]);
    return r.kind === "unknown" && unsetDefault(res, [property]) ? { kind: "absent" } : r;
}

/** `pvlanMappings` of a DistributedVirtualSwitch; undefined when unset. Bad entries are reported and left out. */
export function readPvlanMappings(ctx: Context, res: RawResource): PvlanMappings | undefined {
    const arr = readArray(res.props, ["pvlanMappings"]);
    if (arr.kind === "absent" || (arr.kind === "unknown" && unsetDefault(res, ["pvlanMappings"]))) return undefined;
    if (arr.kind === "unknown") {
        ctx.diag({ kind: "unknown", urn: res.urn, property: "pvlanMappings", message: `pvlanMappings of ${show(res.name)} is not known during preview; its private VLANs are not checked against it.` });
        return { kind: "unknown" };
    }
    if (arr.kind === "wrongType") {
        ctx.diag({ kind: "property", urn: res.urn, property: "pvlanMappings", message: `pvlanMappings of ${show(res.name)} is ${arr.found}, not a list; read as no private VLANs.` });
        return { kind: "value", list: [] };
    }
    const list: PvlanMapping[] = [];
    for (let i = 0; i < arr.value.length; i++) {
        const property = `pvlanMappings[${i}]`;
        const primary = readInt(arr.value, [i, "primaryVlanId"]);
        const secondary = readInt(arr.value, [i, "secondaryVlanId"]);
        const type = readKeyword(arr.value, [i, "pvlanType"]);
        if (primary.kind === "unknown" || secondary.kind === "unknown" || type.kind === "unknown") {
            ctx.diag({ kind: "unknown", urn: res.urn, property, message: `${property} of ${show(res.name)} is not known during preview; its private VLANs are not checked against pvlanMappings.` });
            return { kind: "unknown" };
        }
        const inRange = (r: Read<number>): r is { kind: "value"; value: number } => r.kind === "value" && r.value >= 1 && r.value <= 4094;
        if (!inRange(primary) || !inRange(secondary) || type.kind !== "value" || !(PVLAN_TYPES as readonly string[]).includes(type.value)) {
            ctx.diag({
                kind: "property",
                urn: res.urn,
                property,
                message: `${property} of ${show(res.name)} needs primaryVlanId and secondaryVlanId within 1–4094 and a pvlanType of ${PVLAN_TYPES.join(", ")}; that entry is left out.`,
            });
            continue;
        }
        const t = type.value as PvlanType;
        if ((t === "promiscuous") !== (primary.value === secondary.value)) {
            ctx.diag({
                kind: "property",
                urn: res.urn,
                property,
                message: `${property} of ${show(res.name)} is ${t} with primary ${primary.value} and secondary ${secondary.value}; only the promiscuous entry has secondary = primary (PV1). Read as written.`,
            });
        }
        if (list.some((m) => m.secondary === secondary.value)) {
            ctx.diag({ kind: "property", urn: res.urn, property, message: `${property} of ${show(res.name)} repeats secondary VLAN ${secondary.value}; the first entry is used.` });
            continue;
        }
        list.push({ primary: primary.value, secondary: secondary.value, type: t });
    }
    return { kind: "value", list };
}

const sent = (mode: VlanMode, objectId: string, property: string, note?: string): DistributedVlan => ({
    kind: "sent",
    mode,
    origin: { kind: "explicit", objectId, property, ...(note ? { note } : {}) },
});

/**
 * The VLAN a DistributedVirtualSwitch or DistributedPortGroup sends (precedence `vlanRanges` >
 * `portPrivateSecondaryVlanId` > `vlanId`, T7), reading a PVLAN id through its switch's
 * `mappings`. `missingMapping` is called for a secondary the mappings lack (PV1).
 */
export function distributedVlan(ctx: Context, res: RawResource, objectId: string, mappings: PvlanMappings | undefined, switchName: string, missingMapping: () => void): DistributedVlan {
    const ranges = readArray(res.props, ["vlanRanges"]);
    if (ranges.kind === "unknown" && !unsetDefault(res, ["vlanRanges"])) return sent(unknownVlan(ctx, res, "vlanRanges"), objectId, "vlanRanges", "not known during preview");
    if (ranges.kind === "wrongType") bad(ctx, res, "vlanRanges", `is ${ranges.found}, not a list`, "read as unset");
    if (ranges.kind === "value" && ranges.value.length > 0) {
        const out: Array<[number, number]> = [];
        for (let i = 0; i < ranges.value.length; i++) {
            const property = `vlanRanges[${i}]`;
            const lo = readInt(ranges.value, [i, "minVlan"]);
            const hi = readInt(ranges.value, [i, "maxVlan"]);
            if (lo.kind === "unknown" || hi.kind === "unknown") return sent(unknownVlan(ctx, res, property), objectId, "vlanRanges", "not known during preview");
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
        return sent(out.length > 0 ? { kind: "trunk", ranges: out } : NONE, objectId, "vlanRanges", out.length > 0 ? undefined : "no usable range; read as untagged");
    }

    const pv = readDistributedInt(res, "portPrivateSecondaryVlanId");
    if (pv.kind === "unknown") return sent(unknownVlan(ctx, res, "portPrivateSecondaryVlanId"), objectId, "portPrivateSecondaryVlanId", "not known during preview");
    if (pv.kind === "wrongType") bad(ctx, res, "portPrivateSecondaryVlanId", `is ${pv.found}, not a whole number`, "read as unset");
    if (pv.kind === "value" && pv.value !== 0) {
        if (pv.value < 1 || pv.value > 4094) bad(ctx, res, "portPrivateSecondaryVlanId", `is ${pv.value}, outside 1–4094`, "read as unset");
        else return sent(pvlanOf(ctx, res, pv.value, mappings, switchName, missingMapping), objectId, "portPrivateSecondaryVlanId");
    }

    const id = readDistributedInt(res, "vlanId");
    if (id.kind === "absent") return { kind: "notSent" };
    if (id.kind === "unknown") return sent(unknownVlan(ctx, res, "vlanId"), objectId, "vlanId", "not known during preview");
    if (id.kind === "wrongType") {
        bad(ctx, res, "vlanId", `is ${id.found}, not a whole number`, "read as unset");
        return { kind: "notSent" };
    }
    if (id.value === 0) return { kind: "notSent" };
    if (id.value >= 1 && id.value <= 4094) return sent({ kind: "vlan", id: id.value }, objectId, "vlanId");
    bad(ctx, res, "vlanId", `is ${id.value}, outside 0–4094`, "read as unset");
    return { kind: "notSent" };
}

/** PV1: the mapping entry of a secondary id; a secondary with none is kept (the simulator drops it under PV1). */
function pvlanOf(ctx: Context, res: RawResource, secondary: number, mappings: PvlanMappings | undefined, switchName: string, missingMapping: () => void): VlanMode {
    if (mappings?.kind === "unknown") {
        ctx.diag({
            kind: "unknown",
            urn: res.urn,
            property: "portPrivateSecondaryVlanId",
            message: `The private VLAN type of secondary ${secondary} on ${show(res.name)} is not known during preview (the pvlanMappings of switch ${show(switchName)} are not); read as isolated, the most restrictive type.`,
        });
        return { kind: "pvlan", primary: secondary, secondary, type: "isolated" };
    }
    const m = mappings?.list.find((x) => x.secondary === secondary);
    if (m) return { kind: "pvlan", primary: m.primary, secondary, type: m.type };
    missingMapping();
    ctx.diag({
        kind: "property",
        urn: res.urn,
        property: "portPrivateSecondaryVlanId",
        message: `portPrivateSecondaryVlanId ${secondary} of ${show(res.name)} has no entry in the pvlanMappings of switch ${show(switchName)}; its ports carry nothing (PV1).`,
    });
    return { kind: "pvlan", primary: secondary, secondary, type: "isolated" };
}
