/** Runs the compiled CLI (`dist/cli/main.js`) as a subprocess, the way a user or CI does. */
import { spawn } from "node:child_process";
import * as os from "node:os";
import * as path from "node:path";

// Compiled to dist/tests/cli/run.js: the project root is three levels up.
export const ROOT = path.resolve(__dirname, "../../..");
export const CLI = path.join(ROOT, "dist", "cli", "main.js");

export interface Run {
    args: string[];
    code: number | null;
    stdout: string;
    stderr: string;
}

/**
 * How many `vsnet` subprocesses run at once across all suites: each `check` starts its own pack
 * process, and ten at once on a loaded 2-core machine blow the pack's start limit. Override with
 * `VSNET_TEST_CONCURRENCY`.
 */
export const CONCURRENCY = Math.max(1, Number(process.env.VSNET_TEST_CONCURRENCY) || os.availableParallelism());

let running = 0;
const waiting: Array<() => void> = [];

/** Runs `fn` when fewer than `CONCURRENCY` runs are in flight. */
export async function limited<T>(fn: () => Promise<T>): Promise<T> {
    if (running >= CONCURRENCY) await new Promise<void>((resolve) => waiting.push(resolve));
    running++;
    try {
        return await fn();
    } finally {
        running--;
        waiting.shift()?.();
    }
}

/** Runs the CLI (at most `CONCURRENCY` at a time); `input` is written to its standard input. */
export function vsnet(args: string[], opts: { cwd?: string; env?: Record<string, string | undefined>; input?: string } = {}): Promise<Run> {
    return limited(() => spawnVsnet(args, opts));
}

function spawnVsnet(args: string[], opts: { cwd?: string; env?: Record<string, string | undefined>; input?: string }): Promise<Run> {
    return new Promise((resolve, reject) => {
        // A loaded CI machine may need more than the default 30 s to start a pack.
        // FORCE_COLOR from the environment running the tests would colour every run: a test asks for it.
        const env: Record<string, string | undefined> = { VSNET_START_TIMEOUT: "120", ...process.env, FORCE_COLOR: undefined, ...opts.env };
        for (const [k, v] of Object.entries(env)) if (v === undefined) delete env[k];
        const child = spawn(process.execPath, [CLI, ...args], { cwd: opts.cwd ?? ROOT, env: env as NodeJS.ProcessEnv, stdio: [opts.input === undefined ? "ignore" : "pipe", "pipe", "pipe"] });
        if (opts.input !== undefined) child.stdin!.end(opts.input);
        let stdout = "";
        let stderr = "";
        child.stdout!.setEncoding("utf8").on("data", (d: string) => (stdout += d));
        child.stderr!.setEncoding("utf8").on("data", (d: string) => (stderr += d));
        child.once("error", reject);
        child.once("close", (code) => resolve({ args, code, stdout, stderr }));
    });
}

/** `examples/<lab>/<file> --config examples/<lab>/policy-config.json` */
export function example(lab: string, file: string): string[] {
    return [`examples/${lab}/${file}`, "--config", `examples/${lab}/policy-config.json`];
}

/** A readable description of a run for assertion messages. */
export function show(r: Run): string {
    return `vsnet ${r.args.join(" ")} -> exit ${r.code}\n--- stdout ---\n${r.stdout.slice(0, 4000)}\n--- stderr ---\n${r.stderr}`;
}
