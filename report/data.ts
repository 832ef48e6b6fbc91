/**
 * The data of the HTML report, split so that a big stack opens in seconds: a small index that the page
 * reads at once (the conversation list: names, verdicts, policies; the switches), and chunks it reads
 * only when they are needed — the drawing of a few switches (laid out here, turned into SVG in the
 * page), a block of conversations with their legs and hops, the findings. Nothing is repeated per
 * conversation: a hop names its place by node number, and names and words are interned per chunk.
 *
 * Each chunk is JSON, gzip-compressed and base64-encoded; the page inflates it with the browser's own
 * `DecompressionStream` (no library, no network). All text is stored with control and bidi characters
 * made visible, and the page shows it with `textContent` only.
 */
import { gzipSync } from "node:zlib";
import type { GroupLayout } from "./layout";
import { kindWord, NODE_H } from "./layout";
import { cut, visibleControls } from "./mermaid";
import type { NodeKind, ReportModel, ViewConversation } from "./model";

/** Conversations per block (the page reads one block to show one conversation). */
export const CONV_BLOCK = 200;
/** A drawing chunk holds switches until it has about this much JSON (small switches share one). */
const GROUP_CHUNK_CHARS = 96 * 1024;
/** Longest text kept for one name or detail (the drawing cuts further; the rest is never shown). */
const MAX_TEXT = 2000;
/** Above this many nodes the page first draws one switch, not all of them. */
export const DRAW_ALL_MAX = 1500;

const VERDICT_CODE = { blocked: "b", "one-way": "o", undetermined: "u", reachable: "r" } as const;

/** Strings of one chunk, each stored once. */
class Strings {
    readonly list: string[] = [];
    private readonly ids = new Map<string, number>();

    id(raw: string): number {
        const x = cut(visibleControls(raw), MAX_TEXT);
        let i = this.ids.get(x);
        if (i === undefined) {
            i = this.list.length;
            this.list.push(x);
            this.ids.set(x, i);
        }
        return i;
    }
}

const text = (s: string) => cut(visibleControls(s), MAX_TEXT);

function chunk(v: unknown): string {
    return gzipSync(JSON.stringify(v), { level: 9 }).toString("base64");
}

export interface PageData {
    /** Chunk 0 is the index; see `pageData`. */
    z: string[];
    /** Characters of JSON before compression, all chunks (for measurements). */
    rawChars: number;
}

/**
 * Index (chunk 0):
 * - `E` names, `ca`/`cb` each conversation's ends (into `E`), `cv` verdict letters (b o u r), `cd` 1 for
 *   declared, `can` the node of its first end (-1: none), `cps` its policy set (into `PS`, lists of
 *   indices into `P`);
 * - `G` switches: [label, first node, node count, chunk]; nodes are numbered switch by switch;
 * - `K` the word for each node kind, `NH` the height of a node, `CB` conversations per block, `C0` the chunk of block 0,
 *   `FZ` the findings chunk (-1: none), `FC` findings per policy, `MT` conversations with full trace
 *   text, `ALL` 1 when the whole topology is small enough to draw at once.
 *
 * Drawing chunk: `{ g: [[switch, width, height, nodes, edges]] }`, node `[kind, label, details, x, y, w]`
 * (centre, width; local numbers), edge `[from, to, x0, y0, x1, y1, …]`.
 *
 * Conversation block: `{ S, c }`, strings in `S`; a conversation `{ s, sl, dec, fix, nf, nt, an, bn, legs }`,
 * a leg `[leg, from, to, delivered, copies, head, hops]`, a hop `[rule, action, at, detail, setting|-1, node|-1, assumed]`.
 */
