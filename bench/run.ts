/**
 * `npm run bench [-- --quick] [-- --protocol-100k]`: the pack's cost on realistic stacks
 * (bench/generate.ts), side by side with baselines measured in the same run, as ratios (medians of
 * at least five runs; this pack and its baseline alternate within each run):
 *
 * (a) cold start — spawn of the policy-pack runner to the port printed — of this pack vs an empty
 *     pack started the same way (bench/empty-pack);
 * (b) Configure + every Analyze + AnalyzeStack through the real gRPC server, this pack vs a no-op
 *     pack with the same policies and empty validate functions (bench/noop-pack) on the very same
 *     prebuilt requests: the protocol floor (bench/protocol.ts). Run at 1k and 10k resources; at
 *     100k the floor alone takes minutes and gigabytes, so that run is opt-in (--protocol-100k:
 *     AnalyzeStack only, one run per pack);
 * (c) the simulator's whole-stack analysis alone (bench/simulate.ts, a fresh process per run) at
 *     each size, and its growth exponent between sizes, log(t2/t1)/log(n2/n1); at the largest size
 *     also with declared conversations analysed by class instead of one by one;
 * (d) peak RSS (VmHWM) of the pack processes and of the analysis alone;
 * plus what the policy SDK costs per stack policy (bench/sdk-cost.ts, up to 10k resources).
 *
 * Writes BENCHMARKS.md and bench/results.json (with --quick: .bench-out/), and prints the table.
 * Timings are never pass/fail: the targets are compared in the report only.
 */
import { execFileSync, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ROOT, type ProtocolResult, type ProtocolRun } from "./protocol";
import { policies } from "../policies";
import { peakRss, type SimulateResult } from "./simulate";

const EMPTY_PACK = path.join(ROOT, "bench", "empty-pack");
const RUNNER = require.resolve("@pulumi/pulumi/cmd/run-policy-pack", { paths: [ROOT] });

const quick = process.argv.includes("--quick");
const protocol100k = process.argv.includes("--protocol-100k");
/** The pack's stack policies: how many times the SDK deserializes each resource without the memo. */
const STACK_POLICIES = policies.filter((p) => "validateStack" in p).length;
const RUNS = Math.max(5, Number(argValue("--runs") ?? 5));
/** Resources of the stacks the growth knobs are measured on (`--knob-size 0`: not measured). */
const KNOB_SIZE = Number(argValue("--knob-size") ?? (quick ? 1000 : 3000));
const SIZES = (argValue("--sizes") ?? (quick ? "1000,3000" : "1000,10000,100000")).split(",").map(Number);
/** Sizes measured through the protocol five times; bigger ones only with --protocol-100k (once). */
const PROTOCOL_MAX = 10_000;
const OUT_DIR = quick ? path.join(ROOT, ".bench-out") : ROOT;
const RESULTS = quick ? path.join(OUT_DIR, "results.json") : path.join(ROOT, "bench", "results.json");
const REPORT = path.join(OUT_DIR, "BENCHMARKS.md");
/** Hand-written sections appended to the generated report. */
const UPSTREAM = path.join(__dirname, "..", "..", "bench", "upstream.md");
const handWritten = (): string => (fs.existsSync(UPSTREAM) ? fs.readFileSync(UPSTREAM, "utf8") : "");
/** Heap for the processes that build requests (JavaScript protobuf objects are big). */
const BIG_HEAP = "--max-old-space-size=12288";

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

function child<T>(script: string, args: string[], nodeArgs: string[] = []): T {
    const out = execFileSync(process.execPath, [...nodeArgs, path.join(__dirname, script), ...args], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024, stdio: ["ignore", "pipe", "inherit"] });
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

interface SizeResult {
    size: number;
    protocol?: ProtocolResult;
    simulate: SimulateResult[];
    simulateOneByOne?: SimulateResult[];
    sdk?: SdkCost;
}

