/**
 * The view model of a report, built once from the analysis (the same one `check`, `trace` and `diff`
 * use) and worded with the Namer: the topology (physical network, uplinks and switch per host, port
 * groups, ports, endpoints), every conversation with its legs and hops located on that topology, the
 * deciding settings with their origin, the smallest fix, and the findings the pack reported.
 *
 * Plain data (JSON-serialisable): the markdown, Mermaid and HTML formatters only read it.
 * Names are kept as they are (hostile ones included); each formatter escapes for its own medium.
 */
import type { Analysis } from "../policies/analysis";
import { Namer, prettyMacs, SETTING_WORDS } from "../policies/naming";
import { formatVlan, type ConversationResult, type Hop, type LegResult, type PortGroup, type SecuritySetting, type Verdict } from "../sim";
import type { ConversationInfo } from "../translate";

export type NodeKind = "phys" | "uplinks" | "switch" | "portGroup" | "port" | "endpoint" | "folded";

export interface ViewNode {
    id: string;
    kind: NodeKind;
    /** One line, as the Namer words it. */
    label: string;
    /** Further lines: VLAN, security, team, host. */
    details: string[];
    /** The switch (or "ext") whose drawing holds this node. */
    group: string;
}

export interface ViewEdge {
    from: string;
    to: string;
}

export interface ViewHop {
    rule: string;
    action: Hop["action"];
    at: string;
    detail: string;
    assumed: boolean;
    /** The deciding setting with its origin, worded as `check` words it. */
    setting?: string;
    /** The topology node this hop happened at. */
    node?: string;
}

export interface ViewLeg {
    leg: LegResult["leg"];
    from: string;
    to: string;
    delivered: boolean;
    copies: number;
    /** The leg's first line, as `trace` prints it. */
    head: string;
    hops: ViewHop[];
}

export interface ViewConversation {
    id: string;
    /** `<a id>|<b id>`: the same conversation in another analysis of the same stack (diff). */
    key: string;
    a: string;
    b: string;
    /** Topology nodes of the two ends. */
    aNode?: string;
    bNode?: string;
    source: ConversationInfo["source"];
    verdict: Verdict;
    /** The Namer's sentence for the verdict. */
    summary: string;
    legs: ViewLeg[];
    /** The leg shown first: the first that is dropped (else the first). */
    shownLeg: number;
    /** The dropping hop: leg index and hop index of the first dropped leg. */
    drop?: { leg: number; hop: number; node?: string };
    /** Settings that decided it (the drop's setting, unknowns that decide it), with their origin. */
    deciding: string[];
    fix?: { changes: string[]; verdict: Verdict };
    /** A failing conversation with no known fix. */
    noFix: boolean;
    /** Policies with a finding on a resource along this conversation. */
    policies: string[];
    /** Past `maxTraces`: only the places and rules of the shown leg, no words, no fix search. */
    light?: boolean;
}

export interface ViewFinding {
    policy: string;
    level: string;
    resource?: string;
    urn?: string;
    message: string;
}

/** A drawing of its own: a switch (its hosts, port groups, ports, guests), or "ext" (outside every switch). */
export interface ViewGroup {
    id: string;
    label: string;
}

export interface ReportModel {
    title: string;
    input: string;
    /** In the order their nodes first appear. */
    groups: ViewGroup[];
    nodes: ViewNode[];
    edges: ViewEdge[];
    conversations: ViewConversation[];
    findings: ViewFinding[];
    counts: { verdicts: Record<Verdict, number>; levels: Record<string, number> };
    /** Ports and guests left out of the drawing (folded) to keep it readable. */
    folded: { ports: number; guests: number };
}

export interface ModelOptions {
    title?: string;
    input?: string;
    findings?: ViewFinding[];
    /** Search the smallest fix of failing conversations (default true). */
    fixes?: boolean;
    /** Draw guests as nodes of their own up to this many endpoints (default 400). */
    maxGuestNodes?: number;
    /** Above this many ports, ports in no conversation are folded into one node per port group (default 400). */
    maxPorts?: number;
    /** Conversations (worst first) with their full trace text and fix; the rest are light (default: all). */
    maxTraces?: number;
    /** A switch on more hosts than this is drawn once, not once per host (default 8). */
    maxHostsPerSwitch?: number;
}

export const VERDICTS: readonly Verdict[] = ["blocked", "one-way", "undetermined", "reachable"];

const SEC: readonly SecuritySetting[] = ["promiscuous", "forgedTransmits", "macChanges"];

