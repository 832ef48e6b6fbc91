/**
 * The `vsnet` commands. Each is a `Command` in `COMMANDS`: its options (node's `util.parseArgs`
 * spec plus allowed values), how many positionals it takes, and `run`. A new command (`diff`) or
 * option (`trace --set`, repeatable) is one entry here.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { build } from "../policies/analysis";
import { DEFAULT_START_TIMEOUT_MS, StartTimeoutError, startPack, type PackProcess, type PolicyPackConfig } from "./analyzer-client";
import { fails, loadPolicyConfig, runCheck, type CheckResult, type FailOn } from "./check";
import { checkDeclarations, checkOwnConfig, OWN_PACK } from "./config-validate";
import type { Analysis } from "../policies/analysis";
import { formatText, jsonError, sarifErrorLog, toJson, toSarif } from "./check-output";
import { CliError, EXIT, oneLine } from "./errors";
import { explainPolicy, listPolicies } from "./explain";
import type { Io } from "./io";
import { Guard, jsonText, safeLine, terminalSafe } from "./sanitize";
import { loadStack, rawResources, type LoadedStack } from "./stack-file";
import { DECLARING_POLICY } from "../policies/sharedConfig";
import { PARTIAL_INPUT_KEY } from "../policies/gaps";
import { PACKAGE_ROOT, TOOL } from "./tool";
import { declarationsFrom, formatTraceText, resolveWorkload, traceConversation, traceToJson } from "./trace";
import { buildDiff, diffToJson, diffToSarif, formatDiffText } from "./diff";
import { introducesProblems } from "../policies/diff";
import { applyInventories, runInventory } from "./inventory";
import { parseWhatIf } from "../policies/whatIf";
import type { Change } from "../sim";
import { Linker } from "../findings/link";
import { locations, projectDir } from "./locations";


export interface OptionSpec {
    type: "string" | "boolean";
    /** May be given more than once (values collected in order). */
    multiple?: boolean;
    short?: string;
    /** Allowed values; the first is the default when `default` is not set. */
    choices?: readonly string[];
    default?: string;
    /** Placeholder and help text for the usage output. */
    arg?: string;
    help: string;
    required?: boolean;
}

export interface Parsed {
    positionals: string[];
    /** Single-valued options: the value; repeatable ones: every value, in order. */
    values: Record<string, string | string[] | boolean | undefined>;
}

export interface Context {
    io: Io;
    /**
     * A running pack for the default pack directory, to reuse (the demo runs several checks on one
     * pack process). Without it, `check` starts the pack and stops it when done.
     */
    pack?: PackProcess;
}

export interface Command {
    name: string;
    summary: string;
    /** `<file> ...` after the command name. */
    synopsis: string;
    positionals: { min: number; max: number; names: string[] };
    options: Record<string, OptionSpec>;
    details?: string;
    run(args: Parsed, ctx: Context): Promise<number>;
}

// ------------------------------------------------------------------------------------------------
// Shared pieces
// ------------------------------------------------------------------------------------------------

const CONFIG_OPTION: OptionSpec = { type: "string", arg: "<policy-config.json>", help: "policy config as `pulumi preview --policy-pack-config` takes it" };

function str(args: Parsed, name: string): string | undefined {
    const v = args.values[name];
    return typeof v === "string" ? v : undefined;
}

/** Warnings, one line each (escaped), on standard error: always before the report. */
function warn(ctx: Context, lines: readonly string[]): void {
    for (const l of lines) ctx.io.err(`vsnet: warning: ${safeLine(l)}\n`);
}

const INVENTORY_OPTION: OptionSpec = {
    type: "string",
    multiple: true,
    arg: "<file>",
    help: "inventory of the networks the stack does not define (repeatable): a `vsnet inventory` file or a `pulumi stack export` of the stack that owns them",
};

function loadConfig(args: Parsed, cwd = process.cwd()): { config: PolicyPackConfig; file?: string } {
    const file = str(args, "config");
    const config = file === undefined ? {} : loadPolicyConfig(file);
    const inventories = (args.values.inventory as string[] | undefined) ?? [];
    return { config: applyInventories(config, inventories, cwd), ...(file === undefined ? {} : { file }) };
}

const PROJECT_DIR_OPTION: OptionSpec = {
    type: "string",
    arg: "<dir>",
    help: "the Pulumi project directory (where Pulumi.yaml is), to place SARIF results on the program's lines: the saved stack records them relative to it (default: the nearest Pulumi.yaml above the saved stack, else above the working directory)",
};

