/**
 * One analysis per AnalyzeStack call, shared by every stack policy: translate the resources, index
 * the model, and answer the questions lazily (verdicts, needs, exposure, fixes). The SDK runs the
 * stack policies one after the other inside a single RPC handler, awaiting between them, so two
 * calls can interleave: the analysis belongs to the request's context (requestContext.ts), never to
 * the module.
 *
 * Scale: conversations are analysed by equivalence classes of endpoints (sim/analysis/classes.ts), so the
 * implicit guests of a big nested lab cost one simulation per distinct pair of classes, not one per
 * pair of guests; declared conversations too (the same answers as one by one). Needs, fixes and
 * what-ifs run on cheap what-if networks (sim/model/overlay.ts), one simulation per class pair, and a fix
 * is searched once per class pair. Every answer is exactly the pairwise one.
 */
import type { PolicyResource, StackValidationArgs } from "@pulumi/policy";
import { compile, promiscuousExposure, validateModel, type Change, type ConversationResult, type ConversationSpec, type Exposure, type Fix, type Net, type NeedsResult, type Verdict } from "../sim";
import { analyzeByClasses, findNeedsByClasses, FixFinder, partitionEndpoints, verdictOf, type Partition } from "../sim/analysis/classes";
import { withChanges } from "../sim/model/overlay";
import { fromPolicyResources, translate, type ConversationInfo, type Declarations, type Translation } from "../translate";
import { currentRequest } from "./requestContext";
import { capturedConfig, DECLARING_POLICY } from "./sharedConfig";
import { gapsOf, isPartialInput, needsGapsOf, type Gaps } from "./gaps";

export interface Analysis {
    translation: Translation;
    net: Net;
    /** Model problems that stop the simulator (should not happen: the translation validates). */
    modelErrors: string[];
    /** Verdict of every conversation (declared and implicit), exactly `analyzeConversation`'s. */
    verdicts(): Map<ConversationInfo, ConversationResult>;
    /**
     * What each accept is needed for, measured on the network as it is and with every failing
     * conversation's smallest fix; advice on port groups touched by a gap or by a conversation with
     * no fix is withheld (`needs().withheld`), never guessed.
     */
    needs(): NeedsResult;
    /** Port groups the picture is known to be incomplete for, and why (skipped workloads, partial input). */
    gaps: Gaps;
    /** The input is partial (config `partialInput`, set by `vsnet --allow-partial`). */
    partial: boolean;
    exposure(): Exposure[];
    /** The smallest fix of a conversation (`findFix`), searched once per class of conversation. */
    fix(conv: ConversationSpec): Fix | undefined;
    /** The verdicts of `specs` with `changes` applied (`analyzeConversation` on the changed model). */
    verdictsWith(changes: readonly Change[], specs: readonly ConversationSpec[]): Verdict[];
    /** Endpoint classes (computed once, on first use). */
    partition(): Partition;
    /** How much simulating was done: for the verdicts, and fix searches (the benchmark reports them). */
    stats(): { simulated: number; fixSearches: number };
    config: Record<string, unknown>;
}

/** Key of the analysis in a request's slots (requestContext.ts). */
const SLOT = {};

interface Cached {
    urns: string[];
    analysis: Analysis;
}

/** The pack's shared declarations: captured from Configure, else the declaring policy's own config. */
export function declarationsFrom(own: Record<string, unknown> | undefined): Record<string, unknown> {
    return capturedConfig(DECLARING_POLICY) ?? own ?? {};
}

/**
 * The analysis of this request's stack, built by the first stack policy that asks and shared by
 * the others of the same `AnalyzeStack` call; a parallel call has a context (and an analysis) of its own.
 */
export function analysisFor(args: StackValidationArgs, ownConfigIfDeclaring?: Record<string, unknown>): Analysis {
    const slots = currentRequest().slots;
    const cached = slots.get(SLOT) as Cached | undefined;
    if (cached && sameResources(cached.urns, args.resources)) return cached.analysis;
    const config = declarationsFrom(ownConfigIfDeclaring);
    const analysis = build(fromPolicyResources(args.resources), config);
    slots.set(SLOT, { urns: args.resources.map((r) => r.urn), analysis });
    return analysis;
}

/** The same stack (a safety net: within one request it always is). */
function sameResources(urns: readonly string[], rs: readonly PolicyResource[]): boolean {
    if (urns.length !== rs.length) return false;
    for (let i = 0; i < rs.length; i++) if (rs[i].urn !== urns[i]) return false;
    return true;
}

export interface BuildOptions {
    /**
     * How declared conversations are simulated: `"by-class"` (default: like implicit ones, once per
     * class pair, re-labelled exactly — tests/sim/classes.spec.ts checks it against the pairwise
     * reference) or `"one-by-one"` (each declared flow on its own: the reference, for tests and the bench).
     */
    declared?: "one-by-one" | "by-class";
}

/** Builds the analysis from plain resources (also used by the CLI and tests). */
export function build(resources: Parameters<typeof translate>[0], config: Record<string, unknown>, options: BuildOptions = {}): Analysis {
    const translation = translate(resources, config as Declarations);
    const net = compile(translation.model);
    const modelErrors = validateModel(translation.model, net);
    const gaps = gapsOf(translation, config);
    let part: Partition | undefined;
    let verdicts: Map<ConversationInfo, ConversationResult> | undefined;
    let needs: NeedsResult | undefined;
    let exposure: Exposure[] | undefined;
    let fixes: FixFinder | undefined;
    let simulated = 0;
    const a: Analysis = {
        translation,
        net,
        modelErrors,
        config,
        gaps,
        partial: isPartialInput(config),
        partition() {
            part ??= partitionEndpoints(net);
            return part;
        },
        verdicts() {
            if (!verdicts) {
                const convs = translation.conversations;
                // Every conversation by class (declared ones one by one when asked).
                const exact = options.declared === "one-by-one" ? (c: ConversationSpec) => (c as ConversationInfo).source === "declared" : undefined;
                const run = analyzeByClasses(net, convs, { partition: a.partition(), exact });
                simulated = run.simulated;
                const results = run.results;
                verdicts = new Map(convs.map((c, i) => [c, results[i]]));
            }
            return verdicts;
        },
        needs() {
            fixes ??= new FixFinder(net, a.partition());
            needs ??= findNeedsByClasses(net, translation.conversations, a.verdicts(), a.partition(), { withhold: needsGapsOf(translation, gaps), fixes });
            return needs;
        },
        exposure() {
            exposure ??= promiscuousExposure(net);
            return exposure;
        },
        fix(conv) {
            fixes ??= new FixFinder(net, a.partition());
            return fixes.find(conv);
        },
        stats() {
            return { simulated, fixSearches: fixes?.searches ?? 0 };
        },
        verdictsWith(changes, specs) {
            const n = withChanges(net, changes);
            const memo = new Map<string, Verdict>();
            return specs.map((s) => verdictOf(n, a.partition(), s, memo));
        },
    };
    return a;
}