/** Appends to a map of lists in place (a copy per append is quadratic on switches with thousands of ports). */
function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
    const list = m.get(k);
    if (list) list.push(v);
    else m.set(k, [v]);
}

function securityLine(pg: PortGroup): string {
    const v = SEC.map((s) => `${SETTING_WORDS[s]} ${pg.security[s].value}`).join(", ");
    return pg.macLearning?.enabled ? `${v}, MAC learning on` : v;
}

/** Where each simulator `at` string points on the topology (exact strings: hostile names cannot confuse it). */
class Locator {
    readonly exact = new Map<string, string>();
    readonly switchAt = new Map<string, { sw: string; up: string }>();

    locate(h: Hop, prevGroupNode: string | undefined, physOf: (n: string | undefined) => string): string | undefined {
        if (h.at === "physical network") return physOf(prevGroupNode);
        const sw = this.switchAt.get(h.at);
        if (sw) return /^[UL]/.test(h.rule) || /^(out |enters host)/.test(h.detail) || (h.rule === "F0" && h.action === "drop") ? sw.up : sw.sw;
        return this.exact.get(h.at);
    }
}

export function buildReportModel(a: Analysis, options: ModelOptions = {}): ReportModel {
    const t = a.translation;
    const m = t.model;
    const namer = new Namer(t);
    const nodes: ViewNode[] = [];
    const edges: ViewEdge[] = [];
    const nodeById = new Map<string, ViewNode>();
    const add = (n: ViewNode): void => {
        if (nodeById.has(n.id)) return;
        nodeById.set(n.id, n);
        nodes.push(n);
    };
    const edgeKeys = new Set<string>();
    const link = (from: string, to: string): void => {
        const k = `${from}\u0000${to}`;
        if (edgeKeys.has(k) || !nodeById.has(from) || !nodeById.has(to)) return;
        edgeKeys.add(k);
        edges.push({ from, to });
    };
    const loc = new Locator();
    const hostById = new Map(m.hosts.map((h) => [h.id, h]));
    const pgById = new Map(m.portGroups.map((pg) => [pg.id, pg]));
    const swById = new Map(m.switches.map((s) => [s.id, s]));
    const portById = new Map(m.ports.map((p) => [p.id, p]));
    const hostName = (id: string) => hostById.get(id)?.name ?? t.objects.get(id)?.name ?? id;

    // Which ports and endpoints take part in a conversation (the rest may be folded on big stacks).
    const involved = new Set<string>();
    for (const c of t.conversations) involved.add(c.a).add(c.b);
    const endpointsByPort = new Map<string, string[]>();
    for (const e of m.endpoints) if (e.kind !== "external") push(endpointsByPort, e.portId, e.id);
    const portInvolved = (pid: string) => (endpointsByPort.get(pid) ?? []).some((e) => involved.has(e)) || (endpointsByPort.get(pid) ?? []).length > 1;
    const maxPorts = options.maxPorts ?? 400;
    const foldPorts = m.ports.length > maxPorts;
    const guests = m.endpoints.filter((e) => e.kind === "guest").length;
    const drawGuests = guests <= (options.maxGuestNodes ?? 400);
    const folded = { ports: 0, guests: drawGuests ? 0 : guests };

    // Switches, per host: uplinks above the switch, the physical network above them.
    const switchNodeOf = new Map<string, string>();
    const pgsBySwitch = new Map<string, PortGroup[]>();
    for (const pg of m.portGroups) push(pgsBySwitch, pg.switchId, pg);
    for (const sw of m.switches) {
        const g = sw.id;
        const phys = `phys@${g}`;
        add({ id: phys, kind: "phys", label: "physical network", details: [], group: g });
        const swName = sw.name ?? sw.id;
        // A switch on many hosts is drawn once (its hosts listed), else once per host (F0: each host its own data plane).
        const perHost = sw.members.length <= (options.maxHostsPerSwitch ?? 8);
        for (const mem of sw.members) {
            const key = perHost ? `${sw.id}@${mem.hostId}` : `${sw.id}@*`;
            const up = `up:${key}`;
            const node = `sw:${key}`;
            const links = mem.uplinks.known ? mem.uplinks.links.map((l) => `${l.name}${l.nic && l.nic !== l.name ? ` (${l.nic})` : ""}${l.nic ? "" : " unbound"}`) : [];
            const team = sw.team ? `team: active ${sw.team.active.join(", ") || "none"}${sw.team.standby.length ? `; standby ${sw.team.standby.join(", ")}` : ""}; ${sw.team.policy}` : undefined;
            const where = perHost ? `host ${hostName(mem.hostId)}` : `${sw.members.length} hosts: ${sw.members.slice(0, 6).map((x) => hostName(x.hostId)).join(", ")}${sw.members.length > 6 ? ", …" : ""}`;
            add({ id: up, kind: "uplinks", label: mem.uplinks.known ? (links.length ? `uplinks ${links.join(", ")}` : "no uplinks (internal switch)") : "uplinks unknown during preview", details: [where, ...(team ? [team] : []), ...(sw.lacp?.enabled ? [`LACP ${sw.lacp.mode}`] : [])], group: g });
            add({ id: node, kind: "switch", label: perHost ? `${namer.object(sw.id)} on host ${hostName(mem.hostId)}` : `${namer.object(sw.id)} on ${sw.members.length} hosts`, details: [`${sw.kind} switch`, where, `security: ${SEC.map((s) => `${SETTING_WORDS[s]} ${sw.security[s].value}`).join(", ")}`], group: g });
            link(up, phys);
            link(node, up);
            loc.switchAt.set(`host ${mem.hostId} / switch ${swName}`, { sw: node, up });
            switchNodeOf.set(`${sw.id}@${mem.hostId}`, node);
        }
        for (const pg of pgsBySwitch.get(sw.id) ?? []) {
            const team = pg.team ? [`team: active ${pg.team.active.join(", ") || "none"}${pg.team.standby.length ? `; standby ${pg.team.standby.join(", ")}` : ""}`] : [];
            add({ id: `pg:${pg.id}`, kind: "portGroup", label: namer.object(pg.id), details: [formatVlan(pg.vlan), securityLine(pg), ...team], group: g });
        }
    }

    // Ports: hosts are known, or DRS picks one of the switch's members.
    const foldedPerPg = new Map<string, string[]>();
    for (const p of m.ports) {
        const pg = pgById.get(p.portGroupId);
        const sw = pg && swById.get(pg.switchId);
        if (!pg || !sw) continue;
        const swName = sw.name ?? sw.id;
        const plabel = `port ${p.label ?? p.id}`;
        const hosts = p.hostId ? [p.hostId] : sw.members.map((x) => x.hostId);
        const show = !foldPorts || portInvolved(p.id);
        const id = show ? `port:${p.id}` : `fold:${pg.id}`;
        if (show) {
            add({ id, kind: "port", label: p.label ?? p.id, details: [p.hostId ? `host ${hostName(p.hostId)}` : "host picked by DRS", `MAC ${p.effectiveMac ?? p.initialMac}`], group: sw.id });
            link(`pg:${pg.id}`, id);
        } else {
            push(foldedPerPg, pg.id, p.label ?? p.id);
            folded.ports++;
        }
        for (const h of [...hosts, "?"]) {
            loc.exact.set(`host ${h} / switch ${swName} / port group ${pg.name ?? pg.id} / ${plabel}`, id);
            loc.exact.set(`host ${h} / switch ${swName} / ${plabel}`, id);
            loc.exact.set(`host ${h} / ${plabel}`, id);
        }
        loc.exact.set(`inside ${plabel}`, id);
        for (const h of hosts) link(switchNodeOf.get(`${sw.id}@${h}`) ?? `sw:${sw.id}@${h}`, `pg:${pg.id}`);
    }
    for (const [pgId, names] of foldedPerPg) {
        const pg = pgById.get(pgId)!;
        const id = `fold:${pgId}`;
        add({ id, kind: "folded", label: `${names.length} more VM NIC${names.length === 1 ? "" : "s"} in no conversation`, details: names.slice(0, 5).concat(names.length > 5 ? [`… and ${names.length - 5} more`] : []), group: pg.switchId });
        link(`pg:${pgId}`, id);
    }
    // Port groups on a switch with no ports still hang under the switch (on every host).
    const hung = new Set(edges.map((e) => e.to));
    for (const pg of m.portGroups) {
        const sw = swById.get(pg.switchId);
        if (sw && !hung.has(`pg:${pg.id}`)) for (const mem of sw.members) link(switchNodeOf.get(`${sw.id}@${mem.hostId}`)!, `pg:${pg.id}`);
    }

    // Endpoints: guests behind their port, externals on the physical network of their port group's switch.
    const endpointNode = new Map<string, string>();
    for (const e of m.endpoints) {
        const info = t.endpoints.get(e.id);
        const name = info?.name ?? e.label ?? e.id;
        if (e.kind === "vnic") {
            endpointNode.set(e.id, nodeById.has(`port:${e.portId}`) ? `port:${e.portId}` : `fold:${portById.get(e.portId)?.portGroupId}`);
        } else if (e.kind === "guest") {
            const port = nodeById.has(`port:${e.portId}`) ? `port:${e.portId}` : undefined;
            if (drawGuests && port) {
                add({ id: `ep:${e.id}`, kind: "endpoint", label: name, details: [`guest behind ${portById.get(e.portId)?.label ?? e.portId}`, `MAC ${e.mac}`, e.vlan ? `tags VLAN ${e.vlan}` : "untagged"], group: nodeById.get(port)!.group });
                link(port, `ep:${e.id}`);
                endpointNode.set(e.id, `ep:${e.id}`);
            } else if (port) endpointNode.set(e.id, port);
        } else {
            const pg = info?.portGroupId ? pgById.get(info.portGroupId) : undefined;
            const group = pg?.switchId ?? "ext";
            if (!nodeById.has(`phys@${group}`)) add({ id: `phys@${group}`, kind: "phys", label: "physical network", details: [], group });
            add({ id: `ep:${e.id}`, kind: "endpoint", label: name, details: [`on the physical network${pg ? ` of ${namer.object(pg.id)}` : ""}`, `MAC ${e.mac}`, e.vlan ? `VLAN ${e.vlan}` : "untagged"], group });
            link(`ep:${e.id}`, `phys@${group}`);
            endpointNode.set(e.id, `ep:${e.id}`);
            loc.exact.set(`endpoint ${e.label ?? e.id}`, `ep:${e.id}`);
        }
    }

    // Findings: by the resource they are about, so a conversation can be filtered by policy.
    const findings = options.findings ?? [];
    const policiesByUrn = new Map<string, Set<string>>();
    for (const f of findings) if (f.urn) policiesByUrn.set(f.urn, (policiesByUrn.get(f.urn) ?? new Set()).add(f.policy));
    const urnOfNode = (n: string | undefined): string | undefined => {
        if (!n) return undefined;
        const id = n.replace(/^(pg|port|ep|sw|up|fold):/, "").replace(/@.*$/, "");
        return t.objects.get(id)?.urn;
    };

    const verdicts = a.verdicts();
    const conversations: ViewConversation[] = [];
    const wantFix = options.fixes ?? true;
    // Worst first, declared before implicit, then by name, so the list and the markdown read the same way;
    // past `maxTraces` a conversation is kept light (its verdict and the places of its shown leg).
    const ordered = [...verdicts].map(([conv, r]) => ({ conv, r, a: namer.endpoint(r.a), b: namer.endpoint(r.b) }));
    ordered.sort((x, y) => VERDICTS.indexOf(x.r.verdict) - VERDICTS.indexOf(y.r.verdict) || (x.conv.source === y.conv.source ? 0 : x.conv.source === "declared" ? -1 : 1) || x.a.localeCompare(y.a) || x.b.localeCompare(y.b));
    const maxTraces = options.maxTraces ?? Infinity;
    ordered.forEach((o, i) => conversations.push(viewConversation(`c${i}`, o.conv, o.r, i >= maxTraces)));

    function viewConversation(id: string, conv: ConversationInfo, r: ConversationResult, light: boolean): ViewConversation {
        const physOf = (n: string | undefined) => `phys@${n ? (nodeById.get(n)?.group ?? "ext") : "ext"}`;
        const firstDropped = Math.max(0, r.legs.findIndex((l) => !l.delivered));
        const legs: ViewLeg[] = r.legs.map((l, li) => {
            if (light && li !== firstDropped) return { leg: l.leg, from: namer.endpoint(l.from), to: namer.endpoint(l.to), delivered: l.delivered, copies: l.copies, head: "", hops: [] };
            let prev: string | undefined = endpointNode.get(l.from);
            const located = l.trace.map((h) => {
                const node = loc.locate(h, prev, physOf);
                if (node) prev = node;
                return node;
            });
            // A physical-network hop before anything else (an external sender) belongs to the next hop's switch.
            for (let k = located.length - 1; k >= 0; k--) {
                if (l.trace[k].at === "physical network" && located[k] === "phys@ext") {
                    const next = located.slice(k + 1).find((x) => x && !x.startsWith("phys@"));
                    if (next) located[k] = physOf(next);
                }
            }
            if (light) {
                const hops = l.trace.map((h, k) => ({ rule: h.rule, action: h.action, at: "", detail: "", assumed: h.assumed === true, ...(located[k] && nodeById.has(located[k]!) ? { node: located[k] } : {}) }));
                return { leg: l.leg, from: namer.endpoint(l.from), to: namer.endpoint(l.to), delivered: l.delivered, copies: l.copies, head: "", hops };
            }
            return {
                leg: l.leg,
                from: namer.endpoint(l.from),
                to: namer.endpoint(l.to),
                delivered: l.delivered,
                copies: l.copies,
                head: prettyMacs(namer.leg(l)[0]),
                hops: l.trace.map((h, k) => ({
                    rule: h.rule,
                    action: h.action,
                    at: h.at,
                    detail: prettyMacs(h.detail),
                    assumed: h.assumed === true,
                    ...(h.setting ? { setting: prettyMacs(namer.setting(h.setting)) } : {}),
                    ...(located[k] && nodeById.has(located[k]!) ? { node: located[k] } : {}),
                })),
            };
        });
        const dropLeg = legs.findIndex((l) => !l.delivered);
        const drop = dropLeg >= 0 ? { leg: dropLeg, hop: legs[dropLeg].hops.length - 1, node: legs[dropLeg].hops[legs[dropLeg].hops.length - 1]?.node } : undefined;
        const deciding: string[] = [];
        if (drop) {
            const s = legs[drop.leg].hops[drop.hop]?.setting;
            if (s) deciding.push(s);
        }
        if (!light) for (const d of r.decidedBy ?? []) deciding.push(prettyMacs(namer.setting(d.ref)));
        const fix = r.verdict !== "reachable" && wantFix && !light ? a.fix(conv) : undefined;
        const pols = new Set<string>();
        const touched = new Set<string | undefined>([endpointNode.get(r.a), endpointNode.get(r.b), ...legs.flatMap((l) => l.hops.map((h) => h.node))]);
        for (const e of [r.a, r.b]) {
            const info = t.endpoints.get(e);
            if (info?.vmUrn) for (const p of policiesByUrn.get(info.vmUrn) ?? []) pols.add(p);
            if (info?.portGroupId) for (const p of policiesByUrn.get(t.objects.get(info.portGroupId)?.urn ?? "") ?? []) pols.add(p);
        }
        for (const n of touched) for (const p of policiesByUrn.get(urnOfNode(n) ?? "") ?? []) pols.add(p);
        return {
            id,
            key: `${conv.a}|${conv.b}`,
            a: namer.endpoint(r.a),
            b: namer.endpoint(r.b),
            ...(endpointNode.get(r.a) ? { aNode: endpointNode.get(r.a) } : {}),
            ...(endpointNode.get(r.b) ? { bNode: endpointNode.get(r.b) } : {}),
            source: conv.source,
            verdict: r.verdict,
            summary: prettyMacs(namer.verdict(r)),
            legs,
            shownLeg: Math.max(0, dropLeg),
            ...(drop ? { drop } : {}),
            deciding: [...new Set(deciding)],
            ...(fix ? { fix: { changes: fix.changes.map((c) => namer.change(c)), verdict: fix.verdict } } : {}),
            noFix: r.verdict !== "reachable" && wantFix && !light && !fix,
            ...(light ? { light: true } : {}),
            policies: [...pols].sort(),
        };
    }

    const verdictCounts = Object.fromEntries(VERDICTS.map((v) => [v, 0])) as Record<Verdict, number>;
    for (const c of conversations) verdictCounts[c.verdict]++;
    const levels: Record<string, number> = {};
    for (const f of findings) levels[f.level] = (levels[f.level] ?? 0) + 1;
    const groupLabel = new Map<string, string>(m.switches.map((sw) => [sw.id, namer.object(sw.id)]));
    const groups: ViewGroup[] = [];
    const seenGroups = new Set<string>();
    for (const n of nodes) {
        if (seenGroups.has(n.group)) continue;
        seenGroups.add(n.group);
        groups.push({ id: n.group, label: groupLabel.get(n.group) ?? "outside every switch" });
    }
    return { title: options.title ?? "vsnet report", input: options.input ?? "", groups, nodes, edges, conversations, findings, counts: { verdicts: verdictCounts, levels }, folded };
}

/** The node ids a conversation's leg passes, in order, without repeats in a row. */
export function pathOf(leg: ViewLeg): string[] {
    const out: string[] = [];
    for (const h of leg.hops) if (h.node && out[out.length - 1] !== h.node) out.push(h.node);
    return out;
}
