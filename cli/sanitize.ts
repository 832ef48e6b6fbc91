/**
 * The one place where untrusted text is made safe for a terminal. Names and messages come from the
 * saved stack, the policy config and the pack; written raw they could clear the screen, set the
 * window title (ESC/OSC sequences), forge a line (CR, LF) or reorder what is shown (bidi
 * overrides). Every text output of `check`, `trace`, `diff` and `explain`, and every warning and
 * error, goes through here:
 *
 * - C0 controls (except the layout's own LF), DEL and C1 controls are shown escaped as `\xHH`
 *   (`\x1b`, `\x0d`, `\x7f`, `\x9b`) or, for DEL and C1, `\u00HH` where JSON must stay valid;
 * - Unicode bidi marks, embeddings, overrides and isolates (U+061C, U+200E/F, U+202A–U+202E,
 *   U+2066–U+2069) and the line/paragraph separators U+2028/U+2029 as `\uHHHH`.
 *
 * Untrusted strings are escaped *before* they are laid out, so an LF inside a name can never start
 * a line of its own. Messages from the pack are multi-line by design (its own layout); the names
 * inside them are recognised by content (`Guard`: every string of the inputs that needs escaping is
 * replaced by its escaped form first), then every line is escaped on its own.
 *
 * JSON and SARIF stay exact: `jsonText` escapes the same characters with JSON's own `\uHHHH`, which
 * parses back to the identical value.
 *
 * Secrets: every output here also has the secret names, ids and MACs of the loaded stacks replaced
 * by `[secret <property>]` (cli/secret-output.ts).
 */
import { redactText, redactValue } from "./secret-output";

/** Characters never written raw: C0 but LF, DEL, C1, bidi controls, U+2028/U+2029. */
// eslint-disable-next-line no-control-regex
const UNSAFE_KEEP_LF = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
// eslint-disable-next-line no-control-regex
const UNSAFE_ALL = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
/** Characters JSON.stringify leaves raw that a terminal would act on. */
const JSON_RAW_UNSAFE = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
// eslint-disable-next-line no-control-regex
const HAS_UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

function hex(n: number, width: number): string {
    return n.toString(16).padStart(width, "0");
}

/** `\x1b` for C0 controls, `\u007f` / `\u009b` / `\u202e` for the rest (valid inside JSON strings too). */
export function escapeChar(c: string): string {
    const n = c.charCodeAt(0);
    return n < 0x20 ? `\\x${hex(n, 2)}` : `\\u${hex(n, 4)}`;
}

/** Whether `s` holds a character that must not reach a terminal raw (LF included). */
export function needsEscape(s: string): boolean {
    return HAS_UNSAFE.test(s);
}

/** One line: every unsafe character escaped, LF and CR included. */
export function safeLine(s: string): string {
    return s.replace(UNSAFE_ALL, escapeChar);
}

/** A block of text laid out by trusted code: LF kept, everything else escaped. */
export function safeBlock(s: string): string {
    return s.replace(UNSAFE_KEEP_LF, escapeChar);
}

/**
 * The forms a name takes in `vsnet`'s outputs, so a secret is found in each (cli/secret-output.ts):
 * as is, escaped for a terminal (`safeLine`), as HTML text and as markdown text (the escapes of
 * report/markdown.ts and report/html.ts).
 */
export function printedForms(v: string): string[] {
    const html = v.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
    return [v, safeLine(v), html, html.replace(/'/g, "&#39;"), html.replace(/([\\`*_[\]|~])/g, "\\$1")];
}

/** A document or view model with every secret name, id and MAC of the loaded stacks replaced. */
export function redactDocument<T>(value: T): T {
    return redactValue(value, printedForms);
}

/** The SGR colour sequences `palette()` writes (bold, dim, red, green, yellow and their resets). */
// eslint-disable-next-line no-control-regex
const OWN_SGR = /\u001b\[(?:1|2|22|31|32|33|39)m/g;
/**
 * The last line of defence before a terminal: like `safeBlock`, but the colour sequences of our own
 * palette survive when `color` is on. Output is laid out from already escaped pieces, so this
 * changes nothing in practice; it guarantees that nothing raw slips through a path that forgot to.
 * JSON documents pass through unchanged in meaning (their unsafe characters are already `\uHHHH`).
 */
export function terminalSafe(text: string, color: boolean): string {
    const s = redactText(text, printedForms);
    if (!color) return safeBlock(s);
    let out = "";
    let last = 0;
    for (const m of s.matchAll(OWN_SGR)) {
        out += safeBlock(s.slice(last, m.index)) + m[0];
        last = m.index + m[0].length;
    }
    return out + safeBlock(s.slice(last));
}

/** A JSON document as text: exact (same value when parsed), but with no character a terminal would act on. */
export function jsonText(value: unknown): string {
    return JSON.stringify(redactDocument(value), null, 2).replace(JSON_RAW_UNSAFE, (c) => `\\u${hex(c.charCodeAt(0), 4)}`) + "\n";
}

/** Most strings of the inputs remembered for recognising them inside messages. */
const MAX_HOSTILE = 10_000;

/** Every string (and object key) in `values` that needs escaping, longest first. */
export function hostileStrings(values: readonly unknown[]): string[] {
    const found = new Set<string>();
    const stack: unknown[] = [...values];
    while (stack.length && found.size < MAX_HOSTILE) {
        const v = stack.pop();
        if (typeof v === "string") {
            if (needsEscape(v)) found.add(v);
        } else if (Array.isArray(v)) {
            for (const e of v) stack.push(e);
        } else if (typeof v === "object" && v !== null) {
            for (const [k, e] of Object.entries(v)) {
                if (needsEscape(k)) found.add(k);
                stack.push(e);
            }
        }
    }
    return [...found].sort((a, b) => b.length - a.length);
}

/**
 * Escapes text that mixes a trusted layout with untrusted names: the names (every string of the
 * inputs that needs escaping, `hostileStrings`) are replaced by their escaped form, then each line
 * is escaped on its own. A message `"pg\n[mandatory] forged"` that embeds a port group named
 * `pg\n[mandatory] forged` thus stays on one line.
 */
export class Guard {
    private readonly hostile: string[];

    constructor(inputs: readonly unknown[] = []) {
        this.hostile = hostileStrings(inputs);
    }

    /** An untrusted string shown on one line. */
    line(s: string): string {
        return safeLine(s);
    }

    /** Multi-line text (a pack's message): names from the inputs escaped whole, then each line. */
    lines(s: string): string[] {
        let t = s;
        for (const h of this.hostile) if (t.includes(h)) t = t.split(h).join(safeLine(h));
        return t.split("\n").map(safeLine);
    }
}