/** What the policy config is called in messages. */
const configWhere = (file: string | undefined): string => (file ? `policy config ${file}` : "policy config");

/**
 * Runs the pack on a saved stack. For this CLI's own pack, the declarations are checked first (a
 * usage error, as the pack would report them as findings) on the in-process analysis, which is kept
 * for linking the findings (findings/link.ts) and for the report formatters.
 */
async function checkWithPack(ctx: Context, args: Parsed, timeoutMs: number, stack: LoadedStack, config: PolicyPackConfig, file: string | undefined): Promise<{ result: CheckResult; analysis?: Analysis }> {
    let analysis: Analysis | undefined;
    const own = (info: { name: string }): void => {
        if (info.name !== OWN_PACK || analysis) return;
        const decl = declarationsFrom(config);
        analysis = build(rawResources(stack), decl);
        checkDeclarations(analysis.translation, decl, DECLARING_POLICY, configWhere(file));
    };
    // The shipped pack: its config is checked before it is started (a mistake costs no pack start).
    if (str(args, "pack") === undefined) {
        checkOwnConfig(config, configWhere(file));
        own({ name: OWN_PACK });
    }
    const result = await withPack(ctx, str(args, "pack"), timeoutMs, async (pack) => {
        try {
            return await runCheck(pack, stack, config, file, own);
        } catch (e) {
            if (e instanceof CliError) throw e;
            throw new CliError(`the policy pack failed: ${oneLine(e)}`, EXIT.FAILED);
        }
    });
    return { result, ...(analysis ? { analysis } : {}) };
}

/** The in-process analysis of this CLI's own pack for `trace` and `diff`, after checking the config as a preview would. */
function ownAnalysis(stack: LoadedStack, config: PolicyPackConfig, file: string | undefined): Analysis {
    const decl = declarationsFrom(config);
    const analysis = build(rawResources(stack), stack.partial ? { ...decl, [PARTIAL_INPUT_KEY]: true } : decl);
    checkDeclarations(analysis.translation, decl, DECLARING_POLICY, configWhere(file));
    return analysis;
}

const ALLOW_PARTIAL_OPTION: OptionSpec = {
    type: "boolean",
    help: "accept a preview saved without --show-sames (only what changes); the pack then withholds advice that could depend on the resources it cannot see",
};

/**
 * Loads a saved stack, refusing a partial preview (exit 8) unless `--allow-partial`: a report on
 * part of a stack reads as authoritative and is not.
 */
function loadInput(args: Parsed, file: string): LoadedStack {
    const stack = loadStack(file);
    if (stack.partial && args.values["allow-partial"] !== true) {
        throw new CliError(
            `${stack.file} is a \`pulumi preview --json\` without unchanged resources, so the check would not see the whole stack: save it with \`pulumi preview --json --show-sames\`, or pass --allow-partial to check what is there`,
            EXIT.PARTIAL,
        );
    }
    return stack;
}

/** `--start-timeout <seconds>`, else `VSNET_START_TIMEOUT`, else the default; in milliseconds. */
function startTimeoutMs(args: Parsed): number {
    const flag = str(args, "start-timeout");
    const raw = flag ?? process.env.VSNET_START_TIMEOUT;
    if (raw === undefined || raw === "") return DEFAULT_START_TIMEOUT_MS;
    const seconds = Number(raw);
    if (!/^\s*\d+(\.\d+)?\s*$/.test(raw) || !(seconds > 0) || seconds > 3600) {
        throw new CliError(`${flag !== undefined ? "--start-timeout" : "VSNET_START_TIMEOUT"} must be a number of seconds between 0 and 3600, not ${JSON.stringify(raw)}`, EXIT.USAGE);
    }
    return Math.round(seconds * 1000);
}

async function withPack<T>(ctx: Context, packDir: string | undefined, timeoutMs: number, fn: (pack: PackProcess) => Promise<T>): Promise<T> {
    const dir = path.resolve(ctx.io.cwd, packDir ?? PACKAGE_ROOT);
    if (ctx.pack && path.resolve(ctx.pack.packDir) === dir) return fn(ctx.pack);
    if (!fs.statSync(dir, { throwIfNoEntry: false })?.isDirectory()) throw new CliError(`policy pack directory ${dir} does not exist`, EXIT.UNREADABLE);
    let pack: PackProcess;
    try {
        pack = await startPack(dir, { startTimeoutMs: timeoutMs });
    } catch (e) {
        if (e instanceof StartTimeoutError) {
            throw new CliError(
                `the policy pack in ${dir} did not start within ${timeoutMs / 1000} s: this machine is slow or busy (starting a pack loads Node.js and the policy SDK); raise the limit with --start-timeout <seconds> or VSNET_START_TIMEOUT=<seconds>`,
                EXIT.FAILED,
            );
        }
        throw new CliError(`could not start the policy pack in ${dir}: ${oneLine(e)}`, EXIT.FAILED);
    }
    try {
        return await fn(pack);
    } finally {
        await pack.stop();
    }
}

