/**
 * The `vsnet` commands: the registry, the usage text, parsing (node's `util.parseArgs`, in
 * command-line order so `--format` and `--output` pair up), and dispatch. Each command is a
 * `Command` in cli/commands/: its options, positionals and `run`, which reads its inputs and chooses
 * a formatter (findings/, report/).
 */
import { parseArgs } from "node:util";
import { junitError } from "../findings/junit";
import { jsonError, sarifErrorLog } from "./check-output";
import { check } from "./commands/check";
import { diff } from "./commands/diff";
import { explain } from "./commands/explain";
import { init } from "./commands/init";
import { inventory } from "./commands/inventory";
import { report } from "./commands/report";
import { trace } from "./commands/trace";
import { CliError, EXIT, oneLine } from "./errors";
import type { Io } from "./io";
import type { Command, Context, OptionSpec, Parsed } from "./options";
import { requestedOutputs, writeOutput } from "./outputs";
import { jsonText, safeLine, terminalSafe } from "./sanitize";
import { TOOL } from "./tool";

export type { Command, Context, OptionSpec, Parsed } from "./options";

export const COMMANDS: Command[] = [check, trace, diff, report, explain, init, inventory];

/** `-f, --format text|json` */
function optionHead(name: string, o: OptionSpec): string {
    return `${o.short ? `-${o.short}, ` : ""}--${name}${o.type === "string" ? ` ${o.arg ?? "<value>"}` : ""}`;
}

function commandLine(c: Command): string {
    const opts = Object.entries(c.options).map(([name, o]) => {
        const one = `${o.short ? `-${o.short}|` : ""}--${name}${o.type === "string" ? ` ${o.arg ?? "<value>"}` : ""}`;
        return o.required ? one : `[${one}]${o.multiple ? "..." : ""}`;
    });
    return [`vsnet ${c.name}`, c.synopsis, ...opts.filter((o) => !c.synopsis.includes(o.replace(/^-\w\|/, "")))].filter(Boolean).join(" ");
}

export function usage(): string {
    return [
        `${TOOL.name} ${TOOL.version}: check saved Pulumi stacks against the vsphere-nested-networking policy pack, offline.`,
        "",
        "Usage:",
        ...COMMANDS.map((c) => `  ${commandLine(c)}`),
        "  vsnet help [<command>]",
        "  vsnet --version",
        "",
        "Commands:",
        ...COMMANDS.map((c) => `  ${c.name.padEnd(8)} ${c.summary}`),
        "",
        "<stack.json> is the output of `pulumi stack export` or `pulumi preview --json --show-sames`.",
        "",
        "Exit codes: 0 clean (check) or reachable (trace); 1 a violation at or above --fail-on (check) or",
        "not reachable (trace); 2 usage error or invalid policy config (what `pulumi preview` would refuse",
        "or the pack report: unknown keys and names, with the closest valid one); 3 file missing or",
        "unreadable; 4 not valid JSON (malformed or truncated); 5 neither a stack export nor a preview (or",
        "not an inventory), or over the size limits; 6 empty stack; 7 the policy pack failed or did not",
        "start in time; 8 a preview without --show-sames (see --allow-partial); 10 (inventory) cannot",
        "connect to the vCenter; 11 (inventory) login refused or no permission; 129/130/143 ended by",
        "SIGHUP/SIGINT/SIGTERM.",
        "",
        "Colour: on a terminal, unless --no-color or NO_COLOR; FORCE_COLOR=1 colours a pipe too.",
        "",
    ].join("\n");
}

export function commandUsage(c: Command): string {
    const lines = [`Usage: ${commandLine(c)}`, "", `${c.summary[0].toUpperCase()}${c.summary.slice(1)}.`];
    const opts = Object.entries(c.options);
    if (opts.length) {
        lines.push("", "Options:");
        const heads = opts.map(([n, o]) => optionHead(n, o));
        const width = Math.max(...heads.map((h) => h.length));
        opts.forEach(([, o], i) => lines.push(`  ${heads[i].padEnd(width)}  ${o.help}`));
    }
    if (c.details) lines.push("", c.details);
    return lines.join("\n") + "\n";
}

