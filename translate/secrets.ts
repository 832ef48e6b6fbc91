/**
 * Which properties were secret. The policy SDK unwraps secrets before policies see them; the pack
 * records, where it meets the SDK (policies/sdkMemo.ts), which paths held the secret signature on
 * the wire, and attaches the marks to the deserialized object here. The translation reads them
 * (`secretMarksOf`) and the reporter keeps every secret value out of every message.
 */
import { parseMac } from "./mac";
import { isRecord, type PathSegment } from "./unknowns";

const SECRET_SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

export interface SecretMark {
    path: readonly PathSegment[];
    /** The property as a user knows it (`networkInterfaces[0].macAddress`). */
    property: string;
    /** The string values inside the secret, with the forms a message could print them in. */
    strings: string[];
    numbers: number[];
}

function formatPath(path: readonly PathSegment[]): string {
    let s = "";
    for (const seg of path) s += typeof seg === "number" ? `[${seg}]` : s === "" ? seg : `.${seg}`;
    return s;
}

/** Longest prefix of a name printed before it is cut (translate/context.ts `show`). */
const SHOWN = 80;

function scalars(v: unknown, strings: string[], numbers: number[]): void {
    if (typeof v === "string") {
        if (v === "") return;
        strings.push(v);
        if (v.length > SHOWN) strings.push(v.slice(0, SHOWN));
        const mac = parseMac(v);
        if (mac.ok && mac.mac !== v) strings.push(mac.mac);
    } else if (typeof v === "number") numbers.push(v);
    else if (Array.isArray(v)) for (const x of v) scalars(x, strings, numbers);
    else if (isRecord(v)) for (const x of Object.values(v)) scalars(x, strings, numbers);
}

/** The secrets in wire-form properties (`Struct.toJavaScript()`), by path. */
export function collectSecrets(js: unknown): SecretMark[] {
    const out: SecretMark[] = [];
    const walk = (v: unknown, path: PathSegment[]): void => {
        if (Array.isArray(v)) {
            v.forEach((x, i) => walk(x, [...path, i]));
            return;
        }
        if (!isRecord(v)) return;
        if (v[SECRET_SIG_KEY] === SECRET_SIG) {
            const strings: string[] = [];
            const numbers: number[] = [];
            scalars(v.value, strings, numbers);
            out.push({ path, property: formatPath(path), strings, numbers });
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

export function markSecrets(props: object, m: readonly SecretMark[]): void {
    marks.set(props, m);
}

/** The secret marks of a deserialized properties object, if the pack saw it come off the wire. */
export function secretMarksOf(props: unknown): readonly SecretMark[] {
    return (typeof props === "object" && props !== null && marks.get(props)) || [];
}

/** Is `path` (or a property above it) one that was secret? */
export function isSecretPath(m: readonly SecretMark[], path: readonly PathSegment[]): boolean {
    return m.some((s) => s.path.length <= path.length && s.path.every((seg, i) => seg === path[i]));
}
