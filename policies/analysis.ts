/**
 * One analysis per AnalyzeStack call, shared by every stack policy: translate the resources, index
 * the model, and answer the questions lazily (verdicts, needs, exposure). The SDK runs the stack
 * policies one after the other inside a single RPC handler with no I/O between them, so the
 * analysis is cached until the event loop moves on (setImmediate) — never across two calls.
 */
import type { StackValidationArgs } from "@pulumi/policy";
import { analyzeConversation, compile, findNeeds, promiscuousExposure, validateModel, type ConversationResult, type Exposure, type Net, type NeedsResult } from "../sim";
import { fromPolicyResources, translate, type ConversationInfo, type Declarations, type Translation } from "../translate";
import { capturedConfig, DECLARING_POLICY } from "./sharedConfig";

export interface Analysis {
    translation: Translation;
    net: Net;
    /** Model problems that stop the simulator (should not happen: the translation validates). */
    modelErrors: string[];
    /** Verdict of every conversation (declared and implicit). */
    verdicts(): Map<ConversationInfo, ConversationResult>;
    needs(): NeedsResult;
    exposure(): Exposure[];
    config: Record<string, unknown>;
}

let cached: { key: unknown[]; analysis: Analysis } | undefined;

/** The pack's shared declarations: captured from Configure, else the declaring policy's own config. */
export function declarationsFrom(own: Record<string, unknown> | undefined): Record<string, unknown> {
    return capturedConfig(DECLARING_POLICY) ?? own ?? {};
}

export function analysisFor(args: StackValidationArgs, ownConfigIfDeclaring?: Record<string, unknown>): Analysis {
    const key = args.resources.map((r) => r.urn);
    if (cached && sameKey(cached.key, key)) return cached.analysis;
    const config = declarationsFrom(ownConfigIfDeclaring);
    const analysis = build(fromPolicyResources(args.resources), config);
    cached = { key, analysis };
    setImmediate(() => {
        cached = undefined;
    });
    return analysis;
}

function sameKey(a: unknown[], b: unknown[]): boolean {
    return a.length === b.length && a.every((v, i) => v === b[i]);
}

/** Builds the analysis from plain resources (also used by the CLI and tests). */
export function build(resources: Parameters<typeof translate>[0], config: Record<string, unknown>): Analysis {
    const translation = translate(resources, config as Declarations);
    const modelErrors = validateModel(translation.model);
    const net = compile(translation.model);
    let verdicts: Map<ConversationInfo, ConversationResult> | undefined;
    let needs: NeedsResult | undefined;
    let exposure: Exposure[] | undefined;
    const a: Analysis = {
        translation,
        net,
        modelErrors,
        config,
        verdicts() {
            verdicts ??= new Map(translation.conversations.map((c) => [c, analyzeConversation(net, c)]));
            return verdicts;
        },
        needs() {
            needs ??= findNeeds(net, translation.conversations, a.verdicts());
            return needs;
        },
        exposure() {
            exposure ??= promiscuousExposure(net);
            return exposure;
        },
    };
    return a;
}
