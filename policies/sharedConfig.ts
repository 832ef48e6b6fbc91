/**
 * Declarations (workloads, flows, MAC learning, network mappings) are written once, in the config
 * of `nested-workloads-reachable`, but several policies need them — some of them resource policies
 * that run before any stack policy. The SDK only hands each policy its own config, so the pack
 * keeps a copy of the whole config the engine sends in `Configure` (always the first call). We wrap
 * the analyzer's `configure` handler when the pack registers its gRPC service; if that ever fails,
 * stack policies fall back to `nested-workloads-reachable`'s own config.
 */
import { dirname } from "node:path";
import { inAnalyze, inAnalyzeStack, startRun } from "./requestContext";

export const DECLARING_POLICY = "nested-workloads-reachable";

type ConfigMap = Record<string, Record<string, unknown>>;
let captured: ConfigMap | undefined;

interface ProtoPolicyConfig {
    getProperties(): { toJavaScript(): Record<string, unknown> } | undefined;
}
interface ConfigureCall {
    request: { getPolicyconfigMap(): { forEach(cb: (v: ProtoPolicyConfig, k: string) => void): void } };
}
interface AnalyzeCall {
    request: { getUrn?(): string; getResourcesList?(): Array<{ getUrn(): string }> };
}
type Handler = (call: ConfigureCall & AnalyzeCall, callback: unknown) => unknown;
type Callback = (...a: unknown[]) => unknown;
interface ServerProto {
    addService(service: unknown, impl: Record<string, Handler>): void;
}

let installed = false;

/** Call before constructing the PolicyPack. Safe to call more than once; never throws. */
export function captureConfigure(): void {
    if (installed) return;
    installed = true;
    try {
        // The same @grpc/grpc-js instance the policy SDK uses, wherever npm placed it.
        const grpcPath = require.resolve("@grpc/grpc-js", { paths: [dirname(require.resolve("@pulumi/policy"))] });
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const grpc = require(grpcPath) as { Server: { prototype: ServerProto } };
        const proto = grpc.Server.prototype;
        const original = proto.addService;
        proto.addService = function (this: unknown, service: unknown, impl: Record<string, Handler>): void {
            const configure = impl?.configure;
            const analyze = impl?.analyze;
            const analyzeStack = impl?.analyzeStack;
            if (typeof configure === "function") {
                impl = {
                    ...impl,
                    configure: (call, callback) => {
                        captured = readConfig(call);
                        startRun();
                        return configure(call, callback);
                    },
                };
            }
            // Each request in a context of its own (requestContext.ts).
            if (typeof analyze === "function") {
                impl = { ...impl, analyze: (call, callback) => inAnalyze(urnOf(call), () => analyze(call, callback)) };
            }
            if (typeof analyzeStack === "function") {
                impl = {
                    ...impl,
                    analyzeStack: (call, callback) =>
                        inAnalyzeStack((done) =>
                            analyzeStack(call, (...a: unknown[]) => {
                                done(urnsOf(call));
                                return (callback as Callback)(...a);
                            }),
                        ),
                };
            }
            return original.call(this, service, impl);
        };
    } catch {
        // Fall back to per-policy config (see declarations()).
    }
}

function urnOf(call: AnalyzeCall): string | undefined {
    try {
        return call.request.getUrn?.();
    } catch {
        return undefined;
    }
}

function urnsOf(call: AnalyzeCall): string[] {
    try {
        return call.request.getResourcesList?.().map((r) => r.getUrn()) ?? [];
    } catch {
        return [];
    }
}

function readConfig(call: ConfigureCall): ConfigMap | undefined {
    try {
        const out: ConfigMap = {};
        call.request.getPolicyconfigMap().forEach((v, k) => {
            out[k] = v.getProperties()?.toJavaScript() ?? {};
        });
        return out;
    } catch {
        return undefined;
    }
}

/** The config properties of one policy as the engine sent them, if captured. */
export function capturedConfig(policy: string): Record<string, unknown> | undefined {
    return captured?.[policy];
}

/** For tests: forget what was captured. */
export function resetCapturedConfig(config?: ConfigMap): void {
    captured = config;
}
