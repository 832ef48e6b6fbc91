/**
 * translate/secrets.ts and the secret-aware readers (translate/unknowns.ts), in-process: what was
 * secret is known however it arrives (the wire's secret objects in a stack file, or the marks the
 * pack records where it meets the policy SDK), at any depth and for reads relative to a container;
 * secret settings, numbers and keywords are not used; names are, and the `Redactor` replaces them
 * by property, where they stand alone.
 */
import assert from "node:assert/strict";
import { translate } from "../translate";
import { collectSecrets, markSecrets, Redactor, secretDiagnostics, secretValues } from "../translate/secrets";
import { readArray, readBool, readInt, readKeyword, readString, readStringList } from "../translate/unknowns";
import { T, urn } from "./fixtures/translate/resources";

const SIG = "4dabf18193072939515e22adb298388d";
const SECRET = "1b47061264138c4ac30d75fd1eb44270";
const wire = (value: unknown) => ({ [SIG]: SECRET, value });

/** What the policy SDK hands the pack: the values unwrapped, the places that were secret marked. */
function asFromSdk(js: Record<string, unknown>): Record<string, unknown> {
    const unwrap = (v: unknown): unknown => {
        if (Array.isArray(v)) return v.map(unwrap);
        if (v && typeof v === "object") {
            const o = v as Record<string, unknown>;
            if (o[SIG] === SECRET) return unwrap(o.value);
            return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, unwrap(x)]));
        }
        return v;
    };
    const plain = unwrap(js) as Record<string, unknown>;
    markSecrets(plain, collectSecrets(js));
    return plain;
}

