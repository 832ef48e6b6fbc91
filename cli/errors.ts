/**
 * Exit codes and the one error type the CLI reports. Every failure the user can cause ends as one
 * line on stderr and one of these codes; nothing else reaches the user as a stack trace.
 */

export const EXIT = {
    /** Clean: no violation at or above `--fail-on` (check), the conversation works (trace). */
    OK: 0,
    /** check: a violation at or above `--fail-on`; trace: the conversation does not fully work. */
    FINDINGS: 1,
    /**
     * Bad command line: unknown command or option, missing argument, unknown workload; or an invalid
     * policy config: what `pulumi preview --policy-pack-config` refuses (unknown policy, bad level, a
     * value against a policy's configSchema) and what the pack would report as a finding (a key no
     * policy reads, a declaration naming nothing), each with the closest valid name.
     */
    USAGE: 2,
    /** An input file (saved stack or policy config) is missing or cannot be read. */
    UNREADABLE: 3,
    /** An input file is not valid JSON (malformed or truncated). */
    MALFORMED: 4,
    /**
     * Bad input: valid JSON, but neither a `pulumi stack export` nor a `pulumi preview --json` (or not
     * a policy config); or an input over the size limits (a file over 64 MiB, one value over 16 MiB).
     */
    UNRECOGNISED: 5,
    /** The saved stack holds no resources besides the stack itself and providers. */
    EMPTY: 6,
    /** The policy pack could not be started or failed while analyzing; or an internal error. */
    FAILED: 7,
    /** A preview saved without `--show-sames` (only what changes): refused unless `--allow-partial`. */
    PARTIAL: 8,
    /** Ended by SIGHUP, SIGINT or SIGTERM (128 + the signal number, as shells report it). */
    SIGHUP: 129,
    SIGINT: 130,
    SIGTERM: 143,
    /** inventory: the vCenter cannot be reached, does not answer in time, or its certificate does not verify. */
    CONNECTION: 10,
    /** inventory: the vCenter refused the login, or the user may not read the inventory. */
    AUTH: 11,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** A failure to report as one line (`vsnet: error: <message>`) with a specific exit code. */
export class CliError extends Error {
    constructor(
        message: string,
        readonly code: ExitCode,
    ) {
        super(message);
        this.name = "CliError";
    }
}

/** The first line of an error's message, without a trailing period, for one-line reports. */
export function oneLine(e: unknown): string {
    const text = e instanceof Error ? e.message : String(e);
    const first = text.split("\n").find((l) => l.trim() !== "") ?? "unknown error";
    return first.trim();
}
