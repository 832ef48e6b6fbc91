/**
 * The benchmark's side of the analyzer protocol: requests built once per stack (so building them is
 * not timed, and both packs get the very same messages) and sent over a plain gRPC client with the
 * engine's 400 MiB message limit. Message shapes follow `cli/analyzer-client.ts` (what the engine
 * sends: options always set, custom timeouts zero, property dependencies only where non-empty).
 */
import * as grpc from "@grpc/grpc-js";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import * as pb from "@pulumi/pulumi/proto/analyzer_pb";
import { AnalyzerClient } from "@pulumi/pulumi/proto/analyzer_grpc_pb";
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

export function analyzeRequest(r: BenchResource): pb.AnalyzeRequest {
    const req = new pb.AnalyzeRequest();
    req.setType(r.type);
    req.setName(r.name);
    req.setUrn(r.urn);
    req.setProperties(struct(r.inputs));
    req.setOptions(options());
    const p = provider(r);
    if (p) req.setProvider(p);
    return req;
}

export function stackRequest(rs: readonly BenchResource[]): pb.AnalyzeStackRequest {
    const req = new pb.AnalyzeStackRequest();
    req.setResourcesList(
        rs.map((r) => {
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
            return res;
        }),
    );
    return req;
}

/** `Configure` with each policy's level and properties (the CLI's reconciled config). */
export function configureRequest(levels: Record<string, pb.EnforcementLevel>, properties: Record<string, Record<string, unknown>>): pb.ConfigureAnalyzerRequest {
    const req = new pb.ConfigureAnalyzerRequest();
    const map = req.getPolicyconfigMap();
    for (const [name, level] of Object.entries(levels)) {
        const c = new pb.PolicyConfig();
        c.setEnforcementlevel(level);
        c.setProperties(struct(properties[name] ?? {}));
        map.set(name, c);
    }
    return req;
}

export interface Requests {
    configure: pb.ConfigureAnalyzerRequest;
    analyze: pb.AnalyzeRequest[];
    stack: pb.AnalyzeStackRequest;
    /** Serialized sizes, for the message-size limit. */
    bytes: { configure: number; analyzeTotal: number; stack: number };
}

type Unary<Req, Resp> = (req: Req, md: grpc.Metadata, opts: Partial<grpc.CallOptions>, cb: (err: grpc.ServiceError | null, resp: Resp) => void) => grpc.ClientUnaryCall;

/** A client on a pack's port. */
export class Wire {
    private readonly client: AnalyzerClient;

    constructor(port: number) {
        this.client = new AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), {
            "grpc.max_receive_message_length": MAX_MESSAGE_BYTES,
            "grpc.max_send_message_length": MAX_MESSAGE_BYTES,
        });
    }

    ready(ms = 30_000): Promise<void> {
        return new Promise((resolve, reject) => this.client.waitForReady(Date.now() + ms, (e) => (e ? reject(e) : resolve())));
    }

    private call<Req, Resp>(name: string, method: Unary<Req, Resp>, req: Req): Promise<Resp> {
        return new Promise((resolve, reject) =>
            method.call(this.client, req, new grpc.Metadata(), { deadline: Date.now() + 600_000 }, (err, resp) => (err ? reject(new Error(`${name}: ${err.details || err.message}`)) : resolve(resp))),
        );
    }

    async configure(req: pb.ConfigureAnalyzerRequest): Promise<void> {
        await this.call("Configure", this.client.configure as Unary<pb.ConfigureAnalyzerRequest, unknown>, req);
    }

    analyze(req: pb.AnalyzeRequest): Promise<pb.AnalyzeResponse> {
        return this.call("Analyze", this.client.analyze as Unary<pb.AnalyzeRequest, pb.AnalyzeResponse>, req);
    }

    analyzeStack(req: pb.AnalyzeStackRequest): Promise<pb.AnalyzeResponse> {
        return this.call("AnalyzeStack", this.client.analyzeStack as Unary<pb.AnalyzeStackRequest, pb.AnalyzeResponse>, req);
    }

    close(): void {
        this.client.close();
    }
}
