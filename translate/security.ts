/**
 * Effective security settings with their origin, as the provider really sends them (SEMANTICS.md
 * T1–T3) and as vSphere fills in what is not sent (S4, S5).
 */
import { SECURITY_SETTINGS, type Origin, type SecurityPolicy, type SecuritySetting, type Setting, type Tri } from "../sim/model/model";
import { show, type Context } from "./context";
import type { RawResource } from "./types";
import { readBool, type Read } from "./unknowns";

export const SECURITY_PROPERTY: Readonly<Record<SecuritySetting, string>> = {
    promiscuous: "allowPromiscuous",
    forgedTransmits: "allowForgedTransmits",
    macChanges: "allowMacChanges",
};

/** T1: what the provider sends for an unset HostVirtualSwitch setting. */
const T1_DEFAULTS: Readonly<Record<SecuritySetting, Tri>> = { promiscuous: "reject", forgedTransmits: "accept", macChanges: "accept" };
/** S4: a standard switch vSphere created without being told. */
const S4_STANDARD: Readonly<Record<SecuritySetting, Tri>> = { promiscuous: "reject", forgedTransmits: "accept", macChanges: "accept" };

const tri = (b: boolean): Tri => (b ? "accept" : "reject");

export function unknownKey(objectId: string, setting: SecuritySetting): string {
    return `${objectId}.${setting}`;
}

/** A boolean setting; a value of the wrong type is reported and read as unset. */
function readSetting(ctx: Context, res: RawResource, setting: SecuritySetting): Read<boolean> {
    const property = SECURITY_PROPERTY[setting];
    const r = readBool(res.props, [property]);
    if (r.kind !== "wrongType") return r;
    ctx.diag({
        kind: "property",
        urn: res.urn,
        property,
        message: `${property} of ${show(res.name)} is ${r.found}, not a boolean; read as unset.`,
    });
    return { kind: "absent" };
}

function explicit(objectId: string, setting: SecuritySetting, value: boolean, extra: Partial<Origin> = {}): Setting {
    return { value: tri(value), origin: { kind: "explicit", objectId, property: SECURITY_PROPERTY[setting], ...extra } };
}

/** Not known during preview, or secret (not used, so that no finding reveals it: translate/secrets.ts). */
function unknown(objectId: string, setting: SecuritySetting, secret?: boolean): Setting {
    return {
        value: "unknown",
        unknownKey: unknownKey(objectId, setting),
        origin: { kind: "explicit", objectId, property: SECURITY_PROPERTY[setting], note: secret ? "secret: the pack does not use its value" : "computed from a value not known during preview" },
    };
}

function inherited(objectId: string, setting: SecuritySetting, from: Setting, rule: string, note?: string): Setting {
    const s: Setting = {
        value: from.value,
        origin: { kind: "inherited", objectId, property: SECURITY_PROPERTY[setting], rule, from: from.origin, ...(note ? { note } : {}) },
    };
    // Port groups inheriting one unknown switch value share its key, so the simulator branches once.
    if (from.unknownKey !== undefined) s.unknownKey = from.unknownKey;
    return s;
}

function policy(make: (setting: SecuritySetting) => Setting): SecurityPolicy {
    const out = {} as SecurityPolicy;
    for (const s of SECURITY_SETTINGS) out[s] = make(s);
    return out;
}

/** HostVirtualSwitch (T1): unset takes the provider's schema defaults. */
export function standardSwitchSecurity(ctx: Context, res: RawResource, objectId: string): SecurityPolicy {
    return policy((s) => {
        const r = readSetting(ctx, res, s);
        if (r.kind === "value") return explicit(objectId, s, r.value);
        if (r.kind === "unknown") return unknown(objectId, s, r.secret);
        return {
            value: T1_DEFAULTS[s],
            origin: {
                kind: "providerDefault",
                objectId,
                property: SECURITY_PROPERTY[s],
                rule: "T1",
                note: `unset; the provider sends ${T1_DEFAULTS[s] === "accept" ? "true" : "false"}`,
            },
        };
    });
}

/** A standard switch outside the stack (S4): vSphere's own defaults, assumed. */
export function unmanagedStandardSwitchSecurity(objectId: string, switchName: string): SecurityPolicy {
    return policy((s) => ({
        value: S4_STANDARD[s],
        origin: {
            kind: "vsphereDefault",
            objectId,
            property: SECURITY_PROPERTY[s],
            rule: "S4",
            note: `switch ${show(switchName)} is not managed in this stack; vSphere standard-switch defaults assumed`,
        },
    }));
}

/** DistributedVirtualSwitch (T3, S4): unset means vCenter's default, Reject for all three. */
export function distributedSwitchSecurity(ctx: Context, res: RawResource, objectId: string): SecurityPolicy {
    return policy((s) => {
        const r = readSetting(ctx, res, s);
        if (r.kind === "value") {
            // The provider sends nothing for false either (T3); Reject is what vCenter gives a new switch.
            return r.value ? explicit(objectId, s, true) : explicit(objectId, s, false, { rule: "T3", note: "false is not sent; Reject is the vSphere default" });
        }
        if (r.kind === "unknown") return unknown(objectId, s, r.secret);
        return {
            value: "reject",
            origin: { kind: "vsphereDefault", objectId, property: SECURITY_PROPERTY[s], rule: "S4", note: "unset; the distributed switch default is Reject" },
        };
    });
}

/**
 * HostPortGroup (T2). Provider ≥ 4.15.0: unset or false is sent as an explicit Reject override.
 * Older: unset inherits from the switch (S5), as the provider docs still say.
 */
export function hostPortGroupSecurity(ctx: Context, res: RawResource, objectId: string, sw: SecurityPolicy, inheritsUnset: boolean): SecurityPolicy {
    return policy((s) => {
        const r = readSetting(ctx, res, s);
        if (r.kind === "value") return explicit(objectId, s, r.value);
        if (r.kind === "unknown") return unknown(objectId, s, r.secret);
        if (inheritsUnset) return inherited(objectId, s, sw[s], "S5", "unset; inherited from the switch (provider before 4.15.0)");
        return {
            value: "reject",
            origin: {
                kind: "providerDefault",
                objectId,
                property: SECURITY_PROPERTY[s],
                rule: "T2",
                note: "unset; the provider docs say it inherits from the switch, but provider 4.15.0 and later send an explicit Reject",
            },
        };
    });
}

/** DistributedPortGroup (T3): unset and explicit false both inherit from the switch; true accepts. */
export function distributedPortGroupSecurity(ctx: Context, res: RawResource, objectId: string, sw: SecurityPolicy): SecurityPolicy {
    return policy((s) => {
        const r = readSetting(ctx, res, s);
        if (r.kind === "value") {
            if (r.value) return explicit(objectId, s, true);
            return inherited(objectId, s, sw[s], "T3", "false is ignored by the provider (treated as unset); inherited from the switch");
        }
        if (r.kind === "unknown") {
            // true accepts and false inherits: under an accepting switch both give Accept.
            if (sw[s].value === "accept") return inherited(objectId, s, sw[s], "T3", "not known during preview; true or false both give Accept here");
            return unknown(objectId, s, r.secret);
        }
        return inherited(objectId, s, sw[s], "S5", "unset; inherited from the switch");
    });
}
