/**
 * Report size and open time (issue 15): a generated stack (bench/generate.ts) with about the asked
 * number of port groups, its analysis, the report model and the HTML (dagre layout), then opened in
 * headless chromium (puppeteer-core): time to the page being ready, and to a failing conversation's
 * path being drawn.
 *
 *   node dist/bench/report.js [portGroups=2000] [--out file.html]
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "../policies/analysis";
import { reportHtml } from "../report/html";
import { layoutTopology } from "../report/layout";
import { buildReportModel } from "../report/model";
import { REPORT_MAX_TRACES } from "../cli/report";
import { generateStack } from "./generate";
import { rawResources } from "./simulate";

const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;

async function main(): Promise<void> {
    const args = process.argv.slice(2);
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
    const layout = layoutTopology(model);
    const tLayout = ms(t0);
    t0 = process.hrtime.bigint();
    const html = reportHtml(model);
    const tHtml = ms(t0);
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
        drawing: `${layout.width}x${layout.height}`,
        bytes: Buffer.byteLength(html),
        analysisMs: Math.round(tAnalysis),
        modelMs: Math.round(tModel),
        layoutMs: Math.round(tLayout),
        htmlMs: Math.round(tHtml),
    } as Record<string, unknown>;
    const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
    if (fs.existsSync(chromium)) {
        const puppeteer = await import("puppeteer-core");
        const browser = await puppeteer.launch({ executablePath: chromium, headless: true, args: ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"] });
        try {
            const page = await browser.newPage();
            await page.setViewport({ width: 1400, height: 900 });
            const errors: string[] = [];
            page.on("pageerror", (e) => errors.push(String(e)));
            const t1 = Date.now();
            await page.goto(pathToFileURL(out).href, { timeout: 600_000 });
            await page.waitForSelector("body[data-ready=true]", { timeout: 600_000 });
            line.openMs = Date.now() - t1;
            const sel = await page.evaluate(() => {
                const r = (globalThis as unknown as { vsnetReport: { data: { C: Array<{ v: string }> }; select(i: number): void } }).vsnetReport;
                const i = Math.max(0, r.data.C.findIndex((c) => c.v !== "reachable"));
                const t = performance.now();
                r.select(i);
                return performance.now() - t;
            });
            line.selectMs = Math.round(sel);
            const m = await page.metrics();
            line.jsHeapMiB = Math.round((m.JSHeapUsedSize ?? 0) / 1048576);
            line.pageErrors = errors.length;
        } finally {
            await browser.close();
        }
    }
    process.stdout.write(JSON.stringify(line) + "\n");
}

main().catch((e: unknown) => {
    process.stderr.write(`${String(e)}\n`);
    process.exitCode = 1;
});
