/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * The HTML report and the markdown's Mermaid in a real browser: Debian's chromium, headless, driven
 * by puppeteer-core (no browser download). Reports are made by the CLI (`vsnet report`) from the
 * example labs and from a copy whose every name is hostile. Without chromium the suite says once
 * that it was skipped.
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser, Page } from "puppeteer-core";
import { ROOT, show, vsnet } from "../cli/run";
import { hostileLab } from "./hostile";

// CHROMIUM_PATH, when set, is the only browser tried (a path that does not exist skips the suite).
const CHROMIUM = (process.env.CHROMIUM_PATH !== undefined ? [process.env.CHROMIUM_PATH] : ["/usr/bin/chromium", "/usr/bin/chromium-browser"]).find((p) => p !== "" && fs.existsSync(p));
export const OUT = path.join(ROOT, "test-output");

const LABS: Array<{ lab: string; file: string }> = [
    { lab: "nested-vss-t2", file: "preview.json" },
    { lab: "nested-vds-mac-learning", file: "stack.json" },
    { lab: "macvlan-promiscuous-shared", file: "stack.json" },
];

interface Opened {
    page: Page;
    errors: string[];
}

async function open(browser: Browser, file: string): Promise<Opened> {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on("console", (m) => {
        if (m.type() === "error") errors.push(m.text());
    });
    page.on("pageerror", (e) => errors.push(String(e)));
    page.on("requestfailed", (r) => errors.push(`request ${r.url()}`));
    await page.setViewport({ width: 1400, height: 900 });
    await page.goto(pathToFileURL(file).href);
    await page.waitForSelector("body[data-ready=true]", { timeout: 30_000 });
    return { page, errors };
}

/** The mermaid blocks of a markdown document. */
function mermaidBlocks(md: string): string[] {
    return [...md.matchAll(/```mermaid\n([\s\S]*?)```/g)].map((m) => m[1]);
}

