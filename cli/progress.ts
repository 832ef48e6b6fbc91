/**
 * A progress line on a terminal for runs that take more than a second: on standard error, rewritten
 * in place (`\r` and erase-line), and erased when the run ends, so it never mixes with the report.
 * Nothing is written when standard error is not a terminal, with `--quiet`, or for a run that ends
 * within the delay.
 */
import { safeLine } from "./sanitize";

export interface StatusStream {
    isTTY?: boolean;
    write(text: string): unknown;
}

export interface ProgressOptions {
    enabled: boolean;
    /** How long a run goes before the line appears (default 1 s). */
    delayMs?: number;
    now?: () => number;
    /** Calls `fn` periodically; returns a stop function (default: every 200 ms, not keeping the process alive). */
    every?: (fn: () => void) => () => void;
}

const ERASE = "\r\u001b[2K";

const interval = (fn: () => void): (() => void) => {
    const t = setInterval(fn, 200);
    t.unref();
    return () => clearInterval(t);
};

export class Progress {
    private text = "";
    private shown = false;
    private readonly started: number;
    private readonly now: () => number;
    private readonly delayMs: number;
    private readonly cancel?: () => void;

    constructor(
        private readonly stream: StatusStream | undefined,
        options: ProgressOptions,
    ) {
        this.now = options.now ?? Date.now;
        this.delayMs = options.delayMs ?? 1000;
        this.started = this.now();
        if (options.enabled && stream?.isTTY === true) this.cancel = (options.every ?? interval)(() => this.render());
    }

    /** What the run is doing now: `analyzing resources`, with `done`/`total` when counted. */
    update(what: string, done?: number, total?: number): void {
        this.text = total !== undefined ? `${what} ${done ?? 0}/${total}` : what;
    }

    private render(): void {
        const elapsed = this.now() - this.started;
        if (!this.cancel || elapsed < this.delayMs || this.text === "") return;
        this.stream!.write(`${ERASE}vsnet: ${safeLine(this.text)} (${(elapsed / 1000).toFixed(0)} s)`);
        this.shown = true;
    }

    /** Stops updating and erases the line, if one was shown. */
    stop(): void {
        this.cancel?.();
        if (this.shown) this.stream!.write(ERASE);
        this.shown = false;
    }
}
