/** `vsnet check`: the pack on a saved stack, through the analyzer protocol; every format in one run. */
import { Linker } from "../../findings/link";
import { annotationLevel, githubAnnotations } from "../../findings/github";
import { junitXml } from "../../findings/junit";
import type { Finding } from "../../findings/model";
import { build } from "../../policies/analysis";
import { DEFAULT_START_TIMEOUT_MS } from "../analyzer-client";
import { fails, type CheckResult, type FailOn } from "../check";
import { checkFindings, formatText, rulesOf, toJson, toSarif } from "../check-output";
import { EXIT } from "../errors";
import { checkWithPack, colorOf, loadConfig, loadInput, progressOf, warn, withPartial } from "../inputs";
import { locations, projectDir, type Locations } from "../locations";
import { ALLOW_PARTIAL, CONFIG, flag, format, INVENTORY, NO_COLOR, OUTPUT, PACK, POLICY, PROJECT_DIR, QUIET, SKIP_POLICY, startTimeout, str, type Command } from "../options";
import { planOutputs, writeOutput } from "../outputs";
import { Guard, jsonText } from "../sanitize";
import { rawResources } from "../stack-file";
import { displayPath } from "../tool";
import { declarationsFrom } from "../trace";
import { lazyReport } from "./lazy";

export const CHECK_FORMATS = ["text", "json", "sarif", "markdown", "junit", "github"] as const;

/** Whether a finding fails the run at `--fail-on`. */
export function findingFails(f: Pick<Finding, "level">, failOn: FailOn): boolean {
    return failOn === "mandatory" ? f.level === "mandatory" : failOn === "advisory" ? f.level === "mandatory" || f.level === "advisory" : false;
}

export const check: Command = {
    name: "check",
    summary: "evaluate the policy pack against a saved stack, through the analyzer protocol the engine uses",
    synopsis: "<stack.json>",
    positionals: { min: 1, max: 1, names: ["stack.json"] },
    options: {
        config: CONFIG,
        inventory: INVENTORY,
        format: format(CHECK_FORMATS, "output format (default text; repeatable, each with its --output): json, sarif (code scanning), markdown (a pull request or job summary), junit (test reports), github (workflow annotations)"),
        output: OUTPUT,
        "fail-on": { type: "string", arg: "mandatory|advisory|never", choices: ["mandatory", "advisory", "never"], help: "exit 1 when a violation at or above this level is found (default mandatory)" },
        policy: POLICY,
        "skip-policy": SKIP_POLICY,
        pack: PACK,
        "project-dir": PROJECT_DIR,
        "allow-partial": ALLOW_PARTIAL,
        "start-timeout": startTimeout(DEFAULT_START_TIMEOUT_MS / 1000),
        quiet: QUIET,
        "no-color": NO_COLOR,
    },
    details:
        "<stack.json> is the output of `pulumi stack export` or of `pulumi preview --json --show-sames` (`-`: standard input). A preview without --show-sames is refused (exit 8) unless --allow-partial. Several formats in one run (one pack start): `-f sarif -o vsnet.sarif -f junit -o vsnet.xml -f text` writes SARIF and JUnit to files and text to standard output.",
    async run(args, ctx) {
        const targets = planOutputs(args.order, CHECK_FORMATS);
        const failOn = (str(args, "fail-on") ?? "mandatory") as FailOn;
        const stack = loadInput(args, args.positionals[0]);
        const { config: given, file } = loadConfig(args, ctx.io.cwd);
        const config = withPartial(given, stack);
        warn(ctx, args, stack.warnings);
        const progress = progressOf(ctx, args);
        let run: Awaited<ReturnType<typeof checkWithPack>>;
        try {
            run = await checkWithPack(ctx, args, stack, config, file, progress);
        } finally {
            progress.stop();
        }
        const { result, analysis } = run;
        // Computed once, for the formats that need them.
        let where: Locations | undefined;
        const placed = (): Locations => {
            if (!where) {
                where = locations(stack, ctx.io.cwd, projectDir(str(args, "project-dir"), stack.file, ctx.io.cwd));
                warn(ctx, args, where.warnings);
            }
            return where;
        };
        let linked: Finding[] | undefined;
        const findings = (): Finding[] => (linked ??= checkFindings(result, analysis && new Linker(analysis)));
        // Location warnings come before any report.
        if (targets.some((t) => t.format === "sarif" || t.format === "github" || t.format === "junit")) placed();

        const render = (f: string, color: boolean): string => {
            switch (f) {
                case "json":
                    return jsonText(toJson(result, failOn, ctx.io.cwd));
                case "sarif":
                    return jsonText(toSarif(result, ctx.io.cwd, placed(), analysis && new Linker(analysis)));
                case "markdown":
                    return lazyReport().checkToMarkdown(result, analysis ?? build(rawResources(stack), declarationsFrom(config)), failOn, ctx.io.cwd);
                case "junit":
                    return junit(result, findings(), failOn, placed(), ctx.io.cwd);
                case "github":
                    return githubAnnotations(findings(), (x) => placed().locate(x.resource?.urn));
                default:
                    return flag(args, "quiet") && result.violations.length === 0 ? "" : formatText(result, failOn, ctx.io.cwd, colorOf(args, color), new Guard([stack.resources, config]));
            }
        };
        for (const t of targets) writeOutput(ctx.io, t, (color) => render(t.format, color));
        return fails(result, failOn) ? EXIT.FINDINGS : EXIT.OK;
    },
};

function junit(r: CheckResult, findings: Finding[], failOn: FailOn, where: Locations, cwd: string): string {
    return junitXml({
        name: `vsnet check ${displayPath(r.stack.file, cwd)}`,
        rules: rulesOf(r),
        findings,
        fails: (f) => findingFails(f, failOn),
        place: (f) => (f.resource ? where.locate(f.resource.urn) : where.target),
        passNote: (f) => `${f.level} (${annotationLevel(f)}), below --fail-on ${failOn}: reported, not failing`,
    });
}