async function main(): Promise<void> {
    if (process.argv.includes("--report-only")) {
        // Rewrite the report from the last results (no measuring).
        const md = markdown(JSON.parse(fs.readFileSync(RESULTS, "utf8"))) + handWritten();
        fs.writeFileSync(REPORT, md);
        process.stdout.write(md);
        return;
    }
    const started = now();
    const machine = {
        cpu: os.cpus()[0]?.model ?? "unknown",
        cores: os.cpus().length,
        memoryGiB: +(os.totalmem() / 1024 ** 3).toFixed(1),
        node: process.version,
        platform: `${os.platform()} ${os.release()}`,
        loadAverageAtStart: os.loadavg().map((x) => +x.toFixed(2)),
    };
    log(`bench: ${quick ? "quick, " : ""}sizes ${SIZES.join(", ")}, ${RUNS} runs each; ${machine.cpu}, ${machine.cores} cores, Node ${machine.node}`);

    // (a) cold start, interleaved; the first pair warms the file cache and is not counted.
    const cold = { ours: [] as number[], empty: [] as number[], oursRss: [] as number[], emptyRss: [] as number[] };
    for (let i = 0; i <= RUNS; i++) {
        for (const which of i % 2 ? ["ours", "empty"] : ["empty", "ours"]) {
            const r = await coldStart(which === "ours" ? ROOT : EMPTY_PACK);
            if (i === 0) continue;
            (which === "ours" ? cold.ours : cold.empty).push(r.ms);
            (which === "ours" ? cold.oursRss : cold.emptyRss).push(r.rssMiB);
        }
    }
    const coldRatio = median(cold.ours.map((x, i) => x / cold.empty[i]));
    log(`cold start: this pack ${median(cold.ours).toFixed(0)} ms, empty pack ${median(cold.empty).toFixed(0)} ms, ratio ${coldRatio.toFixed(2)}`);

    const sizes: SizeResult[] = [];
    const largest = Math.max(...SIZES);
    for (const size of SIZES) {
        const s: SizeResult = { size, simulate: [] };
        if (size <= PROTOCOL_MAX) {
            s.protocol = child<ProtocolResult>("protocol.js", [String(size), String(RUNS)], [BIG_HEAP]);
        } else if (protocol100k) {
            s.protocol = child<ProtocolResult>("protocol.js", [String(size), "1", "--stack-only"], [BIG_HEAP]);
        }
        for (let i = 0; i < RUNS; i++) s.simulate.push(child<SimulateResult>("simulate.js", [String(size)], [BIG_HEAP]));
        log(`  ${size}: analysis alone ${median(s.simulate.map((x) => x.ms.total)).toFixed(0)} ms (simulator ${median(s.simulate.map((x) => x.ms.sim)).toFixed(0)} ms)`);
        if (size === largest) {
            s.simulateOneByOne = [];
            for (let i = 0; i < RUNS; i++) s.simulateOneByOne.push(child<SimulateResult>("simulate.js", [String(size), "42", "--declared-one-by-one"], [BIG_HEAP]));
            log(`  ${size}, declared one by one: analysis alone ${median(s.simulateOneByOne.map((x) => x.ms.total)).toFixed(0)} ms`);
        }
        if (size <= PROTOCOL_MAX) s.sdk = child<SdkCost>("sdk-cost.js", [String(size), String(STACK_POLICIES)], [BIG_HEAP]);
        sizes.push(s);
    }

    // (c) growth knobs at one size, each pair alternating within a run: time per conversation.
    const knobs = KNOB_SIZE > 0 ? runKnobs(KNOB_SIZE) : [];

    const results = {
        generatedAt: new Date().toISOString(),
        quick,
        protocol100k,
        runs: RUNS,
        machine: { ...machine, loadAverageAtEnd: os.loadavg().map((x) => +x.toFixed(2)) },
        durationS: +((now() - started) / 1000).toFixed(1),
        coldStart: { oursMs: cold.ours, emptyMs: cold.empty, oursMedianMs: median(cold.ours), emptyMedianMs: median(cold.empty), ratio: coldRatio, oursRssMiB: median(cold.oursRss), emptyRssMiB: median(cold.emptyRss) },
        sizes: sizes.map((s) => ({ ...s, summary: summary(s) })),
        growth: growth(sizes),
        knobSize: KNOB_SIZE,
        knobs,
    };
    fs.mkdirSync(path.dirname(RESULTS), { recursive: true });
    fs.writeFileSync(RESULTS, `${JSON.stringify(results, null, 2)}\n`);
    const md = markdown(results) + handWritten();
    fs.mkdirSync(OUT_DIR, { recursive: true });
    fs.writeFileSync(REPORT, md);
    process.stdout.write(md);
    log(`wrote ${path.relative(ROOT, REPORT)} and ${path.relative(ROOT, RESULTS)} in ${results.durationS} s`);
}

