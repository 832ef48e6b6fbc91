/**
 * What the policy SDK itself costs per stack policy: `makeAnalyzeStackRpcFun` deserializes every
 * resource (Struct → JavaScript, unknown-checking proxy, dependencies resolved) once for *each*
 * stack policy. Run by bench/run.ts in a fresh process, `node dist/bench/sdk-cost.js <size>`;
 * prints one JSON line: the time to decode the request (what gRPC does before the handler), and
 * the handler's time with 1 and with N no-op stack policies, so the per-policy cost is
 * (t(N) − t(1)) / (N − 1). Nothing of this pack runs here.
 */
import * as pb from "@pulumi/pulumi/proto/analyzer_pb";
import { generateStack } from "./generate";
import { installDeserializeMemo } from "../policies/sdkMemo";
import { stackRequest } from "./wire";

interface RpcCall {
    request: pb.AnalyzeStackRequest;
}
type Handler = (call: RpcCall, cb: (err: unknown, resp?: pb.AnalyzeResponse) => void) => void;

// The SDK's internal (but exported) factory of the AnalyzeStack handler.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const server = require("@pulumi/policy/server") as {
    makeAnalyzeStackRpcFun(name: string, version: string, level: string, policies: unknown[]): Handler;
};

function now(): number {
    return Number(process.hrtime.bigint()) / 1e6;
}

function handle(policies: number, req: pb.AnalyzeStackRequest): Promise<number> {
    const list = Array.from({ length: policies }, (_, i) => ({ name: `noop-${i}`, description: "no-op", enforcementLevel: "advisory", validateStack: () => undefined }));
    const fn = server.makeAnalyzeStackRpcFun("bench", "0.0.1", "advisory", list);
    return new Promise((resolve, reject) => {
        const t = now();
        fn({ request: req }, (err) => (err ? reject(err) : resolve(now() - t)));
    });
}

async function main(): Promise<void> {
    const size = Number(process.argv[2] ?? 1000);
    const many = Number(process.argv[3] ?? 6);
    // --memo: with the pack's memo around deserializeProperties (policies/sdkMemo.ts) installed.
    const memo = process.argv.includes("--memo") ? installDeserializeMemo().installed : false;
    const bytes = stackRequest(generateStack(size).resources);
    const t0 = now();
    const req = pb.AnalyzeStackRequest.deserializeBinary(bytes);
    const decodeMs = now() - t0;
    // Each measurement gets a freshly decoded request, as each real call does (the memo is per request).
    const fresh = () => pb.AnalyzeStackRequest.deserializeBinary(bytes);
    // Warm-up at the smallest count, then the two measurements.
    await handle(1, req);
    const one = await handle(1, fresh());
    const n = await handle(many, fresh());
    process.stdout.write(`${JSON.stringify({ size, memo, requestBytes: bytes.length, decodeMs, oneMs: one, manyMs: n, policies: many, perPolicyMs: (n - one) / (many - 1) })}\n`);
}

void main();
