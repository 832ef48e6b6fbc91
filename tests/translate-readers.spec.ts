/**
 * The low-level pieces of translate/: safe property readers, MAC parsing, versions, and peeling
 * the policy SDK's unknown-checking proxy.
 */
import assert from "node:assert/strict";
import type { PolicyResource } from "@pulumi/policy";
import * as sdkProxy from "@pulumi/policy/proxy";
import { fromPolicyResources, translate } from "../translate";
import { parseMac, parseUnicastMac } from "../translate/mac";
import { isUnknown, readBool, readInt, readRaw, readString, readStringList, UNKNOWN_BOOL, UNKNOWN_OBJECT, UNKNOWN_STRING } from "../translate/unknowns";
import { parseVersion } from "../translate/version";
import { T, U, urn, vdsLab } from "./fixtures/translate/resources";

// The SDK's proxy module is internal (its .d.ts is empty); the tests use the real one.
const { unknownCheckingProxy } = sdkProxy as unknown as { unknownCheckingProxy<X extends object>(o: X): X };

describe("translate/unknowns: safe readers", () => {
    const props = {
        a: true,
        s: "x",
        n: 3,
        f: 1.5,
        u: UNKNOWN_BOOL,
        nested: { list: [{ id: UNKNOWN_STRING }, { id: "pg-1" }] },
        obj: UNKNOWN_OBJECT,
        nul: null,
        secret: { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", plaintext: "true" },
    };

    it("tells value, unknown, absent and wrong type apart", () => {
        assert.deepEqual(readBool(props, ["a"]), { kind: "value", value: true });
        assert.deepEqual(readBool(props, ["u"]), { kind: "unknown" });
        assert.deepEqual(readBool(props, ["missing"]), { kind: "absent" });
        assert.deepEqual(readBool(props, ["nul"]), { kind: "absent" });
        assert.deepEqual(readBool(props, ["s"]), { kind: "wrongType", found: "a string" });
        assert.deepEqual(readInt(props, ["f"]), { kind: "wrongType", found: "a number" });
        assert.deepEqual(readInt(props, ["n"]), { kind: "value", value: 3 });
    });

    it("walks paths; an unknown container makes what is below it unknown", () => {
        assert.deepEqual(readString(props, ["nested", "list", 1, "id"]), { kind: "value", value: "pg-1" });
        assert.deepEqual(readString(props, ["nested", "list", 0, "id"]), { kind: "unknown" });
        assert.deepEqual(readString(props, ["obj", "deep", 0]), { kind: "unknown" });
        assert.deepEqual(readString(props, ["nested", "list", 5, "id"]), { kind: "absent" });
        assert.deepEqual(readString(props, ["s", "x"]), { kind: "wrongType", found: "a string" });
        assert.deepEqual(readString(props, ["nested", 0]), { kind: "wrongType", found: "an object" });
    });

    it("unwraps state-file secrets; a secret boolean is not used (tests/translate-secrets.spec.ts)", () => {
        assert.deepEqual(readRaw(props, ["secret"]), { kind: "value", value: true, secret: true });
        assert.deepEqual(readBool(props, ["secret"]), { kind: "unknown", secret: true });
    });

    it("never throws, even on throwing getters and prototype keys", () => {
        const evil = Object.defineProperty({}, "x", {
            enumerable: true,
            get() {
                throw new Error("boom");
            },
        });
        assert.deepEqual(readRaw(evil, ["x"]), { kind: "wrongType", found: "an unreadable value" });
        assert.deepEqual(readRaw({}, ["__proto__"]), { kind: "absent" });
        assert.deepEqual(readRaw({}, ["toString"]), { kind: "absent" });
    });

    it("reads string lists, flagging bad elements", () => {
        const r = readStringList({ l: ["a", 1, "b"] }, ["l"]);
        assert.deepEqual(r, { kind: "value", value: ["a", "b"], bad: [1] });
        assert.deepEqual(readStringList({ l: ["a", U] }, ["l"]), { kind: "unknown" });
    });

    it("knows every sentinel", () => {
        assert.ok(isUnknown(UNKNOWN_STRING) && isUnknown(UNKNOWN_BOOL) && isUnknown("030794c1-ac77-496b-92df-f27374a8bd58"));
        assert.ok(!isUnknown("04da6b54") && !isUnknown(undefined));
    });
});

describe("translate/mac", () => {
    it("canonicalises the four spellings", () => {
        for (const s of ["00:50:56:aa:00:01", "00-50-56-AA-00-01", "0050.56aa.0001", "005056AA0001", " 00:50:56:aa:00:01 "]) {
            assert.deepEqual(parseMac(s), { ok: true, mac: "00:50:56:aa:00:01" }, s);
        }
    });

    it("rejects other forms without echoing them", () => {
        for (const s of ["00:50:56:aa:00", "00:50-56:aa:00:01", "0050:56aa:0001", "00:50:56:aa:00:0g", "", "x".repeat(100_000), "hunter2"]) {
            assert.equal(parseMac(s).ok, false, s.slice(0, 20));
        }
        for (const s of ["hunter2", "x".repeat(100_000)]) {
            const r = parseMac(s);
            assert.ok(!r.ok && !r.reason.includes(s) && r.reason.length < 200);
        }
        assert.equal(parseMac(42).ok, false);
    });

    it("a unicast endpoint MAC cannot be multicast, broadcast or zero", () => {
        assert.equal(parseUnicastMac("01:00:5e:00:00:01").ok, false);
        assert.equal(parseUnicastMac("33:33:00:00:00:01").ok, false);
        assert.equal(parseUnicastMac("ff:ff:ff:ff:ff:ff").ok, false);
        assert.equal(parseUnicastMac("000000000000").ok, false);
        assert.deepEqual(parseUnicastMac("02:00:00:00:00:10"), { ok: true, mac: "02:00:00:00:00:10" });
    });
});

describe("translate/version", () => {
    it("parses provider and switch versions", () => {
        assert.deepEqual(parseVersion("4.15.0"), [4, 15, 0]);
        assert.deepEqual(parseVersion("v4.14.2-alpha.1+dev"), [4, 14, 2]);
        assert.deepEqual(parseVersion("6.6"), [6, 6, 0]);
        assert.equal(parseVersion("latest"), undefined);
        assert.equal(parseVersion(4), undefined);
    });
});

/** What the policy SDK hands a stack policy: props behind its unknown-checking proxy. */
function asPolicyResources(): PolicyResource[] {
    const raw = vdsLab();
    const provider = { type: "pulumi:providers:vsphere", urn: urn("pulumi:providers:vsphere", "default_4_14_0"), name: "default_4_14_0", props: unknownCheckingProxy({ version: "4.14.0" }) };
    const out = raw.map(
        (r) =>
            ({
                type: r.type,
                urn: r.urn,
                name: r.name,
                props: unknownCheckingProxy(r.props),
                opts: {},
                provider,
                dependencies: [],
                propertyDependencies: {},
                isType: () => false,
                asType: () => undefined,
            }) as unknown as PolicyResource,
    );
    const byUrn = new Map(out.map((r) => [r.urn, r]));
    raw.forEach((r, i) => {
        out[i].dependencies = r.dependencies.map((u) => byUrn.get(u)!);
        out[i].propertyDependencies = Object.fromEntries(Object.entries(r.propertyDependencies).map(([k, v]) => [k, v.map((u) => byUrn.get(u)!).filter(Boolean)]));
    });
    return out;
}

describe("translate/peel: fromPolicyResources", () => {
    it("the SDK proxy really throws on an unknown (so peeling matters)", () => {
        const dvpg = asPolicyResources()[1];
        assert.throws(() => dvpg.props.distributedVirtualSwitchUuid, /can't be known during preview/);
    });

    it("peels the proxy: unknowns stay sentinels, dependencies become URNs, the provider is added once", () => {
        const raw = fromPolicyResources(asPolicyResources());
        const dvpg = raw.find((r) => r.type === T.dvpg)!;
        assert.equal(dvpg.props.distributedVirtualSwitchUuid, U);
        assert.deepEqual(dvpg.propertyDependencies, { distributedVirtualSwitchUuid: [urn(T.dvs, "lab-vds")] });
        assert.deepEqual(dvpg.dependencies, [urn(T.dvs, "lab-vds")]);
        assert.equal(dvpg.provider, urn("pulumi:providers:vsphere", "default_4_14_0"));
        const providers = raw.filter((r) => r.type === "pulumi:providers:vsphere");
        assert.equal(providers.length, 1);
        assert.equal(providers[0].props.version, "4.14.0");
    });

    it("translates the peeled resources without tripping the proxy", () => {
        const t = translate(fromPolicyResources(asPolicyResources()), {});
        assert.deepEqual(t.diagnostics, []);
        assert.equal(t.model.portGroups[0].switchId, urn(T.dvs, "lab-vds"));
        assert.equal(t.model.ports.length, 2);
        assert.deepEqual(t.providerVersion, { version: "4.14.0", source: "provider resource", inheritsUnset: true });
    });

    it("accepts plain (unproxied) props too", () => {
        const plain = asPolicyResources().map((r) => ({ ...r, props: { name: r.name } }) as unknown as PolicyResource);
        assert.equal(fromPolicyResources(plain)[0].props.name, "lab-vds");
    });
});
