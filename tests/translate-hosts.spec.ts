/**
 * translate(): host facts the stack cannot say (`hosts` config of nested-workloads-reachable):
 * Net.ReversePathFwdCheckPromisc (U4) declared or from the ESXi version, the physical side (L1–L3).
 */
import assert from "node:assert/strict";
import { declarationsSchema, translate } from "../translate";
import { didYouMean } from "../translate/host-facts";
import type { Declarations, Translation } from "../translate/types";
import { host, res, T, U, vdsLab } from "./fixtures/translate/resources";

const hostOf = (t: Translation, id: string) => {
    const h = t.model.hosts.find((x) => x.id === id);
    assert.ok(h, `host ${id} in the model`);
    return h;
};
const configDiags = (t: Translation) => t.diagnostics.filter((d) => d.kind === "config");
/** Config as a user may write it, unchecked. */
const run = (hosts: unknown, dvs: Record<string, unknown> = {}): Translation => translate(vdsLab(dvs), { hosts } as unknown as Declarations);

describe("translate hosts: RPF check for promiscuous ports (U4)", () => {
    it("nothing declared: 0 assumed on every host, the trace can say so", () => {
        const t = run(undefined);
        for (const id of ["host-11", "host-12"]) {
            const h = hostOf(t, id);
            assert.equal(h.rpfCheckPromisc, false);
            assert.deepEqual({ kind: h.rpfOrigin?.kind, rule: h.rpfOrigin?.rule, property: h.rpfOrigin?.property }, { kind: "assumed", rule: "U4", property: `hosts.${id}.rpfCheckPromisc` });
            assert.match(h.rpfOrigin?.note ?? "", /assumed 0, the default up to ESXi 8\.0/);
        }
        assert.deepEqual(t.diagnostics, []);
    });

    it("declared per host wins; the others take the default of the ESXi version given for *", () => {
        const t = run({ "*": { esxiVersion: "8.0.3" }, "host-11": { rpfCheckPromisc: true } });
        const h11 = hostOf(t, "host-11");
        assert.equal(h11.rpfCheckPromisc, true);
        assert.deepEqual({ kind: h11.rpfOrigin?.kind, property: h11.rpfOrigin?.property }, { kind: "declared", property: "hosts.host-11.rpfCheckPromisc" });
        const h12 = hostOf(t, "host-12");
        assert.equal(h12.rpfCheckPromisc, false);
        assert.deepEqual({ kind: h12.rpfOrigin?.kind, property: h12.rpfOrigin?.property }, { kind: "assumed", property: "hosts.*.esxiVersion" });
        assert.match(h12.rpfOrigin?.note ?? "", /ESXi 8\.0\.3 defaults it to 0/);
        assert.deepEqual(t.diagnostics, []);
    });

    it("ESXi 9.0 and later default to 1; a declared 0 under * is overridden field by field", () => {
        const t = run({ "*": { rpfCheckPromisc: false }, "host-12": { esxiVersion: "9.0.1" } });
        assert.equal(hostOf(t, "host-11").rpfCheckPromisc, false);
        // host-12 declares only a version; the declared * value still decides.
        assert.equal(hostOf(t, "host-12").rpfCheckPromisc, false);
        assert.equal(hostOf(t, "host-12").rpfOrigin?.property, "hosts.*.rpfCheckPromisc");
        const t2 = run({ "host-12": { esxiVersion: "v9.0" } });
        assert.equal(hostOf(t2, "host-12").rpfCheckPromisc, true);
        assert.match(hostOf(t2, "host-12").rpfOrigin?.note ?? "", /ESXi 9\.0\.0 defaults it to 1/);
    });

    it("accepts 0 and 1 for rpfCheckPromisc (Net.ReversePathFwdCheckPromisc's own values)", () => {
        const t = run({ "host-11": { rpfCheckPromisc: 1 }, "host-12": { rpfCheckPromisc: 0 } });
        assert.equal(hostOf(t, "host-11").rpfCheckPromisc, true);
        assert.equal(hostOf(t, "host-12").rpfCheckPromisc, false);
        assert.equal(hostOf(t, "host-12").rpfOrigin?.kind, "declared");
    });

    it("a Host resource's Pulumi name names the host too", () => {
        const h = host("esxi-phys-1");
        const t = translate([h, res(T.vss, "vs", { name: "vSwitch1", hostSystemId: U, activeNics: ["vmnic1"], networkAdapters: ["vmnic1"] }, { hostSystemId: [h.urn] })], {
            hosts: { "esxi-phys-1": { rpfCheckPromisc: true } },
        });
        assert.equal(hostOf(t, h.urn).rpfCheckPromisc, true);
        assert.deepEqual(configDiags(t), []);
    });
});

