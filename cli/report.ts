/**
 * `vsnet report <stack.json> -o report.html` and the markdown of `check` and `diff`
 * (`--format markdown`). The findings come from the pack through the analyzer protocol (exactly what
 * `check` reports); the topology, paths and fixes from the same in-process analysis `trace` and `diff`
 * use. The report/ formatters and the layout library are loaded only here, never by the pack.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { Analysis } from "../policies/analysis";
import type { ViewFinding } from "../report/model";
import type { CheckResult, FailOn } from "./check";
import { fails } from "./check";
import type { DiffRun } from "./diff";
import { CliError, EXIT, oneLine } from "./errors";
import { redactDocument } from "./sanitize";
import { displayPath } from "./tool";

/** The pack's violations as the report shows them (message as `check` prints it). */
export function findingsOf(r: CheckResult): ViewFinding[] {
    return r.violations.map((v) => ({ policy: v.policyName, level: v.enforcementLevel, ...(v.resourceName ? { resource: v.resourceName } : {}), ...(v.urn ? { urn: v.urn } : {}), message: v.message }));
}

/** `vsnet check --format markdown`. */
export function checkToMarkdown(r: CheckResult, analysis: Analysis, failOn: FailOn, cwd: string): string {
    // Lazy: the formatters are CLI-only.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { buildReportModel } = require("../report/model") as typeof import("../report/model");
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { checkMarkdown } = require("../report/markdown") as typeof import("../report/markdown");
    const file = displayPath(r.stack.file, cwd);
    const model = buildReportModel(analysis, { findings: findingsOf(r), input: file });
    return checkMarkdown(model, { file, pack: `${r.pack.name} v${r.pack.version}`, resources: r.stack.resources.length, failOn, failed: fails(r, failOn) });
}

const CHANGE_WORDS = { healed: "healed", improved: "improved", broke: "BROKE", worsened: "got worse", "new-failing": "new, failing", gone: "gone (was failing)" } as const;

/** `vsnet diff --format markdown`: the before and after path of every changed conversation. */
export function diffToMarkdown(run: DiffRun, cwd: string): string {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { buildReportModel } = require("../report/model") as typeof import("../report/model");
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { diffMarkdown } = require("../report/markdown") as typeof import("../report/markdown");
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { introducesProblems } = require("../policies/diff") as typeof import("../policies/diff");
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { Namer, SETTING_WORDS } = require("../policies/naming") as typeof import("../policies/naming");
    const before = buildReportModel(run.before.analysis, { input: run.before.stack.file });
    const after = buildReportModel(run.after.analysis, { input: run.after.stack.file });
    const nb = new Namer(run.before.analysis.translation);
    const na = new Namer(run.after.analysis.translation);
    const word = (s: string) => (s in SETTING_WORDS ? SETTING_WORDS[s as keyof typeof SETTING_WORDS] : s);
    const d = run.diff;
    return diffMarkdown(before, after, {
        before: displayPath(run.before.stack.file, cwd),
        after: displayPath(run.after.stack.file, cwd),
        introduces: introducesProblems(d),
        changes: d.conversations.map((c) => ({ word: CHANGE_WORDS[c.kind], introduced: c.kind === "broke" || c.kind === "worsened" || c.kind === "new-failing", key: `${c.a}|${c.b}` })),
        settings: d.needs.map((n) => `${word(n.setting)} on ${(n.kind === "no-longer-needed" ? nb : na).object(n.portGroupId)}: ${n.kind === "now-needed" ? "now needed" : n.kind === "no-longer-needed" ? "no longer needed" : "accepted but needed by nothing (least privilege)"}`),
        exposure: d.exposure.flatMap((e) => [
            ...(e.grew.length ? [`${na.object(e.portGroupId)}: promiscuous ports can now observe ${e.grew.map((x) => na.endpoint(x)).join(", ")}`] : []),
            ...(e.shrank.length ? [`${nb.object(e.portGroupId)}: no longer exposes ${e.shrank.map((x) => nb.endpoint(x)).join(", ")}`] : []),
        ]),
    });
}

/** Conversations (worst first) whose trace words and fix the HTML report embeds; the rest keep verdict, path and rules. */
export const REPORT_MAX_TRACES = 1000;

export interface ReportWritten {
    file: string;
    bytes: number;
    conversations: number;
    findings: number;
}

/** Builds the HTML report and writes it to `out`. */
export function writeReport(analysis: Analysis, findings: ViewFinding[], opts: { input: string; out: string; cwd: string }): ReportWritten {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { buildReportModel } = require("../report/model") as typeof import("../report/model");
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { reportHtml } = require("../report/html") as typeof import("../report/html");
    // Secret names, ids and MACs are replaced in the model, before anything is escaped (secret-output.ts).
    const model = redactDocument(buildReportModel(analysis, { findings, input: opts.input, title: `vsnet report: ${path.basename(opts.input)}`, maxTraces: REPORT_MAX_TRACES }));
    const html = reportHtml(model, { generated: new Date().toISOString().slice(0, 16).replace("T", " ") + " UTC" });
    const file = path.resolve(opts.cwd, opts.out);
    try {
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, html);
    } catch (e) {
        throw new CliError(`could not write ${opts.out}: ${oneLine(e)}`, EXIT.UNREADABLE);
    }
    return { file, bytes: Buffer.byteLength(html), conversations: model.conversations.length, findings: findings.length };
}
