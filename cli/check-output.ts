/**
 * The three renderings of a check: text like Pulumi's "Policy Violations:" summary, a stable JSON
 * document (schemaVersion 1, described in the README), and SARIF 2.1.0 for code-scanning tools.
 */
import { createHash } from "node:crypto";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import type { Severity } from "./analyzer-client";
import { countByLevel, fails, type CheckResult, type FailOn, type Violation } from "./check";
import { palette } from "./io";
import { Guard, safeLine } from "./sanitize";
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
// SARIF 2.1.0
// ------------------------------------------------------------------------------------------------

/** A rule's default level from the policy's severity. */
const SEVERITY_LEVEL: Record<Severity, "error" | "warning" | "note"> = { critical: "error", high: "error", medium: "warning", low: "note" };
/** GitHub code scanning's numeric `security-severity` for each severity. */
const SECURITY_SEVERITY: Record<Severity, string> = { critical: "9.5", high: "8.0", medium: "5.5", low: "3.0" };

/**
 * A result's level: a mandatory violation is an error (it fails `pulumi preview`); an advisory one is
 * a warning, or a note for a low-severity policy.
 */
export function resultLevel(v: Pick<Violation, "enforcementLevel" | "severity">): "error" | "warning" | "note" {
    if (v.enforcementLevel === "mandatory") return "error";
    return v.severity === "low" ? "note" : "warning";
}

function firstSentence(text: string): string {
    const m = /^(.+?[.!?])(\s|$)/s.exec(text);
    return (m ? m[1] : text).replace(/\s+/g, " ").trim();
}

/** A rule (one per policy) as SARIF describes it. */
export interface SarifRule {
    id: string;
    description: string;
    remediation: string;
    severity?: Severity;
    /** The level the policy runs at (after config). */
    enforcementLevel: string;
    policyType: string;
    tags: readonly string[];
    url?: string;
}

/** One finding: a rule, a level, a message and (usually) the resource it is about. */
export interface SarifResult {
    ruleId: string;
    level: "error" | "warning" | "note";
    message: string;
    urn?: string;
    resourceName?: string;
    resourceType?: string;
    properties?: Record<string, unknown>;
}

/**
 * A SARIF 2.1.0 log with one run: the rules, and the results located in the input file (the line of
 * the resource's URN) and at the resource itself (a logical location). Shared by every command that
 * emits SARIF.
 */
export function sarifLog(opts: { file: string; cwd: string; lines: Map<string, number>; rules: SarifRule[]; results: SarifResult[]; fullName: string; warnings?: readonly string[] }): unknown {
    const { cwd } = opts;
    const abs = path.resolve(cwd, opts.file);
    const rel = path.relative(cwd, abs);
    const inside = rel !== "" && !rel.startsWith("..") && !path.isAbsolute(rel);
    const artifactLocation = inside ? { uri: encodeURI(rel.split(path.sep).join("/")), uriBaseId: "%SRCROOT%" } : { uri: pathToFileURL(abs).href };
    const ruleIndex = new Map(opts.rules.map((rule, i) => [rule.id, i]));

    const rules = opts.rules.map((pol) => {
        const level = `${pol.enforcementLevel}${pol.severity ? `; severity: ${pol.severity}` : ""}`;
        const rule: Record<string, unknown> = {
            id: pol.id,
            name: pol.id,
            shortDescription: { text: firstSentence(pol.description) },
            fullDescription: { text: pol.description },
            help: {
                text: `${pol.remediation}\n\nEnforcement: ${level}. Explain: vsnet explain ${pol.id}`,
                markdown: `**Remediation.** ${pol.remediation}\n\nEnforcement: \`${pol.enforcementLevel}\`${pol.severity ? `, severity: \`${pol.severity}\`` : ""}. Run \`vsnet explain ${pol.id}\` for more.`,
            },
            defaultConfiguration: { enabled: pol.enforcementLevel !== "disabled", level: pol.severity ? SEVERITY_LEVEL[pol.severity] : "warning" },
            properties: {
                tags: [...new Set(pol.tags)],
                enforcementLevel: pol.enforcementLevel,
                policyType: pol.policyType,
                ...(pol.severity ? { severity: pol.severity, "security-severity": SECURITY_SEVERITY[pol.severity] } : {}),
            },
        };
        if (pol.url) rule.helpUri = pol.url;
        return rule;
    });

    const results = opts.results.map((v) => {
        const line = v.urn ? opts.lines.get(v.urn) : undefined;
        const location: Record<string, unknown> = {
            physicalLocation: { artifactLocation: { ...artifactLocation, index: 0 }, ...(line ? { region: { startLine: line } } : {}) },
        };
        if (v.urn) location.logicalLocations = [{ name: v.resourceName ?? v.urn, fullyQualifiedName: v.urn, kind: "resource" }];
        const fingerprint = createHash("sha256").update(`${v.ruleId}\u0000${v.urn ?? ""}\u0000${v.message.split("\n")[0]}`).digest("hex");
        const result: Record<string, unknown> = {
            ruleId: v.ruleId,
            level: v.level,
            kind: "fail",
            message: { text: v.message },
            locations: [location],
            partialFingerprints: { "vsnetFinding/v1": fingerprint },
            ...(v.properties ? { properties: v.properties } : {}),
        };
        const idx = ruleIndex.get(v.ruleId);
        if (idx !== undefined) result.ruleIndex = idx;
        return result;
    });

    const run: Record<string, unknown> = {
        tool: { driver: { name: TOOL.name, fullName: opts.fullName, version: TOOL.version, semanticVersion: TOOL.version, rules } },
        invocations: [{ executionSuccessful: true, ...notifications(opts.warnings ?? [], "warning") }],
        artifacts: [{ location: artifactLocation, roles: ["analysisTarget"], mimeType: "application/json" }],
        results,
        columnKind: "utf16CodeUnits",
    };
    if (inside) run.originalUriBaseIds = { "%SRCROOT%": { uri: pathToFileURL(cwd).href.replace(/\/?$/, "/") } };
    return { $schema: "https://json.schemastore.org/sarif-2.1.0.json", version: "2.1.0", runs: [run] };
}

