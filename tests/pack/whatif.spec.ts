/** What-if changes as `vsnet trace --set` applies them. */
import assert from "node:assert/strict";
import { analyzeConversation, compile, duplicateFloods } from "../../sim";
import { build } from "../../policies/analysis";
import { applyWhatIf, parseWhatIf } from "../../policies/whatIf";
import type { RawResource } from "../../translate";
import type { TestResource } from "../harness/analyzer";
import { dvsLab } from "./stacks";

const raw = (rs: TestResource[]): RawResource[] =>
    rs.map((r) => ({ urn: r.urn!, type: r.type, name: r.name, props: r.props, propertyDependencies: r.propertyDependencies ?? {}, dependencies: r.dependencies ?? [] }));

function verdictWith(lab: TestResource[], sets: string[], config: Record<string, unknown> = {}): string {
    const a = build(raw(lab), config);
    const changes = sets.flatMap((s) => {
        const w = parseWhatIf(a.translation, s);
        if (!w.ok) throw new Error(w.error);
        return w.changes;
    });
    const conv = a.translation.conversations.find((c) => c.source === "implicit" && c.b.startsWith("implicit-external"))!;
    return analyzeConversation(compile(applyWhatIf(a.net.model, changes)), conv).verdict;
}

describe("what-if (--set)", () => {
    it("trying the suggested fix before editing code: forged transmits on the port group heals it", () => {
        const lab = dvsLab({ pg: { allowPromiscuous: true } });
        assert.equal(verdictWith(lab, []), "one-way");
        assert.equal(verdictWith(lab, ["lab-pg.allowForgedTransmits=true"]), "reachable");
    });

    it("repeatable: forged and MAC learning together", () => {
        const lab = dvsLab({});
        assert.equal(verdictWith(lab, ["lab-pg.allowForgedTransmits=true"]), "one-way");
        assert.equal(verdictWith(lab, ["lab-pg.allowForgedTransmits=true", "lab-pg.macLearning=true"]), "reachable");
    });

    it("false on a DistributedPortGroup inherits the switch (T3), it does not reject", () => {
        const lab = dvsLab({ dvs: { allowPromiscuous: true, allowForgedTransmits: true }, pg: { allowPromiscuous: true } });
        const a = build(raw(lab), {});
        const w = parseWhatIf(a.translation, "lab-pg.allowPromiscuous=false");
        assert.ok(w.ok && w.note?.includes("T3"));
        assert.equal(verdictWith(lab, ["lab-pg.allowPromiscuous=false"]), "reachable", "still promiscuous through the switch");
        assert.equal(verdictWith(lab, ["lab-vds.allowPromiscuous=false"]), "reachable", "the port group's own true still overrides");
        assert.equal(verdictWith(lab, ["lab-pg.allowPromiscuous=false", "lab-vds.allowPromiscuous=false"]), "one-way", "off on the switch, inherited by the port group");
    });

    it("clear errors for a bad expression, an unknown resource, a bad property or value", () => {
        const a = build(raw(dvsLab({})), {});
        for (const [expr, re] of [
            ["lab-pg", /expected <resource>\.<property>=<value>/],
            ["nope.allowPromiscuous=true", /no switch or port group named nope/],
            ["lab-pg.allowEverything=true", /property must be one of/],
            ["lab-pg.allowPromiscuous=maybe", /takes true or false/],
            ["lab-vds.macLearning=true", /only on distributed port groups/],
        ] as const) {
            const w = parseWhatIf(a.translation, expr);
            assert.ok(!w.ok && re.test(w.error), `${expr}: ${JSON.stringify(w)}`);
        }
    });

    it("teaming what-ifs (issue 12): a port group left with standby uplinks only is internal (U6); activating it heals", () => {
        const lab = dvsLab({ pg: { allowPromiscuous: true, allowForgedTransmits: true } });
        assert.equal(verdictWith(lab, []), "reachable");
        assert.equal(verdictWith(lab, ["lab-pg.standbyUplinks=uplink1,uplink2"]), "blocked");
        assert.equal(verdictWith(lab, ["lab-pg.activeUplinks=uplink2"]), "reachable");
        const a = build(raw(lab), {});
        const bad = parseWhatIf(a.translation, "lab-pg.activeNics=vmnic1");
        assert.ok(!bad.ok && /DistributedPortGroup names uplinks/.test(bad.error));
    });

    it("a host what-if: Net.ReversePathFwdCheckPromisc=1 ends the duplicate copies (U4)", () => {
        const lab = dvsLab({ pg: { allowPromiscuous: true, allowForgedTransmits: true } });
        const a = build(raw(lab), {});
        const copies = (sets: string[]) => {
            const changes = sets.flatMap((x) => {
                const w = parseWhatIf(a.translation, x);
                if (!w.ok) throw new Error(w.error);
                return w.changes;
            });
            return duplicateFloods(compile(applyWhatIf(a.net.model, changes))).filter((d) => d.hostId === "host-11").map((d) => d.copies);
        };
        assert.deepEqual(copies([]), [2]);
        assert.deepEqual(copies(["host-11.rpfCheckPromisc=1"]), []);
        const bad = parseWhatIf(a.translation, "host-99.rpfCheckPromisc=1");
        assert.ok(!bad.ok && /no host host-99/.test(bad.error));
    });
});
