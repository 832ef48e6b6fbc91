/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * The HTML report and the markdown's Mermaid in a real browser: Debian's chromium, headless, driven
 * by puppeteer-core (no browser download). Reports are made by the CLI (`vsnet report`) from every
 * example lab and from a copy whose every name is hostile; a generated fleet too big to draw at
 * once checks the lazy parts (one switch drawn, the list virtual, blocks read on demand). Without
 * chromium the suite says once that it was skipped.
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { Browser } from "puppeteer-core";
import { generateLargeLab } from "../../cli/generate-lab";
import { loadStack, rawResources } from "../../cli/stack-file";
import { loadPolicyConfig } from "../../cli/check";
import { declarationsFrom } from "../../cli/trace";
import { build } from "../../policies/analysis";
import { DRAW_ALL_MAX } from "../../report/data";
import { reportPage } from "../../report/html";
import { buildReportModel } from "../../report/model";
import { example, ROOT, show, vsnet } from "../cli/run";
import { hostileLab } from "./hostile";
import { assertPathIsTrace, CHROMIUM, clippedInDrawing, conversations, open, readShown, shown, type ReportApi } from "./page";

export const OUT = path.join(ROOT, "test-output");

/** Every example lab, as `vsnet check`/`report` take it. */
const LABS: Array<{ lab: string; args: string[] }> = [
    { lab: "nested-vss-t2", args: example("nested-vss-t2", "preview.json") },
    { lab: "nested-vds-mac-learning", args: example("nested-vds-mac-learning", "stack.json") },
    { lab: "macvlan-promiscuous-shared", args: example("macvlan-promiscuous-shared", "stack.json") },
    { lab: "split-stack-inventory", args: [...example("split-stack-inventory", "lab-stack.json"), "--inventory", "examples/split-stack-inventory/platform-stack.json"] },
    { lab: "large-generated", args: example("large-generated", "stack.json") },
];
const T2 = LABS[0];

/** The mermaid blocks of a markdown document. */
function mermaidBlocks(md: string): string[] {
    return [...md.matchAll(/```mermaid\n([\s\S]*?)```/g)].map((m) => m[1]);
}

