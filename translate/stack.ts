/**
 * The stack's resources, indexed by URN and by kind (matched on the type token; the provider SDK is
 * not a dependency), with look-ups by Pulumi name and through `propertyDependencies`.
 */
import { TYPE } from "./tokens";
import type { Context } from "./context";
import { show } from "./context";
import type { ObjectKind, RawResource } from "./types";
import { isRecord, readString } from "./unknowns";

export type ResourceKind = Exclude<ObjectKind, "implicit"> | "provider";

export const TYPE_TOKENS: Readonly<Record<string, ResourceKind>> = {
    [TYPE.host]: "host",
    [TYPE.vss]: "hostVirtualSwitch",
    [TYPE.hpg]: "hostPortGroup",
    [TYPE.dvs]: "distributedVirtualSwitch",
    [TYPE.dvpg]: "distributedPortGroup",
    [TYPE.vm]: "virtualMachine",
    [TYPE.vnic]: "vnic",
    [TYPE.provider]: "provider",
};

interface NameIndex {
    byName: Map<string, RawResource[]>;
    byProp: Map<string, RawResource[]>;
}

function listPush<K, V>(m: Map<K, V[]>, k: K, v: V): void {
    const list = m.get(k);
    if (list) list.push(v);
    else m.set(k, [v]);
}

export type NameLookup = { kind: "found"; resource: RawResource } | { kind: "ambiguous"; count: number } | { kind: "none" };

/** Makes a resource from an untrusted caller safe to read: props an object, dependencies string lists. */
function normalise(r: unknown): RawResource | undefined {
    if (!isRecord(r) || typeof r.urn !== "string" || typeof r.type !== "string") return undefined;
    const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);
    const propertyDependencies: Record<string, string[]> = {};
    if (isRecord(r.propertyDependencies)) {
        for (const [k, v] of Object.entries(r.propertyDependencies)) propertyDependencies[k] = strings(v);
    }
    const name = typeof r.name === "string" ? r.name : nameFromUrn(r.urn);
    return {
        urn: r.urn,
        type: r.type,
        name,
        props: isRecord(r.props) ? r.props : {},
        propertyDependencies,
        dependencies: strings(r.dependencies),
        ...(typeof r.provider === "string" ? { provider: r.provider } : {}),
    };
}

/** The last `::`-separated part of a URN is the resource name. */
export function nameFromUrn(urn: string): string {
    const i = urn.lastIndexOf("::");
    return i >= 0 ? urn.slice(i + 2) : urn;
}

export class Stack {
    readonly byUrn = new Map<string, RawResource>();
    private readonly kinds = new Map<string, ResourceKind>();
    private readonly byKind = new Map<ResourceKind, RawResource[]>();
    private readonly nameIndexes = new Map<string, NameIndex>();

    constructor(resources: readonly unknown[], ctx: Context) {
        const list = Array.isArray(resources) ? resources : [];
        list.forEach((raw, i) => {
            const r = normalise(raw);
            if (!r) {
                ctx.diag({ kind: "property", message: `Resource #${i} has no URN or type; it is left out of the check.` });
                return;
            }
            if (this.byUrn.has(r.urn)) return; // the same resource handed over twice: keep the first
            this.byUrn.set(r.urn, r);
            const kind = TYPE_TOKENS[r.type];
            if (kind === undefined) return;
            this.kinds.set(r.urn, kind);
            const bucket = this.byKind.get(kind) ?? [];
            bucket.push(r);
            this.byKind.set(kind, bucket);
        });
    }

    of(kind: ResourceKind): RawResource[] {
        return this.byKind.get(kind) ?? [];
    }

    kindOf(urn: string): ResourceKind | undefined {
        return this.kinds.get(urn);
    }

    /** Resources of `kinds` that `prop` was computed from, in order, without repeats. */
    depsOf(res: RawResource, prop: string, kinds: readonly ResourceKind[]): RawResource[] {
        const urns = Object.prototype.hasOwnProperty.call(res.propertyDependencies, prop) ? res.propertyDependencies[prop] : [];
        const out: RawResource[] = [];
        for (const urn of new Set(urns)) {
            const kind = this.kinds.get(urn);
            const dep = this.byUrn.get(urn);
            if (dep && kind !== undefined && kinds.includes(kind)) out.push(dep);
        }
        return out;
    }

    /**
     * By Pulumi resource name (the name in the URN) first; the resource's `name` property also
     * matches when exactly one resource carries it.
     */
    findByName(kinds: readonly ResourceKind[], name: string): NameLookup {
        const index = this.nameIndex(kinds);
        const byResourceName = index.byName.get(name) ?? [];
        if (byResourceName.length === 1) return { kind: "found", resource: byResourceName[0] };
        if (byResourceName.length > 1) return { kind: "ambiguous", count: byResourceName.length };
        const byProp = index.byProp.get(name) ?? [];
        if (byProp.length === 1) return { kind: "found", resource: byProp[0] };
        if (byProp.length > 1) return { kind: "ambiguous", count: byProp.length };
        return { kind: "none" };
    }

    /** Resources of `kinds` by Pulumi name and by `name` property, built once per set of kinds (config names many). */
    private nameIndex(kinds: readonly ResourceKind[]): NameIndex {
        const key = kinds.join("|");
        let index = this.nameIndexes.get(key);
        if (index) return index;
        index = { byName: new Map(), byProp: new Map() };
        for (const k of kinds) {
            for (const r of this.of(k)) {
                listPush(index.byName, r.name, r);
                const n = readString(r.props, ["name"]);
                if (n.kind === "value") listPush(index.byProp, n.value, r);
            }
        }
        this.nameIndexes.set(key, index);
        return index;
    }
}

export function describeLookupFailure(what: string, name: string, r: NameLookup): string {
    return r.kind === "ambiguous"
        ? `${r.count} ${what}s are named "${show(name)}"; use the Pulumi resource name to pick one.`
        : `No ${what} named "${show(name)}" in this stack (neither a Pulumi resource name nor a \`name\` property).`;
}
