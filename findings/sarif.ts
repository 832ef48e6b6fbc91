/**
 * SARIF 2.1.0 for code scanning (GitHub and others), from the finding model. Each result is placed
 * on the line of the user's program that declares its resource (`sourcePosition`), else on the line
 * of the resource in the saved stack; a stack finding lists every resource it involves as
 * `relatedLocations`; `partialFingerprints` come from the finding's identity (findings/identity.ts),
 * so an alert keeps its fingerprint while the finding stands. Only policies about security carry the
 * `security` tag and a `security-severity`.
 */
import { pathToFileURL } from "node:url";
import { firstSentence, isSecurityRule, type Finding, type Level, type Locate, type Place, type ResourceRef, type Rule, type Severity } from "./model";

/** A rule's default level from the policy's severity. */
const SEVERITY_LEVEL: Record<Severity, "error" | "warning" | "note"> = { critical: "error", high: "error", medium: "warning", low: "note" };
/** GitHub code scanning's numeric `security-severity` for each severity. */
const SECURITY_SEVERITY: Record<Severity, string> = { critical: "9.5", high: "8.0", medium: "5.5", low: "3.0" };
/** The key of our fingerprint in `partialFingerprints` (v2: from the identity, not from the message). */
export const FINGERPRINT_KEY = "vsnetFinding/v2";
const SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

/**
 * A result's level: a mandatory violation is an error (it fails `pulumi preview`); an advisory one is
 * a warning, or a note for a low-severity policy.
 */
export function resultLevel(v: { enforcementLevel?: Level; level?: Level; severity?: Severity | null }): "error" | "warning" | "note" {
    if ((v.enforcementLevel ?? v.level) === "mandatory") return "error";
    return v.severity === "low" ? "note" : "warning";
}

/** `nested-workloads-reachable` → `NestedWorkloadsReachable` (SARIF's readable rule name). */
export function ruleName(id: string): string {
    return id
        .split(/[^A-Za-z0-9]+/)
        .filter(Boolean)
        .map((w) => w[0].toUpperCase() + w.slice(1))
        .join("");
}

export interface SarifInput {
    tool: { name: string; version: string; fullName: string; informationUri?: string };
    rules: readonly Rule[];
    findings: readonly Finding[];
    /** Where a resource is (program line or input-file line). */
    locate: Locate;
    /** The input file (the analysis target). */
    target: Place;
    /** The working directory (absolute): relative paths are relative to it (`%SRCROOT%`). */
    srcRoot: string;
    warnings?: readonly string[];
}

/** Warnings (or an error) as SARIF tool execution notifications; nothing when there are none. */
function notifications(texts: readonly string[], level: "warning" | "error"): { toolExecutionNotifications?: unknown[] } {
    if (texts.length === 0) return {};
    return { toolExecutionNotifications: texts.map((text) => ({ level, message: { text } })) };
}

function driver(tool: SarifInput["tool"], rules: unknown[]): Record<string, unknown> {
    return { name: tool.name, fullName: tool.fullName, version: tool.version, semanticVersion: tool.version, ...(tool.informationUri ? { informationUri: tool.informationUri } : {}), rules };
}

function ruleJson(rule: Rule): Record<string, unknown> {
    const security = isSecurityRule(rule);
    const out: Record<string, unknown> = {
        id: rule.id,
        name: ruleName(rule.id),
        shortDescription: { text: firstSentence(rule.description) },
        fullDescription: { text: rule.description },
        help: {
            text: `${rule.remediation}\n\nEnforcement: ${rule.enforcementLevel}${rule.severity ? `; severity: ${rule.severity}` : ""}. Explain: vsnet explain ${rule.id}`,
            markdown: `**Remediation.** ${rule.remediation}\n\nEnforcement: \`${rule.enforcementLevel}\`${rule.severity ? `, severity: \`${rule.severity}\`` : ""}. Run \`vsnet explain ${rule.id}\` for more; rule ids such as \`[S1]\` in a message: \`vsnet explain S1\`.`,
        },
        defaultConfiguration: { enabled: rule.enforcementLevel !== "disabled", level: rule.severity ? SEVERITY_LEVEL[rule.severity] : "warning" },
        properties: {
            tags: [...new Set(rule.tags)],
            enforcementLevel: rule.enforcementLevel,
            policyType: rule.policyType,
            ...(rule.severity ? { severity: rule.severity } : {}),
            ...(rule.severity && security ? { "security-severity": SECURITY_SEVERITY[rule.severity] } : {}),
            ...(rule.framework ? { framework: rule.framework } : {}),
        },
    };
    if (rule.url) out.helpUri = rule.url;
    return out;
}

