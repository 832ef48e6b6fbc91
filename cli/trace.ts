/**
 * `vsnet trace`: one conversation between two workloads, simulated directly (it answers a question;
 * it does not evaluate the pack): the four legs hop by hop, each hop's rule, the setting that
 * decided it and where that value came from, the verdict, and the smallest fix.
 *
 * `changes` (what-if, `--set`) are applied to the model before simulating
 * (`--set`, issue 7) but the path is here so that it only needs parsing.
 */
import { analyzeConversation, applyChanges, compile, describeOrigin, findFix, formatHop, type Change, type ConversationResult, type Fix, type Hop, type Net, type SettingRef } from "../sim";
import type { Analysis } from "../policies/analysis";
import { Namer, prettyMacs, PROPERTY } from "../policies/naming";
import { conversationNetstackNote } from "../policies/netstack";
import { DECLARING_POLICY } from "../policies/sharedConfig";
import type { PolicyPackConfig } from "./analyzer-client";
import { CliError, EXIT } from "./errors";
import { palette } from "./io";
import { safeLine } from "./sanitize";
import { nameFromUrn, type LoadedStack } from "./stack-file";
import { displayPath, TOOL } from "./tool";

/** The pack's declarations (workloads, flows, macLearning, networks) from a policy config file. */
export function declarationsFrom(config: PolicyPackConfig): Record<string, unknown> {
    const own = config[DECLARING_POLICY] ?? {};
    const { enforcementLevel: _level, undecidedAs: _undecided, ...decl } = own;
    return decl;
}

interface Candidate {
    id: string;
    name: string;
    source: "declared" | "implicit" | "vm";
    vmName?: string;
}

function candidates(a: Analysis): Candidate[] {
    const out: Candidate[] = [];
    for (const [id, info] of a.translation.endpoints) {
        out.push({ id, name: info.name, source: info.source, ...(info.vmUrn && info.source === "vm" ? { vmName: nameFromUrn(info.vmUrn) } : {}) });
    }
    const rank = { declared: 0, implicit: 1, vm: 2 } as const;
    return out.sort((x, y) => rank[x.source] - rank[y.source]);
}

function quoteList(names: string[], max = 6): string {
    const shown = names.slice(0, max).map((n) => JSON.stringify(n));
    return names.length > max ? `${shown.join(", ")}, ... (${names.length} in all)` : shown.join(", ");
}

/**
 * The endpoint a user means: a workload name as the translation gives it (declared workloads,
 * "esxi-01 nic 0 guest", "physical network of lab-pg", "esxi-01 nic 0"), an endpoint id, or a VM's
 * Pulumi resource name (its first placed NIC).
 */
export function resolveWorkload(a: Analysis, name: string, flag: string): string {
    const all = candidates(a);
    const exact = all.filter((c) => c.name === name || c.id === name);
    if (exact.length >= 1) return exact[0].id;
    const byVm = all.filter((c) => c.vmName === name).sort((x, y) => x.name.localeCompare(y.name, "en", { numeric: true }));
    if (byVm.length >= 1) return byVm[0].id;
    const folded = all.filter((c) => c.name.toLowerCase() === name.toLowerCase() || c.vmName?.toLowerCase() === name.toLowerCase());
    if (folded.length === 1) return folded[0].id;
    const vm = a.translation.diagnostics.find((d) => d.urn !== undefined && nameFromUrn(d.urn) === name && /^virtualMachine|networkInterfaces/.test(d.property ?? "networkInterfaces"));
    if (vm) throw new CliError(`${flag} ${JSON.stringify(name)}: none of its NICs could be placed on a port group (${vm.message.replace(/\s+/g, " ")})`, EXIT.USAGE);
    if (all.length === 0) throw new CliError(`${flag} ${JSON.stringify(name)}: this stack has no workloads at all (no VM NIC could be placed on a port group)`, EXIT.USAGE);
    throw new CliError(`${flag}: no workload named ${JSON.stringify(name)}; try ${quoteList(all.map((c) => c.name))}`, EXIT.USAGE);
}

