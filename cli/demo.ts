/**
 * `npm run demo`: runs `vsnet check` on the example labs and one `vsnet trace`, in clearly separated
 * sections, with one policy-pack process shared by all checks (each command's output is exactly what
 * the CLI prints). Always exits 0: the examples have violations on purpose.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { startPack, type PackProcess } from "./analyzer-client";
import { runCommand } from "./commands";
import { oneLine } from "./errors";
import { processIo, palette, type Io } from "./io";
import { staleSources } from "./build-fresh";
import { PACKAGE_ROOT } from "./tool";

interface Section {
    title: string;
    argv: string[];
    /** What the exit code means here. */
    expect: string;
    /** Print only a summary of a JSON result (large outputs). */
    summarize?: boolean;
}

/** Where the demo writes its report (git-ignored). */
const REPORT_FILE = "demo-output/nested-vss-t2-report.html";

const ex = (lab: string, file: string) => [`examples/${lab}/${file}`, "--config", `examples/${lab}/policy-config.json`];

const SECTIONS: Section[] = [
    {
        title: "nested ESXi on a distributed switch with MAC learning: works",
        argv: ["check", ...ex("nested-vds-mac-learning", "stack.json")],
        expect: "0: every flow works and nothing is looser than it needs to be",
    },
    {
        title: "the same lab on standard switches, forged transmits left unset on the host port groups (T2): broken",
        argv: ["check", ...ex("nested-vss-t2", "preview.json")],
        expect: "1: mandatory violations, which would fail `pulumi preview --policy-pack`",
    },
    {
        title: "macvlan containers on a shared promiscuous port group: they can read other VMs' traffic",
        argv: ["check", ...ex("macvlan-promiscuous-shared", "stack.json")],
        expect: "1: promiscuous-exposure is mandatory in this lab's policy config",
    },
    {
        title: "nested vSAN with jumbo frames over a distributed switch left at 1500: ping works, TCP stalls",
        argv: ["check", ...ex("nested-vsan-jumbo", "stack.json")],
        expect: "1: the 9000-byte vSAN frames do not fit the switch's MTU (X2)",
    },
    {
        title: "a large generated lab (24 clusters), summarised",
        argv: ["check", ...ex("large-generated", "stack.json"), "--format", "json"],
        expect: "1: the generator puts a broken standard-switch island in every third cluster",
        summarize: true,
    },
    {
        title: "why can't nested-web reach the gateway? the hop-by-hop trace and the smallest fix",
        argv: ["trace", ...ex("nested-vss-t2", "preview.json"), "--from", "nested-web", "--to", "gateway"],
        expect: "1: the conversation is one-way",
    },
];

function summarize(json: string): string {
    const r = JSON.parse(json) as {
        input: { resources: number };
        summary: { mandatory: number; advisory: number };
        violations: Array<{ policy: string; enforcementLevel: string }>;
    };
    const byPolicy = new Map<string, number>();
    for (const v of r.violations) byPolicy.set(`${v.policy} (${v.enforcementLevel})`, (byPolicy.get(`${v.policy} (${v.enforcementLevel})`) ?? 0) + 1);
    const lines = [`${r.input.resources} resources: ${r.summary.mandatory} mandatory and ${r.summary.advisory} advisory violations`];
    for (const [k, n] of [...byPolicy].sort((x, y) => y[1] - x[1])) lines.push(`  ${String(n).padStart(4)}  ${k}`);
    return lines.join("\n") + "\n";
}

async function main(): Promise<void> {
    process.chdir(PACKAGE_ROOT);
    const io = processIo();
    const p = palette(io.color);
    const rule = (s: string) => p.bold(`== ${s} ${"=".repeat(Math.max(3, 96 - s.length))}`);
    io.out(`${p.bold("vsnet demo")}: the vsphere-nested-networking policy pack on the example labs in examples/ (no vCenter, no Pulumi CLI).\n`);
    io.out("Each section runs one vsnet command; its output is what the CLI prints. See examples/*/README.md for the Pulumi programs.\n\n");
    const started = Date.now();
    let pack: PackProcess | undefined;
    try {
        pack = await startPack(PACKAGE_ROOT);
    } catch (e) {
        io.err(`vsnet demo: could not start the policy pack (${oneLine(e)}); did you run \`npm ci\`?\n`);
        return;
    }
    try {
        for (const [i, s] of SECTIONS.entries()) {
            io.out(`${rule(`${i + 1}/${SECTIONS.length}  ${s.title}`)}\n`);
            io.out(`${p.dim("$")} vsnet ${s.argv.map((a) => (/[\s"]/.test(a) ? JSON.stringify(a) : a)).join(" ")}\n`);
            if (s.argv.some((a) => a.startsWith("examples/") && !fs.existsSync(path.join(PACKAGE_ROOT, a)))) {
                io.out("(example file missing; skipped)\n\n");
                continue;
            }
            const t0 = Date.now();
            let captured = "";
            const sectionIo: Io = s.summarize ? { ...io, out: (t) => void (captured += t) } : io;
            const code = await runCommand(s.argv, { io: sectionIo, pack });
            if (s.summarize) io.out(code <= 1 && captured ? summarize(captured) : captured);
            io.out(p.dim(`-> exit code ${code} (expected ${s.expect}); ${((Date.now() - t0) / 1000).toFixed(1)} s`) + "\n\n");
        }
        // The pictures: one example lab as an HTML report (topology, every conversation's path, the drop, the fix).
        io.out(`${rule("report  the T2 lab as one self-contained HTML page")}\n`);
        const reportArgv = ["report", ...ex("nested-vss-t2", "preview.json"), "-o", REPORT_FILE];
        io.out(`${p.dim("$")} vsnet ${reportArgv.join(" ")}\n`);
        const code = await runCommand(reportArgv, { io, pack });
        if (code === 0) io.out(`Open ${path.join(PACKAGE_ROOT, REPORT_FILE)} in a browser: select a conversation to see its path, the dropping hop, the trace and the smallest fix.\n\n`);
    } finally {
        await pack.stop();
    }
    io.out(`Done in ${((Date.now() - started) / 1000).toFixed(1)} s. Next: \`node dist/cli/main.js explain\` (the \`vsnet\` command), \`node dist/cli/main.js check <your stack export>\`, or see the README.\n`);
}

/**
 * `npm run demo` runs dist/ as `npm ci` built it; only when a source changed since is it built again
 * (then this file is run anew, so the demo is the new code's).
 */
function rebuiltIfStale(): boolean {
    const stale = staleSources(PACKAGE_ROOT);
    if (stale.length === 0) return false;
    process.stderr.write(`vsnet demo: ${stale.length} source file${stale.length === 1 ? "" : "s"} changed since the last build (${stale.slice(0, 3).join(", ")}${stale.length > 3 ? ", ..." : ""}): building first\n`);
    const tsc = require.resolve("typescript/bin/tsc", { paths: [PACKAGE_ROOT] });
    const build = spawnSync(process.execPath, [tsc, "-p", path.join(PACKAGE_ROOT, "tsconfig.json")], { stdio: "inherit" });
    if (build.status !== 0) {
        process.exitCode = build.status ?? 1;
        return true;
    }
    const again = spawnSync(process.execPath, [__filename, ...process.argv.slice(2)], { stdio: "inherit" });
    process.exitCode = again.status ?? 0;
    return true;
}

if (!rebuiltIfStale()) main().then(
    () => {
        process.exitCode = 0;
    },
    (e: unknown) => {
        process.stderr.write(`vsnet demo: ${oneLine(e)}\n`);
        process.exitCode = 0;
    },
);
