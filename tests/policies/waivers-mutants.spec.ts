/**
 * Tests that notice (issue 11): a waiver applies through its expiry day and stops the day after; a
 * resource glob matches the whole name (or URN), anchored at both ends.
 */
import assert from "node:assert/strict";
import { isExpired, matchesResource, parseWaivers, type Waiver } from "../../policies/waivers";

const URN = (name: string) => `urn:pulumi:dev::nested-lab::vsphere:index/virtualMachine:VirtualMachine::${name}`;
const waiver = (expires?: string): Waiver => ({ index: 0, policy: "nested-workloads-reachable", resource: "*", reason: "lab", expires });

describe("tests that notice: waiver mutants", () => {
    describe("expiry", () => {
        it("applies on its expiry day, and every day before", () => {
            assert.equal(isExpired(waiver("2026-06-30"), "2026-06-30"), false);
            assert.equal(isExpired(waiver("2026-06-30"), "2026-06-29"), false);
            assert.equal(isExpired(waiver("2026-06-30"), "2025-12-31"), false);
        });

        it("stops the day after, across month and year ends", () => {
            assert.equal(isExpired(waiver("2026-06-30"), "2026-07-01"), true);
            assert.equal(isExpired(waiver("2026-12-31"), "2027-01-01"), true);
        });

        it("a waiver without an expiry never expires", () => {
            assert.equal(isExpired(waiver(undefined), "2999-12-31"), false);
        });

        it("by default compares with today (UTC): a waiver expiring today still applies, one that expired yesterday does not", () => {
            const today = new Date().toISOString().slice(0, 10);
            const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
            // Around midnight UTC the two calls may see different days; the second date settles it.
            const stillToday = new Date().toISOString().slice(0, 10) === today;
            if (stillToday) assert.equal(isExpired(waiver(today)), false);
            assert.equal(isExpired(waiver(yesterday)), true);
        });

        it("parseWaivers keeps the expiry as written", () => {
            const p = parseWaivers([{ policy: "p", resource: "r*", reason: "why not", expires: "2026-02-28" }], ["p"]);
            assert.deepEqual(p.errors, []);
            assert.equal(p.waivers[0].expires, "2026-02-28");
        });
    });

    describe("resource globs are anchored at both ends", () => {
        const cases: Array<[string, string, boolean]> = [
            ["esxi-0?", "esxi-01", true],
            ["esxi-0?", "esxi-01-backup", false],
            ["esxi-0?", "old-esxi-01", false],
            ["esxi-*", "esxi-01", true],
            ["esxi-*", "my-esxi-01", false],
            ["*-01", "esxi-01", true],
            ["*-01", "esxi-01-copy", false],
            ["*-0?", "esxi-012", false],
            ["lab.pg", "labxpg", false],
            ["lab-*-pg", "lab-a-pg", true],
            ["lab-*-pg", "lab-a-pg2", false],
        ];
        for (const [glob, name, want] of cases) {
            it(`${glob} ${want ? "matches" : "does not match"} ${name} (by name and by URN)`, () => {
                assert.equal(matchesResource(glob, URN(name)), want);
            });
        }

        it("a glob over the URN matches the whole URN only", () => {
            assert.equal(matchesResource("urn:pulumi:dev::*::esxi-01", URN("esxi-01")), true);
            assert.equal(matchesResource("urn:pulumi:dev::*::esxi-0", URN("esxi-01")), false);
            assert.equal(matchesResource("*::esxi-01", URN("esxi-01-b")), false);
        });

        it("an exact name or URN matches without glob characters; a prefix does not", () => {
            assert.equal(matchesResource("esxi-01", URN("esxi-01")), true);
            assert.equal(matchesResource(URN("esxi-01"), URN("esxi-01")), true);
            assert.equal(matchesResource("esxi-0", URN("esxi-01")), false);
        });

        it("a stack-wide finding (no URN) is matched by * alone", () => {
            assert.equal(matchesResource("*", undefined), true);
            assert.equal(matchesResource("esxi-*", undefined), false);
        });
    });
});
