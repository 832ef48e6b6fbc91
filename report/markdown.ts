/**
 * Markdown for pull requests and CI job summaries (`vsnet check|diff --format markdown`): a summary
 * table, then per failing (or changed) conversation a Mermaid diagram of its path with the deciding
 * setting and the smallest fix beside it, the trace folded in `<details>`, and the findings. Capped so
 * it fits a PR comment: past `maxDiagrams` the rest are listed without a drawing ("N more not drawn").
 *
 * Names are escaped for markdown and HTML (`mdText`); Mermaid labels by `mermaidText`.
 */
import { conversationMermaid, cut, visibleControls } from "./mermaid";
import { VERDICTS, type ReportModel, type ViewConversation, type ViewFinding } from "./model";

/** Inline markdown text: HTML special characters as entities, markdown punctuation escaped, controls visible, one line. */
export function mdText(s: string, max = 200): string {
    return cut(visibleControls(s), max)
        .replace(/&/g, "&amp;")
        .replace(/</g, "&lt;")
        .replace(/>/g, "&gt;")
        .replace(/"/g, "&quot;")
        .replace(/([\\`*_[\]|~])/g, "\\$1");
}

/** Text inside `<pre>` or `<summary>` (HTML context): entities only. */
export function htmlText(s: string, max = 100_000): string {
    return cut(s.split(/\r?\n/).map(visibleControls).join("\n"), max)
        .replace(/&/g, "&amp;")
        .replace(/</g, "&lt;")
        .replace(/>/g, "&gt;")
        .replace(/"/g, "&quot;");
}

const VERDICT_MARK: Record<string, string> = { blocked: "\u26d4", "one-way": "\u26a0\ufe0f", undetermined: "\u2753", reachable: "\u2705" };

export interface CheckSummary {
    /** The input file as the user named it. */
    file: string;
    pack: string;
    resources: number;
    failOn: string;
    failed: boolean;
}

export interface MarkdownOptions {
    /** Most diagrams drawn (default 10); the rest are listed. */
    maxDiagrams?: number;
    /** Most findings shown (default 20; each message cut at 1,500 characters). */
    maxFindings?: number;
    /** Fewer findings, then fewer diagrams, until the document is at most this many characters (default 60,000). */
    budget?: number;
}

function summaryTables(model: ReportModel, findings: readonly ViewFinding[]): string[] {
    const out = ["| conversations | count |", "|---|---:|"];
    for (const v of VERDICTS) out.push(`| ${VERDICT_MARK[v]} ${v} | ${model.counts.verdicts[v]} |`);
    out.push("", "| findings | count |", "|---|---:|");
    const levels = ["mandatory", "advisory", ...Object.keys(model.counts.levels).filter((l) => l !== "mandatory" && l !== "advisory")];
    for (const l of levels) out.push(`| ${mdText(l)} | ${findings.filter((f) => f.level === l).length} |`);
    return out;
}

/** The path, the drop, the deciding settings and the fix of one conversation. */
export function conversationSection(model: ReportModel, c: ViewConversation, drawn: boolean, label?: string): string[] {
    const out: string[] = [];
    if (label) out.push(`**${label}** — ${mdText(c.summary, 400)}`, "");
    else out.push(mdText(c.summary, 400), "");
    if (drawn) out.push("```mermaid", conversationMermaid(model, c).trimEnd(), "```", "");
    const leg = c.legs[c.shownLeg];
    if (c.drop && leg) {
        const h = leg.hops[c.drop.hop];
        if (h) out.push(`- **dropped** on ${mdText(leg.leg)} at ${mdText(h.at)} by **${mdText(h.rule)}**: ${mdText(h.detail, 400)}`);
    }
    for (const s of c.deciding) out.push(`- **deciding setting**: ${mdText(s, 500)}`);
    if (c.fix) out.push(`- **smallest fix**: ${c.fix.changes.map((x) => mdText(x, 500)).join(" and ")} (then: ${mdText(c.fix.verdict)})`);
    else if (c.noFix) out.push("- **smallest fix**: none found (different VLANs need a router; an internal switch needs an uplink)");
    if (c.legs.length) {
        out.push("", `<details><summary>trace: ${c.legs.length} legs, ${c.legs.filter((l) => !l.delivered).length} dropped</summary>`, "", "<pre>");
        for (const l of c.legs) {
            out.push(htmlText(l.head));
            l.hops.forEach((h, i) => out.push(htmlText(`  ${i + 1}. [${h.rule}${h.assumed ? ", assumed" : ""}] ${h.action} at ${h.at}: ${h.detail}${h.setting ? `; ${h.setting}` : ""}`)));
        }
        out.push("</pre>", "", "</details>");
    }
    out.push("");
    return out;
}

function findingsSection(findings: readonly ViewFinding[], max: number): string[] {
    if (!findings.length) return [];
    if (max === 0) return [`### Findings (${findings.length})`, "", `${findings.length} findings not shown here to keep this short (see \`vsnet check --format text\` or \`vsnet report\`).`, ""];
    const out = [`### Findings (${findings.length})`, ""];
    for (const f of findings.slice(0, max)) {
        out.push(`<details><summary>[${htmlText(f.level)}] ${htmlText(f.policy)}${f.resource ? ` — ${htmlText(cut(f.resource, 120))}` : " — stack"}: ${htmlText(cut(f.message.split("\n")[0], 200))}</summary>`, "", `<pre>${htmlText(f.message, 1500)}</pre>`, "", "</details>", "");
    }
    if (findings.length > max) out.push(`${findings.length - max} ${max ? "more " : ""}findings not shown (see \`vsnet check --format text\` or \`vsnet report\`).`, "");
    return out;
}

/** `vsnet check --format markdown`. */
export function checkMarkdown(model: ReportModel, s: CheckSummary, options: MarkdownOptions = {}): string {
    return withinBudget(options, (o) => checkMarkdownOnce(model, s, o));
}

/**
 * Renders with fewer findings, then fewer diagrams, until the document fits `budget` characters
 * (default 60,000: GitHub caps a comment at 65,536).
 */
function withinBudget(options: MarkdownOptions, render: (o: Required<Omit<MarkdownOptions, "budget">>) => string): string {
    const budget = options.budget ?? 60_000;
    const o = { maxDiagrams: options.maxDiagrams ?? 10, maxFindings: options.maxFindings ?? 20 };
    let text = render(o);
    while (text.length > budget && o.maxFindings > 0) {
        o.maxFindings = Math.floor(o.maxFindings / 2);
        text = render(o);
    }
    while (text.length > budget && o.maxDiagrams > 1) {
        o.maxDiagrams--;
        text = render(o);
    }
    return text;
}

function checkMarkdownOnce(model: ReportModel, s: CheckSummary, options: MarkdownOptions): string {
    const maxDiagrams = options.maxDiagrams ?? 10;
    const out = [`## vsnet check: ${mdText(s.file)}`, ""];
    const m = model.findings.filter((f) => f.level === "mandatory").length;
    const a = model.findings.filter((f) => f.level === "advisory").length;
    out.push(`${mdText(s.pack)} checked ${s.resources} resources: **${m} mandatory** and ${a} advisory findings — ${s.failed ? `**fails** at \`--fail-on ${mdText(s.failOn)}\`` : `passes at \`--fail-on ${mdText(s.failOn)}\``}.`, "");
    out.push(...summaryTables(model, model.findings), "");
    const failing = model.conversations.filter((c) => c.verdict !== "reachable");
    if (failing.length) {
        out.push(`### Failing conversations (${failing.length})`, "");
        for (const c of failing.slice(0, maxDiagrams)) {
            out.push(`#### ${VERDICT_MARK[c.verdict]} ${mdText(c.a)} ↔ ${mdText(c.b)}`, "");
            out.push(...conversationSection(model, c, true));
        }
        if (failing.length > maxDiagrams) {
            const rest = failing.slice(maxDiagrams);
            out.push(`_${rest.length} more not drawn (diagrams are capped at ${maxDiagrams}; \`vsnet report\` draws every one)._`, "");
            out.push(`<details><summary>the other ${rest.length} failing conversations</summary>`, "", "| verdict | conversation | dropped by | smallest fix |", "|---|---|---|---|");
            for (const c of rest.slice(0, 200)) {
                const leg = c.legs[c.shownLeg];
                const h = c.drop && leg ? leg.hops[c.drop.hop] : undefined;
                out.push(`| ${VERDICT_MARK[c.verdict]} ${c.verdict} | ${mdText(c.a, 80)} ↔ ${mdText(c.b, 80)} | ${h ? mdText(h.rule) : ""} | ${c.fix ? c.fix.changes.map((x) => mdText(x, 160)).join(" and ") : c.noFix ? "none found" : ""} |`);
            }
            if (rest.length > 200) out.push("", `${rest.length - 200} more not listed.`);
            out.push("", "</details>", "");
        }
    } else out.push("Every conversation is reachable.", "");
    out.push(...findingsSection(model.findings, options.maxFindings ?? 20));
    return out.join("\n").replace(/\n{3,}/g, "\n\n");
}

export interface DiffChange {
    /** The change as `vsnet diff` words it ("BROKE", "healed", …). */
    word: string;
    /** Whether it is a problem the change introduced. */
    introduced: boolean;
    key: string;
}

export interface DiffSummary {
    before: string;
    after: string;
    introduces: boolean;
    changes: DiffChange[];
    /** One line per setting whose need changed, as `vsnet diff` words it. */
    settings: string[];
    /** One line per exposure change. */
    exposure: string[];
}

/** `vsnet diff --format markdown`: per changed conversation, the path before and after. */
export function diffMarkdown(before: ReportModel, after: ReportModel, s: DiffSummary, options: MarkdownOptions = {}): string {
    return withinBudget(options, (o) => diffMarkdownOnce(before, after, s, o));
}

function diffMarkdownOnce(before: ReportModel, after: ReportModel, s: DiffSummary, options: MarkdownOptions): string {
    const maxDiagrams = options.maxDiagrams ?? 10;
    const b = new Map(before.conversations.map((c) => [c.key, c]));
    const a = new Map(after.conversations.map((c) => [c.key, c]));
    const out = [`## vsnet diff: ${mdText(s.before)} → ${mdText(s.after)}`, ""];
    out.push(s.introduces ? "**The change introduces problems.**" : "The change introduces no new problem.", "");
    out.push("| | before | after |", "|---|---:|---:|");
    for (const v of VERDICTS) out.push(`| ${VERDICT_MARK[v]} ${v} | ${before.counts.verdicts[v]} | ${after.counts.verdicts[v]} |`);
    out.push(`| conversations whose verdict changed | | ${s.changes.length} |`, `| settings whose need changed | | ${s.settings.length} |`, `| exposure that changed | | ${s.exposure.length} |`, "");
    const ordered = [...s.changes].sort((x, y) => Number(y.introduced) - Number(x.introduced));
    let drawn = 0;
    if (ordered.length) out.push(`### Conversations whose verdict changed (${ordered.length})`, "");
    for (const ch of ordered) {
        const was = b.get(ch.key);
        const now = a.get(ch.key);
        const any = now ?? was;
        if (!any) continue;
        const draw = drawn < maxDiagrams;
        if (draw) drawn++;
        out.push(`#### ${mdText(ch.word)}: ${mdText(any.a)} ↔ ${mdText(any.b)} (${was?.verdict ?? "–"} → ${now?.verdict ?? "–"})`, "");
        if (was) out.push(...conversationSection(before, was, draw, "before"));
        if (now) out.push(...conversationSection(after, now, draw, "after"));
    }
    if (ordered.length > maxDiagrams) out.push(`_${ordered.length - maxDiagrams} more not drawn (diagrams are capped at ${maxDiagrams})._`, "");
    if (s.settings.length) out.push(`### Settings whose need changed (${s.settings.length})`, "", ...s.settings.map((l) => `- ${mdText(l, 400)}`), "");
    if (s.exposure.length) out.push(`### Exposure that changed (${s.exposure.length})`, "", ...s.exposure.map((l) => `- ${mdText(l, 400)}`), "");
    return out.join("\n").replace(/\n{3,}/g, "\n\n");
}
