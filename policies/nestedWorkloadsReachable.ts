/**
 * nested-workloads-reachable: every declared flow, and each nested hypervisor's guests to their
 * network and to each other, must actually work — proved by the forwarding simulator.
 */
import type { EnforcementLevel, StackValidationPolicy } from "@pulumi/policy";
import type { ConversationResult, Hop } from "../sim";
import { duplicateFloods } from "../sim/analysis/duplicates";
import { declarationsSchema, type ConversationInfo, type Diagnostic } from "../translate";
import { analysisFor, type Analysis } from "./analysis";
import { Namer } from "./naming";
import { conversationNetstackNote } from "./netstack";
import { reportOverrides, reportPortShortfalls } from "./port-advice";
import { grouped, isolate, listSome, pathKind, reporter, summarise, type Reporter } from "./report";
import { waiverSchema } from "./waivers";
import { PARTIAL_INPUT_KEY } from "./gaps";
import { capturedConfig, DECLARING_POLICY } from "./sharedConfig";
import { nameSuggestion, policySettings, unknownKeyFinding, unknownKeys } from "./config-check";
import { POLICY_URL } from "./frameworks";

const NAME = DECLARING_POLICY;

export const nestedWorkloadsReachable: StackValidationPolicy = {
    name: NAME,
    description:
        "Nested workloads (VMs inside nested hypervisors, macvlan containers, guests with their own or changed MACs) can talk: each declared flow, and each nested hypervisor's guests to their network and to each other, is simulated frame by frame through the vSphere switches.",
    enforcementLevel: "mandatory",
    severity: "high",
    tags: ["vsphere", "networking", "nested-virtualization"],
    url: POLICY_URL.reachability,
    remediationSteps:
        "Apply the fix named in the violation, on the port group it names: forged transmits for guests that send with their own MAC, MAC learning (distributed switch 6.6+) or promiscuous mode for frames coming back to them, MAC address changes for guests that change their MAC, a VLAN trunk for guests that tag VLANs, a switch mtu/maxMtu as large as the frames the workloads declare. Run `vsnet trace` for the full hop-by-hop trace.",
    configSchema: {
        properties: {
            ...declarationsSchema.properties,
            waivers: { type: "array", items: waiverSchema, description: "Accepted exceptions for any policy of the pack (policy, resource, reason, optional workload, expires, ticket)." },
            [PARTIAL_INPUT_KEY]: {
                type: "boolean",
                description: "The resources are known to be incomplete (a saved preview without --show-sames; set by vsnet --allow-partial): failing verdicts are reported as undecided and least-privilege advice is withheld.",
            },
            undecidedAs: {
                type: "string",
                enum: ["advisory", "mandatory"],
                description: "Level of a finding the pack cannot decide during preview (unknown values, unmanaged networks). Default advisory.",
            },
        },
    },
    validateStack: (args, rv) => {
        // Read first, so that even an internal error is reported at the level the user chose for what is left undecided.
        const undecided: EnforcementLevel = args.getConfig<Record<string, unknown>>()?.undecidedAs === "mandatory" ? "mandatory" : "advisory";
        isolate(rv, "nested workload reachability", () => {
            const own = args.getConfig<Record<string, unknown>>();
            const a = analysisFor(args, own);
            const namer = new Namer(a.translation);
            const r = reporter(NAME, rv);
            if (own.undecidedAs !== undefined && own.undecidedAs !== "advisory" && own.undecidedAs !== "mandatory") {
                r.violation(`undecidedAs must be "advisory" or "mandatory"; findings the pack cannot decide are reported as advisory (policy config ${NAME}.undecidedAs).`);
            }
            reportConfigKeys(own, r);
            reportDiagnostics(a.translation.diagnostics, r, undecided, (d) => nameSuggestion(d, a.config, a.translation));
            if (a.modelErrors.length) {
                r.violation(`The network model is inconsistent, so nothing was simulated: ${a.modelErrors.slice(0, 3).join("; ")}. Please report this.`, undefined, { level: undecided });
                return;
            }
            for (const [conv, res] of a.verdicts()) {
                isolate(rv, `conversation ${namer.endpoint(conv.a)} <-> ${namer.endpoint(conv.b)}`, () => reportConversation(a, namer, conv, res, r, undecided), undefined, undecided);
            }
            isolate(rv, "duplicate frames", () => reportDuplicates(a, namer, r));
            isolate(rv, "per-port overrides", () => reportOverrides(a, namer, r));
            isolate(rv, "port counts", () => reportPortShortfalls(a, namer, r));
        }, undefined, undecided);
    },
};

/**
 * Keys no policy reads (`"workload"` for `workloads`, `enforcementlevel`): the Pulumi CLI passes them
 * on silently, so without this a typo would quietly check nothing. Every policy's config, as captured
 * from Configure (else this policy's own), at this policy's level, like any declaration error.
 */
