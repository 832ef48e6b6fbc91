/**
 * The mutable state one translation builds: the model, the side tables and the diagnostics.
 * Every builder step writes here; `translate()` hands it out as a `Translation`.
 */
import type { Host, Model } from "../sim/model/model";
import type { ConversationInfo, Diagnostic, EndpointInfo, ObjectInfo, RawResource, SkippedWorkload } from "./types";

const MAX_SHOWN = 80;

/** A name as printed in a message: names can be arbitrarily long strings, so cut them. */
export function show(name: string): string {
    return name.length > MAX_SHOWN ? `${name.slice(0, MAX_SHOWN)}…` : name;
}

export class Context {
    readonly model: Model = { hosts: [], switches: [], portGroups: [], ports: [], endpoints: [] };
    readonly diagnostics: Diagnostic[] = [];
    readonly objects = new Map<string, ObjectInfo>();
    readonly endpoints = new Map<string, EndpointInfo>();
    readonly conversations: ConversationInfo[] = [];
    /** Declared workloads that were skipped, and where they may sit. */
    readonly skipped: SkippedWorkload[] = [];
    private readonly placeholders = new Set<string>();

    diag(d: Diagnostic): void {
        this.diagnostics.push(d);
    }

    addHost(host: Host, info: ObjectInfo): void {
        if (this.objects.has(host.id)) return;
        this.model.hosts.push(host);
        this.objects.set(host.id, info);
    }

    /** A made-up MAC (vCenter-assigned, implicit guest) that no other placeholder shares. */
    placeholderMac(base: string): string {
        let mac = base;
        for (let n = 2; this.placeholders.has(mac); n++) mac = `${base}~${n}`;
        this.placeholders.add(mac);
        return mac;
    }

    /**
     * Runs one step of reading a resource. Readers do not throw; if something does anyway (a bug, an
     * exotic object), the resource is reported and the translation goes on without that step.
     */
    guard<T>(res: RawResource, property: string, step: () => T): T | undefined {
        try {
            return step();
        } catch (e) {
            const what = e instanceof Error ? e.name : "error";
            this.diag({
                kind: "property",
                urn: res.urn,
                property,
                message: `Could not read ${property} of ${show(res.name)} (${what}); it is left out of the check.`,
            });
            return undefined;
        }
    }
}