export function pageData(model: ReportModel, layouts: GroupLayout[]): PageData {
    // Nodes numbered switch by switch, so a node's switch is found from its number.
    const number = new Map<string, number>();
    const G: Array<[string, number, number, number]> = [];
    let next = 0;
    for (const [gi, l] of layouts.entries()) {
        G.push([text(model.groups[gi].label), next, l.nodes.length, -1]);
        for (const i of l.nodes) number.set(model.nodes[i].id, next++);
    }
    const ni = (id: string | undefined) => (id === undefined ? -1 : (number.get(id) ?? -1));

    const z: string[] = [""];
    let rawChars = 0;
    const add = (v: unknown): number => {
        const json = JSON.stringify(v);
        rawChars += json.length;
        z.push(chunk(v));
        return z.length - 1;
    };

    // Drawings, packed into chunks of about GROUP_CHUNK_CHARS.
    let pending: unknown[] = [];
    let pendingGroups: number[] = [];
    let pendingChars = 0;
    const flush = () => {
        if (!pending.length) return;
        const k = add({ g: pending });
        for (const gi of pendingGroups) G[gi][3] = k;
        pending = [];
        pendingGroups = [];
        pendingChars = 0;
    };
    for (const [gi, l] of layouts.entries()) {
        const nodes = l.nodes.map((i, k) => {
            const n = model.nodes[i];
            const p = l.placed[k];
            return [n.kind, text(n.label), n.details.map(text), Math.round(p.x), Math.round(p.y), Math.round(p.w)];
        });
        const edges = l.edges.map((e) => [e.from, e.to, ...e.points.flatMap((p) => [Math.round(p.x), Math.round(p.y)])]);
        const g = [gi, l.width, l.height, nodes, edges];
        pending.push(g);
        pendingGroups.push(gi);
        pendingChars += JSON.stringify(g).length;
        if (pendingChars >= GROUP_CHUNK_CHARS) flush();
    }
    flush();

    // Conversations: the list in the index, the rest in blocks.
    const E = new Strings();
    const P = [...new Set(model.findings.map((f) => f.policy))].sort();
    const pIndex = new Map(P.map((p, i) => [p, i]));
    const PS: number[][] = [[]];
    const psIds = new Map<string, number>([["", 0]]);
    const policySet = (pols: string[]): number => {
        const ids = pols.map((p) => pIndex.get(p)).filter((x): x is number => x !== undefined);
        const key = ids.join(",");
        let i = psIds.get(key);
        if (i === undefined) {
            i = PS.length;
            PS.push(ids);
            psIds.set(key, i);
        }
        return i;
    };
    const convs = model.conversations;
    const C0 = z.length;
    for (let b = 0; b < convs.length; b += CONV_BLOCK) add(conversationBlock(convs.slice(b, b + CONV_BLOCK), ni));
    const FZ = model.findings.length ? add(model.findings.map((f) => ({ p: f.policy, l: f.level, r: text(f.resource ?? ""), m: f.message.split("\n").map(text).join("\n") }))) : -1;
    const FC: Record<string, number> = {};
    for (const f of model.findings) FC[f.policy] = (FC[f.policy] ?? 0) + 1;
    const K = Object.fromEntries((["phys", "uplinks", "switch", "portGroup", "port", "endpoint", "folded"] as NodeKind[]).map((k) => [k, kindWord({ kind: k, id: "", label: "", details: [], group: "" })]));
    const index = {
        E: E.list,
        ca: convs.map((c) => E.id(c.a)),
        cb: convs.map((c) => E.id(c.b)),
        cv: convs.map((c) => VERDICT_CODE[c.verdict]).join(""),
        cd: convs.map((c) => (c.source === "declared" ? "1" : "0")).join(""),
        can: convs.map((c) => ni(c.aNode)),
        cps: convs.map((c) => policySet(c.policies)),
        PS,
        P,
        G,
        K,
        NH: NODE_H,
        CB: CONV_BLOCK,
        C0,
        FZ,
        FC,
        MT: convs.filter((c) => !c.light).length,
        ALL: next <= DRAW_ALL_MAX ? 1 : 0,
    };
    const json = JSON.stringify(index);
    rawChars += json.length;
    z[0] = chunk(index);
    return { z, rawChars };
}

function conversationBlock(convs: ViewConversation[], ni: (id: string | undefined) => number): unknown {
    const S = new Strings();
    const s = (x: string) => S.id(x);
    // Defaults are left out (no deciding settings, no fix, the first leg shown): most conversations of a big stack are plain.
    const c = convs.map((c) => ({
        ...(c.light ? { nt: 1 } : { s: s(c.summary) }),
        ...(c.shownLeg ? { sl: c.shownLeg } : {}),
        an: ni(c.aNode),
        bn: ni(c.bNode),
        ...(c.deciding.length ? { dec: c.deciding.map(s) } : {}),
        ...(c.fix ? { fix: { c: c.fix.changes.map(s), v: c.fix.verdict } } : {}),
        ...(c.noFix ? { nf: 1 } : {}),
        legs: c.legs.map((l) => [l.leg, s(l.from), s(l.to), l.delivered ? 1 : 0, l.copies, s(l.head), l.hops.map((h) => [h.rule, h.action, s(h.at), s(h.detail), h.setting === undefined ? -1 : s(h.setting), ni(h.node), h.assumed ? 1 : 0])]),
    }));
    return { S: S.list, c };
}
