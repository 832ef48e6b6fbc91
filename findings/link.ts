/**
 * Links a pack's finding (policy, URN, message: all the analyzer protocol carries) to what the
 * in-process analysis knows about it: the conversation a reachability finding is about (its
 * workloads, verdict, legs, deciding setting) and every resource the finding involves. The analysis
 * is built from the same saved stack and config the pack saw (`vsnet trace` and `report` use the same).
 *
 * A reachability finding starts with `<a> <-> <b>: ` in the workloads' own names (policies/
 * nestedWorkloadsReachable.ts); it is matched by exact lookup of that prefix, never by guessing, so
 * a name with `<->` or `: ` in it cannot be mistaken for another conversation.
 */
import type { ConversationResult } from "../sim";
import type { Analysis } from "../policies/analysis";
import { Namer, prettyMacs } from "../policies/naming";
import { DECLARING_POLICY } from "../policies/sharedConfig";
import type { ConversationInfo } from "../translate";

export interface Linked {
    /** The two ends of the conversation the finding is about (names), if it is about one. */
    workloads: string[];
    conversation?: { info: ConversationInfo; result: ConversationResult };
    /** URNs of the other resources the finding involves, without the one it is reported on. */
    related: string[];
}

/** The resource kinds a message names as `<Kind> <name>` (policies/naming.ts `Namer.object`). */
const KINDS = ["HostVirtualSwitch", "HostPortGroup", "DistributedVirtualSwitch", "DistributedPortGroup", "VirtualMachine"];
/** What may follow a name in a message. */
const AFTER_NAME = /[\s,.;:()[\]]/;

export class Linker {
    private readonly namer: Namer;
    private byWho?: Map<string, [ConversationInfo, ConversationResult]>;
    private byText?: { urns: Map<string, string>; longest: number };

    constructor(readonly analysis: Analysis) {
        this.namer = new Namer(analysis.translation);
    }

    link(policy: string, urn: string | undefined, message: string): Linked {
        const related = new Set<string>();
        let workloads: string[] = [];
        let conversation: Linked["conversation"];
        if (policy === DECLARING_POLICY) {
            const conv = this.conversationOf(message);
            if (conv) {
                conversation = { info: conv[0], result: conv[1] };
                workloads = [this.namer.endpoint(conv[0].a), this.namer.endpoint(conv[0].b)];
                for (const u of conversationUrns(this.analysis, conv[0], conv[1])) related.add(u);
            }
        }
        for (const u of this.mentioned(message)) related.add(u);
        if (urn) related.delete(urn);
        return { workloads, related: [...related], ...(conversation ? { conversation } : {}) };
    }

    /** The conversation a reachability message is about: the longest `<a> <-> <b>` prefix before a `: `. */
    private conversationOf(message: string): [ConversationInfo, ConversationResult] | undefined {
        if (!this.byWho) {
            this.byWho = new Map();
            for (const [c, r] of this.analysis.verdicts()) {
                if (r.verdict === "reachable") continue;
                const who = `${this.namer.endpoint(c.a)} <-> ${this.namer.endpoint(c.b)}${c.source === "implicit" ? " (implicit: nested hypervisor guest)" : ""}`;
                this.byWho.set(prettyMacs(who), [c, r]);
            }
        }
        const first = message.split("\n")[0];
        for (let i = first.lastIndexOf(": "); i > 0; i = first.lastIndexOf(": ", i - 1)) {
            const hit = this.byWho.get(first.slice(0, i));
            if (hit) return hit;
        }
        return undefined;
    }

    /** Resources a message names as `<Kind> <name>`, by exact lookup. */
    private mentioned(message: string): string[] {
        if (!this.byText) {
            const urns = new Map<string, string>();
            let longest = 0;
            for (const [id, o] of this.analysis.translation.objects) {
                if (!o.urn || o.kind === "implicit" || o.kind === "host") continue;
                const text = this.namer.object(id);
                urns.set(text, o.urn);
                longest = Math.max(longest, text.length);
            }
            this.byText = { urns, longest };
        }
        const { urns, longest } = this.byText;
        const out: string[] = [];
        for (const kind of KINDS) {
            for (let at = message.indexOf(`${kind} `); at >= 0; at = message.indexOf(`${kind} `, at + 1)) {
                if (at > 0 && /\w/.test(message[at - 1])) continue;
                const end = Math.min(message.length, at + longest);
                for (let j = end; j > at + kind.length + 1; j--) {
                    if (j < message.length && !AFTER_NAME.test(message[j])) continue;
                    const urn = urns.get(message.slice(at, j));
                    if (urn) {
                        out.push(urn);
                        break;
                    }
                }
            }
        }
        return out;
    }
}

/**
 * Every resource a failing conversation involves: each end's VM (or the port group of an external
 * device), the ends' port groups and their switches, and the resources of the settings that decided it.
 */
export function conversationUrns(a: Analysis, info: { a: string; b: string }, r: ConversationResult): string[] {
    const urns: string[] = [];
    const add = (id: string | undefined) => {
        const u = id ? a.translation.objects.get(id)?.urn : undefined;
        if (u && !urns.includes(u)) urns.push(u);
    };
    for (const id of [info.a, info.b]) {
        const e = a.translation.endpoints.get(id);
        if (e?.vmUrn && !urns.includes(e.vmUrn)) urns.push(e.vmUrn);
        if (e?.portGroupId) {
            add(e.portGroupId);
            add(a.net.portGroups.get(e.portGroupId)?.switchId);
        }
    }
    for (const leg of r.legs) if (!leg.delivered) for (const h of leg.trace) add(h.setting?.objectId);
    for (const d of r.decidedBy ?? []) add(d.ref.objectId);
    return urns;
}
