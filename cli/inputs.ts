/**
 * What the commands share between parsing their options and choosing a formatter: reading the saved
 * stack and the policy config, the policies to run (`--policy`, `--skip-policy`), starting the pack,
 * the in-process analysis, warnings and the progress line.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { policies } from "../policies";
import { build, type Analysis } from "../policies/analysis";
import { PARTIAL_INPUT_KEY } from "../policies/gaps";
import { DECLARING_POLICY } from "../policies/sharedConfig";
import { didYouMean } from "../translate/host-facts";
import { DEFAULT_START_TIMEOUT_MS, StartTimeoutError, startPack, type PackProcess, type PolicyPackConfig } from "./analyzer-client";
import { loadPolicyConfig, runCheck, type CheckResult } from "./check";
import { checkDeclarations, checkOwnConfig, OWN_PACK } from "./config-validate";
import { CliError, EXIT, oneLine } from "./errors";
import { applyInventories } from "./inventory";
import { flag, list, str, type Context, type Parsed } from "./options";
import { Progress } from "./progress";
import { safeLine } from "./sanitize";
import { loadStack, rawResources, type LoadedStack } from "./stack-file";
import { PACKAGE_ROOT } from "./tool";
import { declarationsFrom } from "./trace";

/** Warnings, one line each (escaped), on standard error: always before the report; none with `--quiet`. */
export function warn(ctx: Context, args: Parsed, lines: readonly string[]): void {
    if (flag(args, "quiet")) return;
    for (const l of lines) ctx.io.err(`vsnet: warning: ${safeLine(l)}\n`);
}

/** The progress line of a run (a terminal only, not with `--quiet`). */
export function progressOf(ctx: Context, args: Parsed): Progress {
    return new Progress(ctx.io.status, { enabled: !flag(args, "quiet") });
}

/** Colour on standard output for this run (`--no-color` wins). */
export const colorOf = (args: Parsed, color: boolean): boolean => color && !flag(args, "no-color");

/** What the policy config is called in messages. */
export const configWhere = (file: string | undefined): string => (file ? `policy config ${file}` : "policy config");

/**
 * Loads a saved stack, refusing a partial preview (exit 8) unless `--allow-partial`: a report on
 * part of a stack reads as authoritative and is not.
 */
export function loadInput(args: Parsed, file: string): LoadedStack {
    const stack = loadStack(file);
    if (stack.partial && !flag(args, "allow-partial")) {
        throw new CliError(
            `${stack.file} is a \`pulumi preview --json\` without unchanged resources, so the check would not see the whole stack: save it with \`pulumi preview --json --show-sames\`, or pass --allow-partial to check what is there`,
            EXIT.PARTIAL,
        );
    }
    return stack;
}

/** The policy config file (`--config`) with the inventories (`--inventory`) added to its declarations. */
export function loadConfig(args: Parsed, cwd: string): { config: PolicyPackConfig; file?: string } {
    const file = str(args, "config");
    const config = file === undefined ? {} : loadPolicyConfig(file);
    return { config: applyInventories(config, list(args, "inventory"), cwd), ...(file === undefined ? {} : { file }) };
}

/** A partial input: the declaring policy is told, and withholds advice that rests on what it cannot see. */
export function withPartial(config: PolicyPackConfig, stack: LoadedStack): PolicyPackConfig {
    return stack.partial ? { ...config, [DECLARING_POLICY]: { ...config[DECLARING_POLICY], [PARTIAL_INPUT_KEY]: true } } : config;
}

/**
 * `--policy` and `--skip-policy`: every policy not selected is sent `enforcementLevel: "disabled"`
 * (its other settings kept: the declarations live in a policy's config). Unknown names are usage
 * errors with the closest name.
 */
export function selectPolicies(args: Parsed, config: PolicyPackConfig, names: readonly string[]): PolicyPackConfig {
    const only = list(args, "policy", true);
    const skip = list(args, "skip-policy", true);
    if (only.length === 0 && skip.length === 0) return config;
    for (const [opt, given] of [["--policy", only], ["--skip-policy", skip]] as const) {
        for (const n of given) {
            if (names.includes(n)) continue;
            const guess = didYouMean(n, names);
            throw new CliError(`${opt} ${n}: no such policy${guess ? `; did you mean "${guess}"?` : ` (the policies: ${names.join(", ")})`}`, EXIT.USAGE);
        }
    }
    const out: PolicyPackConfig = { ...config };
    for (const n of names) {
        if ((only.length && !only.includes(n)) || skip.includes(n)) out[n] = { ...out[n], enforcementLevel: "disabled" };
    }
    return out;
}

/** `--start-timeout <seconds>`, else `VSNET_START_TIMEOUT`, else the default; in milliseconds. */
export function startTimeoutMs(args: Parsed): number {
    const given = str(args, "start-timeout");
    const raw = given ?? process.env.VSNET_START_TIMEOUT;
    if (raw === undefined || raw === "") return DEFAULT_START_TIMEOUT_MS;
    const seconds = Number(raw);
    if (!/^\s*\d+(\.\d+)?\s*$/.test(raw) || !(seconds > 0) || seconds > 3600) {
        throw new CliError(`${given !== undefined ? "--start-timeout" : "VSNET_START_TIMEOUT"} must be a number of seconds between 0 and 3600, not ${JSON.stringify(raw)}`, EXIT.USAGE);
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

/**
 * Runs the pack on a saved stack. The config is checked first as the Pulumi CLI and the pack would
 * (cli/config-validate.ts); for the shipped pack before it is started, on the in-process analysis,
 * which is kept for linking the findings (findings/link.ts) and for the report formatters.
 */
export async function checkWithPack(ctx: Context, args: Parsed, stack: LoadedStack, given: PolicyPackConfig, file: string | undefined, progress?: Progress): Promise<{ result: CheckResult; analysis?: Analysis }> {
    const timeoutMs = startTimeoutMs(args);
    let analysis: Analysis | undefined;
    const where = configWhere(file);
    const own = (config: PolicyPackConfig): void => {
        const decl = declarationsFrom(config);
        analysis = build(rawResources(stack), decl);
        checkDeclarations(analysis.translation, decl, DECLARING_POLICY, where);
    };
    const shipped = str(args, "pack") === undefined;
    if (shipped) {
        const config = selectPolicies(args, given, policies.map((p) => p.name));
        checkOwnConfig(config, where);
        own(config);
    }
    progress?.update("starting the policy pack");
    const result = await withPack(ctx, str(args, "pack"), timeoutMs, async (pack) => {
        try {
            return await runCheck(pack, stack, given, {
                configFile: file,
                select: (names) => selectPolicies(args, given, names),
                beforeConfigure: (info, config) => {
                    if (info.name === OWN_PACK && !analysis) own(config);
                },
                progress: (what, done, total) => progress?.update(what, done, total),
            });
        } catch (e) {
            if (e instanceof CliError) throw e;
            throw new CliError(`the policy pack failed: ${oneLine(e)}`, EXIT.FAILED);
        }
    });
    return { result, ...(analysis ? { analysis } : {}) };
}

/** The in-process analysis of this CLI's own pack for `trace` and `diff`, after checking the config as a preview would. */
export function ownAnalysis(stack: LoadedStack, config: PolicyPackConfig, file: string | undefined): Analysis {
    const decl = declarationsFrom(config);
    const analysis = build(rawResources(stack), stack.partial ? { ...decl, [PARTIAL_INPUT_KEY]: true } : decl);
    checkDeclarations(analysis.translation, decl, DECLARING_POLICY, configWhere(file));
    return analysis;
}
