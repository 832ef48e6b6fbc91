/**
 * Lays the topology out at report time with dagre (@dagrejs/dagre): one layered drawing per switch
 * (its physical network on top, uplinks and the switch per host, port groups, ports, guests below),
 * the drawings tiled in rows. Laying out each switch on its own keeps a 2,000-port-group stack fast
 * (dagre's cost grows faster than linearly with the nodes of one graph).
 */
import * as dagre from "@dagrejs/dagre";
import { cut } from "./mermaid";
import type { ReportModel, ViewNode } from "./model";

export interface Placed {
    x: number;
    y: number;
    w: number;
    h: number;
}

export interface Layout {
    width: number;
    height: number;
    /** By node index in `model.nodes`. */
    nodes: Placed[];
    /** By edge index in `model.edges`: the polyline. */
    edges: Array<Array<{ x: number; y: number }>>;
    /** One frame per switch drawing. */
    groups: Array<{ group: string; x: number; y: number; w: number; h: number }>;
}

export const NODE_H = 38;
const CHAR_W = 6.6;
export const MAX_CHARS = 34;

export function nodeWidth(n: ViewNode): number {
    const chars = Math.min(MAX_CHARS, Math.max([...n.label].length, kindWord(n).length));
    return Math.round(Math.max(90, chars * CHAR_W + 20));
}

export function kindWord(n: ViewNode): string {
    switch (n.kind) {
        case "phys":
            return "physical network";
        case "uplinks":
            return "uplinks";
        case "switch":
            return "switch on host";
        case "portGroup":
            return "port group";
        case "port":
            return "VM NIC (port)";
        case "endpoint":
            return "workload";
        case "folded":
            return "folded";
    }
}

export function shortLabel(n: ViewNode): string {
    return cut(n.label, MAX_CHARS);
}

export function layoutTopology(model: ReportModel): Layout {
    const index = new Map(model.nodes.map((n, i) => [n.id, i]));
    const byGroup = new Map<string, number[]>();
    model.nodes.forEach((n, i) => byGroup.set(n.group, [...(byGroup.get(n.group) ?? []), i]));
    const edgesByGroup = new Map<string, number[]>();
    model.edges.forEach((e, i) => {
        const g = model.nodes[index.get(e.from)!].group;
        if (model.nodes[index.get(e.to)!].group === g) edgesByGroup.set(g, [...(edgesByGroup.get(g) ?? []), i]);
    });
    const placed: Placed[] = new Array(model.nodes.length);
    const edges: Layout["edges"] = model.edges.map(() => []);
    const drawings: Array<{ group: string; w: number; h: number; nodes: number[] }> = [];
    for (const [group, members] of byGroup) {
        const g = new dagre.graphlib.Graph({ multigraph: false });
        // A big drawing goes left to right, so its wide ranks (port groups, ports) stack down the page.
        g.setGraph({ rankdir: members.length > 40 ? "LR" : "TB", nodesep: 14, ranksep: 36, marginx: 12, marginy: 24 });
        g.setDefaultEdgeLabel(() => ({}));
        for (const i of members) g.setNode(String(i), { width: nodeWidth(model.nodes[i]), height: NODE_H });
        for (const ei of edgesByGroup.get(group) ?? []) {
            const e = model.edges[ei];
            // Drawn top-down: the physical network first, so edges point from it towards the workloads.
            const [from, to] = e.to.startsWith("phys@") || (e.to.startsWith("up:") && e.from.startsWith("sw:")) ? [e.to, e.from] : [e.from, e.to];
            g.setEdge(String(index.get(from)), String(index.get(to)), { ei });
        }
        dagre.layout(g);
        const gr = g.graph();
        for (const i of members) {
            const n = g.node(String(i));
            placed[i] = { x: n.x, y: n.y, w: n.width, h: n.height };
        }
        for (const e of g.edges()) {
            const label = g.edge(e) as { ei: number; points?: Array<{ x: number; y: number }> };
            edges[label.ei] = (label.points ?? []).map((p) => ({ x: p.x, y: p.y }));
        }
        drawings.push({ group, w: gr.width ?? 200, h: gr.height ?? 100, nodes: members });
    }
    // Tile the drawings in rows about as wide as the whole is tall (at least 1,600 px).
    const area = drawings.reduce((s, d) => s + (d.w + 24) * (d.h + 24), 0);
    const rowWidth = Math.max(1600, Math.sqrt(area) * 1.6, ...drawings.map((d) => d.w + 24));
    let x = 0;
    let y = 0;
    let rowH = 0;
    let width = 0;
    const groups: Layout["groups"] = [];
    for (const d of drawings) {
        if (x > 0 && x + d.w > rowWidth) {
            x = 0;
            y += rowH + 24;
            rowH = 0;
        }
        for (const i of d.nodes) {
            placed[i].x += x;
            placed[i].y += y;
        }
        for (const ei of edgesByGroup.get(d.group) ?? []) edges[ei] = edges[ei].map((p) => ({ x: p.x + x, y: p.y + y }));
        groups.push({ group: d.group, x, y, w: d.w, h: d.h });
        x += d.w + 24;
        width = Math.max(width, x);
        rowH = Math.max(rowH, d.h);
    }
    return { width: Math.ceil(width), height: Math.ceil(y + rowH), nodes: placed, edges, groups };
}
