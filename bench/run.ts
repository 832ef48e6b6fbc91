/**
 * `npm run bench [-- --quick]`: the pack's cost on realistic stacks, side by side with baselines
 * measured in the same run, as ratios (medians of at least five runs):
 *
 * (a) cold start — spawn of the policy-pack runner to the port printed — of this pack vs an empty
 *     pack started the same way (bench/empty-pack);
 * (b) Configure + every Analyze + AnalyzeStack through the real gRPC server, this pack vs a no-op
 *     pack with the same policies and empty validate functions (bench/noop-pack) on the very same
 *     prebuilt requests: the protocol floor. Analyze calls go one at a time, as the engine's step
 *     generator sends them. A fresh pack process per run (a preview starts the pack cold);
 * (c) the simulator's whole-stack analysis alone (bench/simulate.ts, fresh process per run) at each
 *     size, and its growth exponent between sizes, log(t2/t1)/log(n2/n1);
 * (d) peak RSS (VmHWM) of the pack processes;
 * plus what the policy SDK costs per stack policy (bench/sdk-cost.ts).
 *
 * Writes BENCHMARKS.md and bench/results.json (with --quick: .bench-out/), and prints the table.
 * Timings are never pass/fail; the targets are compared in the report only.
 */
import { execFileSync, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as pb from "@pulumi/pulumi/proto/analyzer_pb";
import { findProjectRoot, startPack, type AnalyzerInfo } from "../cli/analyzer-client";
import { generateStack, type GeneratedStack } from "./generate";
import { peakRss, type SimulateResult } from "./simulate";
import { analyzeRequest, configureRequest, stackRequest, Wire, type Requests } from "./wire";

const ROOT = findProjectRoot(__dirname);
const EMPTY_PACK = path.join(ROOT, "bench", "empty-pack");
const NOOP_PACK = path.join(ROOT, "bench", "noop-pack");
const RUNNER = require.resolve("@pulumi/pulumi/cmd/run-policy-pack", { paths: [ROOT] });

const quick = process.argv.includes("--quick");
const RUNS = Math.max(5, Number(argValue("--runs") ?? 5));
const SIZES = (argValue("--sizes") ?? (quick ? "1000,10000" : "1000,10000,100000")).split(",").map(Number);
const OUT_DIR = quick ? path.join(ROOT, ".bench-out") : ROOT;
const RESULTS = quick ? path.join(OUT_DIR, "results.json") : path.join(ROOT, "bench", "results.json");
const REPORT = path.join(OUT_DIR, "BENCHMARKS.md");

function argValue(flag: string): string | undefined {
    const i = process.argv.indexOf(flag);
    return i >= 0 ? process.argv[i + 1] : undefined;
}

function now(): number {
    return Number(process.hrtime.bigint()) / 1e6;
}

function median(xs: number[]): number {
    const s = [...xs].sort((a, b) => a - b);
    const m = s.length >> 1;
    return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function log(msg: string): void {
    process.stderr.write(`${msg}\n`);
}

// ------------------------------------------------------------------------------------------------
// (a) cold start
// ------------------------------------------------------------------------------------------------

/** Spawn the runner on a pack as the engine does; milliseconds until the port is printed. */
function coldStart(packDir: string): Promise<{ ms: number; rssMiB: number }> {
    return new Promise((resolve, reject) => {
        const t0 = now();
        const child = spawn(process.execPath, [RUNNER, "127.0.0.1:1", packDir], { cwd: packDir, stdio: ["ignore", "pipe", "pipe"] });
        let out = "";
        let err = "";
        child.stderr.on("data", (d: Buffer) => (err += d.toString()));
        child.stdout.on("data", (d: Buffer) => {
            out += d.toString();
            if (!out.includes("\n")) return;
            const ms = now() - t0;
            const rssMiB = peakRss(child.pid!);
            child.kill("SIGKILL");
            if (/^\d+\n/.test(out)) resolve({ ms, rssMiB });
            else reject(new Error(`${packDir} printed ${JSON.stringify(out.slice(0, 80))}`));
        });
        child.on("exit", () => {
            if (!out.includes("\n")) reject(new Error(`${packDir} exited before printing its port: ${err.slice(-400)}`));
        });
    });
}

// ------------------------------------------------------------------------------------------------
// (b) protocol
// ------------------------------------------------------------------------------------------------

interface ProtocolRun {
    configureMs: number;
    analyzeMs: number;
    stackMs: number;
    totalMs: number;
    diagnostics: number;
    stackDiagnostics: number;
    responseBytes: number;
    peakRssMiB: number;
}

async function protocolRun(packDir: string, reqs: Requests, env: Record<string, string>): Promise<ProtocolRun> {
    const pack = await startPack(packDir, { env, callTimeoutMs: 600_000, startTimeoutMs: 60_000 });
    const wire = new Wire(pack.port);
    try {
        await wire.ready();
        const t0 = now();
        await wire.configure(reqs.configure);
        const t1 = now();
        let diagnostics = 0;
        for (const req of reqs.analyze) diagnostics += (await wire.analyze(req)).getDiagnosticsList().length;
        const t2 = now();
        const resp = await wire.analyzeStack(reqs.stack);
        const t3 = now();
        const stackDiagnostics = resp.getDiagnosticsList().length;
        return {
            configureMs: t1 - t0,
            analyzeMs: t2 - t1,
            stackMs: t3 - t2,
            totalMs: t3 - t0,
            diagnostics: diagnostics + stackDiagnostics,
            stackDiagnostics,
            responseBytes: resp.serializeBinary().length,
            peakRssMiB: peakRss(pack.pid),
        };
    } finally {
        wire.close();
        await pack.stop();
    }
}

const LEVEL: Record<string, pb.EnforcementLevel> = {
    advisory: pb.EnforcementLevel.ADVISORY,
    mandatory: pb.EnforcementLevel.MANDATORY,
    remediate: pb.EnforcementLevel.REMEDIATE,
    disabled: pb.EnforcementLevel.DISABLED,
};

function buildRequests(g: GeneratedStack, info: AnalyzerInfo): Requests {
    // The CLI sends every policy its level and its properties (the declarations to the declaring one).
    const levels = Object.fromEntries(info.policies.map((p) => [p.name, LEVEL[p.enforcementLevel]]));
    const configure = configureRequest(levels, g.config);
    const analyze = g.resources.map(analyzeRequest);
    const stack = stackRequest(g.resources);
    return {
        configure,
        analyze,
        stack,
        bytes: { configure: configure.serializeBinary().length, analyzeTotal: analyze.reduce((n, r) => n + r.serializeBinary().length, 0), stack: stack.serializeBinary().length },
    };
}

// ------------------------------------------------------------------------------------------------
// (c) the analysis alone, and the SDK's own cost
// ------------------------------------------------------------------------------------------------

function child<T>(script: string, args: string[]): T {
    const out = execFileSync(process.execPath, [path.join(__dirname, script), ...args], { encoding: "utf8", maxBuffer: 16 * 1024 * 1024 });
    return JSON.parse(out.trim().split("\n").pop()!) as T;
}

interface SdkCost {
    size: number;
    requestBytes: number;
    decodeMs: number;
    oneMs: number;
    manyMs: number;
    policies: number;
    perPolicyMs: number;
}

// ------------------------------------------------------------------------------------------------
// The run
// ------------------------------------------------------------------------------------------------

interface SizeResult {
    size: number;
    stats: GeneratedStack["stats"];
    requestBytes: Requests["bytes"];
    protocol: { ours: ProtocolRun[]; noop: ProtocolRun[]; ratio: number; stackRatio: number };
    simulate: SimulateResult[];
    sdk: SdkCost;
}

async function main(): Promise<void> {
    const started = now();
    const machine = {
        cpu: os.cpus()[0]?.model ?? "unknown",
        cores: os.cpus().length,
        memoryGiB: +(os.totalmem() / 1024 ** 3).toFixed(1),
        node: process.version,
        platform: `${os.platform()} ${os.release()}`,
        loadAverageAtStart: os.loadavg().map((x) => +x.toFixed(2)),
    };
    log(`bench: ${quick ? "quick, " : ""}sizes ${SIZES.join(", ")}, ${RUNS} runs each; machine ${machine.cpu}, ${machine.cores} cores, node ${machine.node}`);

    // The real pack's policies, for the no-op pack.
    const probe = await startPack(ROOT);
    const info = await probe.getAnalyzerInfo();
    await probe.stop();
    const noopEnv = { BENCH_NOOP_POLICIES: JSON.stringify(info.policies.map((p) => ({ name: p.name, type: p.policyType, enforcementLevel: p.enforcementLevel }))) };
    const stackPolicies = info.policies.filter((p) => p.policyType === "stack").length;

    // (a) cold start, interleaved.
    const cold = { ours: [] as number[], empty: [] as number[], oursRss: [] as number[], emptyRss: [] as number[] };
    for (let i = 0; i < RUNS + 1; i++) {
        const order = i % 2 ? ["ours", "empty"] : ["empty", "ours"];
        for (const which of order) {
            const r = await coldStart(which === "ours" ? ROOT : EMPTY_PACK);
            if (i === 0) continue; // first pair warms the file cache
            (which === "ours" ? cold.ours : cold.empty).push(r.ms);
            (which === "ours" ? cold.oursRss : cold.emptyRss).push(r.rssMiB);
        }
    }
    const coldRatio = median(cold.ours.map((x, i) => x / cold.empty[i]));
    log(`cold start: ours ${median(cold.ours).toFixed(0)} ms, empty ${median(cold.empty).toFixed(0)} ms, ratio ${coldRatio.toFixed(2)}`);

    const sizes: SizeResult[] = [];
    for (const size of SIZES) {
        const g = generateStack(size);
        const reqs = buildRequests(g, info);
        log(`size ${size}: ${g.stats.resources} resources, ${g.stats.nested} nested hypervisors, ${g.stats.declaredGuests} declared guests, ${g.stats.flows} flows; AnalyzeStack request ${(reqs.bytes.stack / 1048576).toFixed(1)} MiB`);
        const ours: ProtocolRun[] = [];
        const noop: ProtocolRun[] = [];
        for (let i = 0; i < RUNS; i++) {
            const order = i % 2 ? ["ours", "noop"] : ["noop", "ours"];
            for (const which of order) {
                const r = which === "ours" ? await protocolRun(ROOT, reqs, {}) : await protocolRun(NOOP_PACK, reqs, noopEnv);
                (which === "ours" ? ours : noop).push(r);
            }
            log(`  protocol run ${i + 1}: ours ${ours[i].totalMs.toFixed(0)} ms (stack ${ours[i].stackMs.toFixed(0)}), no-op ${noop[i].totalMs.toFixed(0)} ms (stack ${noop[i].stackMs.toFixed(0)})`);
        }
        const simulate: SimulateResult[] = [];
        for (let i = 0; i < RUNS; i++) simulate.push(child<SimulateResult>("simulate.js", [String(size)]));
        log(`  analysis alone: ${median(simulate.map((s) => s.ms.total)).toFixed(0)} ms (simulator ${median(simulate.map((s) => s.ms.sim)).toFixed(0)} ms)`);
        const sdk = child<SdkCost>("sdk-cost.js", [String(size), String(stackPolicies)]);
        sizes.push({
            size,
            stats: g.stats,
            requestBytes: reqs.bytes,
            protocol: {
                ours,
                noop,
                ratio: median(ours.map((r, i) => r.totalMs / noop[i].totalMs)),
                stackRatio: median(ours.map((r, i) => r.stackMs / noop[i].stackMs)),
            },
            simulate,
            sdk,
        });
    }

    const results = {
        generatedAt: new Date().toISOString(),
        quick,
        runs: RUNS,
        machine: { ...machine, loadAverageAtEnd: os.loadavg().map((x) => +x.toFixed(2)) },
        durationS: +((now() - started) / 1000).toFixed(1),
        coldStart: { oursMs: cold.ours, emptyMs: cold.empty, oursMedianMs: median(cold.ours), emptyMedianMs: median(cold.empty), ratio: coldRatio, oursRssMiB: median(cold.oursRss), emptyRssMiB: median(cold.emptyRss) },
        sizes: sizes.map((s) => ({ ...s, summary: summary(s) })),
        growth: growth(sizes),
    };
    fs.mkdirSync(path.dirname(RESULTS), { recursive: true });
    fs.writeFileSync(RESULTS, `${JSON.stringify(results, null, 2)}\n`);
    const md = markdown(results);
    fs.mkdirSync(OUT_DIR, { recursive: true });
    fs.writeFileSync(REPORT, md);
    process.stdout.write(md);
    log(`wrote ${path.relative(ROOT, REPORT)} and ${path.relative(ROOT, RESULTS)} in ${results.durationS} s`);
}

function summary(s: SizeResult) {
    const m = (xs: ProtocolRun[], k: keyof ProtocolRun) => median(xs.map((x) => x[k] as number));
    return {
        oursTotalMs: m(s.protocol.ours, "totalMs"),
        noopTotalMs: m(s.protocol.noop, "totalMs"),
        ratio: s.protocol.ratio,
        oursStackMs: m(s.protocol.ours, "stackMs"),
        noopStackMs: m(s.protocol.noop, "stackMs"),
        stackRatio: s.protocol.stackRatio,
        oursAnalyzeMs: m(s.protocol.ours, "analyzeMs"),
        noopAnalyzeMs: m(s.protocol.noop, "analyzeMs"),
        oursConfigureMs: m(s.protocol.ours, "configureMs"),
        noopConfigureMs: m(s.protocol.noop, "configureMs"),
        oursPeakRssMiB: m(s.protocol.ours, "peakRssMiB"),
        noopPeakRssMiB: m(s.protocol.noop, "peakRssMiB"),
        diagnostics: m(s.protocol.ours, "diagnostics"),
        responseBytes: m(s.protocol.ours, "responseBytes"),
        modelMs: median(s.simulate.map((x) => x.ms.model)),
        simMs: median(s.simulate.map((x) => x.ms.sim)),
        analysisMs: median(s.simulate.map((x) => x.ms.total)),
        analysisPeakRssMiB: median(s.simulate.map((x) => x.peakRssMiB)),
        phasesMs: Object.fromEntries(Object.keys(s.simulate[0].ms).map((k) => [k, median(s.simulate.map((x) => x.ms[k as keyof SimulateResult["ms"]]))])),
    };
}

function growth(sizes: SizeResult[]) {
    const out: Array<{ from: number; to: number; simExponent: number; analysisExponent: number; simFactor: number; analyzerExponent: number }> = [];
    for (let i = 1; i < sizes.length; i++) {
        const a = summary(sizes[i - 1]);
        const b = summary(sizes[i]);
        const n = Math.log(sizes[i].stats.resources / sizes[i - 1].stats.resources);
        out.push({
            from: sizes[i - 1].size,
            to: sizes[i].size,
            simExponent: Math.log(b.simMs / a.simMs) / n,
            analysisExponent: Math.log(b.analysisMs / a.analysisMs) / n,
            simFactor: b.simMs / a.simMs,
            analyzerExponent: Math.log(b.oursTotalMs / a.oursTotalMs) / n,
        });
    }
    return out;
}

function fmt(ms: number): string {
    return ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function markdown(r: any): string {
    const L: string[] = [];
    L.push("# Benchmarks", "");
    L.push(`Generated by \`npm run bench${r.quick ? " -- --quick" : ""}\` (bench/run.ts) on ${r.generatedAt.slice(0, 10)}, ${r.runs} runs per figure, medians; ratios are medians of per-run ratios (this pack and its baseline alternate within each run). Wall-clock run time ${r.durationS} s.`, "");
    L.push(`Machine: ${r.machine.cpu}, ${r.machine.cores} cores, ${r.machine.memoryGiB} GiB, Node ${r.machine.node}, ${r.machine.platform}. Load average at start ${r.machine.loadAverageAtStart.join(" / ")}, at end ${r.machine.loadAverageAtEnd.join(" / ")} (other work shares this machine: absolute times are noisy, the side-by-side ratios much less so).`, "");
    L.push("| resources | conversations (declared + implicit) | simulations | analyzer total: this pack / no-op pack | ratio | AnalyzeStack: this / no-op | analysis alone (simulator) | peak RSS: this / no-op |");
    L.push("|---|---|---|---|---|---|---|---|");
    for (const s of r.sizes) {
        const x = s.summary;
        const sim = s.simulate[0];
        L.push(
            `| ${s.stats.resources.toLocaleString("en")} | ${sim.conversations.toLocaleString("en")} (${sim.declared.toLocaleString("en")} + ${(sim.conversations - sim.declared).toLocaleString("en")}) | ${sim.simulated.toLocaleString("en")} | ${fmt(x.oursTotalMs)} / ${fmt(x.noopTotalMs)} | **${x.ratio.toFixed(2)}×** | ${fmt(x.oursStackMs)} / ${fmt(x.noopStackMs)} (${x.stackRatio.toFixed(2)}×) | ${fmt(x.analysisMs)} (${fmt(x.simMs)}) | ${x.oursPeakRssMiB.toFixed(0)} / ${x.noopPeakRssMiB.toFixed(0)} MiB |`,
        );
    }
    L.push("");
    L.push(`Cold start (spawn of the runner to the port printed): this pack ${fmt(r.coldStart.oursMedianMs)}, empty pack ${fmt(r.coldStart.emptyMedianMs)}: **${r.coldStart.ratio.toFixed(2)}×** (RSS at that point ${r.coldStart.oursRssMiB.toFixed(0)} / ${r.coldStart.emptyRssMiB.toFixed(0)} MiB).`, "");
    L.push("Growth of the simulator's whole-stack analysis (exponent log(t2/t1)/log(n2/n1); 1 is linear):", "");
    L.push("| from → to | simulator time factor | simulator exponent | analysis incl. translation | analyzer total (protocol) |");
    L.push("|---|---|---|---|---|");
    for (const g of r.growth) L.push(`| ${g.from.toLocaleString("en")} → ${g.to.toLocaleString("en")} | ${g.simFactor.toFixed(1)}× | ${g.simExponent.toFixed(2)} | ${g.analysisExponent.toFixed(2)} | ${g.analyzerExponent.toFixed(2)} |`);
    L.push("");
    L.push("Where the time goes (medians, ms):", "");
    L.push("| resources | Configure this / no-op | all Analyze this / no-op | AnalyzeStack this / no-op | model (translate + index) | classes | verdicts | needs | exposure | fixes | SDK per stack policy | request / response |");
    L.push("|---|---|---|---|---|---|---|---|---|---|---|---|");
    for (const s of r.sizes) {
        const x = s.summary;
        const p = x.phasesMs;
        L.push(
            `| ${s.stats.resources.toLocaleString("en")} | ${fmt(x.oursConfigureMs)} / ${fmt(x.noopConfigureMs)} | ${fmt(x.oursAnalyzeMs)} / ${fmt(x.noopAnalyzeMs)} | ${fmt(x.oursStackMs)} / ${fmt(x.noopStackMs)} | ${fmt(p.model)} | ${fmt(p.classes)} | ${fmt(p.verdicts)} | ${fmt(p.needs)} | ${fmt(p.exposure)} | ${fmt(p.fixes)} | ${fmt(s.sdk.perPolicyMs)} (×${s.sdk.policies}) | ${(s.requestBytes.stack / 1048576).toFixed(1)} MiB / ${(x.responseBytes / 1048576).toFixed(2)} MiB |`,
        );
    }
    L.push("");
    return `${L.join("\n")}\n`;
}

main().catch((e: unknown) => {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
});
