/**
 * How a DistributedPortGroup hands out ports (SEMANTICS P3): `type` `earlyBinding` (static binding,
 * the provider's default) keeps one port per connected vNIC or vmk, and with `autoExpand: false`
 * (default true) stops at `numberOfPorts` (unset: vCenter's choice); `ephemeral` makes ports on
 * demand. Only port groups that may run out get a `capacity`; values not known during preview are
 * kept unknown, and the advice says what they decide.
 */
import type { PortCapacity, PortGroup } from "../sim/model/model";
import { show, type Context } from "./context";
import type { RawResource } from "./types";
import { readBool, readInt, readKeyword, unsetDefault, type Read } from "./unknowns";

function known<T>(r: Read<T>, res: RawResource, property: string): Read<T> {
    return r.kind === "unknown" && unsetDefault(res, [property]) ? { kind: "absent" } : r;
}

function bad(ctx: Context, res: RawResource, property: string, why: string, reading: string): void {
    ctx.diag({ kind: "property", urn: res.urn, property, message: `${property} of ${show(res.name)} ${why}; read as ${reading}.` });
}

/** Reads `type`, `autoExpand` and `numberOfPorts` into `pg.capacity` when the port group may run out of ports. */
export function readPortCapacity(ctx: Context, res: RawResource, pg: PortGroup): void {
    const type = known(readKeyword(res.props, ["type"]), res, "type");
    let binding: PortCapacity["binding"] = "static";
    if (type.kind === "unknown") binding = "unknown";
    else if (type.kind === "value" && type.value === "ephemeral") binding = "ephemeral";
    else if (type.kind === "value" && type.value !== "earlyBinding") bad(ctx, res, "type", "is not earlyBinding or ephemeral", "earlyBinding (static binding)");
    else if (type.kind === "wrongType") bad(ctx, res, "type", `is ${type.found}, not a string`, "earlyBinding (static binding)");
    if (binding === "ephemeral") return;

    const expand = known(readBool(res.props, ["autoExpand"]), res, "autoExpand");
    let autoExpand: PortCapacity["autoExpand"] = true;
    if (expand.kind === "unknown") autoExpand = "unknown";
    else if (expand.kind === "value") autoExpand = expand.value;
    else if (expand.kind === "wrongType") bad(ctx, res, "autoExpand", `is ${expand.found}, not a boolean`, "unset (true)");
    if (autoExpand === true) return;

    const count = known(readInt(res.props, ["numberOfPorts"]), res, "numberOfPorts");
    const capacity: PortCapacity = { binding, autoExpand, origin: { kind: "explicit", objectId: pg.id, property: autoExpand === false ? "autoExpand" : "type", rule: "P3" } };
    if (count.kind === "unknown") capacity.numberOfPorts = "unknown";
    else if (count.kind === "value" && count.value >= 0) capacity.numberOfPorts = count.value;
    else if (count.kind !== "absent") bad(ctx, res, "numberOfPorts", count.kind === "value" ? "is negative" : `is ${count.found}, not a whole number`, "unset (vCenter's choice)");
    pg.capacity = capacity;
}
