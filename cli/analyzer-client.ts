/**
 * A client for the policy-pack analyzer protocol: runs a policy pack exactly as
 * `pulumi preview --policy-pack DIR` does and talks to it over the real analyzer gRPC protocol, with
 * no Pulumi CLI. `vsnet check` evaluates saved stacks through it (so the CLI and the engine go
 * through one code path: the pack's own gRPC server), and the end-to-end tests use it too
 * (`tests/harness/analyzer.ts` adds test conveniences on top).
 *
 * What the engine does, and what this module mirrors:
 *   1. spawn `node <@pulumi/pulumi>/cmd/run-policy-pack <engine-address> <pack-dir>` with cwd = pack dir;
 *      the pack prints its gRPC port as the first line of stdout;
 *   2. `GetAnalyzerInfo`, then `Configure` with every policy's reconciled config (see `configure`);
 *   3. `Analyze` once per resource (resource policies; inputs; no dependency information on the wire);
 *   4. one `AnalyzeStack` with every resource (stack policies; dependencies resolved by the SDK).
 * Property values go over the wire as the engine marshals them: unknowns are sentinel strings
 * (`UNKNOWN_*`), secrets are objects tagged with the signature key (`secret()`).
 */

import { ChildProcess, spawn } from "node:child_process";
import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import type * as grpcTypes from "@grpc/grpc-js";
import type * as emptyTypes from "google-protobuf/google/protobuf/empty_pb";
import type * as structTypes from "google-protobuf/google/protobuf/struct_pb";
import * as pb from "@pulumi/pulumi/proto/analyzer_pb";
import { AnalyzerClient } from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import { lengthDelimited, structField } from "./wire-struct";

// The gRPC and protobuf runtimes the generated stubs were built against (one copy with npm's usual
// hoisting; resolved from the stubs so that a nested copy can never be mixed with another).
const stubRequire = createRequire(require.resolve("@pulumi/pulumi/proto/analyzer_grpc_pb"));
const grpc = stubRequire("@grpc/grpc-js") as typeof grpcTypes;
const { Empty } = stubRequire("google-protobuf/google/protobuf/empty_pb") as typeof emptyTypes;
const { Struct } = stubRequire("google-protobuf/google/protobuf/struct_pb") as typeof structTypes;
type Struct = structTypes.Struct;

// ------------------------------------------------------------------------------------------------
// Wire constants
// ------------------------------------------------------------------------------------------------

// Unknown-value sentinels, as the engine marshals a computed value during preview (typed by the
// value's expected kind; `@pulumi/policy/proxy.js` maps each back to "<kind> value at .<path>").
export { UNKNOWN_STRING, UNKNOWN_BOOL, UNKNOWN_NUMBER, UNKNOWN_ARRAY, UNKNOWN_OBJECT, UNKNOWN_ASSET, UNKNOWN_ARCHIVE } from "../translate/unknowns";

/** Key that marks a "special" object on the wire (secrets, assets, archives, ...). */
export const SPECIAL_SIG_KEY = "4dabf18193072939515e22adb298388d";
/** Signature value of a secret: `{ [SPECIAL_SIG_KEY]: SECRET_SIG, value }`. */
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
/** Signature values of assets and archives, which the policy SDK turns into its own objects. */
export const ASSET_SIG = "c44067f5952c0a294b673a41bacd8c17";
export const ARCHIVE_SIG = "0def7320c3a5731c473e5ecbe6d01bc7";

/** The wire form of a secret value, as the engine sends it to analyzers (`KeepSecrets: true`). */
export interface WireSecret<T = unknown> {
    [SPECIAL_SIG_KEY]: typeof SECRET_SIG;
    value: T;
}

/**
 * Wraps `value` the way the engine marshals a secret. The policy SDK unwraps it before policies
 * run (`deserialize.js`), so a policy sees the plain value.
 */
export function secret<T>(value: T): WireSecret<T> {
    return { [SPECIAL_SIG_KEY]: SECRET_SIG, value };
}

/** gRPC message size limit used on the client, matching the policy server's own 400 MiB. */
export const MAX_MESSAGE_BYTES = 400 * 1024 * 1024;

