/**
 * Which Pulumi vSphere provider version applies, for T2: from 4.15.0 on, a host port group's unset
 * (or false) security setting is sent as an explicit Reject; before, unset inherits from the switch.
 *
 * Order: the resource's own provider resource; the stack's vSphere provider resource(s); the
 * `providerVersion` declaration; else the current behaviour, and the translation says it assumed so.
 */
import { show, type Context } from "./context";
import type { Stack } from "./stack";
import type { RawResource, Translation } from "./types";
import { readKeyword } from "./unknowns";
import { compareVersions, formatVersion, parseVersion, T2_SINCE, versionFromDefaultProviderName, type Version } from "./version";

export type ProviderVersionInfo = Translation["providerVersion"];

function inherits(v: Version): boolean {
    return compareVersions(v, T2_SINCE) < 0;
}

export class ProviderVersions {
    readonly stackLevel: ProviderVersionInfo;
    private readonly byProviderUrn = new Map<string, Version>();

    constructor(stack: Stack, declared: unknown, ctx: Context) {
        for (const p of stack.of("provider")) {
            const v = this.versionOf(p, ctx);
            if (v) this.byProviderUrn.set(p.urn, v);
        }
        const versions = [...this.byProviderUrn.values()].sort(compareVersions);
        if (versions.length > 0) {
            const distinct = new Set(versions.map(formatVersion));
            // With several providers each resource uses its own; the summary names the oldest.
            this.stackLevel = {
                version: formatVersion(versions[0]),
                source: distinct.size === 1 ? "provider resource" : `provider resources (${[...distinct].join(", ")})`,
                inheritsUnset: inherits(versions[0]),
            };
            return;
        }
        if (declared !== undefined) {
            const v = parseVersion(declared);
            if (v) {
                this.stackLevel = { version: formatVersion(v), source: "config", inheritsUnset: inherits(v) };
                return;
            }
            ctx.diag({
                kind: "config",
                configPath: "providerVersion",
                message: `providerVersion is not a version like "4.17.0"; assuming a current provider (≥ ${formatVersion(T2_SINCE)}).`,
            });
        }
        this.stackLevel = { source: "assumed current", inheritsUnset: false };
    }

    private versionOf(p: RawResource, ctx: Context): Version | undefined {
        const prop = readKeyword(p.props, ["version"]);
        if (prop.kind === "value") {
            const v = parseVersion(prop.value);
            if (v) return v;
            ctx.diag({
                kind: "property",
                urn: p.urn,
                property: "version",
                message: `Provider ${show(p.name)} has a version that is not like "4.17.0"; it does not decide T2.`,
            });
        }
        return versionFromDefaultProviderName(p.name);
    }

    /** T2 behaviour for one resource: its own provider when the stack holds it, else the stack's. */
    inheritsUnsetFor(res: RawResource): boolean {
        const ref = res.provider;
        if (ref !== undefined) {
            // A provider reference is `<urn>::<id>`; URNs themselves contain `::`.
            const cut = ref.lastIndexOf("::");
            const v = this.byProviderUrn.get(ref) ?? (cut > 0 ? this.byProviderUrn.get(ref.slice(0, cut)) : undefined);
            if (v) return inherits(v);
        }
        return this.stackLevel.inheritsUnset;
    }
}
