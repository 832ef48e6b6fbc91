/**
 * The HTML report (`vsnet report`): one self-contained file — inline style and script, the topology
 * laid out here (layout.ts, dagre) switch by switch, the data compressed in a non-executable script
 * element (data.ts) from which the page draws the switches it shows as SVG — with a
 * Content-Security-Policy that allows only that one script (by hash) and no network.
 * Light and dark follow `prefers-color-scheme`; everything is reachable by keyboard.
 */
import { createHash } from "node:crypto";
import { CLIENT_JS } from "./client";
import { pageData } from "./data";
import { layoutGroups } from "./layout";
import { cut, visibleControls } from "./mermaid";
import { VERDICTS, type ReportModel } from "./model";

/** Text for HTML/SVG: entities, visible control characters. */
export function esc(s: string, max = 10_000): string {
    return cut(visibleControls(s), max).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

/** JSON inside a `<script type="application/json">`: nothing in it can close the element. */
export function scriptJson(v: unknown): string {
    return JSON.stringify(v).replace(/</g, "\\u003c").replace(/>/g, "\\u003e").replace(/&/g, "\\u0026").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}

const STYLE = `
:root{--bg:#fff;--fg:#1b1f24;--muted:#57606a;--line:#d0d7de;--panel:#f6f8fa;--node:#fff;--hop:#0969da;--drop:#cf222e;--end:#8250df;--ok:#1a7f37;--warn:#9a6700;--focus:#0969da}
@media (prefers-color-scheme:dark){:root{--bg:#0d1117;--fg:#e6edf3;--muted:#8d96a0;--line:#30363d;--panel:#161b22;--node:#161b22;--hop:#4493f8;--drop:#f85149;--end:#a371f7;--ok:#3fb950;--warn:#d29922;--focus:#4493f8}}
*{box-sizing:border-box}body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;background:var(--bg);color:var(--fg);display:grid;grid-template-columns:340px 1fr;grid-template-rows:auto 1fr auto;height:100vh}
header{grid-column:1/3;padding:8px 14px;border-bottom:1px solid var(--line);display:flex;gap:16px;align-items:baseline;flex-wrap:wrap}header h1{font-size:17px;margin:0}
.muted{color:var(--muted)}#side{border-right:1px solid var(--line);display:flex;flex-direction:column;min-height:0;background:var(--panel)}
fieldset{border:0;margin:0;padding:8px 10px;display:flex;flex-wrap:wrap;gap:6px 12px}legend{font-weight:600;padding:0}
#convs{list-style:none;margin:0;padding:0;overflow:auto;flex:1;border-top:1px solid var(--line)}#convs:focus{outline:2px solid var(--focus);outline-offset:-2px}
.conv{height:28px;padding:4px 10px;min-width:0;cursor:pointer;border-bottom:1px solid var(--line);display:flex;gap:8px;align-items:baseline;overflow:hidden}#status{padding:0 10px 6px}.conv .names{overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.conv[aria-selected=true]{background:var(--bg);box-shadow:inset 4px 0 var(--hop)}
.badge{font-size:11px;padding:0 6px;border-radius:9px;border:1px solid currentColor;white-space:nowrap}.b-blocked,.l-mandatory{color:var(--drop)}.b-one-way,.b-undetermined,.l-advisory{color:var(--warn)}.b-reachable{color:var(--ok)}
main{display:grid;grid-template-rows:auto minmax(200px,1fr) auto;min-height:0;min-width:0}#topo-wrap{overflow:auto;position:relative;border-bottom:1px solid var(--line)}
#tools{display:flex;gap:6px;align-items:center;padding:4px 8px;border-bottom:1px solid var(--line);min-width:0}#view{max-width:22em}#nodeinfo{font-size:12px;color:var(--muted);overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
#topo .glabel{fill:var(--muted);font-size:11px}
button,select,input{font:inherit;color:inherit;background:var(--bg);border:1px solid var(--line);border-radius:6px;padding:2px 8px}
:focus-visible{outline:2px solid var(--focus);outline-offset:1px}
#topo .frame{fill:none;stroke:var(--line);stroke-dasharray:4 4}#topo .edges polyline{fill:none;stroke:var(--line);stroke-width:1.2}
#topo .node rect{fill:var(--node);stroke:var(--muted);stroke-width:1}#topo .node text{fill:var(--fg);font-size:11px;text-anchor:middle}#topo .node text.kind{fill:var(--muted);font-size:9.5px}
#topo .k-phys rect{fill:var(--panel)}#topo .k-portGroup rect{stroke-width:1.6}#topo .k-folded rect{stroke-dasharray:3 3}
#topo.selecting .node{opacity:.35}#topo.selecting .node.hop,#topo.selecting .node.end{opacity:1}
#topo .node.hop rect{stroke:var(--hop);stroke-width:3}#topo .node.end rect{stroke:var(--end);stroke-width:3}#topo .node.drop rect{stroke:var(--drop);stroke-width:4;fill:color-mix(in srgb,var(--drop) 15%,var(--node))}
#topo .node.focus rect{stroke-width:5}#overlay{fill:none;stroke:var(--hop);stroke-width:3;stroke-dasharray:8 5;opacity:.8;pointer-events:none}
#details{overflow:auto;overflow-wrap:anywhere;padding:6px 14px;max-height:42vh}#details h2{font-size:16px;margin:6px 0}#details h3{font-size:14px;margin:10px 0 4px}
.tabs{display:flex;gap:4px;flex-wrap:wrap}.tab[aria-selected=true]{border-color:var(--hop);box-shadow:inset 0 -2px var(--hop)}.tab.dropped{color:var(--drop)}
.trace{margin:4px 0;padding-left:26px}.hopline{margin:2px 0}.hopline.drop{color:var(--drop);font-weight:600}.hopline .rule{font-family:ui-monospace,monospace;font-size:12px;border:1px solid var(--line);border-radius:4px;padding:0 4px}
.hopline .set{font-size:12px;color:var(--muted);font-weight:normal}.leghead{font-family:ui-monospace,monospace;font-size:12px;margin:6px 0 0}
footer{grid-column:1/3;border-top:1px solid var(--line);padding:4px 10px;max-height:30vh;overflow:auto}.finding pre{white-space:pre-wrap;font-size:12px;margin:4px 0 8px}
.sr{position:absolute;left:-9999px}
`;

export interface HtmlOptions {
    /** Generated-at text (default: none). */
    generated?: string;
}

export interface ReportPage {
    html: string;
    /** JSON characters of the data before compression (for measurements). */
    rawChars: number;
}

/** The whole page. */
export function reportHtml(model: ReportModel, options: HtmlOptions = {}): string {
    return reportPage(model, options).html;
}

export function reportPage(model: ReportModel, options: HtmlOptions = {}): ReportPage {
    const data = pageData(model, layoutGroups(model));
    const hash = createHash("sha256").update(CLIENT_JS).digest("base64");
    const csp = `default-src 'none'; script-src 'sha256-${hash}'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'`;
    const policies = [...new Set(model.findings.map((f) => f.policy))].sort();
    const v = model.counts.verdicts;
    const folded = model.folded.ports || model.folded.guests ? ` · folded: ${model.folded.ports} VM NICs in no conversation${model.folded.guests ? `, ${model.folded.guests} guests (shown in their port)` : ""}` : "";
    const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="color-scheme" content="light dark">
<title>${esc(model.title, 200)}</title><style>${STYLE}</style></head>
<body>
<header><h1>${esc(model.title, 200)}</h1><span class="muted">${esc(model.input, 300)}</span>
<span>${VERDICTS.map((x) => `<span class="badge b-${x}">${x} ${v[x]}</span>`).join(" ")}</span>
<span class="muted">${model.findings.length} findings · ${model.groups.length} switch drawings, ${model.nodes.length} nodes${esc(folded)}${options.generated !== undefined ? ` · ${esc(options.generated)}` : ""}</span></header>
<nav id="side" aria-label="conversations">
<fieldset><legend>Verdict</legend>${VERDICTS.map((x) => `<label><input type="checkbox" class="vf" value="${x}" checked> ${x}</label>`).join("")}</fieldset>
<fieldset><label for="policy">Policy</label><select id="policy"><option value="">all policies</option>${policies.map((p) => `<option value="${esc(p)}">${esc(p)}</option>`).join("")}</select>
<label for="search" class="sr">Search</label><input id="search" type="search" placeholder="search workloads ( / )"></fieldset>
<div id="status" class="muted" role="status" aria-live="polite">opening…</div>
<ul id="convs" role="listbox" tabindex="0" aria-label="conversations (arrow keys to move)"></ul>
</nav>
<main><div id="tools"><label for="view">Drawing</label><select id="view"></select><button id="zin" type="button" aria-label="zoom in">+</button><button id="zout" type="button" aria-label="zoom out">−</button><button id="zfit" type="button">fit</button><span id="nodeinfo" aria-live="polite"></span></div>
<div id="topo-wrap" tabindex="0" aria-label="topology (scroll to pan, + and - to zoom, 0 to fit)"></div>
<section id="details" aria-live="polite"><p class="muted">Select a conversation (click, or focus the list and use ↑ ↓ Home End): its path is drawn on the topology, the dropping hop marked in red, with the trace, the deciding settings and the smallest fix.</p></section></main>
<footer><details id="findings-box"><summary>Findings (<span id="findings-count">${model.findings.length}</span>)</summary><div id="findings"></div></details></footer>
<script type="application/json" id="vsnet-data">${scriptJson({ z: data.z })}</script>
<script>${CLIENT_JS}</script>
</body></html>
`;
    return { html, rawChars: data.rawChars };
}