function reportConfigKeys(own: Record<string, unknown>, r: Reporter): void {
    const problems = [...policySettings()].flatMap(([policy, keys]) => {
        const props = policy === NAME ? (capturedConfig(NAME) ?? own) : capturedConfig(policy);
        return props ? unknownKeys(policy, props, keys) : [];
    });
    const all = capturedConfig("all");
    if (all) problems.push(...unknownKeys("all", all, []));
    grouped(
        problems,
        () => "key",
        (p) => r.violation(unknownKeyFinding(p)),
        (g) => r.violation(summarise(g.length, "keys of the policy config are read by no policy", g.map(unknownKeyFinding))),
    );
}

function reportDiagnostics(ds: Diagnostic[], r: Reporter, undecided: EnforcementLevel, suggest: (d: Diagnostic) => string | undefined): void {
    // A declaration that names nothing is the user's error: report it at the policy's level.
    const levelOf = (d: Diagnostic) => (d.kind === "config" ? undefined : undecided);
    const whereOf = (d: Diagnostic) => (d.configPath ? `policy config ${NAME}.${d.configPath}` : d.property ? `property ${d.property}` : "");
    const textOf = (d: Diagnostic) => {
        const where = whereOf(d);
        const guess = d.kind === "config" ? suggest(d) : undefined;
        return `${d.message}${where && !d.message.includes(where) ? ` (${where})` : ""}${guess ? ` ${guess[0].toUpperCase()}${guess.slice(1)}` : ""}`;
    };
    grouped(
        ds,
        (d) => `${d.kind}\u0000${d.configPath !== undefined ? `config:${pathKind(d.configPath)}` : `property:${pathKind(d.property)}`}`,
        (d) => r.violation(textOf(d), d.urn, { level: levelOf(d) }),
        (g) => {
            const d = g[0];
            const place = d.configPath !== undefined ? `policy config ${NAME}.${pathKind(d.configPath)}` : d.property ? `property ${pathKind(d.property)}` : "the stack";
            const what = d.kind === "config" ? `declarations in ${place} are malformed or name nothing` : d.kind === "unknown" ? `values of ${place} are not known during preview` : `problems with ${place} (${d.kind})`;
            const urns = new Set(g.map((x) => x.urn));
            r.violation(summarise(g.length, what, g.map(textOf)), urns.size === 1 ? d.urn : undefined, { level: levelOf(d) });
        },
    );
}

/** U4: nested hypervisors that get every flooded frame once per uplink — whatever flows are declared. */
function reportDuplicates(a: Analysis, namer: Namer, out: Reporter): void {
    for (const d of duplicateFloods(a.net)) {
        const ports = d.portIds.map((p) => a.net.ports.get(p)?.label ?? p);
        const workloads = d.portIds.flatMap((p) => (a.net.behind.get(p) ?? []).map((e) => namer.endpoint(e.id)));
        const links = d.links.map((l) => `${l.nic ?? l.name}${l.nic && l.nic !== l.name ? ` (${l.name}, ${l.role})` : ` (${l.role})`}`).join(", ");
        const host = a.net.hosts.get(d.hostId);
        const rpf = host?.rpfOrigin?.kind === "assumed" || host?.rpfOrigin === undefined ? ` (Net.ReversePathFwdCheckPromisc taken as 0: declare it in policy config ${NAME}.hosts["${d.hostId}"] if it is 1)` : "";
        const cond = d.promiscuous === "unknown" ? "If promiscuous mode turns out accepted (unknown during preview), the" : "The";
        const where = d.certain ? `on host ${d.hostId}` : `if DRS places them on host ${d.hostId}`;
        out.violation(
            `${cond} nested hypervisors on ${namer.object(d.portGroupId)} ${where} (${listSome(ports, 3)}) get ${d.copies} copies of each broadcast and flooded frame from the physical network, one per uplink of the team: ${links} [U4]${rpf}. Guests see duplicate replies (DUP! in ping) and their MACs flap. Set Net.ReversePathFwdCheckPromisc=1 on host ${d.hostId} and turn promiscuous mode off and on again on the port group, or use MAC learning instead of promiscuous mode, or give the port group a team with one active uplink and the others unused, or aggregate the host's links (LACP, or a static EtherChannel with IP hash).`,
            namer.urn(d.portGroupId),
            { level: "advisory", workloads },
        );
    }
}

/** Where to report: the VM that hosts the source workload, or the port group of an external. */
function anchor(a: Analysis, endpointId: string): string | undefined {
    const info = a.translation.endpoints.get(endpointId);
    if (info?.vmUrn) return info.vmUrn;
    return info?.portGroupId ? a.translation.objects.get(info.portGroupId)?.urn : undefined;
}