// ------------------------------------------------------------------------------------------------
// check
// ------------------------------------------------------------------------------------------------

const check: Command = {
    name: "check",
    summary: "evaluate the policy pack against a saved stack, through the analyzer protocol the engine uses",
    synopsis: "<stack.json>",
    positionals: { min: 1, max: 1, names: ["stack.json"] },
    options: {
        config: CONFIG_OPTION,
        inventory: INVENTORY_OPTION,
        format: { type: "string", arg: "text|json|sarif|markdown", choices: ["text", "json", "sarif", "markdown"], help: "output format (default text); markdown: for a pull request or job summary, with a Mermaid diagram per failing conversation" },
        "fail-on": { type: "string", arg: "mandatory|advisory|never", choices: ["mandatory", "advisory", "never"], help: "exit 1 when a violation at or above this level is found (default mandatory)" },
        pack: { type: "string", arg: "<dir>", help: "policy pack directory (default: the pack this CLI ships with); the pack is code and runs with your rights: use only a pack you trust" },
        "project-dir": PROJECT_DIR_OPTION,
        "allow-partial": ALLOW_PARTIAL_OPTION,
        "start-timeout": { type: "string", arg: "<seconds>", help: `time allowed for the policy pack to start (default ${DEFAULT_START_TIMEOUT_MS / 1000}, or VSNET_START_TIMEOUT); raise it on a slow or busy machine` },
    },
    details: "<stack.json> is the output of `pulumi stack export` or of `pulumi preview --json --show-sames` (`-`: standard input). A preview without --show-sames is refused (exit 8) unless --allow-partial.",
    async run(args, ctx) {
        const format = str(args, "format") ?? "text";
        const failOn = (str(args, "fail-on") ?? "mandatory") as FailOn;
        const timeoutMs = startTimeoutMs(args);
        const stack = loadInput(args, args.positionals[0]);
        const { config: given, file } = loadConfig(args, ctx.io.cwd);
        // A partial input: tell the declaring policy, which withholds advice that rests on what it cannot see.
        const config: PolicyPackConfig = stack.partial ? { ...given, [DECLARING_POLICY]: { ...given[DECLARING_POLICY], [PARTIAL_INPUT_KEY]: true } } : given;
        warn(ctx, stack.warnings);
        const { result, analysis } = await checkWithPack(ctx, args, timeoutMs, stack, config, file);
        if (format === "json") ctx.io.out(jsonText(toJson(result, failOn, ctx.io.cwd)));
        else if (format === "sarif") {
            const where = locations(stack, ctx.io.cwd, projectDir(str(args, "project-dir"), stack.file, ctx.io.cwd));
            warn(ctx, where.warnings);
            ctx.io.out(jsonText(toSarif(result, ctx.io.cwd, where, analysis && new Linker(analysis))));
        }
        else if (format === "markdown") ctx.io.out(lazyReport().checkToMarkdown(result, analysis ?? build(rawResources(stack), declarationsFrom(config)), failOn, ctx.io.cwd));
        else ctx.io.out(formatText(result, failOn, ctx.io.cwd, ctx.io.color, new Guard([stack.resources, config])));
        return fails(result, failOn) ? EXIT.FINDINGS : EXIT.OK;
    },
};

// ------------------------------------------------------------------------------------------------
// trace
// ------------------------------------------------------------------------------------------------

