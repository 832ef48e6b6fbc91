/** `vsnet diff <before> <after>`: what a change breaks or opens up (in-process, no pack process). */
import { annotationLevel, githubAnnotations } from "../../findings/github";
import { junitXml } from "../../findings/junit";
import { policies } from "../../policies";
import { introducesProblems, type StackDiff } from "../../policies/diff";
import { DECLARING_POLICY } from "../../policies/sharedConfig";
import { checkOwnConfig } from "../config-validate";
import { buildDiff, diffToJson, diffToSarif, formatDiffText, introducedFindings, ownRules, type DiffRun } from "../diff";
import { CliError, EXIT } from "../errors";
import { colorOf, configWhere, loadConfig, loadInput, ownAnalysis, selectPolicies, warn } from "../inputs";
import { locations, projectDir, type Locations } from "../locations";
import { ALLOW_PARTIAL, CONFIG, flag, format, INVENTORY, NO_COLOR, OUTPUT, POLICY, PROJECT_DIR, QUIET, SKIP_POLICY, str, type Command } from "../options";
import { planOutputs, writeOutput } from "../outputs";
import { jsonText } from "../sanitize";
import { displayPath } from "../tool";
import { lazyReport } from "./lazy";

const FORMATS = ["text", "json", "sarif", "markdown", "junit", "github"] as const;

/** Only what the selected policies report: conversations (reachability), needs (least privilege), exposure. */
function selected(d: StackDiff, on: (policy: string) => boolean): StackDiff {
    return { ...d, conversations: on(DECLARING_POLICY) ? d.conversations : [], needs: on("security-settings-least-privilege") ? d.needs : [], exposure: on("promiscuous-exposure") ? d.exposure : [] };
}

export const diff: Command = {
    name: "diff",
    summary: "what a change breaks or opens up between two saved stacks (e.g. the last export and a preview)",
    synopsis: "<before.json> <after.json>",
    positionals: { min: 2, max: 2, names: ["before.json", "after.json"] },
    options: {
        config: CONFIG,
        inventory: INVENTORY,
        format: format(FORMATS, "output format (default text; repeatable, each with its --output); sarif, junit and github list only what the change introduced; markdown shows each changed conversation's path before and after"),
        output: OUTPUT,
        "fail-on": { type: "string", arg: "introduced|never", choices: ["introduced", "never"], help: "exit 1 when the change introduces a failing conversation, new exposure or an unneeded accept (default introduced)" },
        policy: POLICY,
        "skip-policy": SKIP_POLICY,
        "project-dir": PROJECT_DIR,
        "allow-partial": ALLOW_PARTIAL,
        quiet: QUIET,
        "no-color": NO_COLOR,
    },
    details: "Conversations are matched by their workloads; both traces are shown for each verdict that changed.",
    async run(args, ctx) {
        const targets = planOutputs(args.order, FORMATS);
        const { config: given, file } = loadConfig(args, ctx.io.cwd);
        const config = selectPolicies(args, given, policies.map((p) => p.name));
        checkOwnConfig(config, configWhere(file));
        if (args.positionals[0] === "-" && args.positionals[1] === "-") throw new CliError("only one of <before.json> and <after.json> can be standard input (-)", EXIT.USAGE);
        const side = (f: string) => {
            const stack = loadInput(args, f);
            return { stack, analysis: ownAnalysis(stack, config, file) };
        };
        const before = side(args.positionals[0]);
        const after = side(args.positionals[1]);
        const all = buildDiff(before, after);
        const on = (policy: string) => config[policy]?.enforcementLevel !== "disabled";
        const run: DiffRun = { ...all, diff: selected(all.diff, on) };
        warn(ctx, args, [...before.stack.warnings, ...after.stack.warnings]);
        let where: Locations | undefined;
        const placed = (): Locations => {
            if (!where) {
                where = locations(after.stack, ctx.io.cwd, projectDir(str(args, "project-dir"), after.stack.file, ctx.io.cwd));
                warn(ctx, args, where.warnings);
            }
            return where;
        };
        if (targets.some((t) => t.format === "sarif" || t.format === "github" || t.format === "junit")) placed();
        const introduces = introducesProblems(run.diff);
        const render = (f: string, color: boolean): string => {
            switch (f) {
                case "json":
                    return jsonText(diffToJson(run));
                case "sarif":
                    return jsonText(diffToSarif(run, ctx.io.cwd, placed()));
                case "markdown":
                    return lazyReport().diffToMarkdown(run, ctx.io.cwd);
                case "junit":
                    return junitXml({
                        name: `vsnet diff ${displayPath(before.stack.file, ctx.io.cwd)} ${displayPath(after.stack.file, ctx.io.cwd)}`,
                        rules: ownRules().map((r) => ({ ...r, enforcementLevel: on(r.id) ? r.enforcementLevel : "disabled" })),
                        findings: introducedFindings(run),
                        fails: () => str(args, "fail-on") !== "never",
                        place: (x) => (x.resource ? placed().locate(x.resource.urn) : placed().target),
                        passNote: (x) => `${x.level} (${annotationLevel(x)}): introduced by the change; --fail-on never`,
                    });
                case "github":
                    return githubAnnotations(introducedFindings(run), (x) => placed().locate(x.resource?.urn));
                default:
                    return flag(args, "quiet") && !introduces && run.diff.conversations.length + run.diff.needs.length + run.diff.exposure.length === 0 ? "" : formatDiffText(run, colorOf(args, color));
            }
        };
        for (const t of targets) writeOutput(ctx.io, t, (color) => render(t.format, color));
        return str(args, "fail-on") !== "never" && introduces ? EXIT.FINDINGS : EXIT.OK;
    },
};
