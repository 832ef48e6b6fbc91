/**
 * Tests that notice (issue 11): the T2 boundary (provider 4.15.0 is the first that sends Reject) and
 * `provider` references `<urn>::<id>` resolved per resource when a stack holds two provider versions.
 * Through the public entry, translate/index.ts.
 */
import assert from "node:assert/strict";
import { translate, type RawResource, type Translation } from "../translate";
import { provider, T, urn, vssLab } from "./fixtures/translate/resources";

const ft = (t: Translation, pgName = "lab-pg") => {
    const pg = t.model.portGroups.find((p) => p.name === pgName);
    assert.ok(pg, `port group ${pgName}`);
    return pg.security.forgedTransmits;
};
const ID = "5c3e0c4c-0000-4000-8000-000000000000";

describe("tests that notice: translation mutants", () => {
    describe("T2 boundary: 4.15.0 is the first provider that sends an unset port group setting as Reject", () => {
        for (const [version, inherits] of [
            ["4.14.99", true],
            ["4.15.0", false],
            ["v4.15.0", false],
            ["4.15.1", false],
            ["5.0.0", false],
        ] as const) {
            it(`provider resource ${version}: unset ${inherits ? "inherits the switch's Accept" : "is an explicit Reject (T2)"}`, () => {
                const p = provider("vsphere", version);
                const t = translate([p, ...vssLab({}, {}, `${p.urn}::${ID}`)], {});
                assert.equal(ft(t).value, inherits ? "accept" : "reject");
                assert.equal(ft(t).origin.kind, inherits ? "inherited" : "providerDefault");
                assert.equal(t.providerVersion.inheritsUnset, inherits);
            });
        }

        it("providerVersion 4.15.0 in config, and a default provider named default_4_15_0, are current too", () => {
            const c = translate(vssLab(), { providerVersion: "4.15.0" });
            assert.equal(ft(c).value, "reject");
            assert.deepEqual(c.providerVersion, { version: "4.15.0", source: "config", inheritsUnset: false });
            const d = translate([provider("default_4_15_0"), ...vssLab()], {});
            assert.equal(ft(d).value, "reject");
            assert.equal(d.providerVersion.inheritsUnset, false);
            const old = translate([provider("default_4_14_9"), ...vssLab()], {});
            assert.equal(ft(old).value, "accept");
        });
    });

    describe("a stack with two provider versions: each resource follows its own provider", () => {
        /** Two host port groups on one standard switch, one per provider, both leaving forged transmits unset. */
        function twoProviders(refOld: (p: RawResource) => string | undefined, refNew: (p: RawResource) => string | undefined): Translation {
            const oldP = provider("vsphere-old", "4.14.0");
            const newP = provider("vsphere-new", "4.17.0");
            const [vss, pgOld, vm] = vssLab({}, {}, refOld(oldP));
            const [, pgNew] = vssLab({ name: "nested-new", vlanId: 30 }, {}, refNew(newP));
            const renamed: RawResource = { ...pgNew, urn: urn(T.hpg, "lab-pg-new"), name: "lab-pg-new" };
            return translate([oldP, newP, vss, pgOld, renamed, vm], {});
        }

        it("references `<urn>::<id>` are resolved: the old provider's port group inherits, the new one's is Reject", () => {
            const t = twoProviders((p) => `${p.urn}::${ID}`, (p) => `${p.urn}::${ID}`);
            assert.equal(ft(t, "lab-pg").value, "accept");
            assert.equal(ft(t, "lab-pg").origin.kind, "inherited");
            assert.equal(ft(t, "lab-pg-new").value, "reject");
            assert.equal(ft(t, "lab-pg-new").origin.rule, "T2");
            // The summary names the oldest and lists both.
            assert.deepEqual(t.providerVersion, { version: "4.14.0", source: "provider resources (4.14.0, 4.17.0)", inheritsUnset: true });
        });

        it("the same, with the newer provider first and the older one named by a bare URN", () => {
            const t = twoProviders((p) => p.urn, (p) => `${p.urn}::${ID}`);
            assert.equal(ft(t, "lab-pg").value, "accept");
            assert.equal(ft(t, "lab-pg-new").value, "reject");
        });

        it("a reference to a provider the stack does not hold falls back to the stack level (the oldest: inherits)", () => {
            const t = twoProviders(() => undefined, () => `${urn(T.provider, "elsewhere")}::${ID}`);
            assert.equal(ft(t, "lab-pg").value, "accept");
            assert.equal(ft(t, "lab-pg-new").value, "accept");
        });
    });
});
