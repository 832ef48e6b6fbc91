/**
 * Saved stacks: the output of `pulumi stack export` and of `pulumi preview --json`, read, told
 * apart and turned into what the engine would send the pack.
 *
 * Formats, per Pulumi's source (`sdk/go/common/apitype/core.go`, `pkg/backend/display/json.go`):
 * - stack export = `UntypedDeployment` `{ version: 3, deployment: DeploymentV3 }`, the deployment
 *   `{ manifest, secrets_providers?, resources?: ResourceV3[], pending_operations? }`. A ResourceV3 has
 *   `urn, custom, delete?, id?, type, inputs?, outputs?, parent?, protect?, external?, dependencies?,
 *   provider? ("<provider urn>::<id>"), propertyDependencies?, additionalSecretOutputs?, aliases?,
 *   customTimeouts?, ignoreChanges?, ...`. Secrets are `{ <sig key>: <secret sig>, ciphertext }`
 *   (or `plaintext` with `--show-secrets`).
 * - preview = `PreviewDigest` `{ config?, steps?: [{ op, urn, provider?, oldState?, newState?,
 *   diffReasons?, replaceReasons?, detailedDiff }], diagnostics?, duration?, changeSummary?,
 *   maybeCorrupt? }` with `newState` a ResourceV3. Secrets there are the string "[secret]", and
 *   unchanged resources (`op: "same"`) are listed only with `--show-sames`.
 */
import * as fs from "node:fs";
import { ARCHIVE_SIG, ASSET_SIG, SECRET_SIG, SPECIAL_SIG_KEY, UNKNOWN_ARCHIVE, UNKNOWN_ASSET, UNKNOWN_STRING, secret, type ProviderInput, type ResourceInput, type ResourceOptionsInput } from "./analyzer-client";
import { CliError, EXIT } from "./errors";
import type { RawResource } from "../translate";
import { rememberSecrets } from "./secret-output";
import { nameFromUrn } from "../findings/urn";

export type StackFormat = "stack-export" | "preview";

/** One resource of a saved stack, as the state describes it (values already in wire form). */
export interface StackResource {
    urn: string;
    type: string;
    /** The Pulumi resource name (the URN's name part). */
    name: string;
    custom: boolean;
    id?: string;
    inputs: Record<string, unknown>;
    outputs: Record<string, unknown>;
    parent?: string;
    dependencies: string[];
    propertyDependencies: Record<string, string[]>;
    /** Provider reference `<provider urn>::<id>`. */
    provider?: string;
    options: ResourceOptionsInput;
    /** For a preview: the step's operation (create, update, same, ...). */
    op?: string;
    /**
     * Where the program declared the resource, as the engine records it (Pulumi >= 3.76):
     * `project:///index.ts#42,5`, relative to the Pulumi project's root.
     */
    sourcePosition?: string;
    /** The registration's stack frames (each a source position), innermost first, when recorded. */
    stackTrace?: string[];
}

export interface LoadedStack {
    file: string;
    format: StackFormat;
    /** Every resource, including the root stack and providers, in file order. */
    resources: StackResource[];
    /** The file's text (for locating resources in SARIF output). */
    text: string;
    /** Things the user should know (one line each): unreadable secrets, a partial preview, no vSphere resource. */
    warnings: string[];
    /**
     * A preview without `--show-sames`: it lists only what changes, so resources the check needs may
     * be missing. `vsnet` refuses it unless `--allow-partial` (exit 8).
     */
    partial: boolean;
}

/**
 * Largest saved stack or policy config read by default (bytes); a larger file is refused before it is
 * parsed. Memory is about 200 MiB for the two processes plus up to about 30 times the file (README,
 * "Limits"), so 64 MiB keeps a run within a few GiB. `VSNET_MAX_FILE_MB` raises it for a machine with the memory.
 */
export const MAX_FILE_BYTES = 64 * 1024 * 1024;

