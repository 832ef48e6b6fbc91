/**
 * Tests that notice (issue 11): `--fail-on advisory` fails a run with only mandatory findings, and a
 * mandatory finding is a SARIF `error` whatever its policy's severity. On the CLI's exported output
 * functions, with a hand-made check result (no pack process).
 */
import assert from "node:assert/strict";
import type { EnforcementLevel, Severity } from "../../cli/analyzer-client";
import { fails, type CheckResult, type FailOn, type Violation } from "../../cli/check";
import { formatText, resultLevel, toJson, toSarif } from "../../cli/check-output";

const URN = "urn:pulumi:dev::lab::vsphere:index/virtualMachine:VirtualMachine::esxi-01";

function violation(level: EnforcementLevel, severity?: Severity, policyName = "security-settings-least-privilege"): Violation {
    return {
        policyName,
        policyPackName: "vsphere-nested-networking",
        policyPackVersion: "0.1.0",
        enforcementLevel: level,
        severity,
        description: "d",
        message: `${level} finding`,
        urn: URN,
        resourceName: "esxi-01",
        resourceType: "vsphere:index/virtualMachine:VirtualMachine",
        phase: "stack",
    };
}

function result(violations: Violation[], severity: Severity = "low"): CheckResult {
    return {
        stack: { file: "stack.json", format: "stack-export", resources: [], text: `{"urn": "${URN}"}`, warnings: [], partial: false },
        pack: { name: "vsphere-nested-networking", version: "0.1.0" },
        policies: [
            {
                name: "security-settings-least-privilege",
                displayName: "x",
                description: "Security settings no looser than needed.",
                message: "",
                enforcementLevel: "mandatory",
                configuredLevel: "mandatory",
                policyType: "stack",
                severity,
                tags: [],
                remediationSteps: "r",
                url: "",
            },
        ],
        violations,
    };
}

const failedAt = (r: CheckResult, f: FailOn) => fails(r, f);

describe("tests that notice: CLI output mutants", () => {
    describe("--fail-on", () => {
        const onlyMandatory = result([violation("mandatory")]);
        const onlyAdvisory = result([violation("advisory")]);
        const none = result([]);

        it("advisory fails a run with only mandatory findings (advisory is the stricter threshold)", () => {
            assert.equal(failedAt(onlyMandatory, "advisory"), true);
            assert.equal((toJson(onlyMandatory, "advisory", "/") as { summary: { failed: boolean } }).summary.failed, true);
            assert.match(formatText(onlyMandatory, "advisory", "/", false), /1 mandatory violation and 0 advisory violations .*: fails at --fail-on advisory\./);
        });

        it("advisory fails a run with only advisory findings; mandatory lets it pass", () => {
            assert.equal(failedAt(onlyAdvisory, "advisory"), true);
            assert.equal(failedAt(onlyAdvisory, "mandatory"), false);
            assert.match(formatText(onlyAdvisory, "mandatory", "/", false), /passes at --fail-on mandatory\./);
        });

        it("mandatory fails on a mandatory finding; never never fails; nothing found never fails", () => {
            assert.equal(failedAt(onlyMandatory, "mandatory"), true);
            assert.equal(failedAt(onlyMandatory, "never"), false);
            for (const f of ["mandatory", "advisory", "never"] as FailOn[]) assert.equal(failedAt(none, f), false, f);
        });
    });

    describe("SARIF levels", () => {
        it("a mandatory finding is an error whatever the severity, low included", () => {
            for (const s of [undefined, "low", "medium", "high", "critical"] as Array<Severity | undefined>) {
                assert.equal(resultLevel({ enforcementLevel: "mandatory", severity: s }), "error", String(s));
            }
        });

        it("an advisory finding is a warning, or a note for a low-severity policy", () => {
            assert.equal(resultLevel({ enforcementLevel: "advisory", severity: "low" }), "note");
            assert.equal(resultLevel({ enforcementLevel: "advisory", severity: "medium" }), "warning");
            assert.equal(resultLevel({ enforcementLevel: "advisory", severity: "critical" }), "warning");
            assert.equal(resultLevel({ enforcementLevel: "advisory" }), "warning");
        });

        it("in the SARIF log of a low-severity policy: the mandatory result is an error, the advisory one a note, the rule's default a note", () => {
            const log = toSarif(result([violation("mandatory", "low"), violation("advisory", "low")]), "/") as {
                runs: Array<{ results: Array<{ level: string; ruleId: string }>; tool: { driver: { rules: Array<{ defaultConfiguration: { level: string } }> } } }>;
            };
            assert.deepEqual(log.runs[0].results.map((x) => x.level), ["error", "note"]);
            assert.deepEqual(log.runs[0].results.map((x) => x.ruleId), ["security-settings-least-privilege", "security-settings-least-privilege"]);
            assert.equal(log.runs[0].tool.driver.rules[0].defaultConfiguration.level, "note");
        });
    });
});
