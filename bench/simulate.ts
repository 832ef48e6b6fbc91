/**
 * The pack's analysis alone, without protocol or SDK: run by bench/run.ts in a fresh process per
 * measurement (cold, like a preview), `node dist/bench/simulate.js <size> [seed] [--declared-one-by-one] [--hosts-per-switch=N]
 * [--guests=N] [--flows-per-guest=N] [--trunk-width=N]` (declared conversations by class, as the pack does,
 * unless asked; the knobs: bench/generate.ts `GenerateOptions`); prints one JSON
 * line. Phases as the policies use them: translate and index the stack (`build`), then the
 * simulator's whole-stack analysis — endpoint classes, every conversation's verdict, the needs
 * (least privilege), the promiscuous exposure, and the smallest fix of every failing conversation.
 */
import { readFileSync } from "node:fs";
import { build } from "../policies/analysis";
import type { RawResource } from "../translate";
import { generateStack, type BenchResource, type GenerateOptions } from "./generate";

export function rawResources(resources: readonly BenchResource[]): RawResource[] {
    return resources.map((r) => ({
        urn: r.urn,
        type: r.type,
        name: r.name,
        props: r.props,
        propertyDependencies: r.propertyDependencies ?? {},
        dependencies: [...new Set(Object.values(r.propertyDependencies ?? {}).flat())],
        ...(r.provider ? { provider: r.provider.urn } : {}),
    }));
}

export interface SimulateResult {
    size: number;
    declaredMode: "one-by-one" | "by-class";
    resources: number;
    conversations: number;
    declared: number;
    failing: number;
    /** Simulations run for the verdicts (declared one by one, implicit by class pair). */
    simulated: number;
    fixSearches: number;
    /** The least any analysis must do: one pass over every resource's properties (`lowerBound`). */
    lowerBound: { ms: number; leaves: number };
    ms: { model: number; classes: number; verdicts: number; needs: number; exposure: number; fixes: number; sim: number; total: number };
    peakRssMiB: number;
}

function now(): number {
    return Number(process.hrtime.bigint()) / 1e6;
}

function main(): void {
    const [sizeArg, seedArg] = process.argv.slice(2).filter((a) => !a.startsWith("--"));
    const size = Number(sizeArg ?? 1000);
    const seed = Number(seedArg ?? 42);
    const mode = process.argv.includes("--declared-one-by-one") ? "one-by-one" : "by-class";
    const knob = (name: string) => {
        const v = process.argv.find((a) => a.startsWith(`--${name}=`));
        return v === undefined ? undefined : Number(v.slice(name.length + 3));
    };
    const knobs: GenerateOptions = { hostsPerSwitch: knob("hosts-per-switch"), guestsPerNested: knob("guests"), flowsPerGuest: knob("flows-per-guest"), trunkWidth: knob("trunk-width") };
    const g = generateStack(size, seed, knobs);
    const raw = rawResources(g.resources);
    const config = g.config["nested-workloads-reachable"];
    const tl = now();
    const leaves = lowerBound(raw);
    const t0 = now();
    const a = build(raw, config, { declared: mode });
    const t1 = now();
    a.partition();
    const t2 = now();
    const verdicts = a.verdicts();
    const t3 = now();
    a.needs();
    const t4 = now();
    a.exposure();
    const t5 = now();
    let failing = 0;
    for (const [c, r] of verdicts) {
        if (r.verdict === "reachable") continue;
        failing++;
        a.fix(c);
    }
    const t6 = now();
    const declared = a.translation.conversations.filter((c) => c.source === "declared").length;
    const out: SimulateResult = {
        size,
        declaredMode: mode,
        resources: g.resources.length,
        conversations: verdicts.size,
        declared,
        failing,
        simulated: a.stats().simulated,
        fixSearches: a.stats().fixSearches,
        lowerBound: { ms: t0 - tl, leaves },
        ms: { model: t1 - t0, classes: t2 - t1, verdicts: t3 - t2, needs: t4 - t3, exposure: t5 - t4, fixes: t6 - t5, sim: t6 - t1, total: t6 - t0 },
        peakRssMiB: peakRss(),
    };
    process.stdout.write(`${JSON.stringify(out)}\n`);
}

/** One pass over every resource's properties: visits each value once and reads each string's length. */
export function lowerBound(resources: readonly RawResource[]): number {
    let leaves = 0;
    const visit = (v: unknown): void => {
        if (Array.isArray(v)) for (const x of v) visit(x);
        else if (v !== null && typeof v === "object") for (const k in v as Record<string, unknown>) visit((v as Record<string, unknown>)[k]);
        else leaves += typeof v === "string" ? (v.length > 0 ? 1 : 0) : 1;
    };
    for (const r of resources) visit(r.props);
    return leaves;
}

/** VmHWM of this process (Linux), else the current RSS. */
export function peakRss(pid: number | "self" = "self"): number {
    try {
        const text = readFileSync(`/proc/${pid}/status`, "utf8");
        const m = /VmHWM:\s+(\d+)\s+kB/.exec(text);
        if (m) return Number(m[1]) / 1024;
    } catch {
        // not Linux
    }
    return pid === "self" ? process.memoryUsage().rss / 1048576 : NaN;
}

if (require.main === module) main();
