/** `vsnet diff` on example pairs and `vsnet trace --set`, as subprocesses. */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import Ajv from "ajv";
import addFormats from "ajv-formats";
import { ROOT, show, vsnet } from "./run";

type Json = Record<string, unknown>;

/** A copy of an example stack with the resources named `name` changed in inputs and outputs. */
function mutate(file: string, name: string, props: Json, out: string): string {
    const doc = JSON.parse(fs.readFileSync(path.join(ROOT, file), "utf8")) as Json;
    const resources: Json[] = "deployment" in doc ? ((doc.deployment as Json).resources as Json[]) : (doc.steps as Json[]).map((s) => s.newState as Json).filter(Boolean);
    let n = 0;
    for (const r of resources) {
        if (!(r.urn as string).endsWith(`::${name}`)) continue;
        for (const k of ["inputs", "outputs"]) if (r[k]) Object.assign(r[k] as Json, props);
        n++;
    }
    assert.ok(n > 0, `${name} in ${file}`);
    fs.writeFileSync(out, JSON.stringify(doc, null, 4));
    return out;
}

describe("vsnet diff and trace --set (subprocess)", function () {
    this.timeout(60_000);
    let tmp: string;
    before(() => {
        tmp = fs.mkdtempSync(path.join(os.tmpdir(), "vsnet-diff-"));
    });
    after(() => fs.rmSync(tmp, { recursive: true, force: true }));

    it("a fix that heals a conversation: healed with both traces, the accept now needed, exit 0", async () => {
        const before = "examples/nested-vss-t2/preview.json";
        const fixed = mutate(before, "nested-pg-01", { allowForgedTransmits: true }, path.join(tmp, "fixed.json"));
        const r = await vsnet(["diff", before, fixed, "--config", "examples/nested-vss-t2/policy-config.json"]);
        assert.equal(r.code, 0, show(r));
        assert.match(r.stdout, /healed: .*nested-web <-> gateway: one-way \(gateway -> nested-web\) -> reachable/);
        assert.match(r.stdout, /before:\n\s+\S+ nested-web -> gateway: DROPPED/);
        assert.match(r.stdout, /after: all four legs delivered/);
        assert.match(r.stdout, /forged transmits on HostPortGroup nested-pg-01: now needed/);
        assert.match(r.stdout, /introduces no new problem/);
    });

    it("a change that opens promiscuous mode on a shared port group: exposure grew, exit 1, SARIF has only what it introduced", async () => {
        const after = "examples/macvlan-promiscuous-shared/stack.json";
        const before = mutate(after, "apps-pg", { allowPromiscuous: false }, path.join(tmp, "before.json"));
        const args = ["diff", before, after, "--config", "examples/macvlan-promiscuous-shared/policy-config.json"];
        const text = await vsnet(args);
        assert.equal(text.code, 1, show(text));
        assert.match(text.stdout, /DistributedPortGroup apps-pg: promiscuous ports can now observe web-01 nic 0, billing-01 nic 0/);
        assert.match(text.stdout, /healed: api-1 <-> gateway/);
        const json = JSON.parse((await vsnet([...args, "--format", "json"])).stdout) as Json;
        assert.equal(json.introducesProblems, true);
        assert.deepEqual((json.exposure as Json[]).map((e) => e.grew), [["web-01 nic 0", "billing-01 nic 0"]]);
        const sarif = await vsnet([...args, "--format", "sarif", "--fail-on", "never"]);
        assert.equal(sarif.code, 0, show(sarif));
        const ajv = new Ajv({ allErrors: true, strict: false });
        addFormats(ajv);
        const validate = ajv.compile(JSON.parse(fs.readFileSync(path.join(ROOT, "tests/fixtures/sarif/sarif-schema-2.1.0.json"), "utf8")) as object);
        const doc = JSON.parse(sarif.stdout) as { runs: Array<{ results: Array<{ ruleId: string }> }> };
        assert.ok(validate(doc), JSON.stringify(validate.errors));
        assert.deepEqual(doc.runs[0].results.map((x) => x.ruleId), ["promiscuous-exposure"], "healed conversations are not findings");
    });

    it("the same stack on both sides: nothing changed, exit 0", async () => {
        const f = "examples/nested-vds-mac-learning/stack.json";
        const r = await vsnet(["diff", f, f, "--config", "examples/nested-vds-mac-learning/policy-config.json"]);
        assert.equal(r.code, 0, show(r));
        assert.match(r.stdout, /Conversations whose verdict changed: 0/);
    });

    it("trace --set tries the suggested fix before editing code; repeatable; bad expressions are one-line usage errors", async () => {
        const base = ["trace", "examples/nested-vss-t2/preview.json", "--config", "examples/nested-vss-t2/policy-config.json", "--from", "nested-web", "--to", "gateway"];
        const broken = await vsnet(base);
        assert.equal(broken.code, 1, show(broken));
        const fixed = await vsnet([...base, "--set", "nested-pg-01.allowForgedTransmits=true"]);
        assert.equal(fixed.code, 0, show(fixed));
        assert.match(fixed.stdout, /what-if: set allowForgedTransmits: true on HostPortGroup nested-pg-01/);
        const twice = await vsnet([...base, "--set", "nested-pg-01.allowForgedTransmits=true", "--set", "nested-pg-01.allowPromiscuous=false", "--format", "json"]);
        assert.equal((JSON.parse(twice.stdout) as { whatIf: unknown[] }).whatIf.length, 2);
        const bad = await vsnet([...base, "--set", "nowhere.allowPromiscuous=true"]);
        assert.equal(bad.code, 2, show(bad));
        assert.equal(bad.stderr.trim().split("\n").length, 1);
        assert.match(bad.stderr, /no switch or port group named nowhere/);
    });
});
