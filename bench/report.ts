/**
 * Report size and open time (issue 15): a generated stack (bench/generate.ts) with about the asked
 * number of port groups, its analysis, the report model and the HTML (dagre layout), then opened in
 * headless chromium (puppeteer-core): time to the page being ready, and to a failing conversation's
 * path being drawn.
 *
 *   node dist/bench/report.js [portGroups=2000] [--out file.html]
 *   node dist/bench/report.js --open report.html     (only open an existing report, e.g. one `vsnet report` wrote)
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "../policies/analysis";
import { reportPage } from "../report/html";
import { layoutGroups } from "../report/layout";
import { buildReportModel } from "../report/model";
import { REPORT_MAX_TRACES } from "../cli/report";
import { generateStack } from "./generate";
import { rawResources } from "./simulate";

const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;

/** Opens a report in headless chromium: time to the first usable view (list and drawing shown), then to a failing conversation's path. */
async function openReport(file: string, line: Record<string, unknown>): Promise<void> {
    const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
    if (!fs.existsSync(chromium)) return;
    const puppeteer = await import("puppeteer-core");
    const browser = await puppeteer.launch({ executablePath: chromium, headless: true, args: ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"] });
    try {
        const page = await browser.newPage();
        await page.setViewport({ width: 1400, height: 900 });
        const errors: string[] = [];
        page.on("pageerror", (e) => errors.push(String(e)));
        const t1 = Date.now();
        await page.goto(pathToFileURL(file).href, { timeout: 600_000 });
        await page.waitForSelector("body[data-ready=true]", { timeout: 600_000 });
        line.openMs = Date.now() - t1;
        const sel = await page.evaluate(async () => {
            const r = (globalThis as unknown as { vsnetReport: { verdicts?: () => string[]; data?: { C: Array<{ v: string }> }; select(i: number): unknown } }).vsnetReport;
            const vs = r.verdicts ? r.verdicts() : r.data!.C.map((c) => c.v);
            const i = Math.max(0, vs.findIndex((v) => v !== "reachable"));
            const t = performance.now();
            await r.select(i);
            return performance.now() - t;
        });
        line.selectMs = Math.round(sel);
        const m = await page.metrics();
        line.jsHeapMiB = Math.round((m.JSHeapUsedSize ?? 0) / 1048576);
        line.domNodes = m.Nodes;
        line.pageErrors = errors.length;
    } finally {
        await browser.close();
    }
}

async function main(): Promise<void> {
    const args = process.argv.slice(2);
    const openArg = args.indexOf("--open");
    if (openArg >= 0) {
        const file = args[openArg + 1];
        const line: Record<string, unknown> = { file, bytes: fs.statSync(file).size };
        await openReport(file, line);
        process.stdout.write(JSON.stringify(line) + "\n");
        return;
    }
    const want = Number(args.find((a) => /^\d+$/.test(a)) ?? 2000);
    const outArg = args.indexOf("--out");
    const out = outArg >= 0 ? args[outArg + 1] : path.join(os.tmpdir(), `vsnet-report-${want}.html`);
    // About 3% of the resources are port groups (1.5% distributed, 1.5% on standard switches).
    let size = Math.round(want / 0.03);
    let g = generateStack(size);
    const pgs = (x: typeof g) => x.stats.dvpgs + x.stats.hpgs;
    size = Math.round((size * want) / Math.max(1, pgs(g)));
    g = generateStack(size);
    let t0 = process.hrtime.bigint();
    const a = build(rawResources(g.resources), g.config["nested-workloads-reachable"], { declared: "by-class" });
    a.verdicts();
    const tAnalysis = ms(t0);
    t0 = process.hrtime.bigint();
    const model = buildReportModel(a, { title: `generated ${size}`, input: `generateStack(${size})`, maxTraces: REPORT_MAX_TRACES });
    const tModel = ms(t0);
    t0 = process.hrtime.bigint();
    const layouts = layoutGroups(model);
    const tLayout = ms(t0);
    // The page lays out again (reportPage is the whole job): HTML time is the rest of it.
    t0 = process.hrtime.bigint();
    const { html, rawChars } = reportPage(model);
    const tHtml = ms(t0) - tLayout;
    fs.writeFileSync(out, html);
    const line = {
        resources: g.resources.length,
        portGroups: pgs(g),
        hosts: g.stats.hosts,
        vms: g.stats.vms,
        conversations: model.conversations.length,
        nodes: model.nodes.length,
        foldedPorts: model.folded.ports,
        foldedGuests: model.folded.guests,
        drawings: layouts.length,
        largestDrawing: Math.max(...layouts.map((l) => l.nodes.length)),
        bytes: Buffer.byteLength(html),
        dataCharsUncompressed: rawChars,
        analysisMs: Math.round(tAnalysis),
        modelMs: Math.round(tModel),
        layoutMs: Math.round(tLayout),
        htmlMs: Math.round(tHtml),
    } as Record<string, unknown>;
    await openReport(out, line);
    process.stdout.write(JSON.stringify(line) + "\n");
}

main().catch((e: unknown) => {
    process.stderr.write(`${String(e)}\n`);
    process.exitCode = 1;
});
