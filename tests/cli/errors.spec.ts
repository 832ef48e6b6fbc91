/**
 * Every failure a user can cause: one clear line on stderr, nothing on stdout, a distinct exit code
 * per kind of failure, and never a stack trace. None of these runs gets as far as starting the pack.
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { EXIT } from "../../cli/errors";
import { example, ROOT, show, vsnet, type Run } from "./run";

interface Case {
    args: string[];
    code: number;
    message: RegExp;
}

describe("vsnet errors (subprocess)", function () {
    this.timeout(60_000);
    let tmp: string;
    const runs = new Map<string, Run>();
    const cases: Record<string, Case> = {};
    const file = (name: string, text: string): string => {
        const p = path.join(tmp, name);
        fs.writeFileSync(p, text);
        return p;
    };

    before(async () => {
        tmp = fs.mkdtempSync(path.join(os.tmpdir(), "vsnet-errors-"));
        const a = fs.readFileSync(path.join(ROOT, "examples/nested-vds-mac-learning/stack.json"), "utf8");
        const stackOnly = JSON.parse(a);
        stackOnly.deployment.resources = stackOnly.deployment.resources.filter((r: { type: string }) => r.type === "pulumi:pulumi:Stack" || r.type.startsWith("pulumi:providers:"));
        const stackA = "examples/nested-vds-mac-learning/stack.json";

        Object.assign(cases, {
            malformed: { args: ["check", file("malformed.json", '{\n  "version": 3\n  "deployment": {}\n}\n')], code: EXIT.MALFORMED, message: /malformed\.json is not valid JSON at line 3, column 3: /i },
            truncated: { args: ["check", file("truncated.json", a.slice(0, 5000))], code: EXIT.MALFORMED, message: /truncated\.json is not valid JSON: it ends early at line \d+ \(truncated\?\)$/ },
            emptyFile: { args: ["check", file("empty.json", "")], code: EXIT.MALFORMED, message: /empty\.json is empty, not JSON$/ },
            otherFormat: { args: ["check", "package.json"], code: EXIT.UNRECOGNISED, message: /^vsnet: error: package\.json is a JSON object but neither a `pulumi stack export` .* nor a `pulumi preview --json` .* file$/ },
            jsonArray: { args: ["check", file("array.json", "[]")], code: EXIT.UNRECOGNISED, message: /array\.json is a JSON array but neither/ },
            newerVersion: { args: ["check", file("v4.json", '{"version": 4, "deployment": {"manifest": {}}}')], code: EXIT.UNRECOGNISED, message: /is a version 4 deployment; this tool reads versions 1 to 3$/ },
            missing: { args: ["check", "examples/no-such-stack.json"], code: EXIT.UNREADABLE, message: /^vsnet: error: cannot read saved stack examples\/no-such-stack\.json: no such file$/ },
            directory: { args: ["check", "examples"], code: EXIT.UNREADABLE, message: /cannot read saved stack examples: it is a directory$/ },
            emptyExport: { args: ["check", file("empty-export.json", '{"version": 3, "deployment": {"manifest": {"time": "2025-01-01T00:00:00Z", "magic": "x", "version": "v3.205.0"}}}')], code: EXIT.EMPTY, message: /empty-export\.json holds no resources to check: the stack is empty$/ },
            onlyProviders: { args: ["check", file("only-providers.json", JSON.stringify(stackOnly))], code: EXIT.EMPTY, message: /only-providers\.json holds no resources to check/ },
            emptyPreview: { args: ["check", file("empty-preview.json", '{"config": {}, "changeSummary": {"same": 7}, "duration": 1200000000}')], code: EXIT.EMPTY, message: /the stack is empty \(a preview lists unchanged resources only with `--show-sames`\)$/ },
            unknownCommand: { args: ["frobnicate"], code: EXIT.USAGE, message: /^vsnet: error: no command "frobnicate"; the commands are check, trace, diff, report, explain/ },
            unknownOption: { args: ["check", stackA, "--bogus"], code: EXIT.USAGE, message: /^vsnet: error: unknown option --bogus \(see `vsnet help check`\)$/ },
            missingValue: { args: ["check", stackA, "--config"], code: EXIT.USAGE, message: /--config needs a value/ },
            badChoice: { args: ["check", stackA, "--format", "xml"], code: EXIT.USAGE, message: /--format must be one of text, json, sarif, markdown, junit, github, not "xml"$/ },
            badFailOn: { args: ["check", stackA, "--fail-on", "warning"], code: EXIT.USAGE, message: /--fail-on must be one of mandatory, advisory, never/ },
            noFile: { args: ["check"], code: EXIT.USAGE, message: /vsnet check needs <stack\.json>/ },
            twoFiles: { args: ["check", stackA, stackA], code: EXIT.USAGE, message: /takes at most 1 argument; unexpected/ },
            missingPack: { args: ["check", stackA, "--pack", "no/such/pack"], code: EXIT.UNREADABLE, message: /policy pack directory .*no\/such\/pack does not exist$/ },
            configMissing: { args: ["check", stackA, "--config", "no-such-config.json"], code: EXIT.UNREADABLE, message: /cannot read policy config no-such-config\.json: no such file$/ },
            configMalformed: { args: ["check", stackA, "--config", file("bad-config.json", '{"nested-workloads-reachable": {')], code: EXIT.MALFORMED, message: /policy config .*bad-config\.json is not valid JSON/ },
            configNotObject: { args: ["check", stackA, "--config", file("list-config.json", "[1, 2]")], code: EXIT.UNRECOGNISED, message: /must be a JSON object mapping policy names to their config$/ },
            configUnknownPolicy: { args: ["trace", stackA, "--config", file("typo-config.json", '{"nested-workload-reachable": {}}'), "--from", "esxi-01", "--to", "esxi-02"], code: EXIT.USAGE, message: /"nested-workload-reachable" is not a policy of vsphere-nested-networking; did you mean "nested-workloads-reachable"\?$/ },
            configBadLevel: { args: ["trace", stackA, "--config", file("level-config.json", '{"all": {"enforcementLevel": "fatal"}}'), "--from", "esxi-01", "--to", "esxi-02"], code: EXIT.USAGE, message: /enforcementLevel of "all" is "fatal", not one of advisory, mandatory, remediate, disabled$/ },
            traceNoTo: { args: ["trace", stackA, "--from", "nested-web"], code: EXIT.USAGE, message: /^vsnet: error: vsnet trace needs --to <workload>$/ },
            traceUnknown: { args: ["trace", ...example("nested-vds-mac-learning", "stack.json"), "--from", "nested-web", "--to", "nested-dbb"], code: EXIT.USAGE, message: /^vsnet: error: --to: no workload named "nested-dbb"; try "nested-web", "nested-db", "gateway", / },
            traceSame: { args: ["trace", ...example("nested-vds-mac-learning", "stack.json"), "--from", "nested-web", "--to", "nested-web"], code: EXIT.USAGE, message: /--from and --to name the same workload \(nested-web\)$/ },
            traceMalformed: { args: ["trace", file("malformed2.json", "{"), "--from", "a", "--to", "b"], code: EXIT.MALFORMED, message: /is not valid JSON: it ends early at line 1 \(truncated\?\)$/ },
            explainUnknown: { args: ["explain", "no-such-policy"], code: EXIT.USAGE, message: /^vsnet: error: no policy or rule named "no-such-policy"; the policies are nested-workloads-reachable, / },
            helpUnknown: { args: ["help", "nope"], code: EXIT.USAGE, message: /no command "nope"/ },
        } satisfies Record<string, Case>);

        const results = await Promise.all(Object.entries(cases).map(async ([k, c]) => [k, await vsnet(c.args, { env: { NO_COLOR: undefined } })] as const));
        for (const [k, r] of results) runs.set(k, r);
    });

    after(() => {
        if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
    });

    it("the five required kinds of bad input have distinct non-zero exit codes", () => {
        const codes: Array<number | null> = ["malformed", "otherFormat", "missing", "emptyExport", "unknownOption"].map((k) => runs.get(k)!.code);
        assert.deepEqual(codes, [EXIT.MALFORMED, EXIT.UNRECOGNISED, EXIT.UNREADABLE, EXIT.EMPTY, EXIT.USAGE]);
        assert.equal(new Set(codes).size, codes.length);
        assert.ok(codes.every((c) => c !== null && c > EXIT.FINDINGS), "non-zero, and not the code for findings");
        assert.equal(runs.get("truncated")!.code, runs.get("malformed")!.code, "a truncated file is malformed JSON");
    });

    it("each failure: one line on stderr naming the problem, nothing on stdout, no stack trace", () => {
        for (const [k, c] of Object.entries(cases)) {
            const r = runs.get(k)!;
            assert.equal(r.code, c.code, `${k}: ${show(r)}`);
            assert.equal(r.stdout, "", `${k}: ${show(r)}`);
            assert.match(r.stderr, /^vsnet: error: [^\n]+\n$/, `${k}: exactly one line: ${show(r)}`);
            assert.match(r.stderr.trimEnd(), c.message, `${k}: ${show(r)}`);
            assert.doesNotMatch(r.stderr, /\n\s+at |Error:|node:internal/, `${k}: no stack trace`);
        }
    });

    it("without arguments it prints the usage (exit 2); --help and --version exit 0", async () => {
        const [none, help, version, helpCheck] = await Promise.all([vsnet([]), vsnet(["--help"]), vsnet(["--version"]), vsnet(["check", "--help"])]);
        assert.equal(none.code, EXIT.USAGE);
        assert.match(none.stdout, /^vsnet 0\.1\.0: check saved Pulumi stacks/);
        assert.equal(help.code, 0);
        assert.match(help.stdout, /\n {2}vsnet check <stack\.json> \[-c\|--config <policy-config\.json>\] \[-i\|--inventory <file>\]\.\.\. \[-f\|--format text\|json\|sarif\|markdown\|junit\|github\]\.\.\. \[-o\|--output <file>\]\.\.\. \[--fail-on mandatory\|advisory\|never\] \[--policy <policy>\]\.\.\. \[--skip-policy <policy>\]\.\.\. \[--pack <dir>\] \[--project-dir <dir>\] \[--allow-partial\] \[--start-timeout <seconds>\] \[-q\|--quiet\] \[--no-color\]\n/);
        assert.match(help.stdout, /\n {2}vsnet trace <stack\.json> --from <workload> --to <workload> \[-c\|--config <policy-config\.json>\] \[-i\|--inventory <file>\]\.\.\. \[--set <resource>\.<setting>=<value>\]\.\.\. \[-f\|--format text\|json\]\.\.\. \[-o\|--output <file>\]\.\.\. \[--allow-partial\] \[-q\|--quiet\] \[--no-color\]\n/);
        assert.match(help.stdout, /\n {2}vsnet diff <before\.json> <after\.json> /);
        assert.match(help.stdout, /Exit codes: 0 clean/);
        assert.equal(version.code, 0);
        assert.equal(version.stdout, "vsnet 0.1.0\n");
        assert.equal(helpCheck.code, 0);
        assert.match(helpCheck.stdout, /^Usage: vsnet check <stack\.json>/);
        assert.match(helpCheck.stdout, /--fail-on mandatory\|advisory\|never {2,}exit 1 when a violation at or above this level is found/);
        assert.match(helpCheck.stdout, /\n {2}-f, --format text\|json\|sarif\|markdown\|junit\|github {2,}output format/);
    });
});
