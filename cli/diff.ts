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
import { sarifLog, type SarifResult } from "./check-output";
import { palette } from "./io";
import { safeLine } from "./sanitize";
import { urnLines, type LoadedStack } from "./stack-file";
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

/** SARIF with only what the change introduced, located in the after file. */
export function diffToSarif(run: DiffRun, cwd: string): unknown {
    const na = new Namer(run.after.analysis.translation);
    const results: SarifResult[] = [];
    const anchor = (id: string) => {
        const info = run.after.analysis.translation.endpoints.get(id);
        return info?.vmUrn ?? (info?.portGroupId ? na.urn(info.portGroupId) : undefined);
    };
    for (const c of run.diff.conversations) {
        if (c.kind !== "broke" && c.kind !== "worsened" && c.kind !== "new-failing") continue;
        const urn = anchor(c.a) ?? anchor(c.b);
        const leg = firstFailure(c.after);
        const last = leg?.trace[leg.trace.length - 1];
        results.push({
            ruleId: "nested-workloads-reachable",
            level: "error",
            message: `${na.endpoint(c.a)} <-> ${na.endpoint(c.b)} ${c.kind === "new-failing" ? "is new and fails" : `went from ${c.before?.verdict} to ${c.after?.verdict}`}${last ? `: dropped at ${last.at} by ${last.rule}: ${last.detail}` : ""}.`,
            urn,
            resourceName: urn?.slice(urn.lastIndexOf("::") + 2),
        });
    }
    for (const e of run.diff.exposure) {
        if (!e.grew.length) continue;
        const urn = na.urn(e.portGroupId);
        results.push({ ruleId: "promiscuous-exposure", level: "warning", message: `Promiscuous ports of ${na.object(e.portGroupId)} can now observe ${e.grew.map((x) => na.endpoint(x)).join(", ")}.`, urn, resourceName: urn?.slice(urn.lastIndexOf("::") + 2) });
    }
    for (const n of run.diff.needs) {
        if (n.kind !== "now-unnecessary") continue;
        const urn = na.urn(n.portGroupId);
        results.push({ ruleId: "security-settings-least-privilege", level: "warning", message: `${settingWord(n.setting)} on ${na.object(n.portGroupId)} is accepted but no nested workload needs it.`, urn, resourceName: urn?.slice(urn.lastIndexOf("::") + 2) });
    }
    return sarifLog({
        warnings: [...run.before.stack.warnings, ...run.after.stack.warnings],
        file: run.after.stack.file,
        cwd,
        lines: urnLines(run.after.stack),
        fullName: `${TOOL.name} ${TOOL.version} diff`,
        rules: policies.map((pol) => ({
            id: pol.name,
            description: pol.description ?? "",
            remediation: pol.remediationSteps ?? "",
            severity: pol.severity,
            enforcementLevel: pol.enforcementLevel ?? "advisory",
            policyType: "validateStack" in pol ? "stack" : "resource",
            tags: pol.tags ?? [],
            url: pol.url,
        })),
        results,
    });
}

export function buildDiff(before: DiffRun["before"], after: DiffRun["after"]): DiffRun {
    return { before, after, diff: diffAnalyses(before.analysis, after.analysis) };
}
