/**
 * The path of one conversation as a Mermaid flowchart: the sending endpoint, its port, port group,
 * switch on its host, uplinks, the physical network, and the same on the receiving side, in the order
 * the frame went; the hop that dropped it marked, the unreached end dashed.
 *
 * Every label is escaped for Mermaid: whatever a name holds (quotes, brackets, `#`, HTML, unicode,
 * control characters) becomes a numeric entity Mermaid decodes back (`#34;`), so the text cannot end
 * the label, open markup or start a statement; very long names are cut.
 */
import { pathOf, type ReportModel, type ViewConversation, type ViewLeg, type ViewNode } from "./model";

const MAX_LABEL = 60;
const SAFE = /[A-Za-z0-9 ,.:/()_+=-]/;

/** Control characters shown as their Unicode pictures (U+2400 …), so they are visible and harmless. */
export function visibleControls(s: string): string {
    // eslint-disable-next-line no-control-regex
    return s.replace(/[\u0000-\u001f\u007f]/g, (c) => String.fromCodePoint(c === "\u007f" ? 0x2421 : 0x2400 + c.charCodeAt(0))).replace(/[\u2028\u2029\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g, "\u2423");
}

/** Cut to `max` code points with an ellipsis. */
export function cut(s: string, max: number): string {
    const cps = [...s];
    return cps.length > max ? cps.slice(0, max - 1).join("") + "\u2026" : s;
}

/** A Mermaid label: every character outside a small safe set as a numeric entity. */
export function mermaidText(s: string, max = MAX_LABEL): string {
    let out = "";
    for (const ch of cut(visibleControls(s), max)) out += SAFE.test(ch) ? ch : `#${ch.codePointAt(0)};`;
    return out;
}

const KIND_PREFIX: Record<ViewNode["kind"], string> = {
    phys: "",
    uplinks: "",
    switch: "",
    portGroup: "",
    port: "port ",
    endpoint: "",
    folded: "",
};

export interface MermaidOptions {
    /** Which leg to draw (default: the conversation's shown leg: the first dropped). */
    leg?: number;
    /** Direction of the flowchart (default LR). */
    direction?: "LR" | "TB";
}

/** The node ids the drawn leg visits, from its sender to its receiver, with each port's port group between port and switch. */
export function diagramPath(model: ReportModel, conv: ViewConversation, leg: ViewLeg): { path: string[]; reachedEnd: boolean; toNode?: string } {
    const pgOfPort = new Map<string, string>();
    for (const e of model.edges) if (e.from.startsWith("pg:") && (e.to.startsWith("port:") || e.to.startsWith("fold:"))) pgOfPort.set(e.to, e.from);
    const portOfGuest = new Map<string, string>();
    for (const e of model.edges) if (e.to.startsWith("ep:") && e.from.startsWith("port:")) portOfGuest.set(e.to, e.from);
    const fromNode = leg.from === conv.a ? conv.aNode : conv.bNode;
    const toNode = leg.from === conv.a ? conv.bNode : conv.aNode;
    const raw = [...(fromNode ? [fromNode] : []), ...pathOf(leg)];
    if (leg.delivered && toNode) raw.push(toNode);
    const path: string[] = [];
    const push = (n: string) => {
        if (path[path.length - 1] !== n) path.push(n);
    };
    for (const n of raw) {
        const prev = path[path.length - 1];
        // Fill in what the trace passes without a hop of its own: a guest's port, a port's port group.
        if (prev?.startsWith("ep:") && portOfGuest.get(prev) && n !== portOfGuest.get(prev) && !n.startsWith("ep:")) push(portOfGuest.get(prev)!);
        const last = path[path.length - 1];
        if (last && pgOfPort.has(last) && (n.startsWith("sw:") || n.startsWith("up:"))) push(pgOfPort.get(last)!);
        if (last?.startsWith("sw:") && pgOfPort.has(n)) push(pgOfPort.get(n)!);
        if (n.startsWith("ep:") && portOfGuest.get(n) && path[path.length - 1] !== portOfGuest.get(n) && (path[path.length - 1] ?? "").startsWith("sw:")) {
            push(pgOfPort.get(portOfGuest.get(n)!) ?? portOfGuest.get(n)!);
            push(portOfGuest.get(n)!);
        }
        push(n);
    }
    // Nodes must not repeat in a flowchart path drawing: keep the first visit.
    const seen = new Set<string>();
    const unique = path.filter((n) => (seen.has(n) ? false : (seen.add(n), true)));
    return { path: unique, reachedEnd: leg.delivered, ...(toNode ? { toNode } : {}) };
}

/** The Mermaid source of a conversation's path (without the ```mermaid fence). */
export function conversationMermaid(model: ReportModel, conv: ViewConversation, options: MermaidOptions = {}): string {
    const legIndex = options.leg ?? conv.shownLeg;
    const leg = conv.legs[legIndex];
    const nodeById = new Map(model.nodes.map((n) => [n.id, n]));
    const lines = [`flowchart ${options.direction ?? "LR"}`];
    if (!leg) {
        lines.push(`  n0["${mermaidText(`${conv.a} and ${conv.b}: no trace`)}"]`);
        return lines.join("\n") + "\n";
    }
    const { path, reachedEnd, toNode } = diagramPath(model, conv, leg);
    const ids = new Map<string, string>();
    const idOf = (n: string) => {
        if (!ids.has(n)) ids.set(n, `n${ids.size}`);
        return ids.get(n)!;
    };
    const dropNode = !leg.delivered ? leg.hops[leg.hops.length - 1]?.node : undefined;
    const dropHop = !leg.delivered ? leg.hops[leg.hops.length - 1] : undefined;
    const label = (n: string): string => {
        const v = nodeById.get(n);
        const text = v ? `${KIND_PREFIX[v.kind]}${v.label}` : n;
        const shape = (s: string) => (v?.kind === "phys" ? `(["${s}"])` : v?.kind === "endpoint" || v?.kind === "port" ? `("${s}")` : v?.kind === "portGroup" ? `[/"${s}"/]` : `["${s}"]`);
        if (n === dropNode && dropHop) return shape(`${mermaidText(text)}<br/>${mermaidText(`dropped here [${dropHop.rule}]`)}`);
        return shape(mermaidText(text));
    };
    for (const n of path) lines.push(`  ${idOf(n)}${label(n)}`);
    const unreached = !reachedEnd && toNode && !ids.has(toNode) ? toNode : undefined;
    if (unreached) lines.push(`  ${idOf(unreached)}${label(unreached)}`);
    for (let i = 1; i < path.length; i++) lines.push(`  ${idOf(path[i - 1])} --> ${idOf(path[i])}`);
    if (unreached && path.length) lines.push(`  ${idOf(path[path.length - 1])} -. "${mermaidText("not reached")}" .-> ${idOf(unreached)}`);
    lines.push("  classDef drop fill:#fde2e1,stroke:#c62828,stroke-width:3px,color:#7f0000");
    lines.push("  classDef endpoint fill:#e3f2fd,stroke:#1565c0,color:#0d2b4d");
    const ends = [conv.aNode, conv.bNode].filter((x): x is string => !!x && ids.has(x) && x !== dropNode).map((x) => ids.get(x)!);
    if (ends.length) lines.push(`  class ${ends.join(",")} endpoint`);
    if (dropNode && ids.has(dropNode)) lines.push(`  class ${ids.get(dropNode)} drop`);
    return lines.join("\n") + "\n";
}
