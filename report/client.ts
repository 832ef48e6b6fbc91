/**
 * The script of the HTML report, inlined in the page (no network). Plain browser JavaScript kept as
 * a string: the pack compiles for Node without DOM types. Everything it shows is set with
 * `textContent` (never `innerHTML`), so no name can become markup.
 *
 * Data (see html.ts `compact`): S string table; nodes [kind, label, details[]]; conversations with legs
 * [leg, from, to, delivered, copies, head, hops[[rule, action, at, detail, setting|-1, node|-1, assumed]]].
 */
export const CLIENT_JS = String.raw`(function () {
"use strict";
var D = JSON.parse(document.getElementById("vsnet-data").textContent);
var S = D.S;
// Names are interned in S: resolve them once.
D.C.forEach(function (c) {
  c.a = S[c.a]; c.b = S[c.b]; if (!c.s) c.s = c.v;
  c.sl = c.sl || 0; c.dec = c.dec || []; c.fix = c.fix || null; c.nf = !!c.nf; c.src = c.d ? "declared" : "implicit";
  c.pol = (c.pol || []).map(function (p) { return S[p]; });
  c.legs.forEach(function (l) { l[1] = S[l[1]]; l[2] = S[l[2]]; l[3] = !!l[3]; });
});
var $ = function (id) { return document.getElementById(id); };
var el = function (tag, cls, text) { var e = document.createElement(tag); if (cls) e.className = cls; if (text !== undefined) e.textContent = text; return e; };
var list = $("convs"), details = $("details"), svg = $("topo"), overlay = $("overlay"), status = $("status");
var nodeEls = svg.querySelectorAll("g.node");
var verdictOn = { blocked: true, "one-way": true, undetermined: true, reachable: true };
var policy = "", query = "", selected = -1, shownLeg = 0, visible = [];
var scale = 1;

function nodeEl(i) { return nodeEls[i]; }
function center(i) { var g = nodeEl(i); return { x: +g.getAttribute("data-x"), y: +g.getAttribute("data-y") }; }

function render() {
  list.textContent = "";
  visible = [];
  D.C.forEach(function (c, i) {
    if (!verdictOn[c.v]) return;
    if (policy && c.pol.indexOf(policy) < 0) return;
    if (query && (c.a + " " + c.b).toLowerCase().indexOf(query) < 0) return;
    visible.push(i);
    var li = el("li", "conv v-" + c.v);
    li.id = "conv-" + i;
    li.setAttribute("role", "option");
    li.setAttribute("data-index", String(i));
    li.setAttribute("data-verdict", c.v);
    li.setAttribute("aria-selected", i === selected ? "true" : "false");
    li.appendChild(el("span", "badge b-" + c.v, c.v));
    li.appendChild(el("span", "names", c.a + " \u2194 " + c.b));
    li.addEventListener("click", function () { select(i); });
    list.appendChild(li);
  });
  status.textContent = visible.length + " of " + D.C.length + " conversations shown";
  if (selected >= 0 && visible.indexOf(selected) >= 0) list.setAttribute("aria-activedescendant", "conv-" + selected);
}

function clearPath() {
  for (var i = 0; i < nodeEls.length; i++) nodeEls[i].classList.remove("hop", "drop", "end", "dim");
  svg.classList.remove("selecting");
  overlay.setAttribute("points", "");
}

function drawLeg(c, li) {
  clearPath();
  var leg = c.legs[li];
  if (!leg) return;
  svg.classList.add("selecting");
  var pts = [], last = -1;
  if (c.an >= 0) nodeEl(c.an).classList.add("end");
  if (c.bn >= 0) nodeEl(c.bn).classList.add("end");
  var from = leg[1] === c.a ? c.an : c.bn, to = leg[1] === c.a ? c.bn : c.an;
  if (from >= 0) { var p0 = center(from); pts.push(p0.x + "," + p0.y); last = from; }
  leg[6].forEach(function (h) {
    if (h[5] < 0) return;
    nodeEl(h[5]).classList.add("hop");
    if (h[5] !== last) { var p = center(h[5]); pts.push(p.x + "," + p.y); last = h[5]; }
  });
  if (leg[3] && to >= 0 && to !== last) { var pe = center(to); pts.push(pe.x + "," + pe.y); }
  var dropHop = !leg[3] ? leg[6][leg[6].length - 1] : null;
  if (dropHop && dropHop[5] >= 0) nodeEl(dropHop[5]).classList.add("drop");
  overlay.setAttribute("points", pts.join(" "));
  var focus = dropHop && dropHop[5] >= 0 ? dropHop[5] : from;
  if (focus >= 0) scrollToNode(focus);
}

function scrollToNode(i) {
  var c = center(i), box = $("topo-wrap");
  box.scrollLeft = Math.max(0, c.x * scale - box.clientWidth / 2);
  box.scrollTop = Math.max(0, c.y * scale - box.clientHeight / 2);
}

function section(title) { var s = el("section", "part"); s.appendChild(el("h3", null, title)); details.appendChild(s); return s; }

function showDetails(i) {
  var c = D.C[i];
  details.textContent = "";
  var h = el("h2", null, c.a + " \u2194 " + c.b);
  details.appendChild(h);
  var v = el("p", "verdict v-" + c.v); v.appendChild(el("span", "badge b-" + c.v, c.v)); v.appendChild(document.createTextNode(" " + c.s)); details.appendChild(v);
  if (c.dec.length) { var d = section("Deciding settings"); var ul = el("ul"); c.dec.forEach(function (x) { ul.appendChild(el("li", null, S[x])); }); d.appendChild(ul); }
  var f = section("Smallest fix");
  if (c.fix) { var fl = el("ul", "fix"); c.fix.c.forEach(function (x) { fl.appendChild(el("li", null, S[x])); }); f.appendChild(fl); f.appendChild(el("p", null, "then: " + c.fix.v)); }
  else f.appendChild(el("p", null, c.v === "reachable" ? "None needed: all four legs are delivered." : c.nf ? "No change of switch security, MAC learning, trunking or teaming makes this work (different VLANs need a router; an internal switch needs an uplink)." : c.nt ? "Not searched in this large report (see the note under Trace)." : "Not searched."));
  var t = section("Trace");
  var tabs = el("div", "tabs"); tabs.setAttribute("role", "tablist"); tabs.id = "legs";
  c.legs.forEach(function (leg, k) {
    var b = el("button", "tab" + (leg[3] ? "" : " dropped"), leg[0] + (leg[3] ? "" : " \u2716"));
    b.setAttribute("role", "tab"); b.id = "leg-" + k;
    b.setAttribute("aria-selected", k === shownLeg ? "true" : "false");
    b.tabIndex = k === shownLeg ? 0 : -1;
    b.addEventListener("click", function () { shownLeg = k; showDetails(i); drawLeg(c, k); });
    b.addEventListener("keydown", function (e) {
      var n = e.key === "ArrowRight" ? k + 1 : e.key === "ArrowLeft" ? k - 1 : -1;
      if (n >= 0 && n < c.legs.length) { e.preventDefault(); shownLeg = n; showDetails(i); drawLeg(c, n); var nb = $("leg-" + n); if (nb) nb.focus(); }
    });
    tabs.appendChild(b);
  });
  t.appendChild(tabs);
  var leg = c.legs[shownLeg];
  if (c.nt) t.appendChild(el("p", "muted", "This large report embeds the full trace text of the first " + D.MT + " conversations only; the path and rules are shown. For the words: vsnet trace <stack> --from \"" + c.a + "\" --to \"" + c.b + "\""));
  if (leg) {
    if (S[leg[5]]) t.appendChild(el("p", "leghead", S[leg[5]]));
    var ol = el("ol", "trace"); ol.id = "trace";
    leg[6].forEach(function (hp, k) {
      var li = el("li", "hopline" + (!leg[3] && k === leg[6].length - 1 ? " drop" : ""));
      li.setAttribute("data-node", String(hp[5]));
      li.appendChild(el("span", "rule", hp[0] + (hp[6] ? ", assumed" : "")));
      li.appendChild(el("span", "act", " " + hp[1] + " "));
      if (S[hp[2]]) li.appendChild(el("span", "at", "at " + S[hp[2]] + ": "));
      li.appendChild(el("span", "det", S[hp[3]]));
      if (hp[4] >= 0) li.appendChild(el("div", "set", S[hp[4]]));
      li.addEventListener("mouseenter", function () { if (hp[5] >= 0) nodeEl(hp[5]).classList.add("focus"); });
      li.addEventListener("mouseleave", function () { if (hp[5] >= 0) nodeEl(hp[5]).classList.remove("focus"); });
      ol.appendChild(li);
    });
    t.appendChild(ol);
  }
  var rel = D.F.filter(function (x) { return c.pol.indexOf(x.p) >= 0 && (x.r === "" || x.m.indexOf(c.a) >= 0 || x.m.indexOf(c.b) >= 0); });
  if (rel.length) { var fs = section("Findings about it"); rel.slice(0, 20).forEach(function (x) { fs.appendChild(findingEl(x)); }); }
}

function findingEl(x) {
  var d = el("details", "finding l-" + x.l);
  var s = el("summary"); s.appendChild(el("span", "badge l-" + x.l, x.l)); s.appendChild(document.createTextNode(" " + x.p + (x.r ? " \u2014 " + x.r : " \u2014 stack")));
  d.appendChild(s); d.appendChild(el("pre", null, x.m));
  return d;
}

function select(i) {
  selected = i;
  var c = D.C[i];
  shownLeg = c.sl;
  var items = list.querySelectorAll("li.conv");
  for (var k = 0; k < items.length; k++) items[k].setAttribute("aria-selected", items[k].getAttribute("data-index") === String(i) ? "true" : "false");
  list.setAttribute("aria-activedescendant", "conv-" + i);
  var li = $("conv-" + i); if (li && li.scrollIntoView) li.scrollIntoView({ block: "nearest" });
  showDetails(i);
  drawLeg(c, shownLeg);
}

function move(delta) {
  if (!visible.length) return;
  var at = visible.indexOf(selected);
  var next = at < 0 ? 0 : Math.min(visible.length - 1, Math.max(0, at + delta));
  select(visible[next]);
}

list.addEventListener("keydown", function (e) {
  if (e.key === "ArrowDown") { e.preventDefault(); move(1); }
  else if (e.key === "ArrowUp") { e.preventDefault(); move(-1); }
  else if (e.key === "Home") { e.preventDefault(); if (visible.length) select(visible[0]); }
  else if (e.key === "End") { e.preventDefault(); if (visible.length) select(visible[visible.length - 1]); }
  else if (e.key === "Enter" && selected < 0) { e.preventDefault(); move(0); }
});
list.addEventListener("focus", function () { if (selected < 0 && visible.length) select(visible[0]); });

document.querySelectorAll("input.vf").forEach(function (cb) {
  cb.addEventListener("change", function () { verdictOn[cb.value] = cb.checked; render(); });
});
$("policy").addEventListener("change", function (e) { policy = e.target.value; render(); renderFindings(); });
$("search").addEventListener("input", function (e) { query = e.target.value.toLowerCase(); render(); });

function renderFindings() {
  var box = $("findings"); box.textContent = "";
  var fs = D.F.filter(function (x) { return !policy || x.p === policy; });
  fs.slice(0, 200).forEach(function (x) { box.appendChild(findingEl(x)); });
  if (fs.length > 200) box.appendChild(el("p", null, (fs.length - 200) + " more findings not listed"));
  $("findings-count").textContent = String(fs.length);
}

function zoom(f) {
  scale = Math.min(4, Math.max(0.1, scale * f));
  svg.setAttribute("width", String(Math.round(+svg.getAttribute("data-w") * scale)));
  svg.setAttribute("height", String(Math.round(+svg.getAttribute("data-h") * scale)));
}
$("zin").addEventListener("click", function () { zoom(1.25); });
$("zout").addEventListener("click", function () { zoom(0.8); });
document.addEventListener("keydown", function (e) {
  var t = e.target && e.target.tagName;
  if (t === "INPUT" || t === "SELECT") { if (e.key === "Escape") e.target.blur(); return; }
  if (e.key === "/") { e.preventDefault(); $("search").focus(); }
  else if (e.key === "+" || e.key === "=") zoom(1.25);
  else if (e.key === "-") zoom(0.8);
  else if ((e.key === "j" || e.key === "k") && t !== "BUTTON") move(e.key === "j" ? 1 : -1);
});
svg.addEventListener("click", function (e) {
  var g = e.target.closest ? e.target.closest("g.node") : null;
  if (!g) return;
  var n = D.N[+g.getAttribute("data-i")];
  $("nodeinfo").textContent = n[1] + (n[2].length ? " \u2014 " + n[2].join("; ") : "");
});

if (D.W > 2500) zoom(Math.max(0.25, 2500 / D.W));
render();
renderFindings();
window.vsnetReport = { data: D, select: select, visible: function () { return visible.slice(); } };
document.body.setAttribute("data-ready", "true");
})();`;