type Summary = ReturnType<typeof summary>;

function summary(s: SizeResult) {
    const ok = (xs: ProtocolRun[]) => xs.filter((x) => !x.error);
    const m = (xs: ProtocolRun[], k: keyof ProtocolRun) => (ok(xs).length ? median(ok(xs).map((x) => x[k] as number)) : NaN);
    const p = s.protocol;
    const pairs = p ? p.ours.map((o, i) => [o, p.noop[i]] as const).filter(([o, n]) => !o.error && !n.error) : [];
    const sims = s.simulate;
    const phase = (xs: SimulateResult[]) => Object.fromEntries(Object.keys(xs[0].ms).map((k) => [k, median(xs.map((x) => x.ms[k as keyof SimulateResult["ms"]]))]));
    return {
        resources: sims[0].resources,
        conversations: sims[0].conversations,
        declared: sims[0].declared,
        failing: sims[0].failing,
        simulated: sims[0].simulated,
        protocol: p
            ? {
                  runs: p.ours.length,
                  stackOnly: p.stackOnly,
                  failures: [...p.ours, ...p.noop].filter((x) => x.error).map((x) => x.error),
                  requestMiB: p.requestBytes.stack / 1048576,
                  oursTotalMs: m(p.ours, "totalMs"),
                  noopTotalMs: m(p.noop, "totalMs"),
                  ratio: median(pairs.map(([o, n]) => o.totalMs / n.totalMs)),
                  oursStackMs: m(p.ours, "stackMs"),
                  noopStackMs: m(p.noop, "stackMs"),
                  stackRatio: median(pairs.map(([o, n]) => o.stackMs / n.stackMs)),
                  oursAnalyzeMs: m(p.ours, "analyzeMs"),
                  noopAnalyzeMs: m(p.noop, "analyzeMs"),
                  oursConfigureMs: m(p.ours, "configureMs"),
                  noopConfigureMs: m(p.noop, "configureMs"),
                  oursPeakRssMiB: m(p.ours, "peakRssMiB"),
                  noopPeakRssMiB: m(p.noop, "peakRssMiB"),
                  diagnostics: m(p.ours, "diagnostics"),
                  responseMiB: m(p.ours, "responseBytes") / 1048576,
              }
            : undefined,
        analysisMs: median(sims.map((x) => x.ms.total)),
        lowerBoundMs: median(sims.map((x) => x.lowerBound.ms)),
        lowerBoundRatio: median(sims.map((x) => x.ms.total / x.lowerBound.ms)),
        simMs: median(sims.map((x) => x.ms.sim)),
        analysisPeakRssMiB: median(sims.map((x) => x.peakRssMiB)),
        phasesMs: phase(sims),
        oneByOne: s.simulateOneByOne ? { analysisMs: median(s.simulateOneByOne.map((x) => x.ms.total)), simMs: median(s.simulateOneByOne.map((x) => x.ms.sim)), simulated: s.simulateOneByOne[0].simulated, peakRssMiB: median(s.simulateOneByOne.map((x) => x.peakRssMiB)), phasesMs: phase(s.simulateOneByOne) } : undefined,
        sdkPerPolicyMs: s.sdk?.perPolicyMs,
        sdkDecodeMs: s.sdk?.decodeMs,
    };
}

