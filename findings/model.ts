/**
 * The finding model: what every output of `vsnet` renders (text, JSON, SARIF, JUnit, GitHub
 * annotations). A finding is one policy violation the pack reported, with the resource it is about,
 * the other resources it involves, and its identity (what makes it the same finding in the next run).
 * Plain data; the formatters beside this file are pure functions of it.
 */

export type Level = "advisory" | "mandatory" | "remediate" | "disabled";
export type Severity = "low" | "medium" | "high" | "critical";

export interface ResourceRef {
    urn: string;
    /** The Pulumi resource name (the URN's name part). */
    name: string;
    type: string | null;
}

/**
 * What a finding is about, independent of its wording: the policy, the resource it is reported on,
 * the workloads of a conversation, the setting a least-privilege finding names, and a short subject
 * for what else tells two findings of one policy on one resource apart. Two runs that report the same
 * problem give the same identity (and fingerprint) even when the message's details change.
 */
export interface FindingIdentity {
    policy: string;
    resources: string[];
    workloads: string[];
    setting: string | null;
    subject: string;
}

export interface Finding {
    policy: string;
    level: Level;
    severity: Severity | null;
    /** The pack's message without the policy's description (which the engine puts first). */
    message: string;
    /** The first sentence of `message`: specific to this finding. */
    title: string;
    /** The resource the finding is reported on; null for a stack-wide finding. */
    resource: ResourceRef | null;
    /** Other resources the finding involves (a conversation's VMs, port groups, switches, the deciding setting's resource). */
    related: ResourceRef[];
    identity: FindingIdentity;
    /** A stable hash of the identity, unique within a run. */
    fingerprint: string;
}

/** A policy as the outputs describe it (SARIF rules, JSON `policies`). */
export interface Rule {
    id: string;
    description: string;
    remediation: string;
    severity: Severity | null;
    /** The level the policy runs at (after config). */
    enforcementLevel: Level;
    policyType: string;
    tags: readonly string[];
    url: string | null;
    framework: { name: string; version: string; reference: string; specification: string } | null;
}

/** Where something is, for the outputs that place findings in files (SARIF, GitHub annotations). */
export interface Place {
    /** Relative to the working directory (forward slashes) when `absolute` is false; else an absolute path. */
    path: string;
    absolute: boolean;
    line?: number;
    column?: number;
    /** In the user's program (`sourcePosition`), not in the saved stack file. */
    program: boolean;
}

/** Where each resource is: its line in the program, else its line in the input file. */
export type Locate = (urn: string | undefined) => Place;

/** A policy is about security when its metadata says so (tag `security`): SARIF marks only those. */
export function isSecurityRule(rule: Pick<Rule, "tags">): boolean {
    return rule.tags.includes("security");
}

/** The first sentence of a text (up to `.`, `!`, `?` or `:` before a line break, or the first line). */
export function firstSentence(text: string): string {
    const line = text.split("\n").find((l) => l.trim() !== "") ?? "";
    const m = /^(.+?[.!?])(\s|$)/.exec(line);
    return (m ? m[1] : line).replace(/\s+/g, " ").trim();
}

/** The pack's message without the policy description the engine puts before it (`description\nmessage`). */
export function messageBody(message: string, description: string): string {
    if (description && message.startsWith(`${description}\n`)) return message.slice(description.length + 1);
    if (description && message === description) return "";
    return message;
}