// ------------------------------------------------------------------------------------------------
// Plain-object types
// ------------------------------------------------------------------------------------------------

export type EnforcementLevel = "advisory" | "mandatory" | "remediate" | "disabled";
export type Severity = "low" | "medium" | "high" | "critical";

/** A resource's provider as the engine describes it (`AnalyzerProviderResource`). */
export interface ProviderInput {
    type: string;
    name: string;
    urn: string;
    props: Record<string, unknown>;
}

/** Resource options the engine sends (`AnalyzerResourceOptions`); all optional here. */
export interface ResourceOptionsInput {
    protect?: boolean;
    ignoreChanges?: string[];
    deleteBeforeReplace?: boolean;
    additionalSecretOutputs?: string[];
    aliases?: string[];
    customTimeouts?: { create?: number; update?: number; delete?: number };
}

/** A resource to send to the pack. `props` must be JSON-like (undefined entries are dropped). */
export interface ResourceInput {
    type: string;
    name: string;
    urn: string;
    props: Record<string, unknown>;
    /** Property name → URNs it was computed from. Only `AnalyzeStack` carries this. */
    propertyDependencies?: Record<string, string[]>;
    /** URNs this resource depends on. Only `AnalyzeStack` carries this. */
    dependencies?: string[];
    /** Parent URN: sent as `options.parent` (both calls) and `AnalyzerResource.parent` (stack). */
    parent?: string;
    provider?: ProviderInput;
    options?: ResourceOptionsInput;
}

/** One policy diagnostic, with proto enums converted to the SDK's strings. */
export interface Diag {
    policyName: string;
    policyPackName: string;
    policyPackVersion: string;
    message: string;
    /**
     * For `analyze`: the URN the policy reported, or (as the engine attributes it) the analyzed
     * resource's URN when the policy reported none. For `analyzeStack`: exactly what the policy
     * reported ("" if nothing).
     */
    urn: string;
    description: string;
    enforcementLevel: EnforcementLevel;
    severity?: Severity;
}

export interface NotApplicable {
    policyName: string;
    reason: string;
}

export interface AnalyzeResult {
    diagnostics: Diag[];
    notApplicable: NotApplicable[];
}

export interface PolicyConfigSchema {
    properties: Record<string, unknown>;
    required: string[];
}

export interface PolicyInfo {
    name: string;
    displayName: string;
    description: string;
    message: string;
    enforcementLevel: EnforcementLevel;
    policyType: "resource" | "stack" | "unknown";
    severity?: Severity;
    configSchema?: PolicyConfigSchema;
    tags: string[];
    remediationSteps: string;
    url: string;
    framework?: { name: string; version: string; reference: string; specification: string };
}

/** A policy's config as sent in `Configure`. */
export interface SentPolicyConfig {
    enforcementLevel: EnforcementLevel;
    properties: Record<string, unknown>;
}

export interface AnalyzerInfo {
    name: string;
    displayName: string;
    version: string;
    supportsConfig: boolean;
    description: string;
    readme: string;
    provider: string;
    tags: string[];
    repository: string;
    policies: PolicyInfo[];
    /**
     * Config the pack passed programmatically (`new PolicyPack(name, args, initialConfig)`). The
     * level field is not optional in the proto: an entry without one reads as "advisory".
     */
    initialConfig: Record<string, { enforcementLevel: EnforcementLevel; properties: Record<string, unknown> }>;
}

/**
 * Policy pack config in the `--policy-pack-config` file shape: policy name (or "all") →
 * `{ enforcementLevel?, ...properties }`.
 */
export type PolicyPackConfig = Record<string, { enforcementLevel?: string; [k: string]: unknown }>;

export interface ConfigureOptions {
    /**
     * true (default): reconcile like the CLI (`ReconcilePolicyPackConfig`) — every policy gets an
     * entry with its default enforcement level and schema defaults, overlaid by the pack's initial
     * config, then by `config` ("all" sets every policy's level). JSON-schema validation is not done.
     * false: send exactly `config`; a policy without `enforcementLevel` is then sent the proto
     * default (ADVISORY), which is what a bare `PolicyConfig` means on the wire.
     */
    reconcile?: boolean;
}