describe("translate/secrets: what was secret is known, and only names are used", () => {
    const js = {
        name: wire("pg-secret-name"),
        vlanId: wire(3917),
        allowPromiscuous: wire(true),
        teamingPolicy: wire("loadbalance_ip"),
        vlanRanges: wire([{ minVlan: 10, maxVlan: 20 }]),
        pvlanMappings: [{ primaryVlanId: wire(5), secondaryVlanId: 6, pvlanType: wire("isolated") }],
        hosts: [{ hostSystemId: wire("host-s"), devices: wire(["vmnic-s1", "vmnic-s2"]) }],
        plain: { vlanId: 7, name: "visible", flag: true },
    };

    for (const [how, props] of [
        ["in a stack file (secret objects in place)", js],
        ["from the policy SDK (unwrapped, marked)", asFromSdk(js)],
    ] as const) {
        it(`${how}: settings, numbers and keywords read as unknown; names as values marked secret`, () => {
            assert.deepEqual(readBool(props, ["allowPromiscuous"]), { kind: "unknown", secret: true });
            assert.deepEqual(readInt(props, ["vlanId"]), { kind: "unknown", secret: true });
            assert.deepEqual(readKeyword(props, ["teamingPolicy"]), { kind: "unknown", secret: true });
            assert.deepEqual(readString(props, ["name"]), { kind: "value", value: "pg-secret-name", secret: true });
            assert.deepEqual(readString(props, ["hosts", 0, "hostSystemId"]), { kind: "value", value: "host-s", secret: true });
            assert.deepEqual(readStringList(props, ["hosts", 0, "devices"]), { kind: "value", value: ["vmnic-s1", "vmnic-s2"] });
            // Inside a secret container, and read relative to the container (as vlans.ts does).
            const ranges = readArray(props, ["vlanRanges"]);
            assert.equal(ranges.kind, "value");
            if (ranges.kind !== "value") return;
            assert.equal(ranges.secret, true);
            assert.deepEqual(readInt(ranges.value, [0, "minVlan"]), { kind: "unknown", secret: true });
            const maps = readArray(props, ["pvlanMappings"]);
            if (maps.kind !== "value") return assert.fail("pvlanMappings");
            assert.deepEqual(readInt(maps.value, [0, "primaryVlanId"]), { kind: "unknown", secret: true });
            assert.deepEqual(readInt(maps.value, [0, "secondaryVlanId"]), { kind: "value", value: 6 }, "its neighbour was not secret");
            assert.deepEqual(readKeyword(maps.value, [0, "pvlanType"]), { kind: "unknown", secret: true });
            // What was not secret reads as before.
            assert.deepEqual(readInt(props, ["plain", "vlanId"]), { kind: "value", value: 7 });
            assert.deepEqual(readBool(props, ["plain", "flag"]), { kind: "value", value: true });
            assert.deepEqual(readString(props, ["plain", "name"]), { kind: "value", value: "visible" });
        });
    }

    it("marks list the names to hide (with their other printed forms) and the interpreted properties left out", () => {
        const marks = collectSecrets({ ...js, nic: wire({ macAddress: "00-50-56-AA-00-01", useStaticMac: true }), long: wire("x".repeat(90)) });
        const by = Object.fromEntries(marks.map((m) => [m.property, m]));
        assert.deepEqual(by.name.values, [["pg-secret-name"]]);
        assert.deepEqual(by.teamingPolicy.values, [], "a keyword is never used, so never printed: not hidden by value either");
        assert.deepEqual(by.teamingPolicy.unused, ["teamingPolicy"]);
        assert.deepEqual(by.vlanId.unused, ["vlanId"]);
        assert.deepEqual(by["hosts[0].devices"].values, [["vmnic-s1"], ["vmnic-s2"]]);
        assert.deepEqual(by.nic.values, [["00-50-56-AA-00-01", "00:50:56:aa:00:01"]]);
        assert.deepEqual(by.nic.unused, ["useStaticMac"]);
        assert.deepEqual(by.long.values, [["x".repeat(90), "x".repeat(80)]]);
        assert.deepEqual(collectSecrets({ p: { [SIG]: SECRET, plaintext: JSON.stringify({ hostSystemId: "h-9" }) } })[0].values, [["h-9"]], "a stack export's plaintext");
    });

    it("one diagnostic per resource names the secret properties it does not use, never their values; none for secrets it does not read", () => {
        const rs = [
            { urn: urn(T.dvpg, "pg"), type: T.dvpg, name: "pg", props: js, propertyDependencies: {}, dependencies: [] },
            { urn: urn(T.host, "h"), type: T.host, name: "h", props: { password: wire("hunter2"), id: "host-1" }, propertyDependencies: {}, dependencies: [] },
            { urn: "urn:pulumi:dev::lab::aws:s3/bucket:Bucket::b", type: "aws:s3/bucket:Bucket", name: "b", props: { version: wire("1") }, propertyDependencies: {}, dependencies: [] },
        ];
        const ds = secretDiagnostics(rs);
        assert.equal(ds.length, 1);
        assert.equal(ds[0].urn, urn(T.dvpg, "pg"));
        assert.match(ds[0].message, /^vlanId, allowPromiscuous, teamingPolicy, vlanRanges, pvlanMappings\[0\]\.primaryVlanId, pvlanMappings\[0\]\.pvlanType of pg are secret\. The pack does not use/);
        assert.doesNotMatch(ds[0].message, /3917|loadbalance_ip|isolated/);
        // And the translation reports it.
        assert.ok(translate(rs, {}).diagnostics.some((d) => d.urn === urn(T.dvpg, "pg") && /are secret/.test(d.message)));
    });

    it("the Redactor replaces names by property where they stand alone, numbers several of one property, and keeps everything else", () => {
        const values = secretValues(collectSecrets({ hostSystemId: wire("host-1"), other: wire("host-2"), devices: wire(["vmnic1", "vmnic2"]), mac: wire("00-50-56-AA-00-01") }));
        const r = new Redactor(values.values());
        assert.equal(r.text("on host-1 and host-11 (not host-1x), host-2"), "on [secret hostSystemId] and host-11 (not host-1x), [secret other]");
        assert.equal(r.text("vmnic1, vmnic2, vmnic10"), "[secret devices #1], [secret devices #2], vmnic10");
        assert.equal(r.text("MAC 00:50:56:aa:00:01 or 00-50-56-AA-00-01"), "MAC [secret mac] or [secret mac]");
        assert.equal(r.text("VLAN 100, web-100"), "VLAN 100, web-100");
        assert.deepEqual(r.value({ a: ["host-1", { "host-2": 3 }], n: 100, t: true }), { a: ["[secret hostSystemId]", { "[secret other]": 3 }], n: 100, t: true });
        // Variants: the forms an output writes a name in.
        const v = new Redactor(secretValues(collectSecrets({ name: wire("a<b") })).values(), (x) => [x, x.replace("<", "&lt;")]);
        assert.equal(v.text("a<b and a&lt;b"), "[secret name] and [secret name]");
        assert.equal(new Redactor([]).empty, true);
    });
});
