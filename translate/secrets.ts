/**
 * Secrets (issue 11): no value that was secret is ever printed.
 *
 * - Where the pack meets the policy SDK (policies/sdkMemo.ts) it records which paths held the
 *   secret signature on the wire (`collectSecrets`) before the SDK unwraps them, and marks them on
 *   the deserialized object (`markSecrets`); the CLI hands the translation its stack files with the
 *   secret objects still in place. Either way the readers (unknowns.ts) know what was secret.
 * - What the pack interprets — settings, VLAN numbers, teaming policy, versions, guest ids — is not
 *   used when secret: it reads as unknown, so no verdict, fix or piece of advice depends on its value,
 *   and `secretDiagnostics` says which properties were left out and why.
 * - What it only names — resource, switch and port group names, host and network ids, NIC names,
 *   MACs — it uses, and every message shows it as `[secret <property>]` instead (`Redactor`: the
 *   pack's reporter, policies/report.ts, and every output of `vsnet`, cli/secret-output.ts).
 */
import { show } from "./context";
import { parseMac } from "./mac";
import { TYPE } from "./tokens";
import type { Diagnostic, RawResource } from "./types";
import { isRecord, markSecretPath, type PathSegment } from "./unknowns";

const SECRET_SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/**
 * Properties whose value the pack interprets (booleans, numbers, keywords): a secret one is not
 * used. Every other property the pack reads is a name, an id or a MAC.
 */
export const INTERPRETED: ReadonlySet<string> = new Set([
    "allowPromiscuous",
    "allowForgedTransmits",
    "allowMacChanges",
    "blockAllPorts",
    "nestedHvEnabled",
    "useStaticMac",
    "notifySwitches",
    "checkBeacon",
    "lacpEnabled",
    "lacpMode",
    "teamingPolicy",
    "vlanId",
    "vlanRanges",
    "minVlan",
    "maxVlan",
    "portPrivateSecondaryVlanId",
    "pvlanMappings",
    "primaryVlanId",
    "secondaryVlanId",
    "pvlanType",
    "guestId",
    "version",
    "mtu",
]);

export interface SecretMark {
    path: readonly PathSegment[];
    /** The property as a user knows it (`networkInterfaces[0].macAddress`). */
    property: string;
    /**
     * The names, ids and MACs inside the secret, each with the other forms a message could print it
     * in (cut, canonical MAC). A keyword the pack interprets is not here: it is never used, so never
     * printed.
     */
    values: string[][];
    /** The properties inside the secret (or the secret itself) the pack interprets, so does not use. */
    unused: string[];
}

function formatPath(path: readonly PathSegment[]): string {
    let s = "";
    for (const seg of path) s += typeof seg === "number" ? `[${seg}]` : s === "" ? seg : `.${seg}`;
    return s;
}

/** Longest prefix of a name printed before it is cut (translate/context.ts `show`). */
const SHOWN = 80;

/** The printable forms of the names inside a secret, and the interpreted properties in it. */
function scan(v: unknown, key: string | undefined, out: { values: string[][]; unused: Set<string> }): void {
    if (key !== undefined && INTERPRETED.has(key)) out.unused.add(key);
    if (typeof v === "string") {
        if (v === "" || (key !== undefined && INTERPRETED.has(key))) return;
        const forms = [v];
        if (v.length > SHOWN) forms.push(v.slice(0, SHOWN));
        const mac = parseMac(v);
        if (mac.ok && mac.mac !== v) forms.push(mac.mac);
        out.values.push(forms);
    } else if (Array.isArray(v)) for (const x of v) scan(x, key, out);
    else if (isRecord(v)) for (const [k, x] of Object.entries(v)) scan(x, k, out);
}

/** The secrets in wire-form properties (`Struct.toJavaScript()`, or a stack file's), by path. */
export function collectSecrets(js: unknown): SecretMark[] {
    const out: SecretMark[] = [];
    const walk = (v: unknown, path: PathSegment[]): void => {
        if (Array.isArray(v)) {
            v.forEach((x, i) => walk(x, [...path, i]));
            return;
        }
        if (!isRecord(v)) return;
        if (v[SECRET_SIG_KEY] === SECRET_SIG) {
            const found = { values: [] as string[][], unused: new Set<string>() };
            const key = [...path].reverse().find((s): s is string => typeof s === "string");
            // `plaintext` (a stack export with --show-secrets) holds the value as JSON text.
            let inner: unknown = v.value;
            if (!("value" in v) && typeof v.plaintext === "string") {
                try {
                    inner = JSON.parse(v.plaintext);
                } catch {
                    inner = undefined;
                }
            }
            scan(inner, key, found);
            out.push({ path, property: formatPath(path), values: found.values, unused: [...found.unused] });
            return;
        }
        for (const [k, x] of Object.entries(v)) walk(x, [...path, k]);
    };
    try {
        walk(js, []);
    } catch {
        // An exotic value: no marks rather than a crash.
    }
    return out;
}

const marks = new WeakMap<object, readonly SecretMark[]>();

/** Marks the secrets of a deserialized properties object (the readers then know them). */
export function markSecrets(props: object, m: readonly SecretMark[]): void {
    marks.set(props, m);
    for (const s of m) markSecretPath(props, s.path);
}

