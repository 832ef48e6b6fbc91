/** Runs the compiled CLI (`dist/cli/main.js`) as a subprocess, the way a user or CI does. */
import { spawn } from "node:child_process";
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

export function vsnet(args: string[], opts: { cwd?: string; env?: Record<string, string | undefined> } = {}): Promise<Run> {
    return new Promise((resolve, reject) => {
        const env: Record<string, string | undefined> = { ...process.env, ...opts.env };
        for (const [k, v] of Object.entries(env)) if (v === undefined) delete env[k];
        const child = spawn(process.execPath, [CLI, ...args], { cwd: opts.cwd ?? ROOT, env: env as NodeJS.ProcessEnv, stdio: ["ignore", "pipe", "pipe"] });
        let stdout = "";
        let stderr = "";
        child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
        child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
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