describe("translate hosts: the physical side (L1–L3)", () => {
    it("declared port channel per host; else none, assumed", () => {
        const t = run({ "host-11": { portChannel: "static" } });
        assert.deepEqual(hostOf(t, "host-11").channel, { kind: "static", origin: { kind: "declared", objectId: "host-11", property: "hosts.host-11.portChannel", rule: "L1", note: "declared in policy config" } });
        const c12 = hostOf(t, "host-12").channel;
        assert.deepEqual({ kind: c12?.kind, origin: c12?.origin.kind }, { kind: "none", origin: "assumed" });
        assert.match(c12?.origin.note ?? "", /no port channel assumed/);
    });

    it("members of a distributed switch running LACP assume LACP on the physical side (L3), unless declared", () => {
        const t = run({ "host-12": { portChannel: "none" } }, { lacpEnabled: true });
        const c11 = hostOf(t, "host-11").channel;
        assert.deepEqual({ kind: c11?.kind, origin: c11?.origin.kind, rule: c11?.origin.rule }, { kind: "lacp", origin: "assumed", rule: "L3" });
        assert.match(c11?.origin.note ?? "", /lab-vds runs LACP/);
        assert.equal(hostOf(t, "host-12").channel?.kind, "none");
        assert.equal(hostOf(t, "host-12").channel?.origin.kind, "declared");
    });

    it("a host with another switch with uplinks besides the LACP one keeps none, assumed (its other NICs are not in the LAG)", () => {
        const vss = res(T.vss, "vs", { name: "vSwitch1", hostSystemId: "host-11", activeNics: ["vmnic5"], networkAdapters: ["vmnic5"] });
        const internal = res(T.vss, "vs-int", { name: "vSwitch2", hostSystemId: "host-12", activeNics: [], networkAdapters: [] });
        const t = translate([vss, internal, ...vdsLab({ lacpEnabled: true })], {});
        assert.equal(hostOf(t, "host-11").channel?.kind, "none");
        assert.equal(hostOf(t, "host-12").channel?.kind, "lacp", "an internal switch has no links to aggregate");
    });
});

describe("translate hosts: config that names nothing or is malformed", () => {
    it("LACP declared for a host on no distributed switch: standard switches have only static channels (L1)", () => {
        const vss = res(T.vss, "vs", { name: "vSwitch1", hostSystemId: "host-21", activeNics: ["vmnic1"], networkAdapters: ["vmnic1"] });
        const t = translate([vss, ...vdsLab()], { hosts: { "host-21": { portChannel: "lacp" }, "host-11": { portChannel: "lacp" }, "*": { portChannel: "lacp" } } });
        const d = configDiags(t);
        assert.deepEqual(d.map((x) => x.configPath), ["hosts.host-21.portChannel"]);
        assert.match(d[0].message, /only a static EtherChannel \(L1\)/);
        assert.equal(hostOf(t, "host-21").channel?.kind, "lacp", "kept as declared");
    });


    it("an unknown host key: a config diagnostic with a did-you-mean", () => {
        const t = run({ "host-1l": { rpfCheckPromisc: true } });
        const d = configDiags(t);
        assert.equal(d.length, 1);
        assert.equal(d[0].configPath, "hosts.host-1l");
        assert.match(d[0].message, /names no host of this stack/);
        assert.match(d[0].message, /did you mean "host-11"\?/);
        assert.equal(hostOf(t, "host-11").rpfCheckPromisc, false);
        const far = configDiags(run({ "esxi-zzz-42": {} }));
        assert.equal(far.length, 1);
        assert.doesNotMatch(far[0].message, /did you mean/);
    });

    it("bad values are reported one by one and the rest of the entry is used", () => {
        const t = run({ "host-11": { rpfCheckPromisc: "yes", esxiVersion: "eight", portChannel: "lag", nativeVlan: 5000, mtu: 9000 }, "host-12": { nativeVlan: 20, esxiVersion: "9.0.0", portChannel: 3 } });
        const paths = configDiags(t).map((d) => d.configPath).sort();
        assert.deepEqual(paths, ["hosts.host-11.esxiVersion", "hosts.host-11.mtu", "hosts.host-11.nativeVlan", "hosts.host-11.portChannel", "hosts.host-11.rpfCheckPromisc", "hosts.host-12.portChannel"]);
        assert.equal(hostOf(t, "host-11").rpfOrigin?.kind, "assumed");
        assert.equal(hostOf(t, "host-12").rpfCheckPromisc, true);
    });

    it("an entry or the whole map of the wrong shape is reported and ignored", () => {
        const t = run({ "host-11": "lacp", "*": [1] });
        assert.deepEqual(configDiags(t).map((d) => d.configPath).sort(), ["hosts.*", "hosts.host-11"]);
        for (const bad of ["host-11", 7, [{}]]) {
            const t2 = run(bad);
            assert.deepEqual(configDiags(t2).map((d) => d.configPath), ["hosts"]);
            assert.equal(hostOf(t2, "host-11").rpfCheckPromisc, false);
        }
        assert.deepEqual(run(null).diagnostics, []);
    });

    it("did-you-mean: close names only, case-insensitive, bounded", () => {
        assert.equal(didYouMean("HOST-12", ["host-11", "host-12"]), "host-12");
        assert.equal(didYouMean("host-122", ["host-11", "host-12"]), "host-12");
        assert.equal(didYouMean("x", ["host-11"]), undefined);
        assert.equal(didYouMean("h".repeat(500), ["h".repeat(500)]), undefined);
    });

    it("the config schema declares hosts with its four keys and nothing else", () => {
        const hosts = declarationsSchema.properties.hosts;
        assert.equal(hosts.type, "object");
        const entry = hosts.additionalProperties;
        assert.ok(entry && typeof entry === "object");
        assert.deepEqual(Object.keys(entry.properties ?? {}).sort(), ["esxiVersion", "nativeVlan", "portChannel", "rpfCheckPromisc"]);
        assert.equal(entry.additionalProperties, false);
        assert.deepEqual(entry.properties?.portChannel.enum, ["none", "static", "lacp"]);
    });
});
