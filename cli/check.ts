/**
 * `vsnet check`: evaluates the pack against a saved stack through the analyzer protocol, exactly as
 * `pulumi preview --policy-pack` does: `Configure` with the reconciled config, `Analyze` for every
 * resource (inputs), one `AnalyzeStack` with every resource (outputs over inputs).
 */
import { reconcileConfig, type AnalyzerInfo, type Diag, type EnforcementLevel, type PackProcess, type PolicyInfo, type PolicyPackConfig, type Severity } from "./analyzer-client";
import { checkPolicyConfig } from "./config-validate";
import { CliError, EXIT } from "./errors";
import { nameFromUrn, readJsonFile, wireResources, type LoadedStack } from "./stack-file";

export type FailOn = "mandatory" | "advisory" | "never";

export interface Violation {
    policyName: string;
    policyPackName: string;
    policyPackVersion: string;
    enforcementLevel: EnforcementLevel;
    severity?: Severity;
    /** The policy's description. */
    description: string;
    message: string;
    /** The resource the violation is about; undefined for a stack-wide finding. */
    urn?: string;
    resourceName?: string;
    resourceType?: string;
    /** Which call reported it: a resource policy (Analyze) or a stack policy (AnalyzeStack). */
    phase: "resource" | "stack";
}

export interface CheckedPolicy extends PolicyInfo {
    /** The level the policy ran at after the config was applied. */
    configuredLevel: EnforcementLevel;
}

export interface CheckResult {
    stack: LoadedStack;
    pack: { name: string; version: string };
    policies: CheckedPolicy[];
    violations: Violation[];
}

const CONCURRENCY = 8;

function isRecord(v: unknown): v is Record<string, unknown> {
    return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * Reads a policy config file in the `pulumi preview --policy-pack-config` shape: policy name (or
 * "all") → `{ enforcementLevel?, ...properties }`, or just the level as a string.
 */
export function loadPolicyConfig(file: string): PolicyPackConfig {
    const { value } = readJsonFile(file, "policy config");
    if (!isRecord(value)) {
        throw new CliError(`policy config ${file} must be a JSON object mapping policy names to their config`, EXIT.UNRECOGNISED);
    }
    const out: PolicyPackConfig = {};
    for (const [name, c] of Object.entries(value)) {
        if (typeof c === "string") out[name] = { enforcementLevel: c };
        else if (isRecord(c)) out[name] = c as PolicyPackConfig[string];
        else throw new CliError(`policy config ${file}: the entry for "${name}" must be an object or an enforcement level`, EXIT.UNRECOGNISED);
    }
    return out;
}

async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (t: T) => Promise<R>): Promise<R[]> {
    const out = new Array<R>(items.length);
    let next = 0;
    const worker = async (): Promise<void> => {
        while (next < items.length) {
            const i = next++;
            out[i] = await fn(items[i]);
        }
    };
    await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
    return out;
}

function violation(d: Diag, phase: Violation["phase"]): Violation {
    const v: Violation = {
        policyName: d.policyName,
        policyPackName: d.policyPackName,
        policyPackVersion: d.policyPackVersion,
        enforcementLevel: d.enforcementLevel,
        description: d.description,
        message: d.message,
        phase,
    };
    if (d.severity) v.severity = d.severity;
    if (d.urn) {
        v.urn = d.urn;
        v.resourceName = nameFromUrn(d.urn);
        const parts = d.urn.split("::");
        if (parts.length >= 4) v.resourceType = parts[2].split("$").pop();
    }
    return v;
}

export interface RunOptions {
    /** The config file's name, for messages. */
    configFile?: string;
    /** The config to run with, given the pack's policy names (`--policy`, `--skip-policy`). */
    select?: (names: readonly string[]) => PolicyPackConfig;
    /** More checks once the pack is known and the config checked (the declarations of this CLI's own pack). */
    beforeConfigure?: (info: AnalyzerInfo, config: PolicyPackConfig) => void;
    /** What the run is doing, for the progress line. */
    progress?: (what: string, done?: number, total?: number) => void;
}

/**
 * Runs the whole evaluation on a started pack. The pack may be reused for another stack afterwards.
 * The config is checked first as the Pulumi CLI checks it (cli/config-validate.ts).
 */
export async function runCheck(pack: PackProcess, stack: LoadedStack, given: PolicyPackConfig, options: RunOptions = {}): Promise<CheckResult> {
    const info = await pack.getAnalyzerInfo();
    const config = options.select?.(info.policies.map((p) => p.name)) ?? given;
    checkPolicyConfig(info.name, info.policies, config, () => reconcileConfig(info, config), options.configFile ? `policy config ${options.configFile}` : "policy config");
    options.beforeConfigure?.(info, config);
    const sent = await pack.configure(config);
    const wire = wireResources(stack);
    let analyzed = 0;
    options.progress?.("analyzing resources", 0, wire.analyze.length);
    const perResource = await mapLimited(wire.analyze, CONCURRENCY, async (r) => {
        const out = await pack.analyze(r);
        options.progress?.("analyzing resources", ++analyzed, wire.analyze.length);
        return out;
    });
    options.progress?.(`analyzing the stack (${wire.analyzeStack.length} resources)`);
    const whole = await pack.analyzeStack(wire.analyzeStack);
    const violations = [...perResource.flatMap((r) => r.diagnostics.map((d) => violation(d, "resource"))), ...whole.diagnostics.map((d) => violation(d, "stack"))];

    // Pulumi lists mandatory before advisory; within a level, in the pack's policy order, then file order.
    const policyOrder = new Map(info.policies.map((p, i) => [p.name, i]));
    const resourceOrder = new Map(stack.resources.map((r, i) => [r.urn, i]));
    const levelRank = (l: EnforcementLevel): number => (l === "mandatory" ? 0 : l === "advisory" ? 1 : 2);
    const indexed = violations.map((v, i) => ({ v, i }));
    indexed.sort(
        (x, y) =>
            levelRank(x.v.enforcementLevel) - levelRank(y.v.enforcementLevel) ||
            (policyOrder.get(x.v.policyName) ?? 99) - (policyOrder.get(y.v.policyName) ?? 99) ||
            (resourceOrder.get(x.v.urn ?? "") ?? -1) - (resourceOrder.get(y.v.urn ?? "") ?? -1) ||
            x.i - y.i,
    );
    return {
        stack,
        pack: { name: info.name, version: info.version },
        policies: info.policies.map((p) => ({ ...p, configuredLevel: sent[p.name]?.enforcementLevel ?? p.enforcementLevel })),
        violations: indexed.map((x) => x.v),
    };
}

export function countByLevel(r: CheckResult): { mandatory: number; advisory: number } {
    return {
        mandatory: r.violations.filter((v) => v.enforcementLevel === "mandatory").length,
        advisory: r.violations.filter((v) => v.enforcementLevel === "advisory").length,
    };
}

/** Whether the result fails the run at `failOn`. */
export function fails(r: CheckResult, failOn: FailOn): boolean {
    if (failOn === "never") return false;
    const c = countByLevel(r);
    return failOn === "mandatory" ? c.mandatory > 0 : c.mandatory + c.advisory > 0;
}
