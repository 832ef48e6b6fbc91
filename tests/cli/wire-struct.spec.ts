/**
 * The protocol bytes `vsnet` sends (cli/wire-struct.ts, issue 11 "memory"): the properties are
 * written straight from the JavaScript values instead of through google-protobuf `Struct` objects.
 * They must be the very bytes google-protobuf writes, and decode to the same requests; and the
 * memory they save is measured on a real `vsnet check`.
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import fc from "fast-check";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import * as pb from "@pulumi/pulumi/proto/analyzer_pb";
import { analyzeRequestBytes, analyzeStackRequestBytes, secret, UNKNOWN_STRING, type ResourceInput } from "../../cli/analyzer-client";
import { lengthDelimited, structField } from "../../cli/wire-struct";
import { ROOT, vsnet } from "./run";

const SEED = Number(process.env.WIRE_SEED ?? 20261202);
const RUNS = Number(process.env.WIRE_RUNS ?? 300);

/** What the client sent before: undefined entries dropped, undefined list elements null (its `toJson`). */
function cleaned(v: unknown): unknown {
    if (Array.isArray(v)) return v.map((e) => (e === undefined ? null : cleaned(e)));
    if (typeof v === "object" && v !== null) return Object.fromEntries(Object.entries(v).filter(([, e]) => e !== undefined).map(([k, e]) => [k, cleaned(e)]));
    return v;
}

/** google-protobuf's bytes for `props` as field 2 of a message. */
function reference(props: Record<string, unknown>): Buffer {
    return lengthDelimited(2, Struct.fromJavaScript(cleaned(props) as never).serializeBinary());
}

/** JSON-like values as the stack files give them, with the corners: -0, huge and tiny numbers, empty keys, full unicode, undefined. */
const leaf = fc.oneof(
    fc.constant(null),
    fc.boolean(),
    fc.double({ noNaN: true }),
    fc.integer(),
    fc.constantFrom(0, -0, 2 ** 53, -(2 ** 31), 1e308, 5e-324),
    fc.string({ unit: "binary", maxLength: 40 }),
    fc.string({ maxLength: 300 }),
    fc.constantFrom("", UNKNOWN_STRING, "x".repeat(200)),
);
const { value: jsonish } = fc.letrec<{ value: unknown }>((tie) => ({
    value: fc.oneof({ depthSize: "small", withCrossShrink: true }, leaf, fc.array(fc.oneof(tie("value"), fc.constant(undefined)), { maxLength: 6 }), fc.dictionary(fc.string({ unit: "binary", maxLength: 8 }), fc.oneof(tie("value"), fc.constant(undefined)), { maxKeys: 6 })),
}));
const props = fc.dictionary(fc.string({ unit: "binary", maxLength: 10 }), jsonish, { maxKeys: 8 });

function resource(name: string, p: Record<string, unknown>, extra: Partial<ResourceInput> = {}): ResourceInput {
    return { type: "vsphere:index/virtualMachine:VirtualMachine", name, urn: `urn:pulumi:dev::lab::vsphere:index/virtualMachine:VirtualMachine::${name}`, props: p, ...extra };
}

