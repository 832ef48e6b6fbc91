/**
 * Per-port overrides (SEMANTICS P2): a DistributedPortGroup's `*OverrideAllowed` flags let single
 * ports carry their own security policy, VLAN, teaming or blocked state. The provider sends the
 * flags (unset: false) and never writes per-port values, so a port overridden elsewhere (vCenter,
 * PowerCLI) is invisible here; the advice says so where a verdict depends on it. Only flags that are
 * true, or not known during preview, are kept. Other flags (shaping, NetFlow, traffic filters,
 * network resource pools) change nothing the simulator reads.
 */
import type { FlagSetting, OverridablePolicy, PortGroup } from "../sim/model/model";
import { show, type Context } from "./context";
import type { RawResource } from "./types";
import { readBool, unsetDefault } from "./unknowns";

/** The provider's flag for each policy a port may override. */
export const OVERRIDE_FLAGS: Readonly<Record<OverridablePolicy, string>> = {
    security: "securityPolicyOverrideAllowed",
    vlan: "vlanOverrideAllowed",
    team: "uplinkTeamingOverrideAllowed",
    blocked: "blockOverrideAllowed",
};

/** Reads the flags of a DistributedPortGroup into `pg.overrides` (left undefined when none is on). */
export function readOverrides(ctx: Context, res: RawResource, pg: PortGroup): void {
    const out: Partial<Record<OverridablePolicy, FlagSetting>> = {};
    for (const [policy, property] of Object.entries(OVERRIDE_FLAGS) as Array<[OverridablePolicy, string]>) {
        const r = readBool(res.props, [property]);
        if (r.kind === "absent" || (r.kind === "unknown" && unsetDefault(res, [property]))) continue;
        if (r.kind === "wrongType") {
            ctx.diag({ kind: "property", urn: res.urn, property, message: `${property} of ${show(res.name)} is ${r.found}, not a boolean; read as unset (false).` });
            continue;
        }
        if (r.kind === "unknown") {
            out[policy] = { value: "unknown", unknownKey: `${pg.id}.${property}`, origin: { kind: "explicit", objectId: pg.id, property, rule: "P2", note: "computed from a value not known during preview" } };
        } else if (r.value) {
            out[policy] = { value: true, origin: { kind: "explicit", objectId: pg.id, property, rule: "P2" } };
        }
    }
    if (Object.keys(out).length > 0) pg.overrides = out;
}
