/**
 * The three renderings of a check: text like Pulumi's "Policy Violations:" summary, a stable JSON
 * document (schemaVersion 1, described in the README), and SARIF 2.1.0 for code-scanning tools.
 */
import { buildFindings } from "../findings/build";
import type { Linker } from "../findings/link";
import type { Finding, Rule } from "../findings/model";
import { sarifErrorLog as sarifErrorLogOf, sarifLog } from "../findings/sarif";
import { countByLevel, fails, type CheckResult, type FailOn, type Violation } from "./check";
import { palette } from "./io";
import { Guard, safeLine } from "./sanitize";
import { locations, type Locations } from "./locations";
import { urnLines } from "./stack-file";
import { displayPath, TOOL } from "./tool";

const FORMAT_WORDS = { "stack-export": "pulumi stack export", preview: "pulumi preview --json" } as const;

function plural(n: number, word: string): string {
    return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/** A pack's message, each line escaped (names from the inputs escaped whole first) and indented. */
function indent(text: string, guard: Guard, prefix = "    "): string {
    return guard
        .lines(text)
        .map((l) => (l === "" ? "" : prefix + l))
        .join("\n");
}

/** `[mandatory]  vsphere-nested-networking v0.1.0  nested-workloads-reachable (esxi-01: vsphere:index/virtualMachine:VirtualMachine)` */
function heading(v: Violation, color: boolean): string {
    const p = palette(color);
    const level = `[${safeLine(v.enforcementLevel)}]`;
    const coloured = v.enforcementLevel === "mandatory" ? p.red(level) : p.yellow(level);
    const where = v.urn ? ` (${safeLine(v.resourceName ?? "")}: ${safeLine(v.resourceType ?? "?")})` : " (stack)";
    return `${coloured}  ${safeLine(v.policyPackName)} v${safeLine(v.policyPackVersion)}  ${p.bold(safeLine(v.policyName))}${where}`;
}

/**
 * The text report. Every name and message is escaped before it is laid out (`sanitize.ts`); `guard`
 * knows the strings of the inputs, so a name with an LF inside a pack's message cannot forge a line.
 */
export function formatText(r: CheckResult, failOn: FailOn, cwd: string, color: boolean, guard: Guard = new Guard()): string {
    const p = palette(color);
    const file = safeLine(displayPath(r.stack.file, cwd));
    const checked = `${plural(r.stack.resources.length, "resource")} of ${file} (${FORMAT_WORDS[r.stack.format]})`;
    const pack = `${safeLine(r.pack.name)} v${safeLine(r.pack.version)}`;
    const lines: string[] = [];
    if (r.violations.length === 0) {
        lines.push(`${p.green("No policy violations")}: ${pack} checked ${checked}.`);
        return lines.join("\n") + "\n";
    }
    lines.push(p.bold("Policy Violations:"));
    for (const v of r.violations) {
        // The message starts with the policy's description, as the engine prints it.
        lines.push(`    ${heading(v, color)}`, indent(v.message, guard), "");
    }
    const c = countByLevel(r);
    const verdict = fails(r, failOn) ? p.red(`fails at --fail-on ${failOn}`) : p.green(`passes at --fail-on ${failOn}`);
    lines.push(`${plural(c.mandatory, "mandatory violation")} and ${plural(c.advisory, "advisory violation")} in ${checked}: ${verdict}.`);
    return lines.join("\n") + "\n";
}

// ------------------------------------------------------------------------------------------------
// JSON
// ------------------------------------------------------------------------------------------------

export function toJson(r: CheckResult, failOn: FailOn, cwd: string): unknown {
    const lines = urnLines(r.stack);
    const c = countByLevel(r);
    return {
        schemaVersion: 1,
        tool: { name: TOOL.name, version: TOOL.version },
        input: { file: displayPath(r.stack.file, cwd), format: r.stack.format, resources: r.stack.resources.length, warnings: r.stack.warnings },
        warnings: r.stack.warnings,
        policyPack: r.pack,
        policies: r.policies.map((pol) => ({
            name: pol.name,
            description: pol.description,
            type: pol.policyType,
            enforcementLevel: pol.configuredLevel,
            severity: pol.severity ?? null,
            tags: pol.tags,
            remediation: pol.remediationSteps,
            url: pol.url || null,
        })),
        violations: r.violations.map((v) => ({
            policy: v.policyName,
            enforcementLevel: v.enforcementLevel,
            severity: v.severity ?? null,
            resource: v.urn ? { urn: v.urn, name: v.resourceName, type: v.resourceType ?? null, line: lines.get(v.urn) ?? null } : null,
            message: v.message,
        })),
        summary: { mandatory: c.mandatory, advisory: c.advisory, failOn, failed: fails(r, failOn) },
    };
}

// ------------------------------------------------------------------------------------------------
// SARIF 2.1.0 (findings/sarif.ts)
// ------------------------------------------------------------------------------------------------

export { resultLevel } from "../findings/sarif";

/** The tool as SARIF describes it; `informationUri` is package.json's `homepage` when it has one. */
export function sarifTool(fullName: string): { name: string; version: string; fullName: string; informationUri?: string } {
    return { name: TOOL.name, version: TOOL.version, fullName, ...(TOOL.homepage ? { informationUri: TOOL.homepage } : {}) };
}

/** The pack's policies as rules (SARIF) and `policies` (JSON) describe them. */
export function rulesOf(r: CheckResult): Rule[] {
    return r.policies.map((pol) => ({
        id: pol.name,
        description: pol.description,
        remediation: pol.remediationSteps,
        severity: pol.severity ?? null,
        enforcementLevel: pol.configuredLevel,
        policyType: pol.policyType,
        tags: pol.tags,
        url: pol.url || null,
        framework: pol.framework && pol.framework.name ? pol.framework : null,
    }));
}

/** The findings of a check; linked to the in-process analysis (conversations, resources) when given one. */
export function checkFindings(r: CheckResult, linker?: Linker): Finding[] {
    return buildFindings(r.violations.map((v) => ({ ...v, urn: v.urn })), linker);
}

/** A SARIF log for a failed run (`--format sarif`): no results, the error as a notification. */
export function sarifErrorLog(message: string, exitCode: number): unknown {
    return sarifErrorLogOf(sarifTool(`${TOOL.name} ${TOOL.version}`), message, exitCode);
}

/** The JSON document for a run that failed (a CliError with `--format json`). */
export function jsonError(message: string, code: number): unknown {
    return { schemaVersion: 1, tool: { name: TOOL.name, version: TOOL.version }, error: { code, message } };
}

export function toSarif(r: CheckResult, cwd: string, where: Locations = locations(r.stack, cwd, undefined), linker?: Linker): unknown {
    return sarifLog({
        tool: sarifTool(`${TOOL.name} ${TOOL.version} (policy pack ${r.pack.name} v${r.pack.version})`),
        warnings: [...r.stack.warnings, ...where.warnings],
        locate: where.locate,
        target: where.target,
        srcRoot: cwd,
        rules: rulesOf(r),
        findings: checkFindings(r, linker),
    });
}