/** Default time allowed for a pack to start (print its port and accept a connection). */
export const DEFAULT_START_TIMEOUT_MS = 30_000;

/** The pack did not start within the time allowed (`StartOptions.startTimeoutMs`). */
export class StartTimeoutError extends Error {
    constructor(
        message: string,
        readonly timeoutMs: number,
        options?: ErrorOptions,
    ) {
        super(message, options);
        this.name = "StartTimeoutError";
    }
}

export interface StartOptions {
    /** Time allowed for the pack to print its port and accept a connection (default 30 s). */
    startTimeoutMs?: number;
    /** Deadline for each RPC (default 120 s). */
    callTimeoutMs?: number;
    /** Extra environment variables for the pack process. */
    env?: Record<string, string>;
}

export interface PackProcess {
    readonly packDir: string;
    readonly port: number;
    readonly pid: number;
    /** What the pack wrote to stderr so far (last 64 KiB). */
    stderr(): string;
    getAnalyzerInfo(): Promise<AnalyzerInfo>;
    /** Sends `Configure`; resolves to the per-policy config actually sent. */
    configure(config: PolicyPackConfig, options?: ConfigureOptions): Promise<Record<string, SentPolicyConfig>>;
    /** One `Analyze` call (resource policies). `dependencies`/`propertyDependencies` are not on this wire. */
    analyze(resource: ResourceInput): Promise<AnalyzeResult>;
    /** One `AnalyzeStack` call (stack policies) with all `resources`. */
    analyzeStack(resources: ResourceInput[]): Promise<AnalyzeResult>;
    /** Closes the client and ends the pack process. Safe to call more than once. */
    stop(): Promise<void>;
}

// ------------------------------------------------------------------------------------------------
// Helpers
// ------------------------------------------------------------------------------------------------

/** The nearest directory at or above `start` that holds a package.json. */
export function findProjectRoot(start: string): string {
    for (let dir = start; ; dir = path.dirname(dir)) {
        if (fs.existsSync(path.join(dir, "package.json"))) {
            return dir;
        }
        if (path.dirname(dir) === dir) {
            throw new Error(`no package.json above ${start}`);
        }
    }
}

/** The root of the package this module belongs to (from source or from dist/). */
const OWN_ROOT = findProjectRoot(__dirname);

/**
 * The policy-pack runner the engine would use: the pack's own `@pulumi/pulumi` (as the engine
 * loads `<pack>/node_modules/@pulumi/pulumi/cmd/run-policy-pack`), else the one next to this module.
 */
function runnerFor(dir: string): string {
    const id = "@pulumi/pulumi/cmd/run-policy-pack";
    try {
        return require.resolve(id, { paths: [dir] });
    } catch {
        return require.resolve(id, { paths: [OWN_ROOT] });
    }
}

const ENFORCEMENT_TO_PROTO: Record<EnforcementLevel, pb.EnforcementLevel> = {
    advisory: pb.EnforcementLevel.ADVISORY,
    mandatory: pb.EnforcementLevel.MANDATORY,
    remediate: pb.EnforcementLevel.REMEDIATE,
    disabled: pb.EnforcementLevel.DISABLED,
};

function enforcementFromProto(el: pb.EnforcementLevel): EnforcementLevel {
    switch (el) {
        case pb.EnforcementLevel.ADVISORY: return "advisory";
        case pb.EnforcementLevel.MANDATORY: return "mandatory";
        case pb.EnforcementLevel.REMEDIATE: return "remediate";
        case pb.EnforcementLevel.DISABLED: return "disabled";
        default: throw new Error(`unknown enforcement level ${String(el)} on the wire`);
    }
}

function isEnforcementLevel(s: unknown): s is EnforcementLevel {
    return typeof s === "string" && Object.prototype.hasOwnProperty.call(ENFORCEMENT_TO_PROTO, s);
}

function severityFromProto(s: pb.PolicySeverity): Severity | undefined {
    switch (s) {
        case pb.PolicySeverity.POLICY_SEVERITY_LOW: return "low";
        case pb.PolicySeverity.POLICY_SEVERITY_MEDIUM: return "medium";
        case pb.PolicySeverity.POLICY_SEVERITY_HIGH: return "high";
        case pb.PolicySeverity.POLICY_SEVERITY_CRITICAL: return "critical";
        default: return undefined;
    }
}

