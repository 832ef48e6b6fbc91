/**
 * The script of the HTML report, inlined in the page (no network). Plain browser JavaScript kept as
 * a string: the pack compiles for Node without DOM types. Everything it shows is set with
 * `textContent` or as SVG attributes (never `innerHTML`), so no name can become markup.
 *
 * The data (data.ts `pageData`) is a list of compressed chunks: the index is read at once, the rest
 * only when needed — the drawing of the switches shown (turned into SVG here), the block of the
 * selected conversation, the findings. The conversation list is virtual: only the rows in view exist.
 */
export const CLIENT_JS = String.raw`(function () {
"use strict";
var $ = function (id) { return document.getElementById(id); };
var el = function (tag, cls, text) { var e = document.createElement(tag); if (cls) e.className = cls; if (text !== undefined) e.textContent = text; return e; };
var NS = "http://www.w3.org/2000/svg";
var sv = function (tag, attrs, text) { var e = document.createElementNS(NS, tag); for (var k in attrs) e.setAttribute(k, String(attrs[k])); if (text !== undefined) e.textContent = text; return e; };
var cut = function (s, n) { var a = Array.from(s); return a.length > n ? a.slice(0, n - 1).join("") + "\u2026" : s; };
var Z = JSON.parse($("vsnet-data").textContent).z;
var VERDICT = { b: "blocked", o: "one-way", u: "undetermined", r: "reachable" };
var ROW = 28, GAP = 24, LABEL_H = 18, MAX_CHARS = 34;
var list = $("convs"), details = $("details"), wrap = $("topo-wrap"), status = $("status"), viewSel = $("view");
var IX = null, chunks = [], groupData = [], lower = null;
var verdictOn = { blocked: true, "one-way": true, undetermined: true, reachable: true };
var policy = -1, query = "", selected = -1, shownLeg = 0, visible = [], current = null, ticket = 0;
var scale = 1, autoFit = true, drawn = { key: "", gs: [], w: 0, h: 0, els: {}, at: {} }, svg = null, overlay = null;

// ---- data ----------------------------------------------------------------------------------
function load(k) {
  if (!chunks[k]) {
    chunks[k] = (async function () {
      var bin = atob(Z[k]), bytes = new Uint8Array(bin.length);
      for (var i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
      var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
      return JSON.parse(await new Response(stream).text());
    })();
  }
  return chunks[k];
}
function names(i) { return IX.E[IX.ca[i]] + " \u2194 " + IX.E[IX.cb[i]]; }
function brief(i) {
  return { a: IX.E[IX.ca[i]], b: IX.E[IX.cb[i]], v: VERDICT[IX.cv[i]], src: IX.cd[i] === "1" ? "declared" : "implicit", pol: IX.PS[IX.cps[i]].map(function (p) { return IX.P[p]; }) };
}
async function full(i) {
  var blk = await load(IX.C0 + Math.floor(i / IX.CB));
  var r = blk.c[i % IX.CB], S = blk.S, c = brief(i);
  c.s = r.s === undefined ? c.v : S[r.s];
  c.sl = r.sl || 0; c.nt = !!r.nt; c.nf = !!r.nf; c.an = r.an; c.bn = r.bn;
  c.dec = (r.dec || []).map(function (x) { return S[x]; });
  c.fix = r.fix ? { c: r.fix.c.map(function (x) { return S[x]; }), v: r.fix.v } : null;
  c.legs = r.legs.map(function (l) {
    return { leg: l[0], from: S[l[1]], to: S[l[2]], ok: !!l[3], copies: l[4], head: S[l[5]], hops: l[6].map(function (h) {
      return { rule: h[0], act: h[1], at: S[h[2]], det: S[h[3]], set: h[4] < 0 ? "" : S[h[4]], node: h[5], assumed: !!h[6] };
    }) };
  });
  return c;
}
function groupOf(n) {
  var lo = 0, hi = IX.G.length - 1;
  while (lo < hi) { var mid = (lo + hi + 1) >> 1; if (IX.G[mid][1] <= n) lo = mid; else hi = mid - 1; }
  return lo;
}
function nodeData(n) { var g = groupOf(n), d = groupData[g]; return d ? d.nodes[n - IX.G[g][1]] : null; }
async function loadGroups(gs) {
  var ks = [];
  gs.forEach(function (g) { var k = IX.G[g][3]; if (!groupData[g] && ks.indexOf(k) < 0) ks.push(k); });
  var got = await Promise.all(ks.map(load));
  got.forEach(function (ch) { ch.g.forEach(function (g) { groupData[g[0]] = { w: g[1], h: g[2], nodes: g[3], edges: g[4] }; }); });
}

// ---- the drawing -----------------------------------------------------------------------------
async function show(gs) {
  gs = gs.slice().sort(function (x, y) { return x - y; });
  var key = gs.join(",");
  if (key === drawn.key) return;
  await loadGroups(gs);
  var area = 0, widest = 0;
  gs.forEach(function (g) { var d = groupData[g]; area += (d.w + GAP) * (d.h + GAP + LABEL_H); widest = Math.max(widest, d.w + GAP); });
  var rowW = Math.max(1200, Math.sqrt(area) * 1.6, widest);
  var x = 0, y = 0, rowH = 0, width = 0;
  var s = sv("svg", { id: "topo", role: "img" });
  var frames = sv("g", {}), lines = sv("g", { "class": "edges" }), nodes = sv("g", {});
  var next = { key: key, gs: gs, w: 0, h: 0, els: {}, at: {} };
  gs.forEach(function (g) {
    var d = groupData[g], start = IX.G[g][1];
    if (x > 0 && x + d.w > rowW) { x = 0; y += rowH + GAP; rowH = 0; }
    var oy = y + LABEL_H;
    frames.appendChild(sv("text", { x: x + 6, y: y + 13, "class": "glabel" }, cut(IX.G[g][0], 90)));
    frames.appendChild(sv("rect", { "class": "frame", x: x, y: oy, width: d.w, height: d.h, rx: 8 }));
    d.edges.forEach(function (e) {
      var pts = [];
      for (var k = 2; k + 1 < e.length; k += 2) pts.push((x + e[k]) + "," + (oy + e[k + 1]));
      if (pts.length) lines.appendChild(sv("polyline", { points: pts.join(" ") }));
    });
    d.nodes.forEach(function (n, k) {
      var i = start + k, cx = x + n[3], cy = oy + n[4], w = n[5], h = IX.NH;
      var gEl = sv("g", { "class": "node k-" + n[0], id: "n" + i, "data-i": i });
      gEl.appendChild(sv("title", {}, n[1] + (n[2].length ? "\n" + n[2].join("\n") : "")));
      gEl.appendChild(sv("rect", { x: cx - w / 2, y: cy - h / 2, width: w, height: h, rx: n[0] === "endpoint" || n[0] === "port" ? 16 : 4 }));
      gEl.appendChild(sv("text", { x: cx, y: cy - h / 2 + 14, "class": "kind" }, IX.K[n[0]]));
      gEl.appendChild(sv("text", { x: cx, y: cy - h / 2 + 29 }, cut(n[1], MAX_CHARS)));
      nodes.appendChild(gEl);
      next.els[i] = gEl; next.at[i] = { x: cx, y: cy };
    });
    x += d.w + GAP; width = Math.max(width, x); rowH = Math.max(rowH, d.h + LABEL_H);
  });
  next.w = Math.ceil(width); next.h = Math.ceil(y + rowH);
  s.setAttribute("viewBox", "0 0 " + next.w + " " + next.h);
  s.setAttribute("aria-label", "topology: " + gs.length + " switch drawing" + (gs.length === 1 ? "" : "s") + ", " + Object.keys(next.at).length + " nodes");
  var ov = sv("polyline", { id: "overlay", points: "" });
  s.appendChild(frames); s.appendChild(lines); s.appendChild(ov); s.appendChild(nodes);
  drawn = next; svg = s; overlay = ov;
  wrap.textContent = "";
  wrap.appendChild(s);
  fit();
  syncViewSelect();
}
function zoom(f) { autoFit = false; setScale(scale * f); }
function setScale(f) {
  scale = Math.min(4, Math.max(0.1, f));
  if (!svg) return;
  svg.setAttribute("width", String(Math.round(drawn.w * scale)));
  svg.setAttribute("height", String(Math.round(drawn.h * scale)));
}
// The whole drawing in view when it fits at a legible size (at least 30 %), else at that size, scrolled.
function fit() { autoFit = true; setScale(Math.max(0.3, Math.min(1, (wrap.clientWidth - 4) / Math.max(1, drawn.w), (wrap.clientHeight - 4) / Math.max(1, drawn.h)))); }
function syncViewSelect() {
  var all = IX.ALL && drawn.gs.length === IX.G.length;
  viewSel.value = all ? "all" : drawn.gs.length === 1 ? String(drawn.gs[0]) : "path";
}
function groupsOf(c, leg) {
  var gs = [];
  var addNode = function (n) { if (n >= 0) { var g = groupOf(n); if (gs.indexOf(g) < 0) gs.push(g); } };
  addNode(c.an); addNode(c.bn);
  if (leg) leg.hops.forEach(function (h) { addNode(h.node); });
  return gs;
}
function clearPath() {
  if (!svg) return;
  svg.querySelectorAll("g.node.hop, g.node.drop, g.node.end, g.node.focus").forEach(function (g) { g.classList.remove("hop", "drop", "end", "focus"); });
  svg.classList.remove("selecting");
  overlay.setAttribute("points", "");
}
function highlight(c, li) {
  clearPath();
  var leg = c.legs[li];
  if (!leg || !svg) return;
  var els = drawn.els, at = drawn.at;
  svg.classList.add("selecting");
  var pts = [], last = -1;
  [c.an, c.bn].forEach(function (n) { if (els[n]) els[n].classList.add("end"); });
  var from = leg.from === c.a ? c.an : c.bn, to = leg.from === c.a ? c.bn : c.an;
  if (at[from]) { pts.push(at[from].x + "," + at[from].y); last = from; }
  leg.hops.forEach(function (h) {
    if (!els[h.node]) return;
    els[h.node].classList.add("hop");
    if (h.node !== last) { pts.push(at[h.node].x + "," + at[h.node].y); last = h.node; }
  });
  if (leg.ok && at[to] && to !== last) pts.push(at[to].x + "," + at[to].y);
  var dropHop = !leg.ok ? leg.hops[leg.hops.length - 1] : null;
  if (dropHop && els[dropHop.node]) els[dropHop.node].classList.add("drop");
  overlay.setAttribute("points", pts.join(" "));
  var focus = dropHop && at[dropHop.node] ? dropHop.node : from;
  if (at[focus]) scrollToNode(focus);
}
// Scrolls only when the node is out of view, so a drawing that fits stays whole.
function scrollToNode(i) {
  var p = drawn.at[i], x = p.x * scale, y = p.y * scale, m = 40;
  if (x < wrap.scrollLeft + m || x > wrap.scrollLeft + wrap.clientWidth - m) wrap.scrollLeft = Math.max(0, x - wrap.clientWidth / 2);
  if (y < wrap.scrollTop + m || y > wrap.scrollTop + wrap.clientHeight - m) wrap.scrollTop = Math.max(0, y - wrap.clientHeight / 2);
}
// The leg's places drawn: the switches it passes stay drawn if they already are, else they are drawn.
async function drawLeg(c, li, t) {
  var leg = c.legs[li], need = groupsOf(c, leg);
  if (need.length && !need.every(function (g) { return drawn.gs.indexOf(g) >= 0; })) await show(need);
  if (t !== ticket || li !== shownLeg) return false;
  // The details above may have resized the pane.
  if (autoFit) fit();
  highlight(c, li);
  return true;
}

// ---- the list (virtual: only the rows in view are in the page) --------------------------------
function filter() {
  visible = [];
  var n = IX.ca.length;
  if (query && !lower) { lower = []; for (var k = 0; k < n; k++) lower.push(names(k).toLowerCase()); }
  for (var i = 0; i < n; i++) {
    if (!verdictOn[VERDICT[IX.cv[i]]]) continue;
    if (policy >= 0 && IX.PS[IX.cps[i]].indexOf(policy) < 0) continue;
    if (query && lower[i].indexOf(query) < 0) continue;
    visible.push(i);
  }
  status.textContent = visible.length + " of " + n + " conversations shown";
  list.scrollTop = 0;
  rows();
}
function row(i) {
  var li = el("li", "conv v-" + IX.cv[i]);
  li.id = "conv-" + i;
  li.setAttribute("role", "option");
  li.setAttribute("data-index", String(i));
  li.setAttribute("data-verdict", VERDICT[IX.cv[i]]);
  li.setAttribute("aria-selected", i === selected ? "true" : "false");
  li.appendChild(el("span", "badge b-" + VERDICT[IX.cv[i]], VERDICT[IX.cv[i]]));
  li.appendChild(el("span", "names", names(i)));
  return li;
}
function pad(px) { var li = el("li", "pad"); li.setAttribute("role", "presentation"); li.style.height = px + "px"; return li; }
function rows() {
  var top = list.scrollTop, h = list.clientHeight || 600;
  var first = Math.max(0, Math.floor(top / ROW) - 15), last = Math.min(visible.length, Math.ceil((top + h) / ROW) + 15);
  list.textContent = "";
  if (first > 0) list.appendChild(pad(first * ROW));
  for (var k = first; k < last; k++) list.appendChild(row(visible[k]));
  if (last < visible.length) list.appendChild(pad((visible.length - last) * ROW));
  list.scrollTop = top;
  if (selected >= 0 && $("conv-" + selected)) list.setAttribute("aria-activedescendant", "conv-" + selected);
  else list.removeAttribute("aria-activedescendant");
}
var rowsQueued = false;
list.addEventListener("scroll", function () { if (!rowsQueued) { rowsQueued = true; requestAnimationFrame(function () { rowsQueued = false; rows(); }); } });
function bringIntoView(i) {
  var pos = visible.indexOf(i);
  if (pos >= 0) {
    var h = list.clientHeight, top = list.scrollTop;
    if (pos * ROW < top) list.scrollTop = pos * ROW;
    else if ((pos + 1) * ROW > top + h) list.scrollTop = (pos + 1) * ROW - h;
  }
  rows();
}

// ---- details ------------------------------------------------------------------------------------
function section(parent, title) { var s = el("section", "part"); s.appendChild(el("h3", null, title)); parent.appendChild(s); return s; }
function showDetails(c) {
  details.textContent = "";
  details.appendChild(el("h2", null, c.a + " \u2194 " + c.b));
  var v = el("p", "verdict v-" + c.v); v.appendChild(el("span", "badge b-" + c.v, c.v)); v.appendChild(document.createTextNode(" " + c.s)); details.appendChild(v);
  if (c.dec.length) { var d = section(details, "Deciding settings"); var ul = el("ul"); c.dec.forEach(function (x) { ul.appendChild(el("li", null, x)); }); d.appendChild(ul); }
  var f = section(details, "Smallest fix");
  if (c.fix) { var fl = el("ul", "fix"); c.fix.c.forEach(function (x) { fl.appendChild(el("li", null, x)); }); f.appendChild(fl); f.appendChild(el("p", null, "then: " + c.fix.v)); }
  else f.appendChild(el("p", null, c.v === "reachable" ? "None needed: all four legs are delivered." : c.nf ? "No change of switch security, MAC learning, trunking or teaming makes this work (different VLANs need a router; an internal switch needs an uplink)." : c.nt ? "Not searched in this large report (see the note under Trace)." : "Not searched."));
  var t = el("section", "part"); t.id = "trace-part"; details.appendChild(t);
  renderTrace(c);
}
function renderTrace(c) {
  var t = $("trace-part");
  t.textContent = "";
  t.appendChild(el("h3", null, "Trace"));
  var tabs = el("div", "tabs"); tabs.setAttribute("role", "tablist"); tabs.id = "legs";
  c.legs.forEach(function (leg, k) {
    var b = el("button", "tab" + (leg.ok ? "" : " dropped"), leg.leg + (leg.ok ? "" : " \u2716"));
    b.type = "button";
    b.setAttribute("role", "tab"); b.id = "leg-" + k;
    b.setAttribute("aria-selected", k === shownLeg ? "true" : "false");
    b.tabIndex = k === shownLeg ? 0 : -1;
    b.addEventListener("click", function () { setLeg(k, false); });
    b.addEventListener("keydown", function (e) {
      var n = e.key === "ArrowRight" ? k + 1 : e.key === "ArrowLeft" ? k - 1 : -1;
      if (n >= 0 && n < c.legs.length) { e.preventDefault(); setLeg(n, true); }
    });
    tabs.appendChild(b);
  });
  t.appendChild(tabs);
  var leg = c.legs[shownLeg];
  if (c.nt) t.appendChild(el("p", "muted", "This large report embeds the full trace text of the first " + IX.MT + " conversations only; the path and rules are shown. For the words: vsnet trace <stack> --from \"" + c.a + "\" --to \"" + c.b + "\""));
  if (!leg) return;
  if (leg.head) t.appendChild(el("p", "leghead", leg.head));
  var ol = el("ol", "trace"); ol.id = "trace";
  leg.hops.forEach(function (hp, k) {
    var li = el("li", "hopline" + (!leg.ok && k === leg.hops.length - 1 ? " drop" : ""));
    li.setAttribute("data-node", String(hp.node));
    li.appendChild(el("span", "rule", hp.rule + (hp.assumed ? ", assumed" : "")));
    li.appendChild(el("span", "act", " " + hp.act + " "));
    if (hp.at) li.appendChild(el("span", "at", "at " + hp.at + ": "));
    li.appendChild(el("span", "det", hp.det));
    if (hp.set) li.appendChild(el("div", "set", hp.set));
    li.addEventListener("mouseenter", function () { if (drawn.els[hp.node]) drawn.els[hp.node].classList.add("focus"); });
    li.addEventListener("mouseleave", function () { if (drawn.els[hp.node]) drawn.els[hp.node].classList.remove("focus"); });
    ol.appendChild(li);
  });
  t.appendChild(ol);
}
async function relatedFindings(c, t) {
  if (!c.pol.length || IX.FZ < 0) return;
  var F = await load(IX.FZ);
  if (t !== ticket) return;
  var rel = F.filter(function (x) { return c.pol.indexOf(x.p) >= 0 && (x.r === "" || x.m.indexOf(c.a) >= 0 || x.m.indexOf(c.b) >= 0); });
  if (rel.length) { var fs = section(details, "Findings about it"); rel.slice(0, 20).forEach(function (x) { fs.appendChild(findingEl(x)); }); }
}
function findingEl(x) {
  var d = el("details", "finding l-" + x.l);
  var s = el("summary"); s.appendChild(el("span", "badge l-" + x.l, x.l)); s.appendChild(document.createTextNode(" " + x.p + (x.r ? " \u2014 " + x.r : " \u2014 stack")));
  d.appendChild(s); d.appendChild(el("pre", null, x.m));
  return d;
}
function shown(i) { document.body.setAttribute("data-shown", i + ":" + shownLeg); }

async function select(i) {
  var t = ++ticket;
  selected = i;
  document.body.removeAttribute("data-shown");
  bringIntoView(i);
  var c = await full(i);
  if (t !== ticket) return;
  current = c; shownLeg = c.sl;
  showDetails(c);
  await Promise.all([relatedFindings(c, t), drawLeg(c, shownLeg, t)]);
  if (t === ticket) shown(i);
}
async function setLeg(k, focus) {
  if (!current) return;
  shownLeg = k;
  document.body.removeAttribute("data-shown");
  renderTrace(current);
  if (focus) $("leg-" + k).focus();
  if (await drawLeg(current, k, ticket)) shown(selected);
}
function move(delta) {
  if (!visible.length) return;
  var at = visible.indexOf(selected);
  var next = at < 0 ? 0 : Math.min(visible.length - 1, Math.max(0, at + delta));
  select(visible[next]);
}

// ---- findings, controls ---------------------------------------------------------------------------
async function renderFindings() {
  var box = $("findings"), pname = policy >= 0 ? IX.P[policy] : "";
  var total = 0; for (var p in IX.FC) total += IX.FC[p];
  $("findings-count").textContent = String(policy >= 0 ? IX.FC[pname] || 0 : total);
  var F = IX.FZ >= 0 ? await load(IX.FZ) : [];
  if ((policy >= 0 ? IX.P[policy] : "") !== pname) return;
  box.textContent = "";
  var fs = F.filter(function (x) { return !pname || x.p === pname; });
  fs.slice(0, 200).forEach(function (x) { box.appendChild(findingEl(x)); });
  if (fs.length > 200) box.appendChild(el("p", null, (fs.length - 200) + " more findings not listed"));
  box.setAttribute("data-policy", pname);
}

function controls() {
  list.addEventListener("click", function (e) { var li = e.target.closest ? e.target.closest("li.conv") : null; if (li) select(+li.getAttribute("data-index")); });
  list.addEventListener("keydown", function (e) {
    var page = Math.max(1, Math.floor(list.clientHeight / ROW) - 1);
    var keys = { ArrowDown: 1, ArrowUp: -1, PageDown: page, PageUp: -page };
    if (keys[e.key]) { e.preventDefault(); move(keys[e.key]); }
    else if (e.key === "Home") { e.preventDefault(); if (visible.length) select(visible[0]); }
    else if (e.key === "End") { e.preventDefault(); if (visible.length) select(visible[visible.length - 1]); }
    else if (e.key === "Enter" && selected < 0) { e.preventDefault(); move(0); }
  });
  list.addEventListener("focus", function () { if (selected < 0 && visible.length) select(visible[0]); });
  document.querySelectorAll("input.vf").forEach(function (cb) {
    cb.addEventListener("change", function () { verdictOn[cb.value] = cb.checked; filter(); });
  });
  $("policy").addEventListener("change", function (e) { policy = IX.P.indexOf(e.target.value); filter(); renderFindings(); });
  $("search").addEventListener("input", function (e) { query = e.target.value.toLowerCase(); filter(); });
  $("zin").addEventListener("click", function () { zoom(1.25); });
  $("zout").addEventListener("click", function () { zoom(0.8); });
  // Until zoomed by hand, the drawing keeps fitting its pane (which changes with the details below it).
  if (window.ResizeObserver) new ResizeObserver(function () { if (autoFit && svg) fit(); }).observe(wrap);
  $("zfit").addEventListener("click", fit);
  viewSel.addEventListener("change", async function () {
    var v = viewSel.value, gs;
    if (v === "all") gs = IX.G.map(function (_, g) { return g; });
    else if (v === "path") gs = current ? groupsOf(current, current.legs[shownLeg]) : drawn.gs;
    else gs = [+v];
    await show(gs);
    if (current) highlight(current, shownLeg);
  });
  document.addEventListener("keydown", function (e) {
    var t = e.target && e.target.tagName;
    if (t === "INPUT" || t === "SELECT") { if (e.key === "Escape") e.target.blur(); return; }
    if (e.key === "/") { e.preventDefault(); $("search").focus(); }
    else if (e.key === "+" || e.key === "=") zoom(1.25);
    else if (e.key === "-") zoom(0.8);
    else if (e.key === "0") fit();
    else if ((e.key === "j" || e.key === "k") && t !== "BUTTON") move(e.key === "j" ? 1 : -1);
  });
  wrap.addEventListener("click", function (e) {
    var g = e.target.closest ? e.target.closest("g.node") : null;
    if (!g) return;
    var n = nodeData(+g.getAttribute("data-i"));
    if (n) $("nodeinfo").textContent = n[1] + (n[2].length ? " \u2014 " + n[2].join("; ") : "");
  });
}
function viewOptions() {
  var opt = function (value, text, disabled) { var o = el("option", null, text); o.value = value; o.disabled = !!disabled; viewSel.appendChild(o); };
  if (IX.ALL) opt("all", "all switches (" + IX.G.length + ")");
  opt("path", "switches on the selected path");
  IX.G.forEach(function (g, i) { opt(String(i), cut(g[0], 60) + " (" + g[2] + " nodes)"); });
}

async function start() {
  if (typeof DecompressionStream === "undefined") throw new Error("this browser has no DecompressionStream (Chrome 80, Firefox 113, Safari 16.4 or later)");
  IX = await load(0);
  viewOptions();
  controls();
  filter();
  if (IX.G.length) {
    var first = IX.can.length && IX.can[0] >= 0 ? groupOf(IX.can[0]) : 0;
    await show(IX.ALL ? IX.G.map(function (_, g) { return g; }) : [first]);
  } else wrap.appendChild(el("p", "muted", "No switch in this stack."));
  window.vsnetReport = {
    select: select,
    visible: function () { return visible.slice(); },
    verdicts: function () { return IX.cv.split("").map(function (v) { return VERDICT[v]; }); },
    conversations: function () { return IX.ca.map(function (_, i) { return brief(i); }); },
    drawn: function () { return drawn.gs.slice(); }
  };
  document.body.setAttribute("data-ready", "true");
  renderFindings();
}
start().catch(function (e) {
  status.textContent = "This report could not be opened: " + (e && e.message ? e.message : String(e));
  document.body.setAttribute("data-ready", "error");
});
})();`;
