/**
 * Where each output of a run goes: several formats in one run (one pack start), each `--output FILE`
 * taking the `--format` given just before it (or, without one, the format its extension names), and
 * at most one format left for standard output. Files are written whole; nothing written to a file
 * carries colour or a raw control character (cli/sanitize.ts).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { CliError, EXIT, oneLine } from "./errors";
import type { Io } from "./io";
import type { Parsed } from "./options";
import { terminalSafe } from "./sanitize";

export interface OutputTarget {
    format: string;
    /** Undefined: standard output. */
    file?: string;
}

const BY_EXTENSION: Record<string, string> = { ".sarif": "sarif", ".json": "json", ".xml": "junit", ".md": "markdown", ".txt": "text", ".log": "text" };

/**
 * The outputs of a command line, from its `--format` and `--output` options in order. `allowed`: the
 * command's formats; `fallback`: the format of a run that names none.
 */
export function planOutputs(order: Parsed["order"], allowed: readonly string[], fallback = "text"): OutputTarget[] {
    const out: OutputTarget[] = [];
    let pending: OutputTarget | undefined;
    for (const o of order) {
        if (o.name === "format" && o.value !== undefined) {
            if (pending) out.push(pending);
            pending = { format: o.value };
        } else if (o.name === "output" && o.value !== undefined) {
            if (pending) {
                out.push({ ...pending, file: o.value });
                pending = undefined;
                continue;
            }
            const byExt = BY_EXTENSION[path.extname(o.value).toLowerCase()];
            if (!byExt || !allowed.includes(byExt)) {
                throw new CliError(`--output ${o.value}: put --format <${allowed.join("|")}> before it (its extension names no format of this command)`, EXIT.USAGE);
            }
            out.push({ format: byExt, file: o.value });
        }
    }
    if (pending) out.push(pending);
    if (out.length === 0) out.push({ format: fallback });
    const toStdout = out.filter((t) => t.file === undefined);
    if (toStdout.length > 1) {
        throw new CliError(`${toStdout.map((t) => t.format).join(" and ")} would both go to standard output: give each format but one an --output <file> after it`, EXIT.USAGE);
    }
    const files = out.flatMap((t) => (t.file ? [path.resolve(t.file)] : []));
    const twice = files.find((f, i) => files.indexOf(f) !== i);
    if (twice) throw new CliError(`--output ${path.relative(process.cwd(), twice) || twice} is given twice`, EXIT.USAGE);
    return out;
}

/** The outputs asked for on a command line that may not parse (for the error documents of a failed run). */
export function requestedOutputs(argv: readonly string[], allowed: readonly string[]): OutputTarget[] {
    const order: Parsed["order"] = [];
    argv.forEach((a, i) => {
        const m = /^(--format|-f|--output|-o)(?:=(.*))?$/.exec(a);
        if (!m) return;
        const name = m[1] === "--format" || m[1] === "-f" ? "format" : "output";
        const value = m[2] ?? argv[i + 1];
        if (value !== undefined) order.push({ name, value });
    });
    try {
        return planOutputs(order, allowed);
    } catch {
        return [];
    }
}

/** Writes one output: a file (its directory made), or standard output (coloured when `color`). */
export function writeOutput(io: Io, t: OutputTarget, render: (color: boolean) => string): void {
    if (t.file === undefined) {
        io.out(render(io.color));
        return;
    }
    const file = path.resolve(io.cwd, t.file);
    try {
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, terminalSafe(render(false), false));
    } catch (e) {
        throw new CliError(`cannot write --output ${t.file}: ${oneLine(e)}`, EXIT.UNREADABLE);
    }
}