describe("report in a browser (chromium, puppeteer-core)", function () {
    this.timeout(240_000);
    let browser: Browser;
    let tmp: string;
    const reports = new Map<string, string>();
    const markdown = new Map<string, string>();
    let hostileReport = "";
    let hostileMarkdown = "";

    before(async function () {
        if (!CHROMIUM) {
            console.log("    (browser suite skipped: no chromium found; `apt-get install -y chromium`, or set CHROMIUM_PATH)");
            this.skip();
        }
        tmp = fs.mkdtempSync(path.join(os.tmpdir(), "vsnet-report-"));
        fs.mkdirSync(OUT, { recursive: true });
        for (const { lab, file } of LABS) {
            const out = path.join(tmp, `${lab}.html`);
            const args = [`examples/${lab}/${file}`, "--config", `examples/${lab}/policy-config.json`];
            const r = await vsnet(["report", ...args, "-o", out]);
            assert.equal(r.code, 0, show(r));
            reports.set(lab, out);
            const m = await vsnet(["check", ...args, "--format", "markdown"]);
            assert.ok(m.code === 0 || m.code === 1, show(m));
            markdown.set(lab, m.stdout);
        }
        const h = hostileLab(tmp);
        hostileReport = path.join(tmp, "hostile.html");
        const r = await vsnet(["report", h.stack, "--config", h.config, "-o", hostileReport]);
        assert.equal(r.code, 0, show(r));
        const m = await vsnet(["check", h.stack, "--config", h.config, "--format", "markdown"]);
        assert.equal(m.code, 1, show(m));
        hostileMarkdown = m.stdout;
        const puppeteer = await import("puppeteer-core");
        browser = await puppeteer.launch({ executablePath: CHROMIUM, headless: true, args: ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"] });
    });

    after(async () => {
        await browser?.close();
        if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
    });

    it("opens every example report without a console error, and every conversation is selectable", async () => {
        for (const [lab, file] of reports) {
            const { page, errors } = await open(browser, file);
            const n = await page.$$eval("#convs li.conv", (els) => els.length);
            assert.ok(n > 0, lab);
            for (let i = 0; i < n; i++) {
                const item = (await page.$$("#convs li.conv"))[i];
                await item.click();
                const got = await page.evaluate((k) => {
                    const li = document.querySelectorAll("#convs li.conv")[k];
                    return { selected: li.getAttribute("aria-selected"), title: document.querySelector("#details h2")?.textContent, names: li.querySelector(".names")?.textContent, rows: document.querySelectorAll("#trace li").length };
                }, i);
                assert.equal(got.selected, "true", `${lab} #${i}`);
                assert.equal(got.title, got.names, `${lab} #${i}: details of the selected conversation`);
                assert.ok(got.rows > 0, `${lab} #${i}: a trace is shown`);
            }
            assert.deepEqual(errors, [], lab);
            await page.close();
        }
    });

    it("a failing conversation highlights exactly the hops of its trace (as `vsnet trace` gives it), the dropping hop marked", async () => {
        const { page, errors } = await open(browser, reports.get("nested-vss-t2")!);
        const convs = await page.evaluate(() => (window as unknown as { vsnetReport: { data: { C: Array<{ a: string; b: string; v: string }> } } }).vsnetReport.data.C.map((c) => ({ a: c.a, b: c.b, v: c.v })));
        const failing = convs.map((c, i) => ({ ...c, i })).filter((c) => c.v !== "reachable");
        assert.ok(failing.length >= 2);
        for (const c of failing) {
            await page.click(`#conv-${c.i}`);
            const shown = await page.evaluate(() => {
                const rows = [...document.querySelectorAll("#trace li")];
                return {
                    leg: document.querySelector(".tab[aria-selected=true]")?.textContent?.replace(/\s*\u2716$/, ""),
                    rows: rows.map((r) => ({ rule: r.querySelector(".rule")!.textContent!.replace(/, assumed$/, ""), at: r.querySelector(".at")!.textContent!.replace(/^at /, "").replace(/: $/, ""), node: r.getAttribute("data-node"), drop: r.classList.contains("drop") })),
                    hop: [...document.querySelectorAll("#topo g.node.hop")].map((g) => g.getAttribute("data-i")).sort(),
                    drop: [...document.querySelectorAll("#topo g.node.drop")].map((g) => g.getAttribute("data-i")),
                    overlay: document.getElementById("overlay")!.getAttribute("points"),
                };
            });
            // The same conversation from the command line.
            const t = await vsnet(["trace", "examples/nested-vss-t2/preview.json", "--config", "examples/nested-vss-t2/policy-config.json", "--from", c.a, "--to", c.b, "--format", "json"]);
            const legs = (JSON.parse(t.stdout) as { legs: Array<{ leg: string; delivered: boolean; hops: Array<{ rule: string; at: string }> }> }).legs;
            const leg = legs.find((l) => l.leg === shown.leg)!;
            assert.ok(leg && !leg.delivered, `${c.a} <-> ${c.b}: the shown leg is a dropped one`);
            assert.equal(leg, legs.find((l) => !l.delivered), "the first dropped leg is shown");
            assert.deepEqual(
                shown.rows.map((r) => ({ rule: r.rule, at: r.at })),
                leg.hops.map((h) => ({ rule: h.rule, at: h.at })),
                "the trace shown is the trace",
            );
            assert.ok(shown.rows.every((r) => r.node !== "-1"), "every hop is located on the topology");
            assert.deepEqual(shown.hop, [...new Set(shown.rows.map((r) => r.node!))].sort(), "highlighted = the hops' places, exactly");
            assert.deepEqual(shown.drop, [shown.rows[shown.rows.length - 1].node], "the dropping hop is marked, only it");
            assert.deepEqual(shown.rows.map((r) => r.drop), shown.rows.map((_, k) => k === shown.rows.length - 1));
            assert.ok((shown.overlay ?? "").trim().length > 0, "the path is drawn");
        }
        assert.deepEqual(errors, []);
        await page.close();
    });

    it("filters by verdict and by policy", async () => {
        const { page, errors } = await open(browser, reports.get("nested-vss-t2")!);
        const verdicts = async () => page.$$eval("#convs li.conv", (els) => els.map((e) => e.getAttribute("data-verdict")));
        const all = await verdicts();
        assert.ok(all.includes("blocked") && all.includes("one-way"));
        await page.click("input.vf[value=blocked]");
        assert.deepEqual([...new Set(await verdicts())], ["one-way"]);
        await page.click("input.vf[value=blocked]");
        await page.click("input.vf[value=one-way]");
        assert.deepEqual([...new Set(await verdicts())], ["blocked"]);
        await page.click("input.vf[value=one-way]");
        const options = await page.$$eval("#policy option", (os) => os.map((o) => (o as HTMLOptionElement).value).filter(Boolean));
        assert.ok(options.includes("nested-workloads-reachable"), options.join());
        for (const p of options) {
            await page.select("#policy", p);
            const expected = await page.evaluate((pol) => (window as unknown as { vsnetReport: { data: { C: Array<{ pol: string[] }> } } }).vsnetReport.data.C.filter((c) => c.pol.includes(pol)).length, p);
            assert.equal((await verdicts()).length, expected, p);
            const findings = await page.$$eval("#findings details summary", (s) => s.map((x) => x.textContent ?? ""));
            assert.ok(findings.length > 0 && findings.every((f) => f.includes(p)), p);
        }
        await page.select("#policy", "nested-workloads-reachable");
        assert.equal((await verdicts()).length, 3, "every failing flow has a reachability finding");
        await page.select("#policy", "");
        assert.equal((await verdicts()).length, all.length);
        assert.deepEqual(errors, []);
        await page.close();
    });

    it("is usable by keyboard: the list with arrows, Home and End, the legs with arrows; a screenshot is written", async () => {
        const { page, errors } = await open(browser, reports.get("nested-vss-t2")!);
        const selected = () => page.$eval("#convs", (l) => l.querySelector("li[aria-selected=true]")?.getAttribute("data-index") ?? null);
        await page.focus("#convs");
        assert.equal(await selected(), "0", "focusing the list selects the first");
        await page.keyboard.press("ArrowDown");
        assert.equal(await selected(), "1");
        await page.keyboard.press("End");
        const n = await page.$$eval("#convs li.conv", (e) => e.length);
        assert.equal(await selected(), String(n - 1));
        await page.keyboard.press("Home");
        assert.equal(await selected(), "0");
        assert.equal(await page.$eval("#convs", (l) => l.getAttribute("aria-activedescendant")), "conv-0");
        await page.focus(".tab[aria-selected=true]");
        const before = await page.$eval(".tab[aria-selected=true]", (t) => t.id);
        await page.keyboard.press("ArrowRight");
        const after = await page.evaluate(() => ({ sel: document.querySelector(".tab[aria-selected=true]")?.id, focus: document.activeElement?.id }));
        assert.notEqual(after.sel, before);
        assert.equal(after.focus, after.sel, "focus follows the selected leg");
        await page.keyboard.press("/");
        assert.equal(await page.evaluate(() => document.activeElement?.id), "search");
        await page.keyboard.type("gateway");
        const names = await page.$$eval("#convs li .names", (e) => e.map((x) => x.textContent ?? ""));
        assert.ok(names.length === 2 && names.every((x) => x.includes("gateway")), names.join());
        await page.keyboard.press("Escape");
        await page.$eval("#search", (i) => {
            (i as HTMLInputElement).value = "";
            i.dispatchEvent(new Event("input"));
        });
        await page.evaluate(() => (window as unknown as { vsnetReport: { select(i: number): void } }).vsnetReport.select(0));
        await page.screenshot({ path: path.join(OUT, "report.png") });
        await page.emulateMediaFeatures([{ name: "prefers-color-scheme", value: "dark" }]);
        const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
        assert.equal(bg, "rgb(13, 17, 23)", "dark scheme");
        await page.screenshot({ path: path.join(OUT, "report-dark.png") });
        assert.ok(fs.statSync(path.join(OUT, "report.png")).size > 10_000);
        assert.deepEqual(errors, []);
        await page.close();
    });

    it("renders every generated Mermaid diagram with the real mermaid (examples, diff, hostile names)", async () => {
        // A diff with before and after diagrams: the T2 lab with one port group fixed.
        const doc = JSON.parse(fs.readFileSync(path.join(ROOT, "examples/nested-vss-t2/preview.json"), "utf8")) as { steps: Array<{ newState?: { urn: string; inputs?: Record<string, unknown>; outputs?: Record<string, unknown> } }> };
        for (const s of doc.steps) if (s.newState?.urn.endsWith("::nested-pg-01")) for (const k of ["inputs", "outputs"] as const) Object.assign(s.newState[k] ?? {}, { allowForgedTransmits: true });
        fs.writeFileSync(path.join(tmp, "fixed.json"), JSON.stringify(doc));
        const d = await vsnet(["diff", "examples/nested-vss-t2/preview.json", path.join(tmp, "fixed.json"), "--config", "examples/nested-vss-t2/policy-config.json", "--format", "markdown"]);
        assert.equal(d.code, 0, show(d));
        assert.match(d.stdout, /\*\*before\*\*[\s\S]*```mermaid[\s\S]*\*\*after\*\*/);
        const diagrams = [...[...markdown.values()].flatMap(mermaidBlocks), ...mermaidBlocks(d.stdout), ...mermaidBlocks(hostileMarkdown)];
        const committed = fs.readdirSync(path.join(ROOT, "examples")).filter((f) => f.endsWith(".md")).map((f) => fs.readFileSync(path.join(ROOT, "examples", f), "utf8"));
        diagrams.push(...committed.flatMap(mermaidBlocks));
        assert.ok(diagrams.length >= 8, `${diagrams.length} diagrams`);
        assert.ok(mermaidBlocks(hostileMarkdown).length >= 3);
        const page = await browser.newPage();
        const errors: string[] = [];
        page.on("pageerror", (e) => errors.push(String(e)));
        await page.setContent("<!doctype html><html><body><div id=out></div></body></html>");
        await page.addScriptTag({ path: require.resolve("mermaid/dist/mermaid.min.js") });
        const results = await page.evaluate(async (list: string[]) => {
            const m = (window as unknown as { mermaid: { initialize(c: unknown): void; parse(t: string): Promise<unknown>; render(id: string, t: string): Promise<{ svg: string }> } }).mermaid;
            m.initialize({ startOnLoad: false, securityLevel: "strict" });
            const out: Array<{ ok: boolean; error?: string; svg?: number; script?: boolean; text?: string }> = [];
            for (let i = 0; i < list.length; i++) {
                try {
                    await m.parse(list[i]);
                    const r = await m.render(`d${i}`, list[i]);
                    const holder = document.createElement("div");
                    holder.innerHTML = r.svg;
                    out.push({ ok: true, svg: r.svg.length, script: holder.querySelector("script, img, iframe, [onerror], [onload]") !== null, text: holder.textContent ?? "" });
                } catch (e) {
                    out.push({ ok: false, error: String(e) });
                }
            }
            return { out, pwned: (window as unknown as { __pwned?: number }).__pwned ?? null };
        }, diagrams);
        results.out.forEach((r, i) => assert.ok(r.ok, `diagram ${i}: ${r.error}\n${diagrams[i]}`));
        results.out.forEach((r, i) => assert.ok((r.svg ?? 0) > 500 && !r.script, `diagram ${i} drew an SVG without markup from names`));
        const hostileTexts = results.out.slice(results.out.length - committed.flatMap(mermaidBlocks).length - mermaidBlocks(hostileMarkdown).length).map((r) => r.text ?? "");
        assert.ok(hostileTexts.some((t) => t.includes("<script>window.__pwned=1</script>")), "hostile names are shown as text");
        assert.equal(results.pwned, null, "no injected script ran");
        assert.deepEqual(errors, []);
        await page.close();
    });

    it("hostile names everywhere: the page runs no injected script, shows the names as text, and works", async () => {
        const { page, errors } = await open(browser, hostileReport);
        const n = await page.$$eval("#convs li.conv", (e) => e.length);
        assert.equal(n, 3);
        for (let i = 0; i < n; i++) {
            await page.click(`#convs li.conv:nth-child(${i + 1})`);
            await page.click("#findings-count");
        }
        const state = await page.evaluate(() => ({
            pwned: (window as unknown as { __pwned?: number }).__pwned ?? null,
            scripts: document.scripts.length,
            imgs: document.querySelectorAll("img").length,
            title: document.querySelector("#details h2")?.textContent ?? "",
            svgText: document.getElementById("topo")!.textContent ?? "",
            drop: document.querySelectorAll("#topo g.node.drop").length,
            rows: document.querySelectorAll("#trace li").length,
        }));
        assert.equal(state.pwned, null, "no injected script ran");
        assert.equal(state.scripts, 2, "only the report's data and its script");
        assert.equal(state.imgs, 0, "no element from a name");
        assert.ok(state.title.includes("<script>window.__pwned=1</script>"), state.title);
        // eslint-disable-next-line no-control-regex
        assert.ok(!/[\u0000-\u0008\u001b\u202e]/.test(state.title + state.svgText), "control and bidi characters are shown as symbols");
        assert.ok(state.svgText.includes("\u2026"), "long names are cut in the drawing");
        assert.equal(state.drop, 1);
        assert.ok(state.rows > 0);
        assert.deepEqual(errors, []);
        await page.screenshot({ path: path.join(OUT, "report-hostile.png") });
        await page.close();
    });
});
