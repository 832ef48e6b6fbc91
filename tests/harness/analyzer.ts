// End-to-end harness: runs a policy pack exactly as `pulumi preview --policy-pack DIR` does and talks
// to it over the real analyzer gRPC protocol, with no Pulumi CLI.
//
// The protocol client itself is production code (`cli/analyzer-client.ts`, also used by `vsnet
// check`); this module re-exports it and adds test conveniences: resources and providers may omit
// their URN (they get `urnOf(type, name)`), and `PROJECT_ROOT` points at this package.

import * as core from "../../cli/analyzer-client";
import type { AnalyzeResult, ProviderInput, ResourceInput, ResourceOptionsInput, StartOptions } from "../../cli/analyzer-client";

export * from "../../cli/analyzer-client";

/** The URN the harness gives a resource by default: `urn:pulumi:dev::lab::<type>::<name>`. */
export function urnOf(type: string, name: string): string {
    return `urn:pulumi:dev::lab::${type}::${name}`;
}

/** The project root (nearest package.json above this module, from source or from dist/). */
export const PROJECT_ROOT = core.findProjectRoot(__dirname);

/** A resource's provider as the engine describes it; `urn` defaults to `urnOf(type, name)`. */
export interface TestProvider extends Omit<ProviderInput, "urn"> {
    urn?: string;
}

export type TestResourceOptions = ResourceOptionsInput;

/** A resource to send to the pack; `urn` defaults to `urnOf(type, name)`. */
export interface TestResource extends Omit<ResourceInput, "urn" | "provider"> {
    urn?: string;
    provider?: TestProvider;
}

export interface PackProcess extends Omit<core.PackProcess, "analyze" | "analyzeStack"> {
    /** One `Analyze` call (resource policies). `dependencies`/`propertyDependencies` are not on this wire. */
    analyze(resource: TestResource): Promise<AnalyzeResult>;
    /** One `AnalyzeStack` call (stack policies) with all `resources`. */
    analyzeStack(resources: TestResource[]): Promise<AnalyzeResult>;
}

function withUrns(r: TestResource): ResourceInput {
    const provider = r.provider ? { ...r.provider, urn: r.provider.urn ?? urnOf(r.provider.type, r.provider.name) } : undefined;
    return { ...r, urn: r.urn ?? urnOf(r.type, r.name), provider };
}

/**
 * Starts the policy pack in `packDir` the way the Pulumi engine does and connects an analyzer
 * client to it (see `cli/analyzer-client.ts`). Call `stop()` when done.
 */
export async function startPack(packDir: string, options: StartOptions = {}): Promise<PackProcess> {
    const pack = await core.startPack(packDir, options);
    return {
        get packDir() { return pack.packDir; },
        get port() { return pack.port; },
        get pid() { return pack.pid; },
        stderr: () => pack.stderr(),
        getAnalyzerInfo: () => pack.getAnalyzerInfo(),
        configure: (config, opts) => pack.configure(config, opts),
        analyze: (resource) => pack.analyze(withUrns(resource)),
        analyzeStack: (resources) => pack.analyzeStack(resources.map(withUrns)),
        stop: () => pack.stop(),
    };
}
