/**
 * The memo around the policy SDK's deserializeProperties (policies/sdkMemo.ts), run in-process
 * through the SDK's own AnalyzeStack handler: it applies on the pinned SDK, each resource is
 * deserialized once per request, policies do not see each other's mutations, and secret paths are
 * marked.
 */
import assert from "node:assert/strict";
import * as pb from "@pulumi/pulumi/proto/analyzer_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { installDeserializeMemo, memoState } from "../../policies/sdkMemo";
import { unproxy } from "../../translate/peel";
import { secretMarksOf } from "../../translate/secrets";
import { secret } from "../harness/analyzer";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const server = require("@pulumi/policy/server") as { makeAnalyzeStackRpcFun(name: string, version: string, level: string, policies: StackValidationPolicy[]): (call: unknown, cb: (err: unknown, res: unknown) => void) => void };

function request(resources: Array<{ name: string; props: Record<string, unknown> }>): pb.AnalyzeStackRequest {
    const req = new pb.AnalyzeStackRequest();
    req.setResourcesList(
        resources.map((r) => {
            const a = new pb.AnalyzerResource();
            a.setType("vsphere:index/host:Host");
            a.setName(r.name);
            a.setUrn(`urn:pulumi:dev::lab::vsphere:index/host:Host::${r.name}`);
            a.setProperties(Struct.fromJavaScript(r.props as never));
            a.setOptions(new pb.AnalyzerResourceOptions());
            return a;
        }),
    );
    return req;
}

function run(policies: StackValidationPolicy[], req: pb.AnalyzeStackRequest): Promise<void> {
    const handler = server.makeAnalyzeStackRpcFun("memo-test", "0.0.1", "advisory", policies);
    return new Promise((resolve, reject) => handler({ request: req }, (err) => (err ? reject(err as Error) : resolve())));
}

const policy = (name: string, fn: (rs: readonly PolicyResource[]) => void): StackValidationPolicy => ({ name, description: name, enforcementLevel: "advisory", validateStack: (args) => fn(args.resources) });

describe("memo around the policy SDK's deserializeProperties", () => {
    before(() => {
        installDeserializeMemo();
    });

    it("applies on the pinned SDK (@pulumi/policy 1.21.0): a change of layout must be noticed here", () => {
        assert.equal(memoState.installed, true, `not installed: ${memoState.reason}`);
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        assert.match((require("@pulumi/policy/package.json") as { version: string }).version, /^v?1\.21\.0$/);
    });

    it("deserializes each resource once per request, whatever the number of stack policies", async () => {
        const before = { ...memoState };
        const rs = Array.from({ length: 10 }, (_, i) => ({ name: `h${i}`, props: { name: `h${i}`, n: i } }));
        const seen: unknown[] = [];
        await run([1, 2, 3, 4].map((k) => policy(`p${k}`, (res) => seen.push(res.map((r) => unproxy(r.props).name)))), request(rs));
        assert.equal(memoState.misses - before.misses, 10);
        assert.equal(memoState.hits - before.hits, 30);
        assert.equal(seen.length, 4);
        for (const s of seen) assert.deepEqual(s, rs.map((r) => r.name));
        // A new request (new Structs) is deserialized again: nothing carries over.
        await run([policy("p", () => undefined)], request(rs));
        assert.equal(memoState.misses - before.misses, 20);
    });

    it("a policy that mutates its resources does not affect the next policy", async () => {
        const props = { name: "h0", list: [1, 2, { deep: "x" }], nested: { a: { b: "c" } }, secretOne: secret("s3cr3t-value") };
        let seen: unknown;
        const mutate = policy("mutator", (rs) => {
            const p = unproxy(rs[0].props) as Record<string, unknown>;
            p.name = "changed";
            (p.list as unknown[]).push(99);
            ((p.list as unknown[])[2] as Record<string, unknown>).deep = "changed";
            ((p.nested as Record<string, Record<string, unknown>>).a).b = "changed";
            delete p.secretOne;
            (rs[0].props as Record<string, unknown>).added = true;
        });
        const observe = policy("observer", (rs) => {
            seen = JSON.parse(JSON.stringify(unproxy(rs[0].props)));
        });
        await run([mutate, observe], request([{ name: "h0", props }]));
        assert.deepEqual(seen, { name: "h0", list: [1, 2, { deep: "x" }], nested: { a: { b: "c" } }, secretOne: "s3cr3t-value" });
    });

    it("keeps the marks of what was secret on the wire, which the SDK unwraps", async () => {
        let marks: string[] = [];
        let value: unknown;
        await run(
            [
                policy("p", (rs) => {
                    const raw = unproxy(rs[0].props);
                    value = raw.hostSystemId;
                    marks = secretMarksOf(raw).map((m) => m.property);
                }),
            ],
            request([{ name: "vm", props: { hostSystemId: secret("host-secret-1"), networkInterfaces: [{ networkId: "n", macAddress: secret("00:50:56:00:00:01") }], name: "vm" } }]),
        );
        assert.equal(value, "host-secret-1", "the SDK still hands the plain value to policies");
        assert.deepEqual(marks.sort(), ["hostSystemId", "networkInterfaces[0].macAddress"]);
    });
});