const trace: Command = {
    name: "trace",
    summary: "simulate one conversation between two workloads, hop by hop, with the smallest fix",
    synopsis: "<stack.json> --from <workload> --to <workload>",
    positionals: { min: 1, max: 1, names: ["stack.json"] },
    options: {
        from: { type: "string", arg: "<workload>", required: true, help: "a declared workload, an implicit one (\"esxi-01 nic 0 guest\", \"physical network of lab-pg\") or a VM's resource name" },
        to: { type: "string", arg: "<workload>", required: true, help: "the other end, named the same way" },
        config: CONFIG_OPTION,
        inventory: INVENTORY_OPTION,
        set: { type: "string", multiple: true, arg: "<resource>.<setting>=<value>", help: "what-if (repeatable): e.g. lab-pg.allowForgedTransmits=true, lab-pg.macLearning=true, lab-pg.trunk=30,40; applied as the provider would (false on a DistributedPortGroup inherits the switch)" },
        format: { type: "string", arg: "text|json", choices: ["text", "json"], help: "output format (default text)" },
        "allow-partial": ALLOW_PARTIAL_OPTION,
    },
    details: "Exit code 0 when all four legs are delivered (reachable), 1 otherwise. --set re-runs the conversation with the changes applied, so a fix can be tried before the code is edited.",
    async run(args, ctx) {
        const format = str(args, "format") ?? "text";
        const stack = loadInput(args, args.positionals[0]);
        const { config, file } = loadConfig(args, ctx.io.cwd);
        checkOwnConfig(config, configWhere(file));
        const analysis = ownAnalysis(stack, config, file);
        const from = resolveWorkload(analysis, str(args, "from")!, "--from");
        const to = resolveWorkload(analysis, str(args, "to")!, "--to");
        const changes: Change[] = [];
        const notes: string[] = [];
        for (const expr of (args.values.set as string[] | undefined) ?? []) {
            const w = parseWhatIf(analysis.translation, expr);
            if (!w.ok) throw new CliError(w.error, EXIT.USAGE);
            changes.push(...w.changes);
            if (w.note) notes.push(w.note);
        }
        const outcome = traceConversation(analysis, from, to, changes);
        warn(ctx, stack.warnings);
        warn(ctx, notes);
        warn(ctx, analysis.translation.diagnostics.filter((d) => d.kind === "inventory").map((d) => d.message));
        if (format === "json") ctx.io.out(jsonText(traceToJson(analysis, stack, outcome, ctx.io.cwd)));
        else ctx.io.out(formatTraceText(analysis, stack, outcome, ctx.io.cwd, ctx.io.color));
        return outcome.result.verdict === "reachable" ? EXIT.OK : EXIT.FINDINGS;
    },
};

// ------------------------------------------------------------------------------------------------
// explain
// ------------------------------------------------------------------------------------------------

const explain: Command = {
    name: "explain",
    summary: "what a policy checks and why, its level, remediation and hardening ids (no argument: list the policies)",
    synopsis: "[<policy>]",
    positionals: { min: 0, max: 1, names: ["policy"] },
    options: {},
    async run(args, ctx) {
        ctx.io.out(args.positionals.length ? explainPolicy(args.positionals[0], ctx.io.color) : listPolicies(ctx.io.color));
        return EXIT.OK;
    },
};

// ------------------------------------------------------------------------------------------------
// diff
// ------------------------------------------------------------------------------------------------

const diff: Command = {
    name: "diff",
    summary: "what a change breaks or opens up between two saved stacks (e.g. the last export and a preview)",
    synopsis: "<before.json> <after.json>",
    positionals: { min: 2, max: 2, names: ["before.json", "after.json"] },
    options: {
        config: CONFIG_OPTION,
        inventory: INVENTORY_OPTION,
        format: { type: "string", arg: "text|json|sarif|markdown", choices: ["text", "json", "sarif", "markdown"], help: "output format (default text); SARIF lists only what the change introduced; markdown shows each changed conversation's path before and after" },
        "fail-on": { type: "string", arg: "introduced|never", choices: ["introduced", "never"], help: "exit 1 when the change introduces a failing conversation, new exposure or an unneeded accept (default introduced)" },
        "project-dir": PROJECT_DIR_OPTION,
        "allow-partial": ALLOW_PARTIAL_OPTION,
    },
    details: "Conversations are matched by their workloads; both traces are shown for each verdict that changed.",
    async run(args, ctx) {
        const format = str(args, "format") ?? "text";
        const { config, file } = loadConfig(args, ctx.io.cwd);
        checkOwnConfig(config, configWhere(file));
        if (args.positionals[0] === "-" && args.positionals[1] === "-") throw new CliError("only one of <before.json> and <after.json> can be standard input (-)", EXIT.USAGE);
        const side = (f: string) => {
            const stack = loadInput(args, f);
            return { stack, analysis: ownAnalysis(stack, config, file) };
        };
        const before = side(args.positionals[0]);
        const after = side(args.positionals[1]);
        const run = buildDiff(before, after);
        warn(ctx, [...before.stack.warnings, ...after.stack.warnings]);
        if (format === "json") ctx.io.out(jsonText(diffToJson(run)));
        else if (format === "sarif") {
            const where = locations(after.stack, ctx.io.cwd, projectDir(str(args, "project-dir"), after.stack.file, ctx.io.cwd));
            warn(ctx, where.warnings);
            ctx.io.out(jsonText(diffToSarif(run, ctx.io.cwd, where)));
        }
        else if (format === "markdown") ctx.io.out(lazyReport().diffToMarkdown(run, ctx.io.cwd));
        else ctx.io.out(formatDiffText(run, ctx.io.color));
        return str(args, "fail-on") !== "never" && introducesProblems(run.diff) ? EXIT.FINDINGS : EXIT.OK;
    },
};