export interface TraceOutcome {
    from: string;
    to: string;
    net: Net;
    result: ConversationResult;
    /** The smallest change that makes it reachable (only computed when it is not). */
    fix?: Fix;
    /** What-if changes the trace ran with. */
    changes: Change[];
}

export function traceConversation(a: Analysis, from: string, to: string, changes: Change[] = []): TraceOutcome {
    if (from === to) throw new CliError(`--from and --to name the same workload (${a.translation.endpoints.get(from)?.name ?? from})`, EXIT.USAGE);
    const net = changes.length ? compile(applyChanges(a.net.model, changes)) : a.net;
    const spec = { a: from, b: to };
    const result = analyzeConversation(net, spec);
    const fix = result.verdict === "reachable" ? undefined : findFix(net, spec);
    return { from, to, net, result, fix, changes };
}

function verdictLine(namer: Namer, r: ConversationResult): string {
    switch (r.verdict) {
        case "reachable":
            return "reachable";
        case "one-way":
            return `one-way (${namer.endpoint(r.works!.from)} -> ${namer.endpoint(r.works!.to)} works)`;
        case "blocked":
            return "blocked (neither direction works)";
        case "undetermined":
            return r.failsInEveryCase ? "undetermined, but fails whatever the unknown values turn out to be" : "undetermined (depends on values not known during preview)";
    }
}

function placementLine(a: Analysis, r: ConversationResult): string | undefined {
    if (r.placement.kind === "known") return undefined;
    const where = Object.entries(r.placement.hosts).map(([port, host]) => `${a.translation.objects.get(port)?.name ?? port} on ${host}`);
    return `placement: DRS picks the hosts; the worse case is shown: ${r.placement.kind === "same-host" ? "same host" : "different hosts"} (${where.join(", ")})`;
}

/**
 * The text report. Each element of `lines` is one line, escaped as a whole (`safeLine`: an LF or
 * ESC inside a name cannot start a line or reach the terminal) before it is coloured.
 */
export function formatTraceText(a: Analysis, stack: LoadedStack, t: TraceOutcome, cwd: string, color: boolean): string {
    const p = palette(color);
    const namer = new Namer(a.translation);
    const r = t.result;
    const lines: string[] = [];
    /** How to colour a line once it is escaped, by its index. */
    const style = new Map<number, (s: string) => string>();
    const push = (line: string, how?: (s: string) => string): void => {
        if (how) style.set(lines.length, how);
        lines.push(line);
    };
    push(`Conversation ${namer.endpoint(t.from)} <-> ${namer.endpoint(t.to)} in ${displayPath(stack.file, cwd)}`, (s) => s.replace(/^Conversation/, p.bold("Conversation")));
    if (t.changes.length) push(`what-if: ${t.changes.map((c) => namer.change(c)).join("; ")}`);
    const good = r.verdict === "reachable";
    push(`verdict: ${verdictLine(namer, r)}`, (s) => `verdict: ${good ? p.green(s.slice(9)) : p.red(s.slice(9))}`);
    const placement = placementLine(a, r);
    if (placement) push(placement);
    if (r.decidedBy?.length) push(`decided by values unknown during preview: ${r.decidedBy.map((d) => namer.setting(d.ref)).join("; ")}`);
    const k3 = r.verdict === "reachable" ? undefined : conversationNetstackNote(a.translation, (id) => namer.endpoint(id), [t.from, t.to]);
    if (k3) push(`note: ${k3}`);
    for (const d of r.duplicates ?? []) {
        push(`note: ${namer.endpoint(d.endpoint)} gets ${d.copies} copies of each broadcast and flooded frame (promiscuous port on host ${d.hostId} with ${d.copies} active uplinks, ${d.rule})`);
    }
    for (const leg of r.legs) {
        push("");
        const [head, ...hops] = namer.leg(leg);
        push(head, leg.delivered ? undefined : (s) => s.replace(/DROPPED$/, p.red("DROPPED")));
        for (const h of hops) push(h);
    }
    push("");
    if (r.verdict === "reachable") push("No fix needed: all four legs are delivered.");
    else if (t.fix) push(`Smallest fix: ${t.fix.changes.map((c) => namer.change(c)).join(" and ")} (then: ${t.fix.verdict}).`, (s) => s.replace(/^Smallest fix/, p.bold("Smallest fix")));
    else push("No change of switch security, MAC learning or trunking makes this work (different VLANs need a router; an internal switch needs an uplink).");
    return (
        lines
            .map((l, i) => {
                const safe = safeLine(prettyMacs(l));
                return style.get(i)?.(safe) ?? safe;
            })
            .join("\n") + "\n"
    );
}