/** The growth knobs (issue 16): a base setting and a bigger one, and the target for their ratio per conversation. */
const KNOBS: Array<{ knob: string; what: string; base: number; big: number; target?: number }> = [
    { knob: "hosts-per-switch", what: "hosts per distributed switch", base: 32, big: 128, target: 1.2 },
    { knob: "hosts-per-switch", what: "hosts per distributed switch", base: 8, big: 32 },
    { knob: "trunk-width", what: "VLANs per lab trunk", base: 10, big: 1000, target: 1.1 },
    { knob: "guests", what: "declared guests per nested hypervisor", base: 10, big: 50 },
    { knob: "flows-per-guest", what: "flows per declared guest", base: 1, big: 4 },
];

interface KnobResult {
    knob: string;
    what: string;
    base: number;
    big: number;
    target?: number;
    conversations: [number, number];
    /** Analysis time per conversation (ms), medians. */
    perConversationMs: [number, number];
    /** Median of per-run ratios, big ÷ base, per conversation. */
    ratio: number;
}

function runKnobs(size: number): KnobResult[] {
    const out: KnobResult[] = [];
    for (const k of KNOBS) {
        const runs: Array<[SimulateResult, SimulateResult]> = [];
        for (let i = 0; i < RUNS; i++) {
            const one = (v: number) => child<SimulateResult>("simulate.js", [String(size), "42", `--${k.knob}=${v}`], [BIG_HEAP]);
            const pair: [SimulateResult, SimulateResult] = i % 2 ? [one(k.base), one(k.big)] : (([b, a]) => [a, b] as [SimulateResult, SimulateResult])([one(k.big), one(k.base)]);
            runs.push(pair);
        }
        const per = (x: SimulateResult) => x.ms.total / x.conversations;
        const r: KnobResult = {
            ...k,
            conversations: [runs[0][0].conversations, runs[0][1].conversations],
            perConversationMs: [median(runs.map(([a]) => per(a))), median(runs.map(([, b]) => per(b)))],
            ratio: median(runs.map(([a, b]) => per(b) / per(a))),
        };
        log(`  knob ${k.knob} ${k.base} → ${k.big}: ${r.ratio.toFixed(2)}× per conversation`);
        out.push(r);
    }
    return out;
}

function growth(sizes: SizeResult[]) {
    const out: Array<{ from: number; to: number; simFactor: number; simExponent: number; analysisExponent: number; analyzerExponent?: number }> = [];
    for (let i = 1; i < sizes.length; i++) {
        const a = summary(sizes[i - 1]);
        const b = summary(sizes[i]);
        const n = Math.log(b.resources / a.resources);
        out.push({
            from: a.resources,
            to: b.resources,
            simFactor: b.simMs / a.simMs,
            simExponent: Math.log(b.simMs / a.simMs) / n,
            analysisExponent: Math.log(b.analysisMs / a.analysisMs) / n,
            analyzerExponent: a.protocol && b.protocol && !b.protocol.stackOnly ? Math.log(b.protocol.oursTotalMs / a.protocol.oursTotalMs) / n : undefined,
        });
    }
    return out;
}

