/**
 * `vsnet diff <before> <after>`: what a change breaks or opens up — conversations whose verdict
 * changed (with both traces), settings that became needed or unneeded, exposure that grew or
 * shrank. Text, JSON, and SARIF with only what the change introduced.
 */
import { policies } from "../policies";
import type { Analysis } from "../policies/analysis";
import { diffAnalyses, introducesProblems, type ConversationChange, type StackDiff } from "../policies/diff";
import { Namer, SETTING_WORDS } from "../policies/naming";
import type { ConversationResult, LegResult, SecuritySetting } from "../sim";
import { resourceRef } from "../findings/build";
import { assignFingerprints, identityOf } from "../findings/identity";
import { conversationUrns } from "../findings/link";
import { firstSentence, type Finding, type Rule } from "../findings/model";
import { sarifLog } from "../findings/sarif";
import { DECLARING_POLICY } from "../policies/sharedConfig";
import { sarifTool } from "./check-output";
import { locations, type Locations } from "./locations";
import { palette } from "./io";
import { safeLine } from "./sanitize";
import type { LoadedStack } from "./stack-file";
import { TOOL } from "./tool";

export interface DiffRun {
    before: { stack: LoadedStack; analysis: Analysis };
    after: { stack: LoadedStack; analysis: Analysis };
    diff: StackDiff;
}

const CHANGE_WORDS: Record<ConversationChange["kind"], string> = {
    healed: "healed",
    improved: "improved",
    broke: "BROKE",
    worsened: "got worse",
    "new-failing": "new, failing",
    gone: "gone (was failing)",
};

function verdictWord(r: ConversationResult | undefined, namer: Namer): string {
    if (!r) return "-";
    return r.verdict === "one-way" ? `one-way (${namer.endpoint(r.works!.from)} -> ${namer.endpoint(r.works!.to)})` : r.verdict;
}

function firstFailure(r: ConversationResult | undefined): LegResult | undefined {
    return r?.legs.find((l) => !l.delivered);
}

function settingWord(s: string): string {
    return s in SETTING_WORDS ? SETTING_WORDS[s as SecuritySetting] : s;
}

/**
 * The text report. Each element of `out` is one line; every line is escaped as a whole
 * (`safeLine`: an LF or ESC inside a name cannot start a line or reach the terminal) before the
 * headings are coloured.
 */
export function formatDiffText(run: DiffRun, color: boolean): string {
    const p = palette(color);
    const nb = new Namer(run.before.analysis.translation);
    const na = new Namer(run.after.analysis.translation);
    const d = run.diff;
    const out: string[] = [];
    const bold = new Set<number>();
    const heading = (s: string): void => {
        bold.add(out.length);
        out.push(s);
    };
    out.push(`Change ${run.before.stack.file} -> ${run.after.stack.file}`, "");
    heading(`Conversations whose verdict changed: ${d.conversations.length}`);
    for (const c of d.conversations) {
        const namer = c.after ? na : nb;
        out.push(`  ${CHANGE_WORDS[c.kind]}: ${namer.endpoint(c.a)} <-> ${namer.endpoint(c.b)}: ${verdictWord(c.before, nb)} -> ${verdictWord(c.after, na)}`);
        for (const [label, r, n] of [["before", c.before, nb], ["after", c.after, na]] as const) {
            const leg = firstFailure(r);
            if (!r) continue;
            if (!leg) out.push(`    ${label}: all four legs delivered`);
            else out.push(`    ${label}:`, ...n.leg(leg).map((l) => `      ${l}`));
        }
    }
    out.push("");
    heading(`Settings whose need changed: ${d.needs.length}`);
    for (const n of d.needs) {
        const namer = n.kind === "no-longer-needed" ? nb : na;
        const what = n.kind === "now-needed" ? "now needed" : n.kind === "no-longer-needed" ? "no longer needed" : "accepted but needed by nothing (least privilege)";
        out.push(`  ${settingWord(n.setting)} on ${namer.object(n.portGroupId)}: ${what}`);
    }
    out.push("");
    heading(`Exposure that changed: ${d.exposure.length}`);
    for (const e of d.exposure) {
        const namer = e.grew.length ? na : nb;
        if (e.grew.length) out.push(`  ${namer.object(e.portGroupId)}: promiscuous ports can now observe ${e.grew.map((x) => na.endpoint(x)).join(", ")}`);
        if (e.shrank.length) out.push(`  ${namer.object(e.portGroupId)}: no longer exposes ${e.shrank.map((x) => nb.endpoint(x)).join(", ")}`);
    }
    out.push("");
    if (introducesProblems(d)) heading("The change introduces problems (see above).");
    else out.push("The change introduces no new problem.");
    return (
        out
            .map((l, i) => {
                const safe = safeLine(l);
                if (i === 0) return safe.replace(/^Change/, p.bold("Change"));
                return bold.has(i) ? p.bold(safe) : safe;
            })
            .join("\n") + "\n"
    );
}