/** The file size limit in force: `VSNET_MAX_FILE_MB` (a positive number of MiB) or `MAX_FILE_BYTES`. */
export function maxFileBytes(env: NodeJS.ProcessEnv = process.env): number {
    const mb = Number(env.VSNET_MAX_FILE_MB);
    return env.VSNET_MAX_FILE_MB && Number.isFinite(mb) && mb > 0 ? Math.floor(mb * 1024 * 1024) : MAX_FILE_BYTES;
}
/** Longest single string value (or key) in a saved stack or policy config (characters). */
export const MAX_STRING_CHARS = 16 * 1024 * 1024;
/** What `-` as a file name reads, and how messages name it. */
export const STDIN_NAME = "(stdin)";

function mib(n: number): string {
    const v = n / (1024 * 1024);
    return `${v >= 10 ? Math.round(v) : v.toFixed(1)} MiB`;
}

const ROOT_STACK_TYPE = "pulumi:pulumi:Stack";
const RESOURCE_SIG = "5cf8f73096256a8f31e491e813e4eb8e";
const OUTPUT_VALUE_SIG = "d0e6a833031e9bbcd3f4e8bde6ca49a4";
/** What `pulumi preview --json` prints in place of a secret. */
const PREVIEW_SECRET = "[secret]";
/** Steps whose resource is gone once the update is done. */
const GONE_OPS = new Set(["delete", "delete-replaced", "discard", "discard-replaced", "remove-pending-replace", "read-discard"]);

export function isProviderType(type: string): boolean {
    return type.startsWith("pulumi:providers:");
}

function isRecord(v: unknown): v is Record<string, unknown> {
    return typeof v === "object" && v !== null && !Array.isArray(v);
}

export { nameFromUrn } from "../findings/urn";

function lineAndColumn(text: string, pos: number): { line: number; column: number } {
    let line = 1;
    let last = -1;
    for (let i = 0; i < pos && i < text.length; i++) {
        if (text.charCodeAt(i) === 10) {
            line++;
            last = i;
        }
    }
    return { line, column: pos - last };
}

/**
 * Reads and parses a JSON file; every failure is a CliError with its own exit code: missing or
 * unreadable (3), not JSON or cut short (4).
 */
export function readJsonFile(file: string, what: string): { value: unknown; text: string } {
    let text: string;
    try {
        if (file === "-" || file === STDIN_NAME) {
            text = readStdin(what);
            file = STDIN_NAME;
        } else {
            const size = fs.statSync(file).size;
            const limit = maxFileBytes();
            if (size > limit) throw new CliError(`${what} ${file} is ${mib(size)}, over the ${mib(limit)} limit for an input file (VSNET_MAX_FILE_MB raises it)`, EXIT.UNRECOGNISED);
            text = fs.readFileSync(file, "utf8");
        }
    } catch (e) {
        if (e instanceof CliError) throw e;
        const code = (e as NodeJS.ErrnoException).code;
        const why = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "it is a directory" : code === "EACCES" || code === "EPERM" ? "permission denied" : "cannot be read";
        throw new CliError(`cannot read ${what} ${file}: ${why}`, EXIT.UNREADABLE);
    }
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    if (text.trim() === "") throw new CliError(`${what} ${file} is empty, not JSON`, EXIT.MALFORMED);
    let value: unknown;
    try {
        value = JSON.parse(text);
    } catch (e) {
        const msg = e instanceof Error ? e.message : String(e);
        const m = /position (\d+)/.exec(msg);
        // Cut short: the parser ran out of text (at or past the last non-blank character).
        if (/Unexpected end of JSON input|Unterminated string/i.test(msg) || (m && Number(m[1]) >= text.trimEnd().length)) {
            const { line } = lineAndColumn(text, text.trimEnd().length);
            throw new CliError(`${what} ${file} is not valid JSON: it ends early at line ${line} (truncated?)`, EXIT.MALFORMED);
        }
        const where = m ? (({ line, column }) => ` at line ${line}, column ${column}`)(lineAndColumn(text, Number(m[1]))) : "";
        const reason = msg.replace(/ in JSON at position \d+.*$/s, "").replace(/\s*\(line \d+ column \d+\)$/, "");
        throw new CliError(`${what} ${file} is not valid JSON${where}: ${reason}`, EXIT.MALFORMED);
    }
    const long = longString(value);
    if (long) throw new CliError(`${what} ${file}: the ${long.key ? "key" : "value"} at ${long.path} is ${mib(long.length)} long, over the ${mib(MAX_STRING_CHARS)} limit for one value`, EXIT.UNRECOGNISED);
    return { value, text };
}