function policyTypeFromProto(t: pb.PolicyType): PolicyInfo["policyType"] {
    switch (t) {
        case pb.PolicyType.POLICY_TYPE_RESOURCE: return "resource";
        case pb.PolicyType.POLICY_TYPE_STACK: return "stack";
        default: return "unknown";
    }
}

type JsonValue = null | boolean | number | string | JsonValue[] | { [k: string]: JsonValue };

/**
 * Checks that `v` is JSON-like and copies it: object entries that are undefined are dropped (the
 * engine has no such thing), undefined array elements become null. Throws on anything else
 * (functions, bigint, class instances, ...) with the offending path.
 */
function toJson(v: unknown, at: string): JsonValue {
    if (v === null || typeof v === "boolean" || typeof v === "number" || typeof v === "string") {
        return v;
    }
    if (Array.isArray(v)) {
        return v.map((e, i) => (e === undefined ? null : toJson(e, `${at}[${i}]`)));
    }
    if (typeof v === "object") {
        const proto = Object.getPrototypeOf(v);
        if (proto !== Object.prototype && proto !== null) {
            throw new Error(`${at}: only plain objects can go on the wire`);
        }
        const out: { [k: string]: JsonValue } = {};
        for (const [k, e] of Object.entries(v)) {
            if (e !== undefined) {
                out[k] = toJson(e, `${at}.${k}`);
            }
        }
        return out;
    }
    throw new Error(`${at}: ${typeof v} cannot go on the wire`);
}

function toStruct(props: Record<string, unknown>, at: string): Struct {
    return Struct.fromJavaScript(toJson(props, at) as { [k: string]: JsonValue });
}

function structToObject(s: Struct | undefined): Record<string, unknown> {
    return s ? (s.toJavaScript() as Record<string, unknown>) : {};
}

function resourceOptions(r: ResourceInput): pb.AnalyzerResourceOptions {
    const o = r.options ?? {};
    const opts = new pb.AnalyzerResourceOptions();
    opts.setProtect(o.protect ?? false);
    opts.setIgnorechangesList(o.ignoreChanges ?? []);
    opts.setDeletebeforereplace(o.deleteBeforeReplace ?? false);
    opts.setDeletebeforereplacedefined(o.deleteBeforeReplace !== undefined);
    opts.setAdditionalsecretoutputsList(o.additionalSecretOutputs ?? []);
    opts.setAliasesList(o.aliases ?? []);
    // The engine always sends custom timeouts (zeros when unset).
    const timeouts = new pb.AnalyzerResourceOptions.CustomTimeouts();
    timeouts.setCreate(o.customTimeouts?.create ?? 0);
    timeouts.setUpdate(o.customTimeouts?.update ?? 0);
    timeouts.setDelete(o.customTimeouts?.delete ?? 0);
    opts.setCustomtimeouts(timeouts);
    if (r.parent !== undefined) {
        opts.setParent(r.parent);
    }
    return opts;
}

// Requests are sent as bytes: the message without its `Struct`s (small) serialized by
// google-protobuf, with the properties (field 2) and the provider (field 6) appended by
// wire-struct.ts straight from the JavaScript values. Fields may come in any order on the wire.

function providerResource(p: ProviderInput, at: string): Buffer {
    const prov = new pb.AnalyzerProviderResource();
    prov.setType(p.type);
    prov.setName(p.name);
    prov.setUrn(p.urn);
    return lengthDelimited(6, Buffer.concat([prov.serializeBinary(), structField(2, p.props, `${at}.provider.props`)]));
}

function withProps(msg: { serializeBinary(): Uint8Array }, r: ResourceInput, at: string): Buffer {
    const parts = [msg.serializeBinary(), structField(2, r.props, `${at}.props`)];
    if (r.provider) parts.push(providerResource(r.provider, at));
    return Buffer.concat(parts);
}