describe("protocol bytes without Struct objects (cli/wire-struct.ts)", () => {
    it(`the properties are the bytes google-protobuf writes, on ${RUNS} random values (seed ${SEED}, WIRE_SEED)`, () => {
        fc.assert(
            fc.property(props, (p) => {
                assert.ok(structField(2, p, "props").equals(reference(p)));
            }),
            { numRuns: RUNS, seed: SEED },
        );
    });

    it("and on the values a stack really holds: secrets, unknowns, nested lists and objects, long strings, a length past one varint byte", () => {
        const p = {
            name: "esxi-01",
            hostSystemId: secret("host-11"),
            networkInterfaces: [{ networkId: UNKNOWN_STRING, macAddress: "00:50:56:aa:00:01", useStaticMac: true, bandwidthLimit: -1 }],
            extraConfig: { "guestinfo.x": "é€𝄞", "": "empty key" },
            annotation: "a".repeat(70_000),
            numCpus: 4,
            memory: 16384.5,
            tags: [],
            folder: null,
            gone: undefined,
        };
        assert.ok(structField(2, p, "props").equals(reference(p)));
        assert.ok(structField(2, {}, "props").equals(reference({})));
    });

    it("whole requests decode to what was sent: type, name, URN, options, properties, provider, parent, dependencies, property dependencies", () => {
        const provider = { type: "pulumi:providers:vsphere", name: "default", urn: "urn:pulumi:dev::lab::pulumi:providers:vsphere::default", props: { version: "4.17.0", password: secret("pw") } };
        const a = resource("esxi-01", { name: "esxi-01", networkInterfaces: [{ networkId: "dvportgroup-1" }] }, { provider, options: { protect: true, additionalSecretOutputs: ["name"], ignoreChanges: ["tags"] } });
        const b = resource("web-01", { name: "web-01" }, { parent: a.urn, dependencies: [a.urn], propertyDependencies: { networkInterfaces: [a.urn], empty: [] } });

        const one = pb.AnalyzeRequest.deserializeBinary(analyzeRequestBytes(a));
        assert.equal(one.getType(), a.type);
        assert.equal(one.getName(), "esxi-01");
        assert.equal(one.getUrn(), a.urn);
        assert.deepEqual(one.getProperties()!.toJavaScript(), a.props);
        assert.equal(one.getOptions()!.getProtect(), true);
        assert.deepEqual(one.getOptions()!.getAdditionalsecretoutputsList(), ["name"]);
        assert.deepEqual(one.getOptions()!.getIgnorechangesList(), ["tags"]);
        assert.equal(one.getProvider()!.getUrn(), provider.urn);
        assert.equal(one.getProvider()!.getName(), "default");
        assert.equal(one.getProvider()!.getType(), provider.type);
        assert.deepEqual(one.getProvider()!.getProperties()!.toJavaScript(), provider.props);

        const stack = pb.AnalyzeStackRequest.deserializeBinary(analyzeStackRequestBytes([a, b]));
        const [ra, rb] = stack.getResourcesList();
        assert.equal(stack.getResourcesList().length, 2);
        assert.deepEqual(ra.getProperties()!.toJavaScript(), a.props);
        assert.deepEqual(ra.getProvider()!.getProperties()!.toJavaScript(), provider.props);
        assert.equal(rb.getName(), "web-01");
        assert.equal(rb.getParent(), a.urn);
        assert.deepEqual(rb.getDependenciesList(), [a.urn]);
        const deps = rb.getPropertydependenciesMap();
        assert.deepEqual(deps.get("networkInterfaces")!.getUrnsList(), [a.urn]);
        assert.equal(deps.has("empty"), false, "the engine skips properties without dependencies");
        assert.equal(rb.getProvider(), undefined);
    });

    it("a value that cannot go on the wire is refused with its path, as before", () => {
        class Thing {}
        const cases: Array<[unknown, RegExp]> = [
            [() => 1, /resource x\.props\.a\.b\[1\]: function cannot go on the wire/],
            [10n, /resource x\.props\.a\.b\[1\]: bigint cannot go on the wire/],
            [new Thing(), /resource x\.props\.a\.b\[1\]: only plain objects can go on the wire/],
            [new Date(0), /resource x\.props\.a\.b\[1\]: only plain objects can go on the wire/],
            [Symbol("s"), /resource x\.props\.a\.b\[1\]: symbol cannot go on the wire/],
        ];
        for (const [bad, re] of cases) assert.throws(() => analyzeRequestBytes(resource("x", { a: { b: [1, bad] } })), re);
        // Plain objects without a prototype are fine.
        const bare = Object.assign(Object.create(null) as Record<string, unknown>, { k: "v" });
        assert.deepEqual(pb.AnalyzeRequest.deserializeBinary(analyzeRequestBytes(resource("x", { bare }))).getProperties()!.toJavaScript(), { bare: { k: "v" } });
    });

    it("a lone UTF-16 surrogate is sent as U+FFFD (what the engine's JSON decoder gives), never as broken UTF-8", () => {
        const bytes = structField(2, { s: "a\ud800b", t: "\udc00" }, "props");
        const decoded = pb.AnalyzeRequest.deserializeBinary(bytes).getProperties()!.toJavaScript();
        assert.deepEqual(decoded, { s: "a\ufffdb", t: "\ufffd" });
    });
});