/** Standard input, whole, up to `MAX_FILE_BYTES`. */
function readStdin(what: string): string {
    const chunks: Buffer[] = [];
    const buf = Buffer.alloc(1024 * 1024);
    let total = 0;
    const limit = maxFileBytes();
    for (;;) {
        let n: number;
        try {
            n = fs.readSync(0, buf, 0, buf.length, null);
        } catch (e) {
            const code = (e as NodeJS.ErrnoException).code;
            if (code === "EAGAIN") {
                Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
                continue;
            }
            if (code === "EOF") break;
            throw e;
        }
        if (n === 0) break;
        total += n;
        if (total > limit) throw new CliError(`${what} on standard input is over the ${mib(limit)} limit for an input file (VSNET_MAX_FILE_MB raises it)`, EXIT.UNRECOGNISED);
        chunks.push(Buffer.from(buf.subarray(0, n)));
    }
    return Buffer.concat(chunks).toString("utf8");
}

/** The first string (or key) longer than `MAX_STRING_CHARS`, with its JSON path; iterative (any depth). */
function longString(root: unknown): { path: string; length: number; key: boolean } | undefined {
    interface At { v: unknown; parent?: At; key?: string | number }
    const pathOf = (a: At | undefined): string => {
        const parts: string[] = [];
        for (let x = a; x?.parent; x = x.parent) parts.push(typeof x.key === "number" ? `[${x.key}]` : `.${x.key}`);
        return parts.reverse().join("").replace(/^\./, "") || "(top level)";
    };
    const todo: At[] = [{ v: root }];
    while (todo.length) {
        const at = todo.pop()!;
        const v = at.v;
        if (typeof v === "string") {
            if (v.length > MAX_STRING_CHARS) return { path: pathOf(at), length: v.length, key: false };
        } else if (Array.isArray(v)) {
            for (let i = 0; i < v.length; i++) if (typeof v[i] === "object" || typeof v[i] === "string") todo.push({ v: v[i], parent: at, key: i });
        } else if (typeof v === "object" && v !== null) {
            for (const [k, e] of Object.entries(v)) {
                if (k.length > MAX_STRING_CHARS) return { path: pathOf({ v: k, parent: at, key: k.slice(0, 20) + "..." }), length: k.length, key: true };
                if (typeof e === "object" || typeof e === "string") todo.push({ v: e, parent: at, key: k });
            }
        }
    }
    return undefined;
}

/** Turns state-file values into what the engine sends analyzers; counts what cannot be read. */
class WireConverter {
    /** Encrypted secrets, as `<urn>|<top-level property>` (a value in inputs and outputs counts once). */
    readonly encrypted = new Set<string>();
    /** The resource and top-level property being converted. */
    private where = "";

    constructor(private readonly format: StackFormat) {}

    value(v: unknown): unknown {
        if (typeof v === "string") {
            if (this.format === "preview" && v === PREVIEW_SECRET) return UNKNOWN_STRING;
            return v;
        }
        if (Array.isArray(v)) return v.map((e) => this.value(e));
        if (!isRecord(v)) return v;
        if (SPECIAL_SIG_KEY in v) return this.special(v);
        const out: Record<string, unknown> = {};
        for (const [k, e] of Object.entries(v)) out[k] = this.value(e);
        return out;
    }

    props(v: unknown, urn: string): Record<string, unknown> {
        if (!isRecord(v)) return {};
        const out: Record<string, unknown> = {};
        for (const [k, e] of Object.entries(v)) {
            this.where = `${urn}|${k}`;
            out[k] = this.value(e);
        }
        return out;
    }