/** A request whose bytes are already encoded (the generated serializer calls `serializeBinary`). */
function preEncoded<T extends { serializeBinary(): Uint8Array }>(Base: new () => T, bytes: Uint8Array): T {
    const req = new Base();
    req.serializeBinary = () => bytes;
    return req;
}

/** The bytes of an `AnalyzeRequest` for `r` (exported for the tests). */
export function analyzeRequestBytes(r: ResourceInput): Buffer {
    const req = new pb.AnalyzeRequest();
    req.setType(r.type);
    req.setName(r.name);
    req.setUrn(r.urn);
    req.setOptions(resourceOptions(r));
    return withProps(req, r, `resource ${r.name}`);
}

/** The bytes of an `AnalyzeStackRequest` with `resources` (exported for the tests). */
export function analyzeStackRequestBytes(resources: readonly ResourceInput[]): Buffer {
    return Buffer.concat(resources.map(stackResource));
}

function stackResource(r: ResourceInput): Buffer {
    const at = `resource ${r.name}`;
    const res = new pb.AnalyzerResource();
    res.setType(r.type);
    res.setName(r.name);
    res.setUrn(r.urn);
    res.setOptions(resourceOptions(r));
    if (r.parent !== undefined) {
        res.setParent(r.parent);
    }
    res.setDependenciesList(r.dependencies ?? []);
    const map = res.getPropertydependenciesMap();
    for (const [prop, urns] of Object.entries(r.propertyDependencies ?? {})) {
        // The engine skips properties with no dependencies.
        if (urns.length > 0) {
            const deps = new pb.AnalyzerPropertyDependencies();
            deps.setUrnsList(urns);
            map.set(prop, deps);
        }
    }
    return lengthDelimited(1, withProps(res, r, at));
}

function analyzeResult(resp: pb.AnalyzeResponse, defaultUrn: string): AnalyzeResult {
    return {
        diagnostics: resp.getDiagnosticsList().map((d): Diag => {
            const diag: Diag = {
                policyName: d.getPolicyname(),
                policyPackName: d.getPolicypackname(),
                policyPackVersion: d.getPolicypackversion(),
                message: d.getMessage(),
                urn: d.getUrn() || defaultUrn,
                description: d.getDescription(),
                enforcementLevel: enforcementFromProto(d.getEnforcementlevel()),
            };
            const severity = severityFromProto(d.getSeverity());
            if (severity) {
                diag.severity = severity;
            }
            return diag;
        }),
        notApplicable: resp.getNotApplicableList().map(n => ({ policyName: n.getPolicyName(), reason: n.getReason() })),
    };
}

function analyzerInfo(ai: pb.AnalyzerInfo): AnalyzerInfo {
    const initialConfig: AnalyzerInfo["initialConfig"] = {};
    ai.getInitialconfigMap().forEach((c, k) => {
        initialConfig[k] = { enforcementLevel: enforcementFromProto(c.getEnforcementlevel()), properties: structToObject(c.getProperties()) };
    });
    return {
        name: ai.getName(),
        displayName: ai.getDisplayname(),
        version: ai.getVersion(),
        supportsConfig: ai.getSupportsconfig(),
        description: ai.getDescription(),
        readme: ai.getReadme(),
        provider: ai.getProvider(),
        tags: ai.getTagsList(),
        repository: ai.getRepository(),
        initialConfig,
        policies: ai.getPoliciesList().map((p): PolicyInfo => {
            const info: PolicyInfo = {
                name: p.getName(),
                displayName: p.getDisplayname(),
                description: p.getDescription(),
                message: p.getMessage(),
                enforcementLevel: enforcementFromProto(p.getEnforcementlevel()),
                policyType: policyTypeFromProto(p.getPolicyType()),
                tags: p.getTagsList(),
                remediationSteps: p.getRemediationSteps(),
                url: p.getUrl(),
            };
            const severity = severityFromProto(p.getSeverity());
            if (severity) {
                info.severity = severity;
            }
            const schema = p.getConfigschema();
            if (schema) {
                info.configSchema = { properties: structToObject(schema.getProperties()), required: schema.getRequiredList() };
            }
            const fw = p.getFramework();
            if (fw) {
                info.framework = { name: fw.getName(), version: fw.getVersion(), reference: fw.getReference(), specification: fw.getSpecification() };
            }
            return info;
        }),
    };
}

