/** `vsnet report <stack.json> -o report.html`: one self-contained HTML page. */
import * as path from "node:path";
import { build } from "../../policies/analysis";
import { DEFAULT_START_TIMEOUT_MS } from "../analyzer-client";
import { EXIT } from "../errors";
import { checkWithPack, loadConfig, loadInput, progressOf, warn, withPartial } from "../inputs";
import { ALLOW_PARTIAL, CONFIG, INVENTORY, POLICY, QUIET, SKIP_POLICY, startTimeout, str, type Command } from "../options";
import { rawResources } from "../stack-file";
import { declarationsFrom } from "../trace";
import { lazyReport } from "./lazy";

export const report: Command = {
    name: "report",
    summary: "write one self-contained HTML page: the topology, every conversation's path with the dropping hop, the trace and the smallest fix",
    synopsis: "<stack.json>",
    positionals: { min: 1, max: 1, names: ["stack.json"] },
    options: {
        out: { type: "string", short: "o", arg: "<report.html>", required: true, help: "where to write the report (one file: no network needed to open it)" },
        config: CONFIG,
        inventory: INVENTORY,
        policy: POLICY,
        "skip-policy": SKIP_POLICY,
        pack: { type: "string", arg: "<dir>", help: "policy pack directory for the findings (default: the pack this CLI ships with); the pack is code and runs with your rights: use only a pack you trust" },
        "allow-partial": ALLOW_PARTIAL,
        "start-timeout": startTimeout(DEFAULT_START_TIMEOUT_MS / 1000),
        quiet: QUIET,
    },
    details: "The findings are what `vsnet check` reports (the pack through the analyzer protocol); paths, traces and fixes come from the same analysis as `vsnet trace`. Exit code 0 when written.",
    async run(args, ctx) {
        const stack = loadInput(args, args.positionals[0]);
        const { config: given, file } = loadConfig(args, ctx.io.cwd);
        const config = withPartial(given, stack);
        const progress = progressOf(ctx, args);
        let run: Awaited<ReturnType<typeof checkWithPack>>;
        try {
            run = await checkWithPack(ctx, args, stack, config, file, progress);
        } finally {
            progress.stop();
        }
        warn(ctx, args, stack.warnings);
        const r = lazyReport();
        const input = path.relative(ctx.io.cwd, path.resolve(ctx.io.cwd, stack.file)) || stack.file;
        const w = r.writeReport(run.analysis ?? build(rawResources(stack), declarationsFrom(config)), r.findingsOf(run.result), { input, out: str(args, "out")!, cwd: ctx.io.cwd });
        ctx.io.out(`wrote ${path.relative(ctx.io.cwd, w.file) || w.file} (${(w.bytes / 1024).toFixed(0)} KiB): ${w.conversations} conversations, ${w.findings} findings; open it in a browser (no network needed)\n`);
        return EXIT.OK;
    },
};