    private special(v: Record<string, unknown>): unknown {
        switch (v[SPECIAL_SIG_KEY]) {
            case SECRET_SIG:
                if ("value" in v) return secret(this.value(v.value));
                if (typeof v.plaintext === "string") {
                    try {
                        return secret(this.value(JSON.parse(v.plaintext)));
                    } catch {
                        return secret(UNKNOWN_STRING);
                    }
                }
                // Encrypted with the stack's secrets provider: unreadable here.
                this.encrypted.add(this.where);
                return secret(UNKNOWN_STRING);
            case ASSET_SIG:
                return UNKNOWN_ASSET;
            case ARCHIVE_SIG:
                return UNKNOWN_ARCHIVE;
            case RESOURCE_SIG:
                // A resource reference: what the engine sends when analyzers do not keep references.
                return typeof v.id === "string" && v.id !== "" ? v.id : typeof v.urn === "string" ? v.urn : UNKNOWN_STRING;
            case OUTPUT_VALUE_SIG: {
                if (!("value" in v)) return UNKNOWN_STRING;
                const inner = this.value(v.value);
                return v.secret === true ? secret(inner) : inner;
            }
            default:
                return UNKNOWN_STRING;
        }
    }
}

function strings(v: unknown): string[] {
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
}

function options(r: Record<string, unknown>): ResourceOptionsInput {
    const o: ResourceOptionsInput = {};
    if (r.protect === true) o.protect = true;
    const ignore = strings(r.ignoreChanges);
    if (ignore.length) o.ignoreChanges = ignore;
    const aso = strings(r.additionalSecretOutputs);
    if (aso.length) o.additionalSecretOutputs = aso;
    const aliases = strings(r.aliases);
    if (aliases.length) o.aliases = aliases;
    if (isRecord(r.customTimeouts)) {
        const t = r.customTimeouts;
        const n = (x: unknown): number | undefined => (typeof x === "number" && Number.isFinite(x) ? x : undefined);
        o.customTimeouts = { create: n(t.create), update: n(t.update), delete: n(t.delete) };
    }
    return o;
}

/** One ResourceV3 (from an export, or a preview step's newState) → StackResource; undefined if unusable. */
function resourceV3(r: unknown, conv: WireConverter, urnFallback?: string): StackResource | undefined {
    if (!isRecord(r)) return undefined;
    const urn = typeof r.urn === "string" && r.urn !== "" ? r.urn : urnFallback;
    if (!urn || typeof r.type !== "string" || r.type === "") return undefined;
    const propertyDependencies: Record<string, string[]> = {};
    if (isRecord(r.propertyDependencies)) {
        for (const [k, v] of Object.entries(r.propertyDependencies)) propertyDependencies[k] = strings(v);
    }
    const out: StackResource = {
        urn,
        type: r.type,
        name: nameFromUrn(urn),
        custom: r.custom === true,
        inputs: conv.props(r.inputs, urn),
        outputs: conv.props(r.outputs, urn),
        dependencies: strings(r.dependencies),
        propertyDependencies,
        options: options(r),
    };
    if (typeof r.id === "string" && r.id !== "") out.id = r.id;
    if (typeof r.parent === "string" && r.parent !== "") out.parent = r.parent;
    if (typeof r.provider === "string" && r.provider !== "") out.provider = r.provider;
    if (typeof r.sourcePosition === "string" && r.sourcePosition !== "") out.sourcePosition = r.sourcePosition;
    const frames = Array.isArray(r.stackTrace) ? r.stackTrace.map((f) => (isRecord(f) && typeof f.sourcePosition === "string" ? f.sourcePosition : "")).filter((f) => f !== "") : [];
    if (frames.length) out.stackTrace = frames;
    return out;
}

function detect(value: unknown): StackFormat | undefined {
    if (!isRecord(value)) return undefined;
    if ("deployment" in value && "version" in value) return "stack-export";
    if (Array.isArray(value.steps) || ("changeSummary" in value && !("deployment" in value)) || ("duration" in value && "config" in value)) return "preview";
    return undefined;
}