function fmt(ms: number | undefined): string {
    if (ms === undefined || Number.isNaN(ms)) return "–";
    return ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`;
}

const n0 = (x: number): string => x.toLocaleString("en");

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function markdown(r: any): string {
    const sizes = r.sizes as Array<SizeResult & { summary: Summary }>;
    const L: string[] = [];
    L.push("# Benchmarks", "");
    const flags = r.quick ? " -- --quick" : sizes.some((s) => s.protocol?.stackOnly) ? " -- --protocol-100k" : "";
    L.push(`Generated by \`npm run bench${flags}\` (bench/run.ts) on ${r.generatedAt.slice(0, 10)} in ${Math.round(r.durationS)} s: ${r.runs} runs per figure, medians; a ratio is the median of per-run ratios (this pack and its baseline alternate within each run). Stacks from bench/generate.ts (realistic vSphere outputs, 5% nested hypervisors with 10–50 declared guests, implicit labs, DRS, unknown ids of a preview). \`npm run bench\` measures the protocol at 1k and 10k resources (about ten minutes here); \`-- --protocol-100k\` adds one AnalyzeStack per pack at 100k (the floor alone takes several minutes there); \`-- --quick\` runs 1k and 3k (about two minutes).`, "");
    L.push(`Machine: ${r.machine.cpu}, ${r.machine.cores} cores, ${r.machine.memoryGiB} GiB, Node ${r.machine.node}, ${r.machine.platform}. Load average at start ${r.machine.loadAverageAtStart.join(" / ")}, at end ${r.machine.loadAverageAtEnd.join(" / ")}: other work shares this machine, so absolute times are noisy; the side-by-side ratios much less so.`, "");
    L.push("| resources | conversations (declared + implicit) | simulations | analyzer total: this pack / no-op pack | ratio | AnalyzeStack: this / no-op | analysis alone (of which simulator) | peak RSS: pack / no-op / analysis alone |");
    L.push("|---|---|---|---|---|---|---|---|");
    for (const s of sizes) {
        const x = s.summary;
        const p = x.protocol;
        const proto = !p
            ? "not run (see below) | – | –"
            : p.stackOnly
              ? `AnalyzeStack only, 1 run | – | ${fmt(p.oursStackMs)} / ${fmt(p.noopStackMs)} (${p.stackRatio.toFixed(2)}×)`
              : `${fmt(p.oursTotalMs)} / ${fmt(p.noopTotalMs)} | **${p.ratio.toFixed(2)}×** | ${fmt(p.oursStackMs)} / ${fmt(p.noopStackMs)} (${p.stackRatio.toFixed(2)}×)`;
        const rss = `${p ? `${p.oursPeakRssMiB.toFixed(0)} / ${p.noopPeakRssMiB.toFixed(0)}` : "– / –"} / ${x.analysisPeakRssMiB.toFixed(0)} MiB`;
        L.push(`| ${n0(x.resources)} | ${n0(x.conversations)} (${n0(x.declared)} + ${n0(x.conversations - x.declared)}) | ${n0(x.simulated)} | ${proto} | ${fmt(x.analysisMs)} (${fmt(x.simMs)}) | ${rss} |`);
    }
    L.push("");
    L.push(`Cold start (spawn of the runner to the port printed): this pack ${fmt(r.coldStart.oursMedianMs)}, empty pack ${fmt(r.coldStart.emptyMedianMs)}: **${r.coldStart.ratio.toFixed(2)}×** (RSS then ${r.coldStart.oursRssMiB.toFixed(0)} / ${r.coldStart.emptyRssMiB.toFixed(0)} MiB).`, "");
    L.push("Growth (exponent log(t2/t1)/log(n2/n1); 1 is linear, 2 quadratic):", "");
    L.push("| resources | simulator time factor | simulator exponent | analysis incl. translation | analyzer total through the protocol |");
    L.push("|---|---|---|---|---|");
    for (const g of r.growth) L.push(`| ${n0(g.from)} → ${n0(g.to)} | ${g.simFactor.toFixed(1)}× | ${g.simExponent.toFixed(2)} | ${g.analysisExponent.toFixed(2)} | ${g.analyzerExponent === undefined ? "–" : g.analyzerExponent.toFixed(2)} |`);
    L.push("");
    L.push("Where the time goes (medians):", "");
    L.push("| resources | Configure this / no-op | all Analyze this / no-op | AnalyzeStack this / no-op | model (translate, index) | classes | verdicts | needs | exposure | fixes | SDK per stack policy | request / response |");
    L.push("|---|---|---|---|---|---|---|---|---|---|---|---|");
    for (const s of sizes) {
        const x = s.summary;
        const p = x.protocol;
        const ph = x.phasesMs;
        L.push(
            `| ${n0(x.resources)} | ${p ? `${fmt(p.oursConfigureMs)} / ${fmt(p.noopConfigureMs)}` : "–"} | ${p && !p.stackOnly ? `${fmt(p.oursAnalyzeMs)} / ${fmt(p.noopAnalyzeMs)}` : "–"} | ${p ? `${fmt(p.oursStackMs)} / ${fmt(p.noopStackMs)}` : "–"} | ${fmt(ph.model)} | ${fmt(ph.classes)} | ${fmt(ph.verdicts)} | ${fmt(ph.needs)} | ${fmt(ph.exposure)} | ${fmt(ph.fixes)} | ${x.sdkPerPolicyMs === undefined ? "–" : `${fmt(x.sdkPerPolicyMs)} (×${STACK_POLICIES}; decoding the request ${fmt(x.sdkDecodeMs)})`} | ${p ? `${p.requestMiB.toFixed(1)} MiB / ${p.responseMiB.toFixed(2)} MiB` : "–"} |`,
        );
    }
    L.push("");
    L.push(...targets(r, sizes), "");
    if (sizes.some((x) => x.summary.lowerBoundMs !== undefined)) {
        L.push("Lower bound (one pass over every resource's properties, bench/simulate.ts `lowerBound`: the least any analysis must do) against the analysis alone, median of per-run ratios:", "");
        for (const x of sizes) if (x.summary.lowerBoundMs !== undefined) L.push(`- ${n0(x.summary.resources)} resources: lower bound ${fmt(x.summary.lowerBoundMs)}, analysis ${fmt(x.summary.analysisMs)}: **${x.summary.lowerBoundRatio.toFixed(1)}×** (target at 100k: ≤ 8×)`);
        L.push("");
    }
    const knobs = (r.knobs ?? []) as KnobResult[];
    if (knobs.length) {
        L.push(`Growth knobs (bench/generate.ts \`GenerateOptions\`), ${n0(r.knobSize)}-resource stacks, analysis alone per conversation, the two settings alternating within each of ${r.runs} runs:`, "");
        L.push("| knob | settings | conversations | per conversation | ratio | target |", "|---|---|---|---|---|---|");
        for (const k of knobs) {
            const target = k.target === undefined ? "–" : `≤ ${k.target}× — ${k.ratio <= k.target ? "**met**" : "**missed**"}`;
            L.push(`| ${k.what} | ${k.base} → ${k.big} | ${n0(k.conversations[0])} → ${n0(k.conversations[1])} | ${k.perConversationMs[0].toFixed(2)} ms → ${k.perConversationMs[1].toFixed(2)} ms | **${k.ratio.toFixed(2)}×** | ${target} |`);
        }
        L.push("");
    }
    const big = sizes.find((s) => s.summary.oneByOne);
    if (big?.summary.oneByOne) {
        const b = big.summary.oneByOne;
        L.push(`Declared conversations analysed one by one instead of by class (\`build(…, { declared: "one-by-one" })\`, same answers; the pack analyses them by class) at ${n0(big.summary.resources)} resources: analysis alone ${fmt(b.analysisMs)} (simulator ${fmt(b.simMs)}, ${n0(b.simulated)} simulations, verdicts ${fmt(b.phasesMs.verdicts)}), peak RSS ${b.peakRssMiB.toFixed(0)} MiB.`, "");
    }
    return `${L.join("\n")}\n`;
}