function settingJson(namer: Namer, s: SettingRef): Record<string, unknown> {
    return {
        object: namer.object(s.objectId),
        urn: namer.urn(s.objectId) ?? null,
        setting: s.setting,
        property: s.setting in PROPERTY ? PROPERTY[s.setting as keyof typeof PROPERTY] : null,
        value: s.value,
        origin: describeOrigin(s.origin, (id) => namer.object(id)) || null,
        text: namer.setting(s),
    };
}

function hopJson(namer: Namer, h: Hop, i: number): Record<string, unknown> {
    return {
        step: i + 1,
        rule: h.rule,
        action: h.action,
        at: h.at,
        detail: prettyMacs(h.detail),
        assumed: h.assumed === true,
        setting: h.setting ? settingJson(namer, h.setting) : null,
        text: prettyMacs(formatHop(h, (id) => namer.object(id))),
    };
}

function changeJson(namer: Namer, c: Change): Record<string, unknown> {
    const objectId = c.kind === "setting" || c.kind === "unblock" ? c.objectId : c.kind === "host" ? c.hostId : c.kind === "mtu" ? c.switchId : c.portGroupId;
    return { kind: c.kind, object: namer.object(objectId), urn: namer.urn(objectId) ?? null, text: namer.change(c) };
}

export function traceToJson(a: Analysis, stack: LoadedStack, t: TraceOutcome, cwd: string): unknown {
    const namer = new Namer(a.translation);
    const r = t.result;
    const endpoint = (id: string) => ({ id, name: namer.endpoint(id), source: a.translation.endpoints.get(id)?.source ?? null });
    return {
        schemaVersion: 1,
        tool: { name: TOOL.name, version: TOOL.version },
        input: { file: displayPath(stack.file, cwd), format: stack.format },
        from: endpoint(t.from),
        to: endpoint(t.to),
        whatIf: t.changes.map((c) => changeJson(namer, c)),
        verdict: r.verdict,
        works: r.works ? { from: namer.endpoint(r.works.from), to: namer.endpoint(r.works.to) } : null,
        placement: { kind: r.placement.kind, hosts: Object.fromEntries(Object.entries(r.placement.hosts).map(([port, host]) => [a.translation.objects.get(port)?.name ?? port, host])) },
        decidedBy: (r.decidedBy ?? []).map((d) => settingJson(namer, d.ref)),
        failsInEveryCase: r.failsInEveryCase ?? null,
        duplicates: (r.duplicates ?? []).map((d) => ({ endpoint: namer.endpoint(d.endpoint), host: d.hostId, copies: d.copies, rule: d.rule })),
        legs: r.legs.map((l) => ({
            leg: l.leg,
            from: namer.endpoint(l.from),
            to: namer.endpoint(l.to),
            delivered: l.delivered,
            copies: l.copies,
            hops: l.trace.map((h, i) => hopJson(namer, h, i)),
        })),
        fix: t.fix ? { changes: t.fix.changes.map((c) => changeJson(namer, c)), verdict: t.fix.verdict } : null,
    };
}