/**
 * Loads a saved stack (`-`: standard input). Errors (CliError): unreadable (3), not JSON (4), neither format or over the size limits (5), no
 * resources (6).
 */
export function loadStack(given: string): LoadedStack {
    const file = given === "-" ? STDIN_NAME : given;
    const { value, text } = readJsonFile(given, "saved stack");
    const format = detect(value);
    if (!format || !isRecord(value)) {
        const what = Array.isArray(value) ? "a JSON array" : isRecord(value) ? "a JSON object" : `JSON ${value === null ? "null" : typeof value}`;
        const hint = isRecord(value) && "checkpoint" in value ? " (it looks like a state checkpoint: use `pulumi stack export` to get a deployment)" : "";
        throw new CliError(
            `${file} is ${what} but neither a \`pulumi stack export\` ({ "version", "deployment" }) nor a \`pulumi preview --json\` ({ "steps" }) file${hint}`,
            EXIT.UNRECOGNISED,
        );
    }
    const conv = new WireConverter(format);
    const warnings: string[] = [];
    const resources: StackResource[] = [];
    let skipped = 0;
    let partial = false;

    if (format === "stack-export") {
        const version = value.version;
        if (typeof version !== "number" || !Number.isInteger(version) || version < 1) {
            throw new CliError(`${file}: "version" is ${JSON.stringify(version)}, not a deployment version`, EXIT.UNRECOGNISED);
        }
        if (version > 3) throw new CliError(`${file} is a version ${version} deployment; this tool reads versions 1 to 3`, EXIT.UNRECOGNISED);
        const dep = value.deployment;
        if (!isRecord(dep)) throw new CliError(`${file}: "deployment" is not an object`, EXIT.UNRECOGNISED);
        if (dep.resources !== undefined && dep.resources !== null && !Array.isArray(dep.resources)) {
            throw new CliError(`${file}: "deployment.resources" is not a list`, EXIT.UNRECOGNISED);
        }
        for (const r of (dep.resources as unknown[] | undefined) ?? []) {
            // A resource marked `delete` is gone after the next update.
            if (isRecord(r) && r.delete === true) continue;
            const res = resourceV3(r, conv);
            if (res) resources.push(res);
            else skipped++;
        }
    } else {
        const steps = value.steps ?? [];
        if (!Array.isArray(steps)) throw new CliError(`${file}: "steps" is not a list`, EXIT.UNRECOGNISED);
        const seen = new Set<string>();
        let sames = 0;
        let existing = 0;
        for (const s of steps) {
            if (!isRecord(s)) {
                skipped++;
                continue;
            }
            const op = typeof s.op === "string" ? s.op : "";
            if (op === "same") sames++;
            else if (op !== "create") existing++;
            if (GONE_OPS.has(op)) continue;
            const res = resourceV3(s.newState, conv, typeof s.urn === "string" ? s.urn : undefined);
            if (!res) {
                skipped++;
                continue;
            }
            if (seen.has(res.urn)) continue;
            seen.add(res.urn);
            res.op = op;
            resources.push(res);
        }
        if (sames === 0 && existing > 0) {
            partial = true;
            warnings.push(`${file} lists no unchanged resources; run \`pulumi preview --json --show-sames\` so the check sees the whole stack`);
        }
    }

    if (skipped > 0) warnings.push(`${skipped} entr${skipped === 1 ? "y" : "ies"} of ${file} without a URN and type ${skipped === 1 ? "was" : "were"} left out`);
    // Provider credentials are encrypted in every export and never matter to the check: not worth a warning.
    const providers = new Set(resources.filter((r) => isProviderType(r.type)).map((r) => r.urn));
    const encrypted = [...conv.encrypted].filter((w) => !providers.has(w.slice(0, w.lastIndexOf("|"))));
    if (encrypted.length > 0) {
        const what = encrypted.slice(0, 3).map((w) => `${nameFromUrn(w.slice(0, w.lastIndexOf("|")))}.${w.slice(w.lastIndexOf("|") + 1)}`);
        warnings.push(`${encrypted.length} encrypted secret propert${encrypted.length === 1 ? "y" : "ies"} (${what.join(", ")}${encrypted.length > 3 ? ", ..." : ""}) cannot be read and ${encrypted.length === 1 ? "is" : "are"} checked as unknown; export with \`--show-secrets\` to include ${encrypted.length === 1 ? "it" : "them"}`);
    }
    const real = resources.filter((r) => r.type !== ROOT_STACK_TYPE && !isProviderType(r.type));
    if (real.length === 0) {
        const hint = format === "preview" ? " (a preview lists unchanged resources only with `--show-sames`)" : "";
        throw new CliError(`${file} holds no resources to check: the stack is empty${hint}`, EXIT.EMPTY);
    }
    if (!real.some((r) => r.type.startsWith("vsphere:"))) {
        warnings.push(`${file} holds no vSphere resource (${real.length} other resource${real.length === 1 ? "" : "s"}, e.g. ${real[0].type}): this pack has nothing to check; is it the right stack?`);
    }
    // Every output of this process keeps the stack's secret names, ids and MACs out (secret-output.ts).
    rememberSecrets(resources);
    return { file, format, resources, text, warnings, partial };
}

