/**
 * From the policy SDK's resources to plain `RawResource`s, without tripping its unknown-checking
 * proxy. Reading an unknown through `PolicyResource.props` throws `UnknownValueError`, and the SDK
 * then abandons the whole policy with one "can't run policy during preview" advisory. The proxy
 * hands out its raw target for the special key `__getSpecialProxyTarget` (see
 * `@pulumi/policy/proxy.js`); in the target, unknowns are still their sentinel strings.
 *
 * The only Pulumi-aware file of translate/ (type-only import).
 */
import type { PolicyProviderResource, PolicyResource } from "@pulumi/policy";
import type { RawResource } from "./types";
import { isRecord } from "./unknowns";

const PROXY_TARGET = "__getSpecialProxyTarget";

/** The object behind the SDK's proxy, or the object itself when it is not proxied. */
export function unproxy(props: unknown): Record<string, unknown> {
    if (props === null || typeof props !== "object") return {};
    try {
        const target = (props as Record<string, unknown>)[PROXY_TARGET];
        if (isRecord(target)) return target;
    } catch {
        // Not the SDK's proxy and its getter threw: fall back to the object.
    }
    return isRecord(props) ? props : {};
}

function urnsOf(list: unknown): string[] {
    if (!Array.isArray(list)) return [];
    const out: string[] = [];
    for (const r of list) if (r && typeof r === "object" && typeof (r as { urn?: unknown }).urn === "string") out.push((r as { urn: string }).urn);
    return out;
}

function peelOne(r: PolicyResource): RawResource {
    const propertyDependencies: Record<string, string[]> = {};
    if (isRecord(r.propertyDependencies)) {
        for (const [k, v] of Object.entries(r.propertyDependencies)) propertyDependencies[k] = urnsOf(v);
    }
    const raw: RawResource = {
        urn: r.urn,
        type: r.type,
        name: r.name,
        props: unproxy(r.props),
        propertyDependencies,
        dependencies: urnsOf(r.dependencies),
    };
    // The SDK gives the provider's URN, not the `<urn>::<id>` reference; the URN is what we match on.
    if (r.provider && typeof r.provider.urn === "string") raw.provider = r.provider.urn;
    return raw;
}

function peelProvider(p: PolicyProviderResource): RawResource {
    return { urn: p.urn, type: p.type, name: p.name, props: unproxy(p.props), propertyDependencies: {}, dependencies: [] };
}

/**
 * The stack policy's `args.resources` as plain data. Provider resources that only appear as some
 * resource's `provider` are added too (once each): their `version` decides T2.
 */
export function fromPolicyResources(resources: readonly PolicyResource[]): RawResource[] {
    const out: RawResource[] = [];
    const seen = new Set<string>();
    const providers: PolicyProviderResource[] = [];
    for (const r of resources ?? []) {
        if (!r || typeof r.urn !== "string" || seen.has(r.urn)) continue;
        seen.add(r.urn);
        out.push(peelOne(r));
        if (r.provider && typeof r.provider.urn === "string") providers.push(r.provider);
    }
    for (const p of providers) {
        if (seen.has(p.urn)) continue;
        seen.add(p.urn);
        out.push(peelProvider(p));
    }
    return out;
}
