/**
 * The policy config checked before anything runs, so that `vsnet` and `pulumi preview
 * --policy-pack-config` accept and refuse the same files: what the Pulumi CLI checks (known policy
 * names, valid levels, each policy's reconciled properties against its `configSchema`, as a JSON
 * schema `{ type: object, properties, required }`), and what the pack reports during a preview (keys
 * no policy reads, declarations naming nothing — policies/config-check.ts, with the closest name).
 * In `vsnet` all of these are usage errors: one line, exit 2.
 *
 * Ajv is loaded here only, when a config is checked: the pack never loads it (the Pulumi CLI does
 * this validation in a preview).
 */
import type { ErrorObject } from "ajv";
import { nameSuggestion, unknownKeys, unknownKeyText } from "../policies/config-check";
import { didYouMean } from "../translate/host-facts";
import type { Translation } from "../translate";
import { policies } from "../policies";
import { reconcileConfig, type PolicyPackConfig } from "./analyzer-client";
import { CliError, EXIT } from "./errors";

const LEVELS = ["advisory", "mandatory", "remediate", "disabled"];
/** The pack this CLI ships with. */
export const OWN_PACK = "vsphere-nested-networking";
/** Problems named in the one line of a usage error; the rest are counted. */
const SHOWN = 4;

export interface PolicyMeta {
    name: string;
    configSchema?: { properties: Record<string, unknown>; required?: string[] };
}

/** Reconciled properties per policy (defaults, then the pack's initial config, then the file), as Configure sends them. */
export type Reconciled = Record<string, { properties: Record<string, unknown> }>;

function fail(where: string, problems: readonly string[]): never {
    const shown = problems.slice(0, SHOWN).join("; ");
    const more = problems.length > SHOWN ? `; and ${problems.length - SHOWN} more` : "";
    throw new CliError(`${where}: ${problems.length === 1 ? shown : `${problems.length} problems: ${shown}${more}`}`, EXIT.USAGE);
}

/** `/workloads/0/mac` → `workloads[0].mac` */
function pathOf(pointer: string): string {
    return pointer
        .split("/")
        .slice(1)
        .map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"))
        .map((p, i) => (/^\d+$/.test(p) ? `[${p}]` : i === 0 ? p : `.${p}`))
        .join("");
}

function words(policy: string, e: ErrorObject): string {
    const at = [policy, pathOf(e.instancePath)].filter(Boolean).join(".");
    const p = e.params as Record<string, unknown>;
    const described = (e.parentSchema as { description?: unknown } | undefined)?.description;
    switch (e.keyword) {
        case "required":
            return `${at}.${String(p.missingProperty)} is required`;
        case "additionalProperties": {
            const known = Object.keys((e.parentSchema as { properties?: object } | undefined)?.properties ?? {});
            const guess = didYouMean(String(p.additionalProperty), known);
            return `${at}.${String(p.additionalProperty)} is not allowed${known.length ? ` (allowed: ${known.join(", ")})` : ""}${guess ? `; did you mean "${guess}"?` : ""}`;
        }
        case "enum":
            return `${at} must be one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(", ")}`;
        case "pattern":
            return `${at} is not of the expected form${typeof described === "string" ? ` (${described.replace(/\.$/, "")})` : ""}`;
        default:
            return `${at} ${e.message ?? "is not valid"}`;
    }
}

let loaded: import("ajv").default | undefined;
/** Ajv, loaded on first use (CLI-only). */
function ajv(): import("ajv").default {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    loaded ??= new (require("ajv") as typeof import("ajv")).default({ allErrors: true, strict: false, verbose: true });
    return loaded;
}

/** Each policy's reconciled properties against its schema, as the Pulumi CLI validates them. */
export function schemaProblems(policies: readonly PolicyMeta[], reconciled: Reconciled): string[] {
    const out: string[] = [];
    for (const p of policies) {
        if (!p.configSchema) continue;
        const schema = { type: "object", properties: p.configSchema.properties, ...(p.configSchema.required?.length ? { required: p.configSchema.required } : {}) };
        const validate = ajv().compile(schema);
        if (!validate(reconciled[p.name]?.properties ?? {})) out.push(...(validate.errors ?? []).map((e) => words(p.name, e)));
    }
    return [...new Set(out)];
}

/**
 * The checks before `Configure`: policy names, levels, keys no policy reads, then the schema.
 * `reconcile` gives the properties Configure would send. Throws a usage error (exit 2).
 */
export function checkPolicyConfig(packName: string, policies: readonly PolicyMeta[], config: PolicyPackConfig, reconcile: () => Reconciled, where = "policy config"): void {
    const byName = new Map(policies.map((p) => [p.name, p]));
    const problems: string[] = [];
    for (const [name, c] of Object.entries(config)) {
        if (name !== "all" && !byName.has(name)) {
            const guess = didYouMean(name, [...byName.keys()]);
            problems.push(`"${name}" is not a policy of ${packName}${guess ? `; did you mean "${guess}"?` : ` (its policies: ${[...byName.keys()].join(", ")})`}`);
            continue;
        }
        if (c.enforcementLevel !== undefined && (typeof c.enforcementLevel !== "string" || !LEVELS.includes(c.enforcementLevel))) {
            problems.push(`enforcementLevel of "${name}" is ${JSON.stringify(c.enforcementLevel)}, not one of ${LEVELS.join(", ")}`);
        }
        const keys = Object.keys(byName.get(name)?.configSchema?.properties ?? {});
        problems.push(...unknownKeys(name, c, keys).map(unknownKeyText));
    }
    if (problems.length) fail(where, problems);
    const schema = schemaProblems(policies, reconcile());
    if (schema.length) fail(where, schema);
}

/** Declarations that name nothing or are malformed (the translation's `config` diagnostics): a usage error. */
export function checkDeclarations(t: Translation, decl: Record<string, unknown>, policy: string, where = "policy config"): void {
    const problems = t.diagnostics
        .filter((d) => d.kind === "config")
        .map((d) => {
            const guess = nameSuggestion(d, decl, t);
            const text = d.message.replace(/\.$/, "").replace(/\.;/g, ";");
            return `${d.configPath && !text.includes(d.configPath) ? `${policy}.${d.configPath}: ` : ""}${text}${guess ? `; ${guess}` : ""}`;
        });
    if (problems.length) fail(where, problems);
}

/** The pack this CLI ships with, checked in-process (`trace`, `diff`: no pack process runs). */
export function checkOwnConfig(config: PolicyPackConfig, where = "policy config"): void {
    const metas = policies.map((p) => ({
        name: p.name,
        enforcementLevel: p.enforcementLevel ?? "advisory",
        ...(p.configSchema ? { configSchema: { properties: p.configSchema.properties as Record<string, unknown>, required: p.configSchema.required ?? [] } } : {}),
    }));
    checkPolicyConfig(OWN_PACK, metas, config, () => reconcileConfig({ policies: metas, initialConfig: {} }, config), where);
}