/**
 * Peak memory of `vsnet check` (its own resident set, `process.resourceUsage().maxRSS`, and its pack
 * process's), reported by a module preloaded into both through NODE_OPTIONS. Building `Struct`s and
 * google-protobuf's byte arrays took about 25 times the file; the bound here is 10.
 */
describe("vsnet check memory", function () {
    this.timeout(300_000);
    let tmp: string;
    before(() => {
        tmp = fs.mkdtempSync(path.join(os.tmpdir(), "vsnet-mem-"));
        fs.writeFileSync(
            path.join(tmp, "hook.js"),
            [
                `const pack = process.argv.some((a) => a.includes("run-policy-pack"));`,
                `const report = () => require("fs").appendFileSync(process.env.VSNET_RSS_FILE, JSON.stringify({ pack, kib: process.resourceUsage().maxRSS }) + "\\n");`,
                `process.on("exit", report);`,
                // vsnet ends its pack with SIGTERM, which skips exit handlers.
                `if (pack) process.on("SIGTERM", () => process.exit(143));`,
                "",
            ].join("\n"),
        );
    });
    after(() => fs.rmSync(tmp, { recursive: true, force: true }));

    async function peak(stackFile: string, tag: string): Promise<{ vsnet: number; pack: number }> {
        const out = path.join(tmp, `${tag}.rss`);
        const r = await vsnet(["check", stackFile, "--config", path.join(ROOT, "examples/nested-vds-mac-learning/policy-config.json"), "--format", "json", "--fail-on", "never"], {
            env: { NODE_OPTIONS: `--require ${path.join(tmp, "hook.js")}`, VSNET_RSS_FILE: out },
        });
        assert.equal(r.code, 0, r.stderr);
        const rows = fs.readFileSync(out, "utf8").trim().split("\n").map((l) => JSON.parse(l) as { pack: boolean; kib: number });
        const mib = (pack: boolean) => Math.max(...rows.filter((x) => x.pack === pack).map((x) => x.kib)) / 1024;
        return { vsnet: mib(false), pack: mib(true) };
    }

    it("a stack with one 6 MiB value costs vsnet less than 10 times the file over the same stack without it", async () => {
        const lab = path.join(ROOT, "examples/nested-vds-mac-learning/stack.json");
        const doc = JSON.parse(fs.readFileSync(lab, "utf8")) as { deployment: { resources: Array<{ type: string; inputs?: Record<string, unknown>; outputs?: Record<string, unknown> }> } };
        const vm = doc.deployment.resources.find((r) => r.type === "vsphere:index/virtualMachine:VirtualMachine")!;
        const big = "n".repeat(6 * 2 ** 20);
        vm.inputs = { ...vm.inputs, annotation: big };
        vm.outputs = { ...vm.outputs, annotation: big };
        const bigFile = path.join(tmp, "big.json");
        fs.writeFileSync(bigFile, JSON.stringify(doc));
        const fileMiB = fs.statSync(bigFile).size / 2 ** 20;
        const small = await peak(lab, "small");
        const large = await peak(bigFile, "large");
        const perFile = (large.vsnet - small.vsnet) / fileMiB;
        console.log(`      vsnet ${small.vsnet.toFixed(0)} → ${large.vsnet.toFixed(0)} MiB, pack ${small.pack.toFixed(0)} → ${large.pack.toFixed(0)} MiB for a ${fileMiB.toFixed(1)} MiB file: vsnet +${perFile.toFixed(1)}× the file`);
        assert.ok(perFile < 10, `vsnet grew by ${perFile.toFixed(1)} times the file`);
    });
});