export function diffToJson(run: DiffRun): unknown {
    const nb = new Namer(run.before.analysis.translation);
    const na = new Namer(run.after.analysis.translation);
    const conv = (r: ConversationResult | undefined, n: Namer) =>
        r && { verdict: r.verdict, works: r.works ? { from: n.endpoint(r.works.from), to: n.endpoint(r.works.to) } : undefined, failedLeg: firstFailure(r) ? n.leg(firstFailure(r)!) : undefined };
    return {
        schemaVersion: 1,
        tool: { name: TOOL.name, version: TOOL.version },
        before: { file: run.before.stack.file, format: run.before.stack.format },
        after: { file: run.after.stack.file, format: run.after.stack.format },
        warnings: [...run.before.stack.warnings, ...run.after.stack.warnings],
        introducesProblems: introducesProblems(run.diff),
        conversations: run.diff.conversations.map((c) => ({
            change: c.kind,
            a: (c.after ? na : nb).endpoint(c.a),
            b: (c.after ? na : nb).endpoint(c.b),
            before: conv(c.before, nb) ?? null,
            after: conv(c.after, na) ?? null,
        })),
        settings: run.diff.needs.map((n) => ({ change: n.kind, setting: n.setting, on: (n.kind === "no-longer-needed" ? nb : na).object(n.portGroupId) })),
        exposure: run.diff.exposure.map((e) => ({ portGroup: (e.grew.length ? na : nb).object(e.portGroupId), grew: e.grew.map((x) => na.endpoint(x)), shrank: e.shrank.map((x) => nb.endpoint(x)) })),
    };
}

/** The pack's own policies as SARIF rules (diff runs no pack process: the metadata is the same). */
export function ownRules(): Rule[] {
    return policies.map((pol) => ({
        id: pol.name,
        description: pol.description ?? "",
        remediation: pol.remediationSteps ?? "",
        severity: pol.severity ?? null,
        enforcementLevel: pol.enforcementLevel ?? "advisory",
        policyType: "validateStack" in pol ? "stack" : "resource",
        tags: pol.tags ?? [],
        url: pol.url ?? null,
        framework: pol.framework ?? null,
    }));
}

/**
 * What the change introduced, as findings of the after stack: broken conversations (with every
 * resource they involve), new exposure, accepts now needed by nothing. Their identities are those
 * `check` gives the same problems, so a pull request's alert and the branch's alert are one.
 */
export function introducedFindings(run: DiffRun): Finding[] {
    const a = run.after.analysis;
    const na = new Namer(a.translation);
    const severity = (policy: string) => policies.find((p) => p.name === policy)?.severity ?? null;
    const out: Finding[] = [];
    const add = (policy: string, level: Finding["level"], message: string, urn: string | undefined, related: string[] = [], workloads: string[] = []) =>
        out.push({ policy, level, severity: severity(policy), message, title: firstSentence(message), resource: urn ? resourceRef(urn) : null, related: related.filter((u) => u !== urn).map(resourceRef), identity: identityOf(policy, urn, message, workloads), fingerprint: "" });
    const anchor = (id: string) => {
        const info = a.translation.endpoints.get(id);
        return info?.vmUrn ?? (info?.portGroupId ? na.urn(info.portGroupId) : undefined);
    };
    for (const c of run.diff.conversations) {
        if (c.kind !== "broke" && c.kind !== "worsened" && c.kind !== "new-failing") continue;
        const leg = firstFailure(c.after);
        const last = leg?.trace[leg.trace.length - 1];
        const message = `${na.endpoint(c.a)} <-> ${na.endpoint(c.b)}: ${c.kind === "new-failing" ? "new, and fails" : `went from ${c.before?.verdict} to ${c.after?.verdict}`}${last ? `; dropped at ${last.at} by ${last.rule}: ${last.detail}` : ""}.`;
        add(DECLARING_POLICY, "mandatory", message, anchor(c.a) ?? anchor(c.b), c.after ? conversationUrns(a, c, c.after) : [], [na.endpoint(c.a), na.endpoint(c.b)]);
    }
    for (const e of run.diff.exposure) {
        if (!e.grew.length) continue;
        add("promiscuous-exposure", "advisory", `The promiscuous ports of ${na.object(e.portGroupId)} can now observe ${e.grew.map((x) => na.endpoint(x)).join(", ")}.`, na.urn(e.portGroupId));
    }
    for (const n of run.diff.needs) {
        if (n.kind !== "now-unnecessary") continue;
        add("security-settings-least-privilege", "advisory", `${settingWord(n.setting)} is accepted on ${na.object(n.portGroupId)}, but no nested workload needs it.`, na.urn(n.portGroupId));
    }
    return assignFingerprints(out);
}

/** SARIF with only what the change introduced, located in the after stack's program (or file). */
export function diffToSarif(run: DiffRun, cwd: string, where: Locations = locations(run.after.stack, cwd, undefined)): unknown {
    return sarifLog({
        tool: sarifTool(`${TOOL.name} ${TOOL.version} diff`),
        warnings: [...run.before.stack.warnings, ...run.after.stack.warnings, ...where.warnings],
        locate: where.locate,
        target: where.target,
        srcRoot: cwd,
        rules: ownRules(),
        findings: introducedFindings(run),
    });
}

export function buildDiff(before: DiffRun["before"], after: DiffRun["after"]): DiffRun {
    return { before, after, diff: diffAnalyses(before.analysis, after.analysis) };
}
