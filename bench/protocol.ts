/**
 * The protocol measurement for one stack size, run by bench/run.ts in a process of its own (with a
 * large heap: the requests of a big stack take gigabytes to build in JavaScript):
 * `node dist/bench/protocol.js <size> <runs> [--stack-only]`. For each run, a fresh process of this
 * pack and of the no-op pack (bench/noop-pack, same policies, empty validate functions; the order
 * alternates) get the very same prebuilt requests — Configure, every Analyze one at a time (as the
 * engine's step generator sends them), AnalyzeStack — and the time of each phase, the diagnostics,
 * the response size and the peak RSS (VmHWM) of the pack process are recorded. Prints one JSON line.
 */
import * as path from "node:path";
import * as pb from "@pulumi/pulumi/proto/analyzer_pb";
import { findProjectRoot, startPack, type AnalyzerInfo } from "../cli/analyzer-client";
import { generateStack } from "./generate";
import { peakRss } from "./simulate";
import { buildRequests, Wire, type Requests } from "./wire";

export const ROOT = findProjectRoot(__dirname);
export const NOOP_PACK = path.join(ROOT, "bench", "noop-pack");

export interface ProtocolRun {
    configureMs: number;
    analyzeMs: number;
    stackMs: number;
    totalMs: number;
    diagnostics: number;
    stackDiagnostics: number;
    responseBytes: number;
    peakRssMiB: number;
    /** Set when the pack failed (e.g. ran out of memory); the timings are then meaningless. */
    error?: string;
}

export interface ProtocolResult {
    size: number;
    stats: ReturnType<typeof generateStack>["stats"];
    requestBytes: Requests["bytes"];
    stackOnly: boolean;
    ours: ProtocolRun[];
    noop: ProtocolRun[];
}

function now(): number {
    return Number(process.hrtime.bigint()) / 1e6;
}

const LEVEL: Record<string, pb.EnforcementLevel> = {
    advisory: pb.EnforcementLevel.ADVISORY,
    mandatory: pb.EnforcementLevel.MANDATORY,
    remediate: pb.EnforcementLevel.REMEDIATE,
    disabled: pb.EnforcementLevel.DISABLED,
};

/** The real pack's policies (names, kinds, levels), for the no-op pack. */
export async function policyList(): Promise<AnalyzerInfo["policies"]> {
    const probe = await startPack(ROOT);
    try {
        return (await probe.getAnalyzerInfo()).policies;
    } finally {
        await probe.stop();
    }
}

export function noopEnv(policies: AnalyzerInfo["policies"]): Record<string, string> {
    return { BENCH_NOOP_POLICIES: JSON.stringify(policies.map((p) => ({ name: p.name, type: p.policyType, enforcementLevel: p.enforcementLevel }))) };
}

async function run(packDir: string, reqs: Requests, env: Record<string, string>, stackOnly: boolean): Promise<ProtocolRun> {
    const pack = await startPack(packDir, { env, callTimeoutMs: 1_800_000, startTimeoutMs: 60_000 });
    const wire = new Wire(pack.port);
    const t0 = now();
    let t1 = t0;
    let t2 = t0;
    try {
        await wire.ready();
        await wire.configure(reqs.configure);
        t1 = now();
        let diagnostics = 0;
        if (!stackOnly) for (const req of reqs.analyze) diagnostics += await wire.analyze(req);
        t2 = now();
        const raw = await wire.analyzeStack(reqs.stack);
        const t3 = now();
        const stackDiagnostics = pb.AnalyzeResponse.deserializeBinary(raw).getDiagnosticsList().length;
        return { configureMs: t1 - t0, analyzeMs: t2 - t1, stackMs: t3 - t2, totalMs: t3 - t0, diagnostics: diagnostics + stackDiagnostics, stackDiagnostics, responseBytes: raw.length, peakRssMiB: peakRss(pack.pid) };
    } catch (e) {
        const rss = peakRss(pack.pid);
        const why = `${e instanceof Error ? e.message : String(e)} ${pack.stderr().slice(-300)}`.trim();
        return { configureMs: t1 - t0, analyzeMs: t2 - t1, stackMs: now() - t2, totalMs: now() - t0, diagnostics: 0, stackDiagnostics: 0, responseBytes: 0, peakRssMiB: rss, error: why };
    } finally {
        wire.close();
        await pack.stop();
    }
}

async function main(): Promise<void> {
    const size = Number(process.argv[2]);
    const runs = Number(process.argv[3] ?? 5);
    const stackOnly = process.argv.includes("--stack-only");
    const policies = await policyList();
    const g = generateStack(size);
    const reqs = buildRequests(Object.fromEntries(policies.map((p) => [p.name, LEVEL[p.enforcementLevel]])), g.config, g.resources);
    const env = noopEnv(policies);
    const out: ProtocolResult = { size, stats: g.stats, requestBytes: reqs.bytes, stackOnly, ours: [], noop: [] };
    for (let i = 0; i < runs; i++) {
        for (const which of i % 2 ? ["ours", "noop"] : ["noop", "ours"]) {
            const r = which === "ours" ? await run(ROOT, reqs, {}, stackOnly) : await run(NOOP_PACK, reqs, env, stackOnly);
            (which === "ours" ? out.ours : out.noop).push(r);
        }
        const o = out.ours[i];
        const n = out.noop[i];
        process.stderr.write(`  protocol ${size} run ${i + 1}: this pack ${o.totalMs.toFixed(0)} ms (AnalyzeStack ${o.stackMs.toFixed(0)})${o.error ? ` FAILED ${o.error}` : ""}, no-op ${n.totalMs.toFixed(0)} ms (AnalyzeStack ${n.stackMs.toFixed(0)})${n.error ? ` FAILED ${n.error}` : ""}\n`);
    }
    process.stdout.write(`${JSON.stringify(out)}\n`);
}

if (require.main === module) {
    main().catch((e: unknown) => {
        process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
        process.exit(1);
    });
}