/** The issue's targets against this run's figures. */
function targets(r: { coldStart: { ratio: number }; growth: Array<{ from: number; to: number; simFactor: number }> }, sizes: Array<{ summary: Summary }>): string[] {
    const mark = (ok: boolean | undefined): string => (ok === undefined ? "not measured" : ok ? "**met**" : "**missed**");
    const at = (n: number) => sizes.find((s) => s.summary.resources === n)?.summary;
    const s10 = at(10_000);
    const s100 = at(100_000);
    const g = r.growth.find((x) => x.from === 10_000 && x.to === 100_000) ?? r.growth[r.growth.length - 1];
    const p100 = s100?.protocol;
    const L = ["Targets (this run):", ""];
    L.push(`- cold start ≤ 1.2× the empty pack: ${r.coldStart.ratio.toFixed(2)}× — ${mark(r.coldStart.ratio <= 1.2)};`);
    L.push(`- at 10k resources, analyzer total ≤ 1.5× the no-op pack: ${s10?.protocol ? `${s10.protocol.ratio.toFixed(2)}× (AnalyzeStack alone ${s10.protocol.stackRatio.toFixed(2)}×) — ${mark(s10.protocol.ratio <= 1.5)}` : mark(undefined)};`);
    L.push(`- 10× more resources ≤ 12× simulator time: ${g ? `${n0(g.from)} → ${n0(g.to)}: ${g.simFactor.toFixed(1)}× — ${mark(g.simFactor <= 12)}` : mark(undefined)};`);
    if (s100) {
        L.push(`- the 100k stack analysed end to end in under 10 s: analysis alone (translate + simulate, no protocol) ${fmt(s100.analysisMs)}${s100.oneByOne ? ` (${fmt(s100.oneByOne.analysisMs)} with declared conversations one by one)` : ""}${p100 ? `; through the protocol, AnalyzeStack ${fmt(p100.oursStackMs)} against a no-op floor of ${fmt(p100.noopStackMs)}` : ""} — ${mark(s100.analysisMs < 10_000)};`);
        L.push(`- peak RSS under 2 GiB at 100k: analysis alone ${s100.analysisPeakRssMiB.toFixed(0)} MiB${p100 ? `; the pack process ${p100.oursPeakRssMiB.toFixed(0)} MiB, the no-op pack ${p100.noopPeakRssMiB.toFixed(0)} MiB` : ""} — ${p100 ? mark(p100.oursPeakRssMiB < 2048) : mark(s100.analysisPeakRssMiB < 2048)}${p100 && p100.noopPeakRssMiB >= 2048 ? " (the SDK's floor alone is above it)" : ""};`);
        L.push(`- no gRPC message-size failure at 100k: ${p100 ? `request ${p100.requestMiB.toFixed(1)} MiB and response ${p100.responseMiB.toFixed(1)} MiB against the 400 MiB limit, ${p100.failures.length ? `failures: ${p100.failures.join("; ")}` : "no failure"} — ${mark(p100.failures.length === 0 && p100.requestMiB < 400)}` : `${mark(undefined)} (run with --protocol-100k)`}.`);
    }
    L.push(
        "",
        `Reading the figures: the protocol floor is the policy SDK's own work. For every stack policy it turns every resource's \`Struct\` back into JavaScript and wraps it in its unknown-checking proxy (server.js \`makeAnalyzeStackRpcFun\`), after gRPC decoded the whole request with google-protobuf's JavaScript decoder; the pack has ${STACK_POLICIES} stack policies, so without the pack's memo (policies/sdkMemo.ts, see below) each resource is deserialized ${STACK_POLICIES} times (column “SDK per stack policy” above, measured by bench/sdk-cost.ts with no-op policies). This grows linearly and at 100k resources is minutes of CPU and gigabytes of heap for any pack; the no-op pack pays it in full, this pack once per resource plus a copy per policy. This pack's share is the difference between the two columns. At 100k the analysis itself takes seconds (analysis alone), but inside the pack it runs next to the SDK's multi-gigabyte live heap, where every major garbage collection walks that heap: the same analysis with 6 GiB of live objects around it took about twice as long in a one-off check (16.6 s → 32.1 s, not part of this run), and the analysis' own model and answers (shared by the stack policies) stay live while the later policies deserialize — our reading of the rest of the gap, not measured separately.`,
    );
    return L;
}

main().catch((e: unknown) => {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
});
