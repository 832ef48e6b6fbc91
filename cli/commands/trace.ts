/** `vsnet trace`: one conversation, hop by hop, with the smallest fix (in-process, no pack process). */
import { parseWhatIf } from "../../policies/whatIf";
import type { Change } from "../../sim";
import { checkOwnConfig } from "../config-validate";
import { CliError, EXIT } from "../errors";
import { colorOf, configWhere, loadConfig, loadInput, ownAnalysis, warn } from "../inputs";
import { ALLOW_PARTIAL, CONFIG, format, INVENTORY, list, NO_COLOR, OUTPUT, QUIET, str, type Command } from "../options";
import { planOutputs, writeOutput } from "../outputs";
import { jsonText } from "../sanitize";
import { formatTraceText, resolveWorkload, traceConversation, traceToJson } from "../trace";

const FORMATS = ["text", "json"] as const;

export const trace: Command = {
    name: "trace",
    summary: "simulate one conversation between two workloads, hop by hop, with the smallest fix",
    synopsis: "<stack.json> --from <workload> --to <workload>",
    positionals: { min: 1, max: 1, names: ["stack.json"] },
    options: {
        from: { type: "string", arg: "<workload>", required: true, help: "a declared workload, an implicit one (\"esxi-01 nic 0 guest\", \"physical network of lab-pg\") or a VM's resource name" },
        to: { type: "string", arg: "<workload>", required: true, help: "the other end, named the same way" },
        config: CONFIG,
        inventory: INVENTORY,
        set: { type: "string", multiple: true, arg: "<resource>.<setting>=<value>", help: "what-if (repeatable): e.g. lab-pg.allowForgedTransmits=true, lab-pg.macLearning=true, lab-pg.trunk=30,40; applied as the provider would (false on a DistributedPortGroup inherits the switch)" },
        format: format(FORMATS, "output format (default text)"),
        output: OUTPUT,
        "allow-partial": ALLOW_PARTIAL,
        quiet: QUIET,
        "no-color": NO_COLOR,
    },
    details: "Exit code 0 when all four legs are delivered (reachable), 1 otherwise. --set re-runs the conversation with the changes applied, so a fix can be tried before the code is edited.",
    async run(args, ctx) {
        const targets = planOutputs(args.order, FORMATS);
        const stack = loadInput(args, args.positionals[0]);
        const { config, file } = loadConfig(args, ctx.io.cwd);
        checkOwnConfig(config, configWhere(file));
        const analysis = ownAnalysis(stack, config, file);
        const from = resolveWorkload(analysis, str(args, "from")!, "--from");
        const to = resolveWorkload(analysis, str(args, "to")!, "--to");
        const changes: Change[] = [];
        const notes: string[] = [];
        for (const expr of list(args, "set")) {
            const w = parseWhatIf(analysis.translation, expr);
            if (!w.ok) throw new CliError(w.error, EXIT.USAGE);
            changes.push(...w.changes);
            if (w.note) notes.push(w.note);
        }
        const outcome = traceConversation(analysis, from, to, changes);
        warn(ctx, args, [...stack.warnings, ...notes, ...analysis.translation.diagnostics.filter((d) => d.kind === "inventory").map((d) => d.message)]);
        for (const t of targets) {
            writeOutput(ctx.io, t, (color) => (t.format === "json" ? jsonText(traceToJson(analysis, stack, outcome, ctx.io.cwd)) : formatTraceText(analysis, stack, outcome, ctx.io.cwd, colorOf(args, color))));
        }
        return outcome.result.verdict === "reachable" ? EXIT.OK : EXIT.FINDINGS;
    },
};
