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
}

export function processIo(): Io {
    return {
        out: (t) => void process.stdout.write(t),
        err: (t) => void process.stderr.write(t),
        color: colorEnabled(process.stdout, process.env),
        cwd: process.cwd(),
    };
}

export function colorEnabled(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
    return stream.isTTY === true && env.NO_COLOR === undefined && env.TERM !== "dumb";
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
