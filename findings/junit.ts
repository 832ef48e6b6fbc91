/**
 * JUnit XML (`--format junit`) for CI systems that show test reports (GitLab, Jenkins, Azure
 * Pipelines, GitHub test-report actions): one test suite per policy, one test case per finding — a
 * failure when it fails the run at `--fail-on`, else a passing case that carries its message — and a
 * passing "no findings" case for a policy that found nothing.
 */
import type { Finding, Place, Rule } from "./model";

/** XML text and attribute values: the five entities (control characters are the caller's to escape, cli/sanitize.ts). */
export function xml(s: string): string {
    return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" })[c]!);
}

export interface JunitInput {
    /** The suites' name: `vsnet check examples/lab/preview.json`. */
    name: string;
    rules: readonly Rule[];
    findings: readonly Finding[];
    /** Whether a finding fails the run (at `--fail-on`). */
    fails: (f: Finding) => boolean;
    /** Where a finding's resource is (file and line attributes). */
    place: (f: Finding) => Place | undefined;
    /** Why a finding that does not fail is not a failure: `advisory, below --fail-on mandatory`. */
    passNote: (f: Finding) => string;
}

function testcase(f: Finding, input: JunitInput): string {
    const p = input.place(f);
    const where = p && !p.absolute ? ` file="${xml(p.path)}"${p.line ? ` line="${p.line}"` : ""}` : "";
    const name = `${f.resource ? `${f.resource.name}: ` : ""}${f.title}`;
    const head = `    <testcase classname="${xml(f.policy)}" name="${xml(name.length > 300 ? `${name.slice(0, 299)}…` : name)}"${where}>`;
    const body = `${f.message}${f.resource ? `\n\nresource: ${f.resource.urn}` : ""}`;
    if (input.fails(f)) return `${head}\n      <failure type="${xml(f.level)}" message="${xml(f.title)}">${xml(body)}</failure>\n    </testcase>`;
    return `${head}\n      <system-out>${xml(`${input.passNote(f)}\n${body}`)}</system-out>\n    </testcase>`;
}

export function junitXml(input: JunitInput): string {
    const suites: string[] = [];
    let failures = 0;
    let tests = 0;
    const ids = [...input.rules.map((r) => r.id), ...input.findings.map((f) => f.policy).filter((p) => !input.rules.some((r) => r.id === p))];
    for (const id of [...new Set(ids)]) {
        const mine = input.findings.filter((f) => f.policy === id);
        const failed = mine.filter(input.fails).length;
        const rule = input.rules.find((r) => r.id === id);
        const disabled = rule?.enforcementLevel === "disabled" && mine.length === 0;
        const cases = mine.length
            ? mine.map((f) => testcase(f, input))
            : disabled
              ? [`    <testcase classname="${xml(id)}" name="${xml(`${id}: disabled`)}">\n      <skipped message="disabled"/>\n    </testcase>`]
              : [`    <testcase classname="${xml(id)}" name="${xml(`${id}: no findings`)}"/>`];
        suites.push(`  <testsuite name="${xml(id)}" tests="${cases.length}" failures="${failed}" errors="0" skipped="${disabled ? 1 : 0}">\n${cases.join("\n")}\n  </testsuite>`);
        failures += failed;
        tests += cases.length;
    }
    return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="${xml(input.name)}" tests="${tests}" failures="${failures}" errors="0">\n${suites.join("\n")}\n</testsuites>\n`;
}

/** The JUnit document of a run that failed before it checked anything: one test case in error. */
export function junitError(name: string, message: string, code: number): string {
    return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="${xml(name)}" tests="1" failures="0" errors="1">\n  <testsuite name="vsnet" tests="1" failures="0" errors="1">\n    <testcase classname="vsnet" name="run">\n      <error type="exit ${code}" message="${xml(message)}"/>\n    </testcase>\n  </testsuite>\n</testsuites>\n`;
}