/** Splits `{ enforcementLevel, ...properties }`, checking the level. */
function splitConfig(name: string, c: PolicyPackConfig[string]): { level?: EnforcementLevel; properties: Record<string, unknown> } {
    const { enforcementLevel, ...properties } = c;
    if (enforcementLevel !== undefined && !isEnforcementLevel(enforcementLevel)) {
        throw new Error(`config for ${name}: ${JSON.stringify(enforcementLevel)} is not a valid enforcement level`);
    }
    return { level: enforcementLevel, properties };
}

/** A policy's config on its way to `Configure`; the level may still be missing. */
export interface ConfigEntry {
    enforcementLevel?: EnforcementLevel;
    properties: Record<string, unknown>;
}

/** Mirrors the CLI's `ReconcilePolicyPackConfig` (its JSON-schema validation is cli/config-validate.ts). */
export function reconcileConfig(info: { policies: ReadonlyArray<Pick<PolicyInfo, "name" | "enforcementLevel" | "configSchema">>; initialConfig: AnalyzerInfo["initialConfig"] }, config: PolicyPackConfig): Record<string, ConfigEntry> {
    const result: Record<string, ConfigEntry> = {};
    for (const p of info.policies) {
        const properties: Record<string, unknown> = {};
        for (const [k, schema] of Object.entries(p.configSchema?.properties ?? {})) {
            if (schema !== null && typeof schema === "object" && "default" in schema) {
                properties[k] = (schema as { default: unknown }).default;
            }
        }
        result[p.name] = { enforcementLevel: p.enforcementLevel, properties };
    }
    const apply = (layer: Record<string, ConfigEntry>): void => {
        const all = layer["all"];
        if (all?.enforcementLevel) {
            for (const k of Object.keys(result)) {
                result[k] = { ...result[k], enforcementLevel: all.enforcementLevel };
            }
        }
        // Like the CLI, "all" itself and names of no policy are passed through too.
        for (const [name, given] of Object.entries(layer)) {
            const prev = result[name];
            result[name] = {
                enforcementLevel: given.enforcementLevel ?? prev?.enforcementLevel,
                properties: { ...(prev?.properties ?? {}), ...given.properties },
            };
        }
    };
    // An initial-config entry that set only properties arrives with the proto default level
    // (ADVISORY) and the CLI applies it as such; mirrored here on purpose.
    apply(info.initialConfig);
    const given: Record<string, ConfigEntry> = {};
    for (const [name, c] of Object.entries(config)) {
        const { level, properties } = splitConfig(name, c);
        given[name] = { enforcementLevel: level, properties };
    }
    apply(given);
    return result;
}

// ------------------------------------------------------------------------------------------------
// Process management
// ------------------------------------------------------------------------------------------------

const STDERR_KEEP = 64 * 1024;
const livePacks = new Set<ChildProcess>();
let exitHookInstalled = false;

/**
 * Ends every pack process this process started and has not stopped yet, at once (SIGKILL). For
 * signal handlers and fatal errors; `stop()` is the orderly way.
 */
export function killAllPacks(): void {
    for (const child of livePacks) {
        child.kill("SIGKILL");
    }
}

function installExitHook(): void {
    if (exitHookInstalled) {
        return;
    }
    exitHookInstalled = true;
    // Never leave a pack server running when this process goes away. (When it is killed outright,
    // the pack's watchdog sees its standard input close and ends it.)
    process.on("exit", killAllPacks);
}

/**
 * The watchdog each pack process loads first (`pack-watchdog.ts`, compiled next to this module):
 * it ends the pack when this process is gone, even after a SIGKILL. Undefined when it is not
 * there (running from sources).
 */
function watchdogScript(): string | undefined {
    const js = path.join(__dirname, "pack-watchdog.js");
    return fs.existsSync(js) ? js : undefined;
}

type Unary<Req, Resp> = (req: Req, md: grpcTypes.Metadata, opts: Partial<grpcTypes.CallOptions>, cb: (err: grpcTypes.ServiceError | null, resp: Resp) => void) => grpcTypes.ClientUnaryCall;

