/**
 * Reporting helpers: violations at a chosen enforcement level, and isolation so that one failure
 * becomes one diagnostic instead of failing the user's whole preview.
 */
import type { EnforcementLevel, ReportViolation } from "@pulumi/policy";
import { prettyMacs } from "./naming";
import { redactSecrets } from "./secretRedaction";
import { waive } from "./waivers";

/**
 * Reports a violation, optionally at a level other than the policy's own (an undecided question
 * reported as advisory under a mandatory policy). The SDK's reporter accepts an object with
 * `message`, `urn` and `enforcementLevel` at run time (typed @internal in 1.21).
 */
export function report(rv: ReportViolation, message: string, urn?: string, level?: EnforcementLevel): void {
    emit(rv, message, urn, level);
}

/** What every policy reports through: waivers first (see waivers.ts), then the SDK. */
export interface Reporter {
    violation(message: string, urn?: string, opts?: { level?: EnforcementLevel; workloads?: readonly string[] }): void;
}

export function reporter(policy: string, rv: ReportViolation): Reporter {
    return {
        violation(message, urn, opts = {}) {
            if (waive(policy, urn, message, opts.workloads)) return;
            emit(rv, message, urn, opts.level);
        },
    };
}

/** Longest message sent to the engine: resource names can be any length, and a message must not be. */
const MAX_MESSAGE = 16_000;

function emit(rv: ReportViolation, raw: string, urn?: string, level?: EnforcementLevel): void {
    const message = truncate(redactSecrets(prettyMacs(raw)), MAX_MESSAGE);
    if (level === undefined) {
        rv(message, urn);
        return;
    }
    (rv as unknown as (v: { message: string; urn?: string; enforcementLevel: EnforcementLevel }) => void)({ message, urn, enforcementLevel: level });
}

/**
 * Runs `fn`; an unexpected error becomes one clear diagnostic and the caller carries on. `level`:
 * advisory, unless the question left undecided is one the user asked to fail closed (`undecidedAs`).
 */
export function isolate(rv: ReportViolation, what: string, fn: () => void, urn?: string, level: EnforcementLevel = "advisory"): void {
    try {
        fn();
    } catch (e) {
        const msg = e instanceof Error ? e.message : String(e);
        // Redacted before it is cut: a cut secret would no longer be recognised.
        report(rv, `Internal error checking ${what}: ${truncate(redactSecrets(msg), 300)}. The rest of the checks ran; please report this.`, urn, level);
    }
}

export function truncate(s: string, n: number): string {
    return s.length <= n ? s : `${s.slice(0, n - 1)}…`;
}

/** "a, b, c and 4 more" */
export function listSome(items: readonly string[], max = 5): string {
    if (items.length <= max) return items.join(", ");
    return `${items.slice(0, max).join(", ")} and ${items.length - max} more`;
}

/** More problems of one kind than this are reported as one diagnostic. */
export const GROUP_ABOVE = 5;
/** How many examples an aggregated diagnostic quotes. */
export const EXAMPLES = 3;

/**
 * Repeated problems of one kind (20,000 flows naming unknown workloads, 20,000 malformed waivers)
 * become one diagnostic with a count and the first few examples; a kind with only a few problems
 * is reported one by one, as written. Groups keep the order of their first problem.
 */
export function grouped<T>(items: readonly T[], keyOf: (item: T) => string, one: (item: T) => void, many: (items: readonly T[], key: string) => void): void {
    const groups = new Map<string, T[]>();
    for (const it of items) {
        const k = keyOf(it);
        let g = groups.get(k);
        if (!g) groups.set(k, (g = []));
        g.push(it);
    }
    for (const [k, g] of groups) {
        if (g.length > GROUP_ABOVE) many(g, k);
        else for (const it of g) one(it);
    }
}

/** `workloads[12].mac` → `workloads[].mac`: the kind of place, without the index. */
export function pathKind(path: string | undefined): string {
    return (path ?? "").replace(/\[\d+\]/g, "[]");
}

/** "N problems … ; for example: a; b; c" (messages cut to keep the diagnostic short). */
export function summarise(count: number, what: string, examples: readonly string[]): string {
    const shown = examples.slice(0, EXAMPLES).map((m) => `- ${truncate(redactSecrets(m.split("\n")[0]), 400)}`);
    return `${count} ${what}. The first ${shown.length}:\n${shown.join("\n")}${count > shown.length ? `\n… and ${count - shown.length} more of the same kind.` : ""}`;
}
