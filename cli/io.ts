/** Output for the CLI: where text goes, and ANSI colour only on a terminal with NO_COLOR unset. */

export interface Io {
    /** Writes to standard output (no newline added). */
    out(text: string): void;
    /** Writes to standard error (no newline added). */
    err(text: string): void;
    /** Whether standard output may be coloured. */
    color: boolean;
    /** The working directory, for relative paths in output. */
    cwd: string;
    /** Standard error, raw, for the progress line on a terminal (cli/progress.ts); absent: no progress. */
    status?: { isTTY?: boolean; write(text: string): unknown };
}

export function processIo(): Io {
    return {
        out: (t) => void process.stdout.write(t),
        err: (t) => void process.stderr.write(t),
        color: colorEnabled(process.stdout, process.env),
        cwd: process.cwd(),
        status: process.stderr,
    };
}

/**
 * Colour on standard output: `FORCE_COLOR` (set, and not `0` or `false`) colours even when it is not
 * a terminal (a CI log that renders ANSI); else `NO_COLOR` (set, not empty: no-color.org) or
 * `TERM=dumb` turns it off; else only on a terminal. `--no-color` turns it off whatever these say.
 */
export function colorEnabled(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
    const force = env.FORCE_COLOR;
    if (force !== undefined && force !== "" ) return force !== "0" && force.toLowerCase() !== "false";
    if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
    return stream.isTTY === true && env.TERM !== "dumb";
}

export interface Palette {
    red(s: string): string;
    yellow(s: string): string;
    green(s: string): string;
    bold(s: string): string;
    dim(s: string): string;
}

const wrap = (open: number, close: number) => (s: string) => `\u001b[${open}m${s}\u001b[${close}m`;
const plain = (s: string): string => s;

export function palette(enabled: boolean): Palette {
    if (!enabled) return { red: plain, yellow: plain, green: plain, bold: plain, dim: plain };
    return { red: wrap(31, 39), yellow: wrap(33, 39), green: wrap(32, 39), bold: wrap(1, 22), dim: wrap(2, 22) };
}
