/** Waiver globs: anchored at both ends, linear in the input, bounded; expiry the day after. */
import assert from "node:assert/strict";
import { compileGlob } from "../../policies/glob";
import { isExpired, matchesResource, MAX_PATTERN, MAX_WAIVERS, parseWaivers, type Waiver } from "../../policies/waivers";

const URN = (name: string) => `urn:pulumi:dev::lab::vsphere:index/virtualMachine:VirtualMachine::${name}`;

describe("waiver globs", () => {
    const table: Array<[string, string, boolean]> = [
        ["*", "", true],
        ["*", "anything", true],
        ["?", "a", true],
        ["?", "", false],
        ["?", "ab", false],
        ["esxi-*", "esxi-01", true],
        ["esxi-*", "xesxi-01", false],
        ["esxi-0?", "esxi-01", true],
        ["esxi-0?", "esxi-012", false],
        ["*-01", "esxi-01", true],
        ["*-01", "esxi-01x", false],
        ["esxi-*1", "esxi-01x", false],
        ["a*a", "a", false],
        ["a*a", "aa", true],
        ["a*b*c", "abc", true],
        ["a*b*c", "acb", false],
        ["a*b*c", "aXbYbZc", true],
        ["*a*a*a*a*a*b", "aaaaab", true],
        ["*a*a*a*a*a*b", "aaaab", false],
        ["*a*a*a*a*a*b", "a".repeat(80), false],
        ["*a*a*a*a*a*b", `${"a".repeat(80)}b`, true],
        ["*?b", "b", false],
        ["*?b", "ab", true],
        ["a?c*", "abcdef", true],
        ["a?c*", "abxdef", false],
        ["**", "x", true],
        ["*x*", "abc", false],
        ["*.*", "a.b", true],
        ["a.c", "abc", false],
        ["(x)|[y]+", "(x)|[y]+", true],
        ["*ab?*", "zzab", false],
        ["*ab?*", "zzabq", true],
    ];
    for (const [glob, text, want] of table) {
        it(`${JSON.stringify(glob)} ${want ? "matches" : "does not match"} ${JSON.stringify(text.length > 20 ? `${text.slice(0, 10)}…(${text.length})` : text)}`, () => {
            assert.equal(compileGlob(glob).test(text), want);
        });
    }

    it("matches the same as an anchored regular expression on random cases", () => {
        let seed = 7;
        const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n);
        for (let i = 0; i < 3000; i++) {
            const glob = Array.from({ length: 1 + rnd(6) }, () => "ab*?"[rnd(4)]).join("");
            const text = Array.from({ length: rnd(8) }, () => "ab"[rnd(2)]).join("");
            const re = new RegExp(`^${glob.replace(/\*/g, "[^]*").replace(/\?/g, "[^]")}$`);
            assert.equal(compileGlob(glob).test(text), re.test(text), `${glob} on ${text}`);
        }
    });

    it("a glob must match at the end too: esxi-*1 does not cover esxi-01x (nor its URN)", () => {
        assert.equal(matchesResource("esxi-*1", URN("esxi-01x")), false);
        assert.equal(matchesResource("esxi-*1", URN("esxi-01")), true);
        assert.equal(matchesResource("*esxi-01", URN("esxi-01-old")), false);
    });

    it("the adversarial glob *a*a*a*a*a*b completes on 80- and 10,000-character names (a backtracking regex takes hours)", () => {
        const start = Date.now();
        for (const n of [80, 1000, 10_000]) {
            assert.equal(matchesResource("*a*a*a*a*a*b", URN("a".repeat(n))), false);
            assert.equal(matchesResource("*a*a*a*a*a*b", URN(`${"a".repeat(n)}b`)), true);
            assert.equal(matchesResource("*a?a*a?a*a*?b", URN("a".repeat(n))), false);
        }
        assert.ok(Date.now() - start < 5000, `took ${Date.now() - start} ms`);
    });

    it("bounds: more waivers than the limit, or a pattern that is too long, are reported with a clear message", () => {
        const w = (resource: string) => ({ policy: "p", resource, reason: "because" });
        const many = parseWaivers(Array.from({ length: MAX_WAIVERS + 5 }, () => w("x")), ["p"]);
        assert.equal(many.waivers.length, MAX_WAIVERS);
        assert.match(many.errors.map((e) => e.message).join(), new RegExp(`has ${MAX_WAIVERS + 5} waivers; at most ${MAX_WAIVERS} are read`));
        const long = parseWaivers([w("*".repeat(MAX_PATTERN + 1))], ["p"]);
        assert.equal(long.waivers.length, 0);
        assert.deepEqual(long.errors, [{ path: "waivers[0].resource", message: `is ${MAX_PATTERN + 1} characters long; at most ${MAX_PATTERN} are allowed` }]);
    });

    it("a waiver applies on its expiry day and expires the day after", () => {
        const w: Waiver = { index: 0, policy: "p", resource: "x", reason: "r", expires: "2026-03-10" };
        assert.equal(isExpired(w, "2026-03-09"), false);
        assert.equal(isExpired(w, "2026-03-10"), false, "still applies on the expiry day");
        assert.equal(isExpired(w, "2026-03-11"), true, "expired the day after");
        assert.equal(isExpired({ ...w, expires: undefined }, "2999-01-01"), false);
    });
});
