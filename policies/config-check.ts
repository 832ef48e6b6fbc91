/**
 * Config mistakes the schema cannot catch, worded once for the pack (findings during a preview) and
 * for `vsnet` (usage errors, exit 2): keys a policy does not read (the Pulumi CLI passes them on
 * silently: a policy's `configSchema` cannot forbid extra keys at its top level), and declarations
 * that name a VM, port group or workload that does not exist — each with the closest name that does.
 */
import { didYouMean } from "../translate/host-facts";
import type { Diagnostic, Translation } from "../translate";

/** A key of a policy's config that the policy does not read. */
export interface UnknownKey {
    policy: string;
    /** The key (cut to 80 characters). */
    key: string;
    /** The closest key the policy does read, when one is close. */
    guess?: string;
    /** The keys it reads. */
    keys: readonly string[];
}

/** Settings each policy reads (its configSchema's properties), by policy name; set by policies/index.ts. */
const settings = new Map<string, readonly string[]>();

export function setPolicySettings(entries: ReadonlyArray<readonly [string, readonly string[]]>): void {
    settings.clear();
    for (const [name, keys] of entries) settings.set(name, keys);
}

export function policySettings(): ReadonlyMap<string, readonly string[]> {
    return settings;
}

const quote = (s: string): string => JSON.stringify(s.length > 80 ? `${s.slice(0, 79)}…` : s);

/**
 * Keys of one policy's config that it does not read (`enforcementLevel` is always allowed). `keys`:
 * its settings; `"all"` reads none.
 */
export function unknownKeys(policy: string, props: Record<string, unknown>, keys: readonly string[]): UnknownKey[] {
    const out: UnknownKey[] = [];
    for (const k of Object.keys(props)) {
        if (k === "enforcementLevel" || keys.includes(k)) continue;
        const guess = didYouMean(k, [...keys, "enforcementLevel"]);
        out.push({ policy, key: k.length > 80 ? `${k.slice(0, 79)}…` : k, keys, ...(guess ? { guess } : {}) });
    }
    return out;
}

/** One line for a key no policy reads: `nested-workloads-reachable.workload is not a setting of …; did you mean "workloads"?` */
export function unknownKeyText(u: UnknownKey): string {
    return `${u.policy}.${u.key} is not a setting of ${u.policy === "all" ? '"all"' : u.policy}${u.guess ? `; did you mean "${u.guess}"?` : ""}`;
}

/** The same as a finding: where it is, what is read instead, and that it is ignored. */
export function unknownKeyFinding(u: UnknownKey): string {
    const reads = u.keys.length ? `${u.policy} reads ${u.keys.join(", ")}` : `${u.policy === "all" ? '"all"' : u.policy} takes only enforcementLevel`;
    return `policy config ${unknownKeyText(u)} It is ignored (${reads}).`.replace(/(?<![?.]) It is ignored/, ". It is ignored");
}

/** The value at a config path such as `workloads[0].nestedIn` or `macLearning.lab-pg`. */
function valueAt(decl: Record<string, unknown>, path: string): unknown {
    let v: unknown = decl;
    for (const m of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) {
        if (v === null || typeof v !== "object") return undefined;
        v = m[2] !== undefined ? (v as unknown[])[Number(m[2])] : (v as Record<string, unknown>)[m[1]];
    }
    return v;
}

function namesOf(t: Translation, kinds: readonly string[]): string[] {
    const out: string[] = [];
    for (const o of t.objects.values()) if (kinds.includes(o.kind) && o.urn) out.push(o.name);
    return out;
}

/**
 * `did you mean "esxi-01"?` for a declaration that names something that does not exist: a
 * workload's `nestedIn`/`vm` (VMs), `external` and `networks` values (port groups), a `macLearning`
 * key (port groups), a flow's `from`/`to` (the declared workloads). Undefined when nothing is close.
 */
export function nameSuggestion(d: Pick<Diagnostic, "configPath" | "message">, decl: Record<string, unknown>, t: Translation): string | undefined {
    const path = d.configPath;
    if (!path || !/No \S+( \S+)? named|not a declared workload|names no /.test(d.message)) return undefined;
    let given: unknown;
    let candidates: string[];
    if (/^workloads\[\d+\]\.(nestedIn|vm)$/.test(path)) {
        given = valueAt(decl, path);
        candidates = namesOf(t, ["virtualMachine"]);
    } else if (/^workloads\[\d+\]\.external$/.test(path) || /^networks\./.test(path)) {
        given = valueAt(decl, path);
        candidates = namesOf(t, ["hostPortGroup", "distributedPortGroup"]);
    } else if (/^macLearning\.[^.]+$/.test(path) || (/^macLearning\./.test(path) && !/\.(enabled|allowUnicastFlooding|limit|limitPolicy)$/.test(path))) {
        given = path.slice("macLearning.".length);
        candidates = namesOf(t, ["distributedPortGroup", "hostPortGroup"]);
    } else if (/^flows\[\d+\]\.(from|to)$/.test(path)) {
        given = valueAt(decl, path);
        const ws = decl.workloads;
        candidates = Array.isArray(ws) ? ws.flatMap((w) => (w && typeof w === "object" && typeof (w as { name?: unknown }).name === "string" ? [(w as { name: string }).name] : [])) : [];
    } else return undefined;
    if (typeof given !== "string" || given === "") return undefined;
    const guess = didYouMean(given, candidates.filter((c) => c !== given));
    return guess === undefined ? undefined : `did you mean ${quote(guess)}?`;
}
