/**
 * Each analyzer request (one `Analyze`, one `AnalyzeStack`) runs in a context of its own, so that
 * nothing one call computes or records is seen by another: the SDK awaits between stack policies,
 * so two `AnalyzeStack` calls on one pack process interleave, and module state would cross their
 * answers. The pack wraps the SDK's gRPC handlers (see sharedConfig.ts) and runs each in an
 * `AsyncLocalStorage` context, which follows the request through every await of the SDK.
 *
 * A run (one preview) starts with `Configure`. Findings of resource policies are waived during
 * `Analyze` calls and summarised by the stack policy `policy-waivers` in the `AnalyzeStack` that
 * follows, so the run keeps them, by resource URN, until that `AnalyzeStack` ends or the next
 * `Configure` starts a new run: an aborted preview leaves nothing behind.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import type { SecretValue } from "../translate/secrets";
import type { WaivedFinding } from "./waiver-types";

/** What the waivers recorded: the findings waived and the waivers that matched. */
export class Ledger {
    readonly waived: WaivedFinding[] = [];
    readonly matched = new Set<number>();
    private readonly seen = new Set<string>();

    /** `onFirst`: called once, when the first finding is recorded (an `Analyze` ledger joins its run only then). */
    constructor(private onFirst?: () => void) {}

    add(f: WaivedFinding): void {
        if (this.onFirst) {
            this.onFirst();
            this.onFirst = undefined;
        }
        this.matched.add(f.waiver.index);
        const key = `${f.waiver.index}\u0000${f.urn ?? ""}\u0000${f.message}`;
        if (this.seen.has(key)) return;
        this.seen.add(key);
        this.waived.push(f);
    }

    merge(other: Ledger): void {
        for (const i of other.matched) this.matched.add(i);
        for (const f of other.waived) this.add(f);
    }
}

/** One preview: from a `Configure` to the next. */
export class Run {
    /** Resource URN → what `Analyze` of that resource waived. */
    readonly analyzed = new Map<string, Ledger>();
    /** Secret values seen in any request of the run (a waived `Analyze` finding is printed by `AnalyzeStack`). */
    readonly secrets = new Map<string, SecretValue>();
}

export interface RequestContext {
    readonly kind: "analyze" | "analyzeStack" | "detached";
    readonly run: Run;
    /** What this request waived (for `Analyze`, the ledger of its resource in the run). */
    readonly ledger: Ledger;
    /** Per-request caches (the shared analysis), keyed by their owner module's key object. */
    readonly slots: Map<object, unknown>;
    /** Secret names, ids and MACs seen while deserializing this request's resources, by value. */
    readonly secrets: Map<string, SecretValue>;
}

const storage = new AsyncLocalStorage<RequestContext>();
let run = new Run();

function context(kind: RequestContext["kind"], ledger = new Ledger()): RequestContext {
    return { kind, run, ledger, slots: new Map(), secrets: new Map() };
}

/** A new run: forget whatever an earlier (possibly aborted) preview recorded. */
export function startRun(): void {
    run = new Run();
}

/** The context of the current request; outside any request (tests, the CLI's own use), a throwaway one. */
export function currentRequest(): RequestContext {
    return storage.getStore() ?? detached();
}

let lastDetached: RequestContext | undefined;
/**
 * Outside a request (the handler wrap could not be installed, or a direct call): one context for
 * the current turn of the event loop, as before — never longer.
 */
function detached(): RequestContext {
    if (!lastDetached) {
        lastDetached = context("detached");
        setImmediate(() => {
            lastDetached = undefined;
        });
    }
    return lastDetached;
}

/** Runs an `Analyze` handler in its own context; its waived findings are kept by the run under `urn`. */
export function inAnalyze<T>(urn: string | undefined, fn: () => T): T {
    const owner = run;
    // A new Analyze of a resource replaces what an earlier one recorded; nothing is kept unless something is waived.
    if (urn !== undefined) owner.analyzed.delete(urn);
    const ledger = new Ledger(urn === undefined ? undefined : () => owner.analyzed.set(urn, ledger));
    return storage.run(context("analyze", ledger), fn);
}

/** Runs an `AnalyzeStack` handler in its own context; `done` must be called when it answers. */
export function inAnalyzeStack<T>(fn: (done: (urns: readonly string[]) => void) => T): T {
    const ctx = context("analyzeStack");
    const owner = ctx.run;
    return storage.run(ctx, () =>
        fn((urns) => {
            for (const u of urns) owner.analyzed.delete(u);
        }),
    );
}

/** Everything waived for this stack request: its own findings and its resources' `Analyze` findings. */
export function stackLedger(urns: readonly string[]): Ledger {
    const ctx = currentRequest();
    const out = new Ledger();
    for (const u of urns) {
        const l = ctx.run.analyzed.get(u);
        if (l) out.merge(l);
    }
    out.merge(ctx.ledger);
    return out;
}