function parse(c: Command, argv: string[]): Parsed {
    let parsed: ReturnType<typeof parseArgs>;
    try {
        parsed = parseArgs({
            args: argv,
            tokens: true,
            options: Object.fromEntries(
                Object.entries(c.options).map(([n, o]) => [n, { type: o.type, ...(o.multiple ? { multiple: true } : {}), ...(o.short ? { short: o.short } : {}) }]),
            ),
            allowPositionals: true,
            strict: true,
        });
    } catch (e) {
        const msg = oneLine(e);
        const unknown = /Unknown option '([^']+)'/.exec(msg);
        const missing = /Option '(?:-\w, )?(-[^ ',]+)[^']*' argument missing/.exec(msg);
        const why = unknown ? `unknown option ${unknown[1]}` : missing ? `${missing[1]} needs a value` : msg.replace(/\.$/, "");
        throw new CliError(`${why} (see \`vsnet help ${c.name}\`)`, EXIT.USAGE);
    }
    const { positionals } = parsed;
    const values = parsed.values as Parsed["values"];
    if (positionals.length < c.positionals.min) {
        throw new CliError(`vsnet ${c.name} needs ${c.positionals.names.slice(positionals.length, c.positionals.min).map((n) => `<${n}>`).join(" ")} (see \`vsnet help ${c.name}\`)`, EXIT.USAGE);
    }
    if (positionals.length > c.positionals.max) {
        throw new CliError(`vsnet ${c.name} takes ${c.positionals.max === 0 ? "no" : `at most ${c.positionals.max}`} argument${c.positionals.max === 1 ? "" : "s"}; unexpected ${JSON.stringify(positionals[c.positionals.max])}`, EXIT.USAGE);
    }
    for (const [n, o] of Object.entries(c.options)) {
        const v = values[n];
        if (o.required && (v === undefined || v === "")) throw new CliError(`vsnet ${c.name} needs --${n} ${o.arg ?? "<value>"}`, EXIT.USAGE);
        const given = Array.isArray(v) ? v : typeof v === "string" ? [v] : [];
        for (const g of given) {
            if (o.choices && !o.choices.includes(g)) throw new CliError(`--${n} must be one of ${o.choices.join(", ")}, not ${JSON.stringify(g)}`, EXIT.USAGE);
        }
    }
    const order = (parsed.tokens ?? []).flatMap((t) => (t.kind === "option" ? [{ name: t.name, ...(t.value !== undefined ? { value: t.value } : {}) }] : []));
    return { positionals, values, order };
}

/** Output that reaches a terminal: nothing raw but the palette's own colours (`sanitize.ts`). */
function guardedIo(io: Io): Io {
    return { ...io, out: (t) => io.out(terminalSafe(t, io.color)), err: (t) => io.err(terminalSafe(t, false)) };
}

/** The document a failed run still writes to an output of this format, so a CI step that reads it gets one. */
function errorDocument(format: string, argv: readonly string[], message: string, code: number): string | undefined {
    if (format === "json") return jsonText(jsonError(message, code));
    if (format === "sarif") return jsonText(sarifErrorLog(message, code));
    if (format === "junit") return junitError(`vsnet ${argv[0] ?? ""}`, message, code);
    if (format === "github") return `::error title=vsnet::${message.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A")}\n`;
    return undefined;
}

/**
 * Runs one command line; returns the exit code. Errors the user can cause become one line on stderr;
 * every output asked for in a format a machine reads (json, sarif, junit, github) still gets a valid
 * document with the error.
 */
export async function runCommand(argv: string[], outer: Context): Promise<number> {
    const ctx: Context = { ...outer, io: guardedIo(outer.io) };
    const fail = (message: string, code: number, kind = "error"): number => {
        ctx.io.err(`vsnet: ${kind}: ${safeLine(message)}\n`);
        const c = COMMANDS.find((x) => x.name === argv[0]);
        const formats = c?.options.format?.choices;
        if (formats && c.name !== "explain") {
            for (const t of requestedOutputs(argv.slice(1), formats)) {
                const doc = errorDocument(t.format, argv, message, code);
                if (doc === undefined) continue;
                try {
                    writeOutput(ctx.io, t, () => doc);
                } catch {
                    // The error is already on standard error; a file that cannot be written adds nothing.
                }
            }
        }
        return code;
    };
    try {
        const [name, ...rest] = argv;
        if (name === undefined || name === "--help" || name === "-h") {
            ctx.io.out(usage());
            return name === undefined ? EXIT.USAGE : EXIT.OK;
        }
        if (name === "--version" || name === "-V" || name === "version") {
            ctx.io.out(`${TOOL.name} ${TOOL.version}\n`);
            return EXIT.OK;
        }
        if (name === "help") {
            if (rest.length === 0) {
                ctx.io.out(usage());
                return EXIT.OK;
            }
            const c = COMMANDS.find((x) => x.name === rest[0]);
            if (!c) throw new CliError(`no command ${JSON.stringify(rest[0])}; the commands are ${COMMANDS.map((x) => x.name).join(", ")}`, EXIT.USAGE);
            ctx.io.out(commandUsage(c));
            return EXIT.OK;
        }
        const c = COMMANDS.find((x) => x.name === name);
        if (!c) throw new CliError(`no command ${JSON.stringify(name)}; the commands are ${COMMANDS.map((x) => x.name).join(", ")} (see \`vsnet --help\`)`, EXIT.USAGE);
        if (rest.includes("--help") || rest.includes("-h")) {
            ctx.io.out(commandUsage(c));
            return EXIT.OK;
        }
        return await c.run(parse(c, rest), ctx);
    } catch (e) {
        if (e instanceof CliError) return fail(oneLine(e), e.code);
        return fail(`${oneLine(e)} (please report this)`, EXIT.FAILED, "internal error");
    }
}