/**
 * Starts the policy pack in `packDir` the way the Pulumi engine does and connects an analyzer
 * client to it. The pack's package.json `main` decides what loads (compiled JS is fastest; `.ts`
 * goes through the runner's type-checking ts-node). Call `stop()` when done.
 */
export async function startPack(packDir: string, options: StartOptions = {}): Promise<PackProcess> {
    const dir = path.resolve(packDir);
    const startTimeoutMs = options.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS;
    const callTimeoutMs = options.callTimeoutMs ?? 120_000;
    if (!fs.statSync(dir, { throwIfNoEntry: false })?.isDirectory()) {
        throw new Error(`policy pack directory ${dir} does not exist`);
    }
    const runner = runnerFor(dir);

    installExitHook();
    const watchdog = watchdogScript();
    // Standard input is a pipe nobody writes to: the watchdog ends the pack when it closes.
    const child = spawn(process.execPath, [...(watchdog ? ["--require", watchdog] : []), runner, "127.0.0.1:1", dir], {
        cwd: dir,
        env: { ...process.env, ...options.env, VSNET_PARENT_PID: String(process.pid) },
        stdio: ["pipe", "pipe", "pipe"],
    });
    livePacks.add(child);
    // The pack may be gone before its input is closed; that is no error.
    child.stdin!.on("error", () => undefined);

    let stderr = "";
    child.stderr!.setEncoding("utf8");
    child.stderr!.on("data", (chunk: string) => {
        stderr = (stderr + chunk).slice(-STDERR_KEEP);
    });
    let exitInfo: string | undefined;
    const exited = new Promise<void>(resolve => {
        child.once("exit", (code, signal) => {
            exitInfo = signal ? `signal ${signal}` : `code ${code}`;
            livePacks.delete(child);
            resolve();
        });
    });
    const describe = (): string => {
        const tail = stderr.trim();
        return `${exitInfo ? `pack process exited with ${exitInfo}` : "pack process still running"}; stderr:\n${tail || "(empty)"}`;
    };

    // Read the port from the first line of stdout, like the engine's plugin loader.
    let port: number;
    try {
        port = await new Promise<number>((resolve, reject) => {
            let out = "";
            const timer = setTimeout(() => reject(new StartTimeoutError(`policy pack ${dir} did not print its port within ${startTimeoutMs / 1000} s`, startTimeoutMs)), startTimeoutMs);
            const onData = (chunk: string): void => {
                out += chunk;
                const nl = out.indexOf("\n");
                if (nl < 0) {
                    return;
                }
                clearTimeout(timer);
                child.stdout!.off("data", onData);
                const first = out.slice(0, nl).trim();
                const n = Number(first);
                if (/^\d+$/.test(first) && n > 0 && n < 65536) {
                    resolve(n);
                } else {
                    reject(new Error(`policy pack ${dir} printed ${JSON.stringify(first)} instead of a port`));
                }
            };
            child.stdout!.setEncoding("utf8");
            child.stdout!.on("data", onData);
            child.once("error", err => { clearTimeout(timer); reject(err); });
            void exited.then(() => { clearTimeout(timer); reject(new Error(`policy pack ${dir} exited before printing its port`)); });
        });
    } catch (e) {
        child.kill("SIGKILL");
        await Promise.race([exited, new Promise(r => setTimeout(r, 2000))]);
        const message = `${(e as Error).message}\n${describe()}`;
        throw e instanceof StartTimeoutError ? new StartTimeoutError(message, startTimeoutMs, { cause: e }) : new Error(message, { cause: e });
    }
    // Keep draining stdout so a chatty pack never blocks on a full pipe.
    child.stdout!.resume();

    const client = new AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), {
        "grpc.max_receive_message_length": MAX_MESSAGE_BYTES,
        "grpc.max_send_message_length": MAX_MESSAGE_BYTES,
    });
    try {
        await new Promise<void>((resolve, reject) =>
            client.waitForReady(Date.now() + startTimeoutMs, err => (err ? reject(err) : resolve())));
    } catch (e) {
        client.close();
        child.kill("SIGKILL");
        const message = `could not connect to policy pack ${dir} on port ${port} within ${startTimeoutMs / 1000} s: ${(e as Error).message}\n${describe()}`;
        throw /deadline/i.test((e as Error).message) ? new StartTimeoutError(message, startTimeoutMs, { cause: e }) : new Error(message, { cause: e });
    }

    let stopping: Promise<void> | undefined;
    const call = <Req, Resp>(name: string, method: Unary<Req, Resp>, req: Req): Promise<Resp> =>
        new Promise<Resp>((resolve, reject) => {
            if (stopping) {
                reject(new Error(`${name}: pack ${dir} was stopped`));
                return;
            }
            method.call(client, req, new grpc.Metadata(), { deadline: Date.now() + callTimeoutMs }, (err, resp) => {
                if (err) {
                    const detail = exitInfo ? `\n${describe()}` : "";
                    reject(new Error(`${name} failed: ${err.details || err.message}${detail}`, { cause: err }));
                } else {
                    resolve(resp);
                }
            });
        });

    let info: AnalyzerInfo | undefined;
    const getAnalyzerInfo = async (): Promise<AnalyzerInfo> => {
        info = analyzerInfo(await call("GetAnalyzerInfo", client.getAnalyzerInfo as Unary<emptyTypes.Empty, pb.AnalyzerInfo>, new Empty()));
        return info;
    };

    return {
        packDir: dir,
        port,
        pid: child.pid ?? -1,
        stderr: () => stderr,
        getAnalyzerInfo,

        async configure(config, opts = {}) {
            let entries: Record<string, ConfigEntry>;
            if (opts.reconcile ?? true) {
                entries = reconcileConfig(info ?? (await getAnalyzerInfo()), config);
            } else {
                entries = {};
                for (const [name, c] of Object.entries(config)) {
                    const { level, properties } = splitConfig(name, c);
                    entries[name] = { enforcementLevel: level, properties };
                }
            }
            const req = new pb.ConfigureAnalyzerRequest();
            const map = req.getPolicyconfigMap();
            const sent: Record<string, SentPolicyConfig> = {};
            for (const [name, e] of Object.entries(entries)) {
                if (e.enforcementLevel === undefined && (opts.reconcile ?? true)) {
                    // The CLI rejects this too ("invalid enforcement level").
                    throw new Error(`config for ${name}: no enforcement level (not a policy of this pack?)`);
                }
                const pc = new pb.PolicyConfig();
                const level = e.enforcementLevel ?? "advisory"; // proto3 default: ADVISORY
                pc.setEnforcementlevel(ENFORCEMENT_TO_PROTO[level]);
                // Always set properties: the SDK calls getProperties().toJavaScript() unconditionally.
                pc.setProperties(toStruct(e.properties, `config.${name}`));
                map.set(name, pc);
                sent[name] = { enforcementLevel: level, properties: e.properties };
            }
            await call("Configure", client.configure as Unary<pb.ConfigureAnalyzerRequest, emptyTypes.Empty>, req);
            return sent;
        },

        async analyze(resource) {
            const req = preEncoded(pb.AnalyzeRequest, analyzeRequestBytes(resource));
            const resp = await call("Analyze", client.analyze as Unary<pb.AnalyzeRequest, pb.AnalyzeResponse>, req);
            return analyzeResult(resp, resource.urn);
        },

        async analyzeStack(resources) {
            const req = preEncoded(pb.AnalyzeStackRequest, analyzeStackRequestBytes(resources));
            const resp = await call("AnalyzeStack", client.analyzeStack as Unary<pb.AnalyzeStackRequest, pb.AnalyzeResponse>, req);
            return analyzeResult(resp, "");
        },

        stop() {
            stopping ??= (async () => {
                client.close();
                child.stdin!.end();
                if (!exitInfo) {
                    child.kill("SIGTERM");
                    let timer: NodeJS.Timeout | undefined;
                    const killed = await Promise.race([
                        exited.then(() => true),
                        new Promise<boolean>(r => { timer = setTimeout(() => r(false), 5000); }),
                    ]);
                    clearTimeout(timer);
                    if (!killed) {
                        child.kill("SIGKILL");
                        await exited;
                    }
                }
            })();
            return stopping;
        },
    };
}
