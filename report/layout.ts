/**
 * Lays the topology out at report time with dagre (@dagrejs/dagre): one layered drawing per switch
 * (its physical network on top, uplinks and the switch per host, port groups, ports, guests below),
 * each in its own coordinates; the page draws the ones it shows, side by side (client.ts). Laying out
 * each switch on its own keeps a 2,000-port-group stack fast (dagre's cost grows faster than linearly
 * with the nodes of one graph) and lets the page load one switch's drawing at a time.
 */
import * as dagre from "@dagrejs/dagre";
import { cut } from "./mermaid";
import type { ReportModel, ViewNode } from "./model";

export interface Placed {
    /** Centre. */
    x: number;
    y: number;
    w: number;
    h: number;
}

/** One switch's drawing, in its own coordinates (the page tiles the drawings it shows). */
export interface GroupLayout {
    group: string;
    width: number;
    height: number;
    /** Indices into `model.nodes`, and where each is placed (same order). */
    nodes: number[];
    placed: Placed[];
    /** Edges between this drawing's nodes: positions in `nodes`, and the polyline. */
    edges: Array<{ from: number; to: number; points: Array<{ x: number; y: number }> }>;
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

/** Every group (switch) laid out on its own, in the order of `model.groups`. */
export function layoutGroups(model: ReportModel): GroupLayout[] {
    const index = new Map(model.nodes.map((n, i) => [n.id, i]));
    const byGroup = new Map<string, number[]>(model.groups.map((g) => [g.id, []]));
    model.nodes.forEach((n, i) => byGroup.get(n.group)!.push(i));
    const edgesByGroup = new Map<string, number[]>();
    model.edges.forEach((e, i) => {
        const g = model.nodes[index.get(e.from)!].group;
        if (model.nodes[index.get(e.to)!].group !== g) return;
        const list = edgesByGroup.get(g);
        if (list) list.push(i);
        else edgesByGroup.set(g, [i]);
    });
    // Switches of one shape (same node widths, same edges) get the same drawing: laid out once.
    const shapes = new Map<string, Shape>();
    return model.groups.map(({ id }) => {
        const members = byGroup.get(id)!;
        const local = new Map(members.map((m, k) => [m, k]));
        const widths = members.map((i) => nodeWidth(model.nodes[i]));
        const edges = (edgesByGroup.get(id) ?? []).map((ei): [number, number] => {
            const e = model.edges[ei];
            // Drawn top-down: the physical network first, so edges point from it towards the workloads.
            const [from, to] = e.to.startsWith("phys@") || (e.to.startsWith("up:") && e.from.startsWith("sw:")) ? [e.to, e.from] : [e.from, e.to];
            return [local.get(index.get(from)!)!, local.get(index.get(to)!)!];
        });
        const key = `${widths.join(",")}|${edges.map((e) => e.join(">")).join(",")}`;
        let shape = shapes.get(key);
        if (!shape) {
            shape = layoutShape(widths, edges);
            shapes.set(key, shape);
        }
        return { group: id, nodes: members, ...shape };
    });
}

type Shape = Omit<GroupLayout, "group" | "nodes">;

/** Nodes are numbered 0…n-1 (so equal shapes give equal drawings); edges are [from, to] in those numbers. */
function layoutShape(widths: number[], edges: Array<[number, number]>): Shape {
    const g = new dagre.graphlib.Graph({ multigraph: false });
    // A big drawing goes left to right, so its wide ranks (port groups, ports) stack down the page.
    g.setGraph({ rankdir: widths.length > 40 ? "LR" : "TB", nodesep: 14, ranksep: 36, marginx: 12, marginy: 16 });
    g.setDefaultEdgeLabel(() => ({}));
    widths.forEach((width, k) => g.setNode(String(k), { width, height: NODE_H }));
    for (const [from, to] of edges) g.setEdge(String(from), String(to));
    dagre.layout(g);
    const placed = widths.map((_, k) => {
        const n = g.node(String(k));
        return { x: n.x, y: n.y, w: n.width, h: n.height };
    });
    const drawnEdges = g.edges().map((e) => ({
        from: Number(e.v),
        to: Number(e.w),
        points: ((g.edge(e) as { points?: Array<{ x: number; y: number }> }).points ?? []).map((p) => ({ x: p.x, y: p.y })),
    }));
    const gr = g.graph();
    return { width: Math.ceil(gr.width ?? 200), height: Math.ceil(gr.height ?? 100), placed, edges: drawnEdges };
}
