/**
 * The benchmark's side of the analyzer protocol: requests serialized once per stack (so building
 * them is not timed, and both packs get the very same bytes) and sent over a plain gRPC client with
 * the engine's 400 MiB message limit. Message shapes follow `cli/analyzer-client.ts` (what the
 * engine sends: options always set, custom timeouts zero, property dependencies only where
 * non-empty).
 *
 * The AnalyzeStack request is serialized one resource at a time and concatenated (a repeated
 * field is just its elements one after the other on the wire): a JavaScript protobuf object tree of
 * 100,000 resources does not fit in 8 GiB, the bytes do (the engine, in Go, has no such problem).
 */
import * as grpc from "@grpc/grpc-js";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import * as pb from "@pulumi/pulumi/proto/analyzer_pb";
import type { BenchResource } from "./generate";

/** The engine's limit (sdk/go/common/util/rpcutil: 400 MiB), as the policy server's. */
export const MAX_MESSAGE_BYTES = 400 * 1024 * 1024;

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function struct(props: Record<string, unknown>): Struct {
    return Struct.fromJavaScript(props as { [k: string]: Json });
}

function options(): pb.AnalyzerResourceOptions {
    const o = new pb.AnalyzerResourceOptions();
    o.setProtect(false);
    o.setIgnorechangesList([]);
    o.setDeletebeforereplace(false);
    o.setDeletebeforereplacedefined(false);
    o.setAdditionalsecretoutputsList([]);
    o.setAliasesList([]);
    const t = new pb.AnalyzerResourceOptions.CustomTimeouts();
    t.setCreate(0);
    t.setUpdate(0);
    t.setDelete(0);
    o.setCustomtimeouts(t);
    return o;
}

function provider(r: BenchResource): pb.AnalyzerProviderResource | undefined {
    if (!r.provider) return undefined;
    const p = new pb.AnalyzerProviderResource();
    p.setType(r.provider.type);
    p.setName(r.provider.name);
    p.setUrn(r.provider.urn);
    p.setProperties(struct(r.provider.props));
    return p;
}

/** `Analyze` for one resource: its inputs (resource policies see inputs). */
export function analyzeRequest(r: BenchResource): Uint8Array {
    const req = new pb.AnalyzeRequest();
    req.setType(r.type);
    req.setName(r.name);
    req.setUrn(r.urn);
    req.setProperties(struct(r.inputs));
    req.setOptions(options());
    const p = provider(r);
    if (p) req.setProvider(p);
    return req.serializeBinary();
}

function stackResource(r: BenchResource): Uint8Array {
    const res = new pb.AnalyzerResource();
    res.setType(r.type);
    res.setName(r.name);
    res.setUrn(r.urn);
    res.setProperties(struct(r.props));
    res.setOptions(options());
    const p = provider(r);
    if (p) res.setProvider(p);
    res.setDependenciesList([...new Set(Object.values(r.propertyDependencies ?? {}).flat())]);
    const map = res.getPropertydependenciesMap();
    for (const [prop, urns] of Object.entries(r.propertyDependencies ?? {})) {
        if (urns.length === 0) continue;
        const d = new pb.AnalyzerPropertyDependencies();
        d.setUrnsList(urns);
        map.set(prop, d);
    }
    return res.serializeBinary();
}

function varint(n: number): number[] {
    const out: number[] = [];
    while (n > 0x7f) {
        out.push((n & 0x7f) | 0x80);
        n = Math.floor(n / 128);
    }
    out.push(n);
    return out;
}

/** `AnalyzeStack` with every resource (outputs), as bytes: field 1 (`resources`) once per resource. */
export function stackRequest(rs: readonly BenchResource[]): Buffer {
    const parts: Buffer[] = [];
    for (const r of rs) {
        const body = stackResource(r);
        parts.push(Buffer.from([0x0a, ...varint(body.length)]), Buffer.from(body));
    }
    return Buffer.concat(parts);
}

/** `Configure` with each policy's level and properties (the CLI's reconciled config). */
export function configureRequest(levels: Record<string, pb.EnforcementLevel>, properties: Record<string, Record<string, unknown>>): Uint8Array {
    const req = new pb.ConfigureAnalyzerRequest();
    const map = req.getPolicyconfigMap();
    for (const [name, level] of Object.entries(levels)) {
        const c = new pb.PolicyConfig();
        c.setEnforcementlevel(level);
        c.setProperties(struct(properties[name] ?? {}));
        map.set(name, c);
    }
    return req.serializeBinary();
}

export interface Requests {
    configure: Uint8Array;
    analyze: Uint8Array[];
    stack: Uint8Array;
    /** Serialized sizes, for the message-size limit. */
    bytes: { configure: number; analyzeTotal: number; stack: number };
}

export function buildRequests(levels: Record<string, pb.EnforcementLevel>, config: Record<string, Record<string, unknown>>, resources: readonly BenchResource[]): Requests {
    const configure = configureRequest(levels, config);
    const analyze = resources.map(analyzeRequest);
    const stack = stackRequest(resources);
    return { configure, analyze, stack, bytes: { configure: configure.length, analyzeTotal: analyze.reduce((n, r) => n + r.length, 0), stack: stack.length } };
}

const identity = (b: Uint8Array): Buffer => Buffer.from(b.buffer, b.byteOffset, b.byteLength);

/** A client on a pack's port that sends prebuilt request bytes. */
export class Wire {
    private readonly client: grpc.Client;

    constructor(port: number) {
        this.client = new grpc.Client(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), {
            "grpc.max_receive_message_length": MAX_MESSAGE_BYTES,
            "grpc.max_send_message_length": MAX_MESSAGE_BYTES,
        });
    }

    ready(ms = 30_000): Promise<void> {
        return new Promise((resolve, reject) => this.client.waitForReady(Date.now() + ms, (e) => (e ? reject(e) : resolve())));
    }

    private call<Resp>(method: string, bytes: Uint8Array, decode: (b: Buffer) => Resp): Promise<Resp> {
        return new Promise((resolve, reject) =>
            this.client.makeUnaryRequest(`/pulumirpc.Analyzer/${method}`, identity, decode, bytes, new grpc.Metadata(), { deadline: Date.now() + 1_800_000 }, (err, resp) =>
                err ? reject(new Error(`${method}: ${err.details || err.message}`)) : resolve(resp!),
            ),
        );
    }

    async configure(bytes: Uint8Array): Promise<void> {
        await this.call("Configure", bytes, (b) => b);
    }

    /** Number of diagnostics. */
    async analyze(bytes: Uint8Array): Promise<number> {
        return (await this.call("Analyze", bytes, (b) => pb.AnalyzeResponse.deserializeBinary(b))).getDiagnosticsList().length;
    }

    /** The response's bytes (decode them after timing). */
    analyzeStack(bytes: Uint8Array): Promise<Buffer> {
        return this.call("AnalyzeStack", bytes, (b) => b);
    }

    close(): void {
        this.client.close();
    }
}