describe("report in a browser (chromium, puppeteer-core)", function () {
    this.timeout(300_000);
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
        await Promise.all(
            LABS.map(async ({ lab, args }) => {
                const out = path.join(tmp, `${lab}.html`);
                const r = await vsnet(["report", ...args, "-o", out]);
                assert.equal(r.code, 0, show(r));
                reports.set(lab, out);
                const m = await vsnet(["check", ...args, "--format", "markdown"]);
                assert.ok(m.code === 0 || m.code === 1, show(m));
                markdown.set(lab, m.stdout);
            }),
        );
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

    it("opens every example report without a console error, and every conversation is selectable, by click and by keyboard", async () => {
        for (const [lab, file] of reports) {
            const { page, errors } = await open(browser, file);
            const all = await conversations(page);
            assert.ok(all.length > 0, lab);
            // The keyboard walks the whole list (rows outside the view are made as it scrolls).
            await page.focus("#convs");
            for (let i = 0; i < all.length; i++) {
                if (i > 0) await page.keyboard.press("ArrowDown");
                await shown(page, i);
                const got = await page.evaluate((k) => {
                    const li = document.getElementById(`conv-${k}`);
                    return { selected: li?.getAttribute("aria-selected"), active: document.getElementById("convs")!.getAttribute("aria-activedescendant"), title: document.querySelector("#details h2")?.textContent, names: li?.querySelector(".names")?.textContent, rows: document.querySelectorAll("#trace li").length };
                }, i);
                assert.equal(got.selected, "true", `${lab} #${i}`);
                assert.equal(got.active, `conv-${i}`, `${lab} #${i}`);
                assert.equal(got.title, got.names, `${lab} #${i}: details of the selected conversation`);
                assert.equal(got.title, `${all[i].a} \u2194 ${all[i].b}`);
                assert.ok(got.rows > 0, `${lab} #${i}: a trace is shown`);
            }
            // And by click, from the top of the list.
            await page.keyboard.press("Home");
            await shown(page, 0);
            for (let i = Math.min(all.length, 5) - 1; i >= 0; i--) {
                await page.click(`#conv-${i}`);
                await shown(page, i);
                assert.equal(await page.$eval("#details h2", (h) => h.textContent), `${all[i].a} \u2194 ${all[i].b}`);
            }
            assert.deepEqual(errors, [], lab);
            await page.close();
        }
    });

    it("draws the whole topology: every switch per host with its uplinks and team, port groups with VLAN and security, VM NICs, workloads", async () => {
        const lab = LABS[1];
        const config = lab.args[lab.args.indexOf("--config") + 1];
        const model = buildReportModel(build(rawResources(loadStack(path.join(ROOT, lab.args[0]))), declarationsFrom(loadPolicyConfig(path.join(ROOT, config)))));
        const { page, errors } = await open(browser, reports.get(lab.lab)!);
        assert.equal(await page.$eval("#view", (v) => (v as HTMLSelectElement).value), "all", "a small topology is drawn whole");
        const titles = await page.$$eval("#topo g.node", (gs) => gs.map((g) => [g.getAttribute("class")!.split(" ")[1], g.querySelector("title")!.textContent!]));
        const expected = model.nodes.map((n) => [`k-${n.kind}`, [n.label, ...n.details].join("\n")]);
        assert.deepEqual(titles.slice().sort(), expected.slice().sort(), "every node of the topology, with its details");
        const kinds = new Set(model.nodes.map((n) => n.kind));
        for (const k of ["phys", "uplinks", "switch", "portGroup", "port", "endpoint"] as const) assert.ok(kinds.has(k), k);
        const text = titles.map((t) => t[1]).join("\n");
        assert.match(text, /team: active uplink1, uplink2/);
        assert.match(text, /VLAN 20\npromiscuous mode reject, forged transmits accept, MAC address changes reject, MAC learning on/);
        assert.match(text, /security: promiscuous mode reject/);
        // Clicking a node tells its details in the toolbar.
        await page.click("#topo g.node.k-portGroup");
        const pgTitle = await page.$eval("#topo g.node.k-portGroup title", (t) => t.textContent ?? "");
        assert.equal(await page.$eval("#nodeinfo", (e) => e.textContent), pgTitle.replace("\n", " \u2014 ").split("\n").join("; "));
        assert.match(pgTitle, /^DistributedPortGroup \S+\nVLAN \d+\npromiscuous mode/);
        assert.deepEqual(errors, []);
        await page.close();
    });

    it("a failing conversation highlights exactly the hops of its trace (as `vsnet trace` gives it), the dropping hop marked", async () => {
        let checked = 0;
        for (const { lab, args } of [T2, LABS[3], LABS[4]]) {
            const { page, errors } = await open(browser, reports.get(lab)!);
            const failing = (await conversations(page)).map((c, i) => ({ ...c, i })).filter((c) => c.v !== "reachable");
            assert.ok(failing.length >= 1, lab);
            for (const c of failing.slice(0, 4)) {
                await page.click(`#conv-${c.i}`);
                await shown(page, c.i);
                const s = await readShown(page);
                // The same conversation from the command line.
                const t = await vsnet(["trace", ...args, "--from", c.a, "--to", c.b, "--format", "json"]);
                const legs = (JSON.parse(t.stdout) as { legs: Array<{ leg: string; delivered: boolean; hops: Array<{ rule: string; at: string }> }> }).legs;
                const leg = legs.find((l) => l.leg === s.leg)!;
                assert.ok(leg && !leg.delivered, `${lab} ${c.a} <-> ${c.b}: the shown leg is a dropped one`);
                assert.equal(leg, legs.find((l) => !l.delivered), "the first dropped leg is shown");
                assert.deepEqual(
                    s.rows.map((r) => ({ rule: r.rule, at: r.at })),
                    leg.hops.map((h) => ({ rule: h.rule, at: h.at })),
                    "the trace shown is the trace",
                );
                assertPathIsTrace(s, `${lab} ${c.a} <-> ${c.b}`);
                checked++;
            }
            assert.deepEqual(errors, [], lab);
            await page.close();
        }
        assert.ok(checked >= 6, `${checked} conversations compared`);
    });

    it("filters by verdict and by policy", async () => {
        const { page, errors } = await open(browser, reports.get(T2.lab)!);
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
        const convs = await conversations(page);
        for (const p of options) {
            await page.select("#policy", p);
            assert.equal((await verdicts()).length, convs.filter((c) => c.pol.includes(p)).length, p);
            await page.waitForSelector(`#findings[data-policy="${p}"]`);
            const findings = await page.$$eval("#findings details summary", (s) => s.map((x) => x.textContent ?? ""));
            assert.ok(findings.length > 0 && findings.every((f) => f.includes(p)), p);
            assert.equal(await page.$eval("#findings-count", (e) => e.textContent), String(findings.length), p);
        }
        await page.select("#policy", "nested-workloads-reachable");
        assert.equal((await verdicts()).length, 3, "every failing flow has a reachability finding");
        await page.select("#policy", "");
        assert.equal((await verdicts()).length, all.length);
        assert.deepEqual(errors, []);
        await page.close();
    });

    it("is usable by keyboard: the list with arrows, Home and End, the legs with arrows; the drawing is whole in the screenshot; dark scheme", async () => {
        const { page, errors } = await open(browser, reports.get(T2.lab)!);
        const selected = () => page.$eval("#convs", (l) => l.querySelector("li[aria-selected=true]")?.getAttribute("data-index") ?? null);
        await page.focus("#convs");
        await shown(page, 0);
        assert.equal(await selected(), "0", "focusing the list selects the first");
        await page.keyboard.press("ArrowDown");
        await shown(page, 1);
        assert.equal(await selected(), "1");
        await page.keyboard.press("End");
        const n = await page.$$eval("#convs li.conv", (e) => e.length);
        await shown(page, n - 1);
        assert.equal(await selected(), String(n - 1));
        await page.keyboard.press("Home");
        await shown(page, 0);
        assert.equal(await selected(), "0");
        assert.equal(await page.$eval("#convs", (l) => l.getAttribute("aria-activedescendant")), "conv-0");
        await page.focus(".tab[aria-selected=true]");
        const before = await page.$eval(".tab[aria-selected=true]", (t) => t.id);
        await page.keyboard.press("ArrowRight");
        const leg = Number(before.replace("leg-", "")) + 1;
        await page.waitForSelector(`body[data-shown="0:${leg}"]`);
        const after = await page.evaluate(() => ({ sel: document.querySelector(".tab[aria-selected=true]")?.id, focus: document.activeElement?.id }));
        assert.equal(after.sel, `leg-${leg}`);
        assert.equal(after.focus, after.sel, "focus follows the selected leg");
        assertPathIsTrace(await readShown(page), "the next leg");
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
        await page.evaluate(() => (window as unknown as { vsnetReport: ReportApi }).vsnetReport.select(0));
        await shown(page, 0);
        // The picture for people (and the README): the whole topology in view, nothing cut at the top.
        assert.deepEqual(await clippedInDrawing(page), [], "every node, frame and switch name of the drawing is in view");
        assert.equal(await page.$eval("#topo-wrap", (w) => w.scrollTop), 0);
        await page.screenshot({ path: path.join(OUT, "report.png") });
        await page.emulateMediaFeatures([{ name: "prefers-color-scheme", value: "dark" }]);
        const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
        assert.equal(bg, "rgb(13, 17, 23)", "dark scheme");
        const node = await page.evaluate(() => getComputedStyle(document.querySelector("#topo g.node rect")!).fill);
        assert.equal(node, "rgb(22, 27, 34)", "the drawing follows the dark scheme");
        await page.screenshot({ path: path.join(OUT, "report-dark.png") });
        assert.ok(fs.statSync(path.join(OUT, "report.png")).size > 10_000);
        assert.deepEqual(errors, []);
        await page.close();
    });

    it("renders every generated Mermaid diagram with the real mermaid (every example lab, diff, hostile names)", async () => {
        // A diff with before and after diagrams: the T2 lab with one port group fixed.
        const doc = JSON.parse(fs.readFileSync(path.join(ROOT, "examples/nested-vss-t2/preview.json"), "utf8")) as { steps: Array<{ newState?: { urn: string; inputs?: Record<string, unknown>; outputs?: Record<string, unknown> } }> };
        for (const s of doc.steps) if (s.newState?.urn.endsWith("::nested-pg-01")) for (const k of ["inputs", "outputs"] as const) Object.assign(s.newState[k] ?? {}, { allowForgedTransmits: true });
        fs.writeFileSync(path.join(tmp, "fixed.json"), JSON.stringify(doc));
        const d = await vsnet(["diff", "examples/nested-vss-t2/preview.json", path.join(tmp, "fixed.json"), "--config", "examples/nested-vss-t2/policy-config.json", "--format", "markdown"]);
        assert.equal(d.code, 0, show(d));
        assert.match(d.stdout, /\*\*before\*\*[\s\S]*```mermaid[\s\S]*\*\*after\*\*/);
        for (const { lab } of LABS) {
            const md = markdown.get(lab)!;
            assert.ok(mermaidBlocks(md).length > 0 || /Every conversation is reachable/.test(md), `${lab}: a diagram per failing conversation`);
        }
        const committed = fs.readdirSync(path.join(ROOT, "examples")).filter((f) => f.endsWith(".md")).map((f) => fs.readFileSync(path.join(ROOT, "examples", f), "utf8"));
        const hostile = mermaidBlocks(hostileMarkdown);
        const diagrams = [...[...markdown.values()].flatMap(mermaidBlocks), ...mermaidBlocks(d.stdout), ...committed.flatMap(mermaidBlocks), ...hostile];
        assert.ok(diagrams.length >= 20, `${diagrams.length} diagrams`);
        assert.ok(hostile.length >= 3);
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
        const hostileTexts = results.out.slice(results.out.length - hostile.length).map((r) => r.text ?? "");
        assert.ok(hostileTexts.every((t) => t.includes("<script>window.__pwned=1</script>")), "hostile names are shown as text, in every diagram");
        assert.ok(hostileTexts.every((t) => t.includes('"]]')), "quotes and brackets too");
        assert.equal(results.pwned, null, "no injected script ran");
        assert.deepEqual(errors, []);
        await page.close();
    });

    it("hostile names everywhere: the page runs no injected script, shows the names as text, and works", async () => {
        const { page, errors } = await open(browser, hostileReport);
        const all = await conversations(page);
        assert.equal(all.length, 3);
        assert.ok(
            all.every((c) => c.a.includes('<script>window.__pwned=1</script>"]]') && c.b.includes('<script>window.__pwned=1</script>"]]')),
            "every name kept whole, as text",
        );
        for (let i = 0; i < all.length; i++) {
            await page.click(`#conv-${i}`);
            await shown(page, i);
            assertPathIsTrace(await readShown(page), `hostile #${i}`);
        }
        await page.click("#findings-box summary");
        await page.waitForSelector("#findings[data-policy]");
        await page.click("#topo g.node.drop");
        const state = await page.evaluate(() => ({
            pwned: (window as unknown as { __pwned?: number }).__pwned ?? null,
            scripts: document.scripts.length,
            imgs: document.querySelectorAll("img, iframe, [onerror]").length,
            title: document.querySelector("#details h2")?.textContent ?? "",
            svgText: document.getElementById("topo")!.textContent ?? "",
            nodeinfo: document.getElementById("nodeinfo")!.textContent ?? "",
            views: [...document.querySelectorAll("#view option")].map((o) => o.textContent ?? ""),
            findings: document.getElementById("findings")!.textContent ?? "",
            drop: document.querySelectorAll("#topo g.node.drop").length,
            rows: document.querySelectorAll("#trace li").length,
        }));
        assert.equal(state.pwned, null, "no injected script ran");
        assert.equal(state.scripts, 2, "only the report's data and its script");
        assert.equal(state.imgs, 0, "no element from a name");
        assert.ok(state.title.includes('<script>window.__pwned=1</script>"]]'), state.title);
        assert.ok(state.nodeinfo.includes("<script>"), "node details as text");
        assert.ok(state.views.some((v) => v.includes("<script>")), "switch names as text");
        assert.ok(state.findings.includes("<script>"), "findings as text");
        // eslint-disable-next-line no-control-regex
        assert.ok(!/[\u0000-\u0008\u001b\u202e]/.test(state.title + state.svgText + state.nodeinfo + state.findings), "control and bidi characters are shown as symbols");
        assert.ok(state.svgText.includes("\u2026"), "long names are cut in the drawing");
        assert.equal(state.drop, 1);
        assert.ok(state.rows > 0);
        assert.deepEqual(errors, []);
        await page.screenshot({ path: path.join(OUT, "report-hostile.png") });
        await page.close();
    });

    it("a fleet too big to draw at once: one switch drawn, the list virtual, a conversation's switches drawn when it is selected", async () => {
        const lab = generateLargeLab({ labs: 80 });
        const stack = path.join(tmp, "fleet.json");
        fs.writeFileSync(stack, JSON.stringify(lab.builder.deployment()));
        const analysis = build(rawResources(loadStack(stack)), declarationsFrom(lab.config as Parameters<typeof declarationsFrom>[0]));
        // Few full traces, so the light conversations (path and rules, no words) are exercised too.
        const model = buildReportModel(analysis, { maxTraces: 40, title: "fleet" });
        assert.ok(model.nodes.length > DRAW_ALL_MAX, `${model.nodes.length} nodes`);
        const page0 = reportPage(model);
        const file = path.join(tmp, "fleet.html");
        fs.writeFileSync(file, page0.html);
        assert.ok(page0.html.length * 3 < page0.rawChars, `compressed: ${page0.html.length} of ${page0.rawChars}`);
        const { page, errors } = await open(browser, file);
        const all = await conversations(page);
        assert.equal(all.length, model.conversations.length);
        const first = await page.evaluate(() => ({
            drawn: (window as unknown as { vsnetReport: ReportApi }).vsnetReport.drawn(),
            nodes: document.querySelectorAll("#topo g.node").length,
            rows: document.querySelectorAll("#convs li.conv").length,
            status: document.getElementById("status")!.textContent,
        }));
        assert.equal(first.drawn.length, 1, "one switch drawn at first");
        assert.ok(first.nodes > 0 && first.nodes < 100, `${first.nodes} nodes drawn`);
        assert.ok(first.rows > 0 && first.rows < 80 && first.rows < all.length, `${first.rows} rows in the page for ${all.length} conversations`);
        assert.equal(first.status, `${all.length} of ${all.length} conversations shown`);

        // End: the last conversation (a light one, far down the list and on another switch).
        await page.focus("#convs");
        await shown(page, 0);
        await page.keyboard.press("End");
        const last = all.length - 1;
        await shown(page, last);
        const s = await readShown(page);
        assert.equal(s.title, `${all[last].a} \u2194 ${all[last].b}`);
        assert.ok(s.note, "a light conversation says where its words are");
        assertPathIsTrace(s, "the last conversation");
        assert.equal(await page.$eval(`#conv-${last}`, (li) => li.getAttribute("aria-selected")), "true");
        const drawnNow = await page.evaluate(() => (window as unknown as { vsnetReport: ReportApi }).vsnetReport.drawn());
        assert.notDeepEqual(drawnNow, first.drawn, "its switch is drawn now");

        // A failing, fully worded one in the middle of the list by the page's own API.
        const mid = all.findIndex((c, i) => i > 0 && c.v !== "reachable");
        if (mid > 0) {
            await page.evaluate((i) => (window as unknown as { vsnetReport: ReportApi }).vsnetReport.select(i), mid);
            await shown(page, mid);
            assertPathIsTrace(await readShown(page), `conversation ${mid}`);
        }

        // The drawing of another switch, picked by hand.
        const option = await page.$$eval("#view option", (os) => os.map((o) => (o as HTMLOptionElement).value).filter((v) => /^\d+$/.test(v)));
        assert.equal(option.length, model.groups.length);
        await page.select("#view", option[option.length - 1]);
        await page.waitForFunction((g) => (window as unknown as { vsnetReport: ReportApi }).vsnetReport.drawn().join() === g, {}, option[option.length - 1]);
        const lastGroup = model.groups[model.groups.length - 1].id;
        assert.equal(await page.$$eval("#topo g.node", (e) => e.length), model.nodes.filter((n) => n.group === lastGroup).length);

        // Search over the whole list, not only the rows in the page.
        await page.focus("#search");
        await page.keyboard.type("lab77-");
        const found = await page.evaluate(() => (window as unknown as { vsnetReport: ReportApi }).vsnetReport.visible());
        assert.ok(found.length > 0 && found.every((i) => `${all[i].a} ${all[i].b}`.includes("lab77-")), `${found.length} found`);
        assert.equal(found.length, all.filter((c) => `${c.a} \u2194 ${c.b}`.toLowerCase().includes("lab77-")).length);
        assert.deepEqual(errors, []);
        await page.close();
    });
});