/** Warnings (or an error) as SARIF tool execution notifications; nothing when there are none. */
function notifications(texts: readonly string[], level: "warning" | "error"): { toolExecutionNotifications?: unknown[] } {
    if (texts.length === 0) return {};
    return { toolExecutionNotifications: texts.map((text) => ({ level, message: { text } })) };
}

/**
 * A SARIF log for a run that failed (a CliError with `--format sarif`): one run with no results,
 * `executionSuccessful: false`, the exit code and the error as a notification, so a CI step that
 * uploads the file always has a valid document.
 */
export function sarifErrorLog(message: string, exitCode: number): unknown {
    const run = {
        tool: { driver: { name: TOOL.name, fullName: `${TOOL.name} ${TOOL.version}`, version: TOOL.version, semanticVersion: TOOL.version, rules: [] } },
        invocations: [{ executionSuccessful: false, exitCode, ...notifications([message], "error") }],
        results: [],
        columnKind: "utf16CodeUnits",
    };
    return { $schema: "https://json.schemastore.org/sarif-2.1.0.json", version: "2.1.0", runs: [run] };
}

/** The JSON document for a run that failed (a CliError with `--format json`). */
export function jsonError(message: string, code: number): unknown {
    return { schemaVersion: 1, tool: { name: TOOL.name, version: TOOL.version }, error: { code, message } };
}

export function toSarif(r: CheckResult, cwd: string): unknown {
    return sarifLog({
        warnings: r.stack.warnings,
        file: r.stack.file,
        cwd,
        lines: urnLines(r.stack),
        fullName: `${TOOL.name} ${TOOL.version} (policy pack ${r.pack.name} v${r.pack.version})`,
        rules: r.policies.map((pol) => ({
            id: pol.name,
            description: pol.description,
            remediation: pol.remediationSteps,
            severity: pol.severity,
            enforcementLevel: pol.configuredLevel,
            policyType: pol.policyType,
            tags: pol.tags,
            url: pol.url || undefined,
        })),
        results: r.violations.map((v) => ({
            ruleId: v.policyName,
            level: resultLevel(v),
            message: v.message,
            urn: v.urn,
            resourceName: v.resourceName,
            resourceType: v.resourceType,
            properties: { enforcementLevel: v.enforcementLevel, ...(v.severity ? { severity: v.severity } : {}), ...(v.urn ? { resourceType: v.resourceType } : {}) },
        })),
    });
}