/** The provider resource a `<urn>::<id>` reference points at, if the stack holds it. */
function providerOf(byUrn: Map<string, StackResource>, ref: string | undefined): StackResource | undefined {
    if (!ref) return undefined;
    const cut = ref.lastIndexOf("::");
    return byUrn.get(ref) ?? (cut > 0 ? byUrn.get(ref.slice(0, cut)) : undefined);
}

/** Properties as a stack policy sees them: outputs, with the inputs propagated (what preview does). */
export function stackProps(r: StackResource): Record<string, unknown> {
    return { ...r.inputs, ...r.outputs };
}

/**
 * The `Analyze` and `AnalyzeStack` inputs for every resource, as the engine builds them: inputs for
 * resource policies, outputs for stack policies, the provider's inputs for the provider.
 */
export function wireResources(stack: LoadedStack): { analyze: ResourceInput[]; analyzeStack: ResourceInput[] } {
    const byUrn = new Map(stack.resources.map((r) => [r.urn, r]));
    const analyze: ResourceInput[] = [];
    const analyzeStack: ResourceInput[] = [];
    for (const r of stack.resources) {
        const p = providerOf(byUrn, r.provider);
        const provider: ProviderInput | undefined = p ? { type: p.type, name: p.name, urn: p.urn, props: p.inputs } : undefined;
        const common = { type: r.type, name: r.name, urn: r.urn, parent: r.parent, provider, options: r.options };
        analyze.push({ ...common, props: r.inputs });
        analyzeStack.push({ ...common, props: stackProps(r), dependencies: r.dependencies, propertyDependencies: r.propertyDependencies });
    }
    return { analyze, analyzeStack };
}

/** The resources as the translation takes them (what a stack policy's `args.resources` peel to). */
export function rawResources(stack: LoadedStack): RawResource[] {
    return stack.resources.map((r) => ({
        urn: r.urn,
        type: r.type,
        name: r.name,
        props: stackProps(r),
        propertyDependencies: r.propertyDependencies,
        dependencies: r.dependencies,
        ...(r.provider ? { provider: r.provider } : {}),
    }));
}

/**
 * 1-based line of each resource's first `"urn": "<urn>"` in the file (for SARIF regions), found in
 * one pass over the text.
 */
export function urnLines(stack: LoadedStack): Map<string, number> {
    const out = new Map<string, number>();
    const re = /"urn"\s*:\s*"((?:[^"\\]|\\.)*)"/g;
    let line = 1;
    let at = 0;
    for (let m = re.exec(stack.text); m; m = re.exec(stack.text)) {
        for (let i = at; i < m.index; i++) if (stack.text.charCodeAt(i) === 10) line++;
        at = m.index;
        let urn: string;
        try {
            urn = JSON.parse(`"${m[1]}"`) as string;
        } catch {
            continue;
        }
        if (!out.has(urn)) out.set(urn, line);
    }
    return out;
}