function reportConversation(a: Analysis, namer: Namer, conv: ConversationInfo, r: ConversationResult, out: Reporter, undecided: EnforcementLevel): void {
    const urn = anchor(a, conv.a) ?? anchor(a, conv.b);
    const workloads = [namer.endpoint(conv.a), namer.endpoint(conv.b)];
    const who = `${namer.endpoint(conv.a)} <-> ${namer.endpoint(conv.b)}${conv.source === "implicit" ? " (implicit: nested hypervisor guest)" : ""}`;
    if (r.verdict === "reachable") return;
    const lines: string[] = [`${who}: ${namer.verdict(r)}.`];
    if (r.placement.kind !== "known") lines.push(`This happens when DRS places the VMs on ${r.placement.kind === "same-host" ? "the same host" : "different hosts"} (${Object.values(r.placement.hosts).join(", ")}).`);
    const failed = r.legs.find((l) => !l.delivered);
    if (failed) {
        const last = failed.trace[failed.trace.length - 1];
        lines.push(`Dropped: ${namer.endpoint(failed.from)} -> ${namer.endpoint(failed.to)} (${failed.leg}) at ${last.at}, rule ${last.rule}${last.assumed ? " (assumed)" : ""}: ${last.detail}.`);
        if (last.setting) lines.push(`Setting: ${namer.setting(last.setting)}.`);
    }
    if (r.verdict === "undetermined" && r.decidedBy?.length) {
        lines.push(`Decided by values unknown during preview: ${r.decidedBy.map((d) => namer.setting(d.ref)).join("; ")}.`);
    }
    const fix = a.fix(conv);
    lines.push(fix ? `Smallest fix: ${fix.changes.map((c) => namer.change(c)).join(" and ")}.` : noFix(failed?.trace[failed.trace.length - 1]));
    const k3 = conversationNetstackNote(a.translation, (id) => namer.endpoint(id), [conv.a, conv.b]);
    if (k3) lines.push(k3);
    if (failed) lines.push(`Trace:`, ...namer.leg(failed).map((l) => `  ${l}`));
    // A verdict that rests on a VLAN not known during preview (read as untagged) is undecided too.
    const assumed = vlanUnknownOn(a, namer, conv);
    if (assumed.length) lines.splice(1, 0, `This rests on the VLAN of ${assumed.join(" and ")}, which is not known during preview (read as untagged).`);
    if (a.partial) lines.splice(1, 0, "The input is partial (resources the engine did not list are missing), so this may change once every resource is seen.");
    const level = (r.verdict === "undetermined" && !r.failsInEveryCase) || assumed.length || a.partial ? undecided : undefined;
    out.violation(lines.join("\n"), urn, { level, workloads });
}

/** Why no change of the stack's switch settings helps, for the rule that dropped the frame. */
function noFix(last: Hop | undefined): string {
    if (last?.rule === "V7" && last.setting?.value.startsWith("native VLAN")) {
        // The physical switch's side, not the stack's: its native VLAN carries the port group's VLAN untagged.
        return `No change of switch security, MAC learning or trunking makes this work: ${last.setting.value} of the host's physical switch ports (hosts config) is outside the stack — make that VLAN tagged on the physical ports, or put the port group on the untagged network.`;
    }
    if (last?.rule === "X4") {
        // The virtual function's trust and spoof checking live on the physical NIC, not in any resource.
        return "No change of switch security, MAC learning or trunking decides this: whether the SR-IOV virtual function passes frames of other MACs (VF trust, spoof checking) is set on the host's physical NIC, outside the stack; an emulated NIC (adapterType vmxnet3) puts the VM back on the virtual switch, where the port group's settings apply.";
    }
    return "No change of switch security, MAC learning or trunking makes this work (different VLANs need a router; an internal switch needs an uplink).";
}

/** The port groups of a conversation's two ends whose VLAN is not known during preview. */
function vlanUnknownOn(a: Analysis, namer: Namer, conv: ConversationInfo): string[] {
    const unknown = new Set(a.translation.diagnostics.filter((d) => d.kind === "unknown" && d.urn && /^vlan/.test(d.property ?? "")).map((d) => d.urn));
    if (unknown.size === 0) return [];
    const groups = new Set<string>();
    for (const id of [conv.a, conv.b]) {
        const e = a.net.endpoints.get(id);
        const port = e && e.kind !== "external" ? a.net.ports.get(e.portId) : undefined;
        if (port) groups.add(port.portGroupId);
        const pg = a.translation.endpoints.get(id)?.portGroupId;
        if (pg) groups.add(pg);
    }
    return [...groups].filter((g) => unknown.has(g)).map((g) => namer.object(g));
}