/** Short words for a resource type: `vsphere:index/hostPortGroup:HostPortGroup` → `HostPortGroup`. */
function typeWord(type: string | null): string {
    return type ? (type.split(":").pop() ?? type) : "resource";
}

/**
 * A SARIF 2.1.0 log with one run. Shared by every command that emits SARIF (`check`, `diff`).
 */
export function sarifLog(input: SarifInput): unknown {
    const artifacts: Array<Record<string, unknown>> = [];
    const artifactIndex = new Map<string, number>();
    const artifactLocation = (p: Place, roles?: string[]): Record<string, unknown> => {
        const key = `${p.absolute}\u0000${p.path}`;
        const location = p.absolute ? { uri: pathToFileURL(p.path).href } : { uri: encodeURI(p.path), uriBaseId: "%SRCROOT%" };
        let index = artifactIndex.get(key);
        if (index === undefined) {
            index = artifacts.length;
            artifactIndex.set(key, index);
            artifacts.push({ location, ...(roles ? { roles } : {}), ...(p.program ? {} : { mimeType: "application/json" }) });
        }
        return { ...location, index };
    };
    artifactLocation(input.target, ["analysisTarget"]);
    const physical = (p: Place): Record<string, unknown> => ({
        artifactLocation: artifactLocation(p),
        ...(p.line ? { region: { startLine: p.line, ...(p.column ? { startColumn: p.column } : {}) } } : {}),
    });
    const logical = (r: ResourceRef) => [{ name: r.name, fullyQualifiedName: r.urn, kind: "resource" }];
    const ruleIndex = new Map(input.rules.map((rule, i) => [rule.id, i]));

    const results = input.findings.map((f) => {
        const place = f.resource ? input.locate(f.resource.urn) : input.target;
        const result: Record<string, unknown> = {
            ruleId: f.policy,
            level: resultLevel(f),
            kind: "fail",
            message: { text: f.message || f.title || f.policy },
            locations: [{ physicalLocation: physical(place), ...(f.resource ? { logicalLocations: logical(f.resource) } : {}) }],
            partialFingerprints: { [FINGERPRINT_KEY]: f.fingerprint },
            properties: {
                enforcementLevel: f.level,
                ...(f.severity ? { severity: f.severity } : {}),
                ...(f.resource ? { resourceType: f.resource.type } : {}),
                ...(f.identity.workloads.length ? { workloads: f.identity.workloads } : {}),
            },
        };
        if (f.related.length) {
            result.relatedLocations = f.related.map((r, i) => ({
                id: i + 1,
                physicalLocation: physical(input.locate(r.urn)),
                logicalLocations: logical(r),
                message: { text: `${typeWord(r.type)} ${r.name}` },
            }));
        }
        const idx = ruleIndex.get(f.policy);
        if (idx !== undefined) result.ruleIndex = idx;
        return result;
    });

    const run: Record<string, unknown> = {
        tool: { driver: driver(input.tool, input.rules.map(ruleJson)) },
        invocations: [{ executionSuccessful: true, ...notifications(input.warnings ?? [], "warning") }],
        artifacts,
        results,
        columnKind: "utf16CodeUnits",
    };
    if (artifacts.some((a) => (a.location as { uriBaseId?: string }).uriBaseId)) run.originalUriBaseIds = { "%SRCROOT%": { uri: pathToFileURL(input.srcRoot).href.replace(/\/?$/, "/") } };
    return { $schema: SCHEMA, version: "2.1.0", runs: [run] };
}

/**
 * A SARIF log for a run that failed (a usage or input error with `--format sarif`): one run with no
 * results, `executionSuccessful: false`, the exit code and the error as a notification, so a CI step
 * that uploads the file always has a valid document.
 */
export function sarifErrorLog(tool: SarifInput["tool"], message: string, exitCode: number): unknown {
    const run = {
        tool: { driver: driver(tool, []) },
        invocations: [{ executionSuccessful: false, exitCode, ...notifications([message], "error") }],
        results: [],
        columnKind: "utf16CodeUnits",
    };
    return { $schema: SCHEMA, version: "2.1.0", runs: [run] };
}
