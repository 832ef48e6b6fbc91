/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/** Opening a report in chromium and reading what it shows (for tests/report/browser.spec.ts). */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import { pathToFileURL } from "node:url";
import type { Browser, Page } from "puppeteer-core";

// CHROMIUM_PATH, when set, is the only browser tried (a path that does not exist skips the suite).
export const CHROMIUM = (process.env.CHROMIUM_PATH !== undefined ? [process.env.CHROMIUM_PATH] : ["/usr/bin/chromium", "/usr/bin/chromium-browser"]).find((p) => p !== "" && fs.existsSync(p));

export interface Opened {
    page: Page;
    errors: string[];
}

/** What the page exposes for tests (client.ts `window.vsnetReport`). */
export interface ReportApi {
    select(i: number): Promise<void>;
    visible(): number[];
    verdicts(): string[];
    conversations(): Array<{ a: string; b: string; v: string; src: string; pol: string[] }>;
    drawn(): number[];
}

export async function open(browser: Browser, file: string): Promise<Opened> {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on("console", (m) => {
        if (m.type() === "error") errors.push(m.text());
    });
    page.on("pageerror", (e) => errors.push(String(e)));
    page.on("requestfailed", (r) => errors.push(`request ${r.url()}`));
    await page.setViewport({ width: 1400, height: 900 });
    await page.goto(pathToFileURL(file).href);
    await page.waitForSelector("body[data-ready]", { timeout: 60_000 });
    const ready = await page.evaluate(() => ({ ready: document.body.getAttribute("data-ready"), status: document.getElementById("status")?.textContent }));
    assert.equal(ready.ready, "true", `the report opened: ${ready.status}`);
    return { page, errors };
}

/** Waits until conversation `i` is shown: details, and its leg drawn on the topology. */
export async function shown(page: Page, i: number): Promise<void> {
    await page.waitForSelector(`body[data-shown^="${i}:"]`, { timeout: 30_000 });
}

export async function conversations(page: Page): Promise<ReturnType<ReportApi["conversations"]>> {
    return page.evaluate(() => (window as unknown as { vsnetReport: ReportApi }).vsnetReport.conversations());
}

export interface Shown {
    title: string | null | undefined;
    leg: string | undefined;
    rows: Array<{ rule: string; at: string; node: string | null; drop: boolean }>;
    /** Nodes drawn highlighted as hops, and as the drop. */
    hop: string[];
    drop: string[];
    overlay: string | null;
    /** Node numbers drawn at all. */
    drawnNodes: string[];
    note: boolean;
}

/** The selected conversation as the page shows it: details, trace rows, highlighted nodes. */
export async function readShown(page: Page): Promise<Shown> {
    return page.evaluate(() => {
        const rows = [...document.querySelectorAll("#trace li")];
        return {
            title: document.querySelector("#details h2")?.textContent,
            leg: document.querySelector(".tab[aria-selected=true]")?.textContent?.replace(/\s*\u2716$/, ""),
            rows: rows.map((r) => ({
                rule: r.querySelector(".rule")!.textContent!.replace(/, assumed$/, ""),
                at: (r.querySelector(".at")?.textContent ?? "").replace(/^at /, "").replace(/: $/, ""),
                node: r.getAttribute("data-node"),
                drop: r.classList.contains("drop"),
            })),
            hop: [...document.querySelectorAll("#topo g.node.hop")].map((g) => g.getAttribute("data-i")!).sort(),
            drop: [...document.querySelectorAll("#topo g.node.drop")].map((g) => g.getAttribute("data-i")!),
            overlay: document.getElementById("overlay")?.getAttribute("points") ?? null,
            drawnNodes: [...document.querySelectorAll("#topo g.node")].map((g) => g.getAttribute("data-i")!),
            note: /embeds the full trace text of the first/.test(document.getElementById("trace-part")?.textContent ?? ""),
        };
    });
}

/** The highlighted places are exactly the places of the trace's hops, each drawn; the drop is the last hop's place. */
export function assertPathIsTrace(s: Shown, what: string): void {
    assert.ok(s.rows.length > 0, `${what}: a trace is shown`);
    assert.ok(
        s.rows.every((r) => r.node !== "-1"),
        `${what}: every hop is located on the topology`,
    );
    const places = [...new Set(s.rows.map((r) => r.node!))].sort();
    assert.ok(
        places.every((n) => s.drawnNodes.includes(n)),
        `${what}: every hop's place is drawn`,
    );
    assert.deepEqual(s.hop, places, `${what}: highlighted = the hops' places, exactly`);
    const dropped = s.rows.some((r) => r.drop);
    if (dropped) {
        assert.deepEqual(s.drop, [s.rows[s.rows.length - 1].node], `${what}: the dropping hop is marked, only it`);
        assert.deepEqual(
            s.rows.map((r) => r.drop),
            s.rows.map((_, k) => k === s.rows.length - 1),
        );
    } else assert.deepEqual(s.drop, [], `${what}: nothing marked as dropped on a delivered leg`);
    assert.ok((s.overlay ?? "").trim().length > 0, `${what}: the path is drawn`);
}

/** Elements of the drawing that lie outside the visible part of the topology pane. */
export async function clippedInDrawing(page: Page): Promise<string[]> {
    return page.evaluate(() => {
        const w = document.getElementById("topo-wrap")!.getBoundingClientRect();
        const out: string[] = [];
        for (const e of document.querySelectorAll("#topo g.node, #topo rect.frame, #topo text.glabel")) {
            const r = e.getBoundingClientRect();
            if (r.top < w.top - 0.5 || r.left < w.left - 0.5 || r.bottom > w.bottom + 0.5 || r.right > w.right + 0.5) out.push(`${e.getAttribute("class")} ${e.textContent}`);
        }
        return out;
    });
}