// ------------------------------------------------------------------------------------------------
// inventory
// ------------------------------------------------------------------------------------------------

const inventory: Command = {
    name: "inventory",
    summary: "read a vCenter's switches, port groups, hosts and VM NICs (read-only) into an inventory file for --inventory",
    synopsis: "",
    positionals: { min: 0, max: 0, names: [] },
    options: {
        server: { type: "string", short: "s", arg: "<host>", help: "(-s) vCenter or ESXi host name, or https URL (default: VSPHERE_SERVER)" },
        user: { type: "string", arg: "<name>", help: "user name (default: VSPHERE_USER); a read-only role is enough" },
        "password-env": { type: "string", arg: "<VAR>", help: "environment variable holding the password (default VSPHERE_PASSWORD); never a command-line argument" },
        "ca-file": { type: "string", arg: "<pem>", help: "trust this CA (PEM) instead of the system's" },
        thumbprint: { type: "string", arg: "<sha256>", help: "pin the server certificate's SHA-256 (or SHA-1) fingerprint" },
        insecure: { type: "boolean", help: "do not verify the certificate (as VSPHERE_ALLOW_UNVERIFIED_SSL=true); this connection only" },
        timeout: { type: "string", arg: "<seconds>", help: "per request (default 60)" },
        output: { type: "string", short: "o", arg: "<file>", help: "(-o) write the inventory here (default: standard output)" },
    },
    details:
        "Connects like the vSphere provider (VSPHERE_SERVER, VSPHERE_USER, VSPHERE_PASSWORD, VSPHERE_ALLOW_UNVERIFIED_SSL). Exit codes: 0 written; 2 usage; 3 a file cannot be read or written; 10 cannot connect, timed out or the certificate does not verify; 11 login refused or no permission; 7 the server answered something unexpected.",
    async run(args, ctx) {
        const b = (n: string): boolean => args.values[n] === true;
        return runInventory(
            {
                server: str(args, "server"),
                user: str(args, "user"),
                passwordEnv: str(args, "password-env"),
                insecure: b("insecure"),
                caFile: str(args, "ca-file"),
                thumbprint: str(args, "thumbprint"),
                timeoutSeconds: str(args, "timeout"),
                output: str(args, "output"),
            },
            ctx.io,
            process.env,
            process.stderr.isTTY === true && ctx.io.color,
        );
    },
};


// ------------------------------------------------------------------------------------------------
// report
// ------------------------------------------------------------------------------------------------

