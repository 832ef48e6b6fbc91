/**
 * Command-line options: how a command declares them (node's `util.parseArgs` spec plus allowed
 * values and help), and the options several commands share, declared once.
 */
import type { PackProcess } from "./analyzer-client";
import type { Io } from "./io";

export interface OptionSpec {
    type: "string" | "boolean";
    /** May be given more than once (values collected in order). */
    multiple?: boolean;
    short?: string;
    /** Allowed values. */
    choices?: readonly string[];
    /** Placeholder and help text for the usage output. */
    arg?: string;
    help: string;
    required?: boolean;
}

export interface Parsed {
    positionals: string[];
    /** Single-valued options: the value; repeatable ones: every value, in order. */
    values: Record<string, string | string[] | boolean | undefined>;
    /** Options in command-line order (`--format` and `--output` pair by it). */
    order: Array<{ name: string; value?: string }>;
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

/** A single-valued string option (the last one given). */
export function str(args: Parsed, name: string): string | undefined {
    const v = args.values[name];
    return typeof v === "string" ? v : Array.isArray(v) ? v[v.length - 1] : undefined;
}

/** A repeatable option's values; comma-separated lists are split (`--policy a,b`). */
export function list(args: Parsed, name: string, split = false): string[] {
    const v = args.values[name];
    const all = Array.isArray(v) ? v : typeof v === "string" ? [v] : [];
    return split ? all.flatMap((x) => x.split(",")).map((x) => x.trim()).filter(Boolean) : all;
}

export const flag = (args: Parsed, name: string): boolean => args.values[name] === true;

// ------------------------------------------------------------------------------------------------
// Shared options
// ------------------------------------------------------------------------------------------------

export const CONFIG: OptionSpec = { type: "string", short: "c", arg: "<policy-config.json>", help: "policy config as `pulumi preview --policy-pack-config` takes it" };

export const INVENTORY: OptionSpec = {
    type: "string",
    short: "i",
    multiple: true,
    arg: "<file>",
    help: "inventory of the networks the stack does not define (repeatable): a `vsnet inventory` file or a `pulumi stack export` of the stack that owns them",
};

/** `--format` (repeatable: several formats in one run, each to its `--output`). */
export function format(choices: readonly string[], help: string): OptionSpec {
    return { type: "string", short: "f", multiple: true, arg: choices.join("|"), choices, help };
}

export const OUTPUT: OptionSpec = {
    type: "string",
    short: "o",
    multiple: true,
    arg: "<file>",
    help: "write the --format given just before it to this file (repeatable; without a --format before it, the file's extension says which: .sarif, .json, .xml = junit, .md, .txt); the format left without a file goes to standard output",
};

export const PACK: OptionSpec = { type: "string", arg: "<dir>", help: "policy pack directory (default: the pack this CLI ships with); the pack is code and runs with your rights: use only a pack you trust" };

export const PROJECT_DIR: OptionSpec = {
    type: "string",
    arg: "<dir>",
    help: "the Pulumi project directory (where Pulumi.yaml is), to place SARIF results and GitHub annotations on the program's lines: the saved stack records them relative to it (default: the nearest Pulumi.yaml above the saved stack, else above the working directory)",
};

export const ALLOW_PARTIAL: OptionSpec = {
    type: "boolean",
    help: "accept a preview saved without --show-sames (only what changes); the pack then withholds advice that could depend on the resources it cannot see",
};

export function startTimeout(defaultSeconds: number): OptionSpec {
    return { type: "string", arg: "<seconds>", help: `time allowed for the policy pack to start (default ${defaultSeconds}, or VSNET_START_TIMEOUT); raise it on a slow or busy machine` };
}

export const QUIET: OptionSpec = { type: "boolean", short: "q", help: "no warnings and no progress on standard error; nothing on standard output when there is nothing to report" };

export const NO_COLOR: OptionSpec = { type: "boolean", help: "no colour (also NO_COLOR=1; FORCE_COLOR=1 colours even when standard output is not a terminal)" };

export const POLICY: OptionSpec = { type: "string", multiple: true, arg: "<policy>", help: "run only this policy (repeatable, or a comma-separated list); the others are disabled" };

export const SKIP_POLICY: OptionSpec = { type: "string", multiple: true, arg: "<policy>", help: "disable this policy (repeatable, or a comma-separated list)" };