/** The secret marks of a deserialized properties object, if the pack saw it come off the wire. */
export function secretMarksOf(props: unknown): readonly SecretMark[] {
    return (typeof props === "object" && props !== null && marks.get(props)) || [];
}

/** Is `path` (or a property above it) one that was secret? */
export function isSecretPath(m: readonly SecretMark[], path: readonly PathSegment[]): boolean {
    return m.some((s) => s.path.length <= path.length && s.path.every((seg, i) => seg === path[i]));
}

/** The marks of a resource's properties: recorded by the pack, or found in a stack file's secret objects. */
export function marksOf(props: unknown): readonly SecretMark[] {
    const recorded = secretMarksOf(props);
    return recorded.length ? recorded : collectSecrets(props);
}

const READ_TYPES: ReadonlySet<string> = new Set(Object.values(TYPE));

/**
 * One diagnostic per resource with secret properties the pack interprets: they are left out (read
 * as unknown), so that no finding reveals them. Names the properties, never the values.
 */
export function secretDiagnostics(resources: readonly RawResource[]): Diagnostic[] {
    const out: Diagnostic[] = [];
    for (const r of resources) {
        if (!READ_TYPES.has(r.type)) continue;
        const unused = marksOf(r.props).filter((m) => m.unused.length > 0);
        if (unused.length === 0) continue;
        const props = unused.map((m) => m.property);
        const one = props.length === 1;
        out.push({
            kind: "property",
            urn: r.urn,
            property: props[0],
            message: `${props.join(", ")} of ${show(r.name)} ${one ? "is" : "are"} secret. The pack does not use a secret setting, number or keyword, so that no finding can reveal it: ${one ? "it is" : "they are"} checked as not known, and an answer that depends on ${one ? "it" : "them"} is undetermined.`,
        });
    }
    return out;
}

/** One secret value to keep out of a text: the property that held it, and the forms it is printed in. */
export interface SecretValue {
    property: string;
    forms: readonly string[];
}

/** The secret values of marks, keyed by the value (the same value under two properties counts once). */
export function secretValues(marks: Iterable<SecretMark>, into = new Map<string, SecretValue>()): Map<string, SecretValue> {
    for (const m of marks) for (const forms of m.values) into.set(forms[0], { property: m.property, forms });
    return into;
}

/** Characters that continue a name: a secret is replaced only where it stands alone. */
const WORD = /[A-Za-z0-9_]/;
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * Replaces every secret name, id or MAC in a text by `[secret <property>]` (the property that held
 * it; `[secret <property> #2]` … when one property held several, so that different secrets stay
 * different). A value is replaced where it stands alone: `host-1` does not touch `host-11`. Longer
 * forms first, so a name and its cut form both go. `variants` gives the forms an output writes a
 * value in (escaped for a terminal, for markdown): each is replaced by the same mark.
 */
export class Redactor {
    private readonly rules: Array<{ re: RegExp; needle: string; mark: string }> = [];

    constructor(secrets: Iterable<SecretValue>, variants: (v: string) => readonly string[] = (v) => [v]) {
        // Numbered in the order given (the order of the resources), which says nothing about the values.
        const list = [...secrets];
        const perProperty = new Map<string, number>();
        for (const s of list) perProperty.set(s.property, (perProperty.get(s.property) ?? 0) + 1);
        const seenOf = new Map<string, number>();
        const all: Array<[string, string]> = [];
        const taken = new Set<string>();
        for (const s of list) {
            const k = (seenOf.get(s.property) ?? 0) + 1;
            seenOf.set(s.property, k);
            const mark = (perProperty.get(s.property) ?? 0) > 1 ? `[secret ${s.property} #${k}]` : `[secret ${s.property}]`;
            for (const f of s.forms) {
                for (const form of variants(f)) {
                    if (form === "" || taken.has(form)) continue;
                    taken.add(form);
                    all.push([form, mark]);
                }
            }
        }
        all.sort((a, b) => b[0].length - a[0].length);
        for (const [form, mark] of all) {
            const before = WORD.test(form[0]) ? "(?<![A-Za-z0-9_])" : "";
            const after = WORD.test(form[form.length - 1]) ? "(?![A-Za-z0-9_])" : "";
            this.rules.push({ re: new RegExp(`${before}${escapeRe(form)}${after}`, "g"), needle: form, mark });
        }
    }

    get empty(): boolean {
        return this.rules.length === 0;
    }

    text(s: string): string {
        let out = s;
        for (const r of this.rules) if (out.includes(r.needle)) out = out.replace(r.re, () => r.mark);
        return out;
    }

    /** A copy of a JSON-like value with every string (and object key) redacted. */
    value<T>(v: T): T {
        if (this.empty) return v;
        const walk = (x: unknown): unknown => {
            if (typeof x === "string") return this.text(x);
            if (Array.isArray(x)) return x.map(walk);
            if (x !== null && typeof x === "object" && (Object.getPrototypeOf(x) === Object.prototype || Object.getPrototypeOf(x) === null)) {
                const out: Record<string, unknown> = {};
                for (const [k, e] of Object.entries(x)) out[this.text(k)] = walk(e);
                return out;
            }
            return x;
        };
        return walk(v) as T;
    }
}
