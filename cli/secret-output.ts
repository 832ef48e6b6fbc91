/**
 * No secret value in any output of `vsnet` (issue 11). The saved stacks keep the wire's secret
 * objects, so the translation knows what was secret: it does not use secret settings, numbers and
 * keywords (translate/secrets.ts), and the names, ids and MACs it does use are replaced by
 * `[secret <property>]` here, in every output:
 *
 * - text, markdown and every warning and error: `terminalSafe` (sanitize.ts), the last step before
 *   standard output and standard error, in every form those outputs write a name in (as is, escaped
 *   for a terminal, for markdown and HTML text: sanitize.ts `printedForms`);
 * - JSON and SARIF: `jsonText` (sanitize.ts) redacts the document's strings before writing it;
 * - the HTML report: its view model, before it is rendered (cli/report.ts, `redactDocument`).
 *
 * Every saved stack `vsnet` loads (stack-file.ts) adds its secrets; a process handles one command.
 */
import { collectSecrets, Redactor, secretValues, type SecretValue } from "../translate/secrets";

const known = new Map<string, SecretValue>();
let redactor: Redactor | undefined;

/** The secrets of a loaded stack's resources (their inputs and outputs, in wire form). */
export function rememberSecrets(resources: ReadonlyArray<{ inputs: unknown; outputs: unknown }>): void {
    const before = known.size;
    for (const r of resources) {
        secretValues(collectSecrets(r.inputs), known);
        secretValues(collectSecrets(r.outputs), known);
    }
    if (known.size !== before) redactor = undefined;
}

/** Forget every secret (tests that run commands in one process). */
export function forgetSecrets(): void {
    known.clear();
    redactor = undefined;
}

/** How a name may be written in an output, besides as is (sanitize.ts `printedForms`). */
export type Forms = (v: string) => readonly string[];

function current(forms: Forms): Redactor | undefined {
    if (known.size === 0) return undefined;
    redactor ??= new Redactor(known.values(), forms);
    return redactor;
}

/** A text output with every secret name, id and MAC replaced, in each of the forms it may be written in. */
export function redactText(s: string, forms: Forms): string {
    const r = current(forms);
    return r ? r.text(s) : s;
}

/** A copy of a JSON-like document (or a view model) with every secret replaced in its strings. */
export function redactValue<T>(v: T, forms: Forms): T {
    const r = current(forms);
    return r ? r.value(v) : v;
}