/** cli/report.ts and the report/ formatters (and the layout library) load only when asked for. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const lazyReport = (): typeof import("./report") => require("./report") as typeof import("./report");

const report: Command = {
    name: "report",
    summary: "write one self-contained HTML page: the topology, every conversation's path with the dropping hop, the trace and the smallest fix",
    synopsis: "<stack.json>",
    positionals: { min: 1, max: 1, names: ["stack.json"] },
    options: {
        out: { type: "string", short: "o", arg: "<report.html>", required: true, help: "(-o) where to write the report (one file: no network needed to open it)" },
        config: CONFIG_OPTION,
        inventory: INVENTORY_OPTION,
        pack: { type: "string", arg: "<dir>", help: "policy pack directory for the findings (default: the pack this CLI ships with); the pack is code and runs with your rights: use only a pack you trust" },
        "allow-partial": ALLOW_PARTIAL_OPTION,
        "start-timeout": { type: "string", arg: "<seconds>", help: `time allowed for the policy pack to start (default ${DEFAULT_START_TIMEOUT_MS / 1000}, or VSNET_START_TIMEOUT)` },
    },
    details: "The findings are what `vsnet check` reports (the pack through the analyzer protocol); paths, traces and fixes come from the same analysis as `vsnet trace`. Exit code 0 when written.",
    async run(args, ctx) {
        const timeoutMs = startTimeoutMs(args);
        const stack = loadInput(args, args.positionals[0]);
        const { config: given, file } = loadConfig(args, ctx.io.cwd);
        const config: PolicyPackConfig = stack.partial ? { ...given, [DECLARING_POLICY]: { ...given[DECLARING_POLICY], [PARTIAL_INPUT_KEY]: true } } : given;
        const { result, analysis } = await checkWithPack(ctx, args, timeoutMs, stack, config, file);
        warn(ctx, stack.warnings);
        const r = lazyReport();
        const input = path.relative(ctx.io.cwd, path.resolve(ctx.io.cwd, stack.file)) || stack.file;
        const w = r.writeReport(analysis ?? build(rawResources(stack), declarationsFrom(config)), r.findingsOf(result), { input, out: str(args, "out")!, cwd: ctx.io.cwd });
        ctx.io.out(`wrote ${path.relative(ctx.io.cwd, w.file) || w.file} (${(w.bytes / 1024).toFixed(0)} KiB): ${w.conversations} conversations, ${w.findings} findings; open it in a browser (no network needed)\n`);
        return EXIT.OK;
    },
};

export const COMMANDS: Command[] = [check, trace, diff, report, explain, inventory];

// ------------------------------------------------------------------------------------------------
// Usage text and dispatch
// ------------------------------------------------------------------------------------------------

function commandLine(c: Command): string {
    const opts = Object.entries(c.options).map(([name, o]) => {
        const one = `--${name}${o.type === "string" ? ` ${o.arg ?? "<value>"}` : ""}`;
        return o.required ? one : `[${one}]`;
    });
    return [`vsnet ${c.name}`, c.synopsis, ...opts.filter((o) => !c.synopsis.includes(o))].filter(Boolean).join(" ");
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
        "not an inventory), or over the size limits; 6 empty stack; 7 the policy pack failed or did not start in time; 8 a preview without --show-sames",
        "(see --allow-partial); 10 (inventory) cannot connect to the vCenter; 11 (inventory) login refused or",
        "no permission; 129/130/143 ended by SIGHUP/SIGINT/SIGTERM.",
        "",
    ].join("\n");
}

export function commandUsage(c: Command): string {
    const lines = [`Usage: ${commandLine(c)}`, "", `${c.summary[0].toUpperCase()}${c.summary.slice(1)}.`];
    const opts = Object.entries(c.options);
    if (opts.length) {
        lines.push("", "Options:");
        const heads = opts.map(([n, o]) => `--${n}${o.type === "string" ? ` ${o.arg ?? "<value>"}` : ""}`);
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
            options: Object.fromEntries(
                Object.entries(c.options).map(([n, o]) => [n, { type: o.type, ...(o.multiple ? { multiple: true } : {}), ...(o.short ? { short: o.short } : {}) }]),
            ),
            allowPositionals: true,
            strict: true,
        });
    } catch (e) {
        const msg = oneLine(e);
        const unknown = /Unknown option '([^']+)'/.exec(msg);
        const missing = /Option '(-[^ ']+)[^']*' argument missing/.exec(msg);
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
    return { positionals, values };
}

/** The `--format` asked for on a command line, even one that does not parse. */
export function requestedFormat(argv: readonly string[]): string | undefined {
    let format: string | undefined;
    argv.forEach((a, i) => {
        if (a === "--format" && i + 1 < argv.length) format = argv[i + 1];
        else if (a.startsWith("--format=")) format = a.slice("--format=".length);
    });
    return format;
}

/** Output that reaches a terminal: nothing raw but the palette's own colours (`sanitize.ts`). */
function guardedIo(io: Io): Io {
    return { ...io, out: (t) => io.out(terminalSafe(t, io.color)), err: (t) => io.err(terminalSafe(t, false)) };
}

/**
 * Runs one command line; returns the exit code. Errors the user can cause become one line on stderr;
 * with `--format json` or `sarif`, standard output still gets a valid document with the error.
 */
export async function runCommand(argv: string[], outer: Context): Promise<number> {
    const ctx: Context = { ...outer, io: guardedIo(outer.io) };
    const fail = (message: string, code: number, kind = "error"): number => {
        ctx.io.err(`vsnet: ${kind}: ${safeLine(message)}\n`);
        const format = argv[0] === "explain" || argv[0] === "help" ? undefined : requestedFormat(argv);
        if (format === "json") ctx.io.out(jsonText(jsonError(message, code)));
        else if (format === "sarif") ctx.io.out(jsonText(sarifErrorLog(message, code)));
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
