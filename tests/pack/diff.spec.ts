/** Differential analysis of two snapshots of one stack (the core of `vsnet diff`). */
import assert from "node:assert/strict";
import { build } from "../../policies/analysis";
import { diffAnalyses, introducesProblems } from "../../policies/diff";
import type { RawResource } from "../../translate";
import type { TestResource } from "../harness/analyzer";
import { dvsLab } from "./stacks";

const raw = (rs: TestResource[]): RawResource[] =>
    rs.map((r) => ({ urn: r.urn!, type: r.type, name: r.name, props: r.props, propertyDependencies: r.propertyDependencies ?? {}, dependencies: r.dependencies ?? [] }));

describe("differential analysis", () => {
    it("a fix that heals the conversations: healed, and the new accept is now needed; nothing introduced", () => {
        const before = build(raw(dvsLab({ pg: { allowPromiscuous: true } })), {});
        const after = build(raw(dvsLab({ pg: { allowPromiscuous: true, allowForgedTransmits: true } })), {});
        const d = diffAnalyses(before, after);
        assert.ok(d.conversations.length > 0);
        assert.ok(d.conversations.every((c) => c.kind === "healed"), JSON.stringify(d.conversations.map((c) => [c.kind, c.before?.verdict, c.after?.verdict])));
        assert.ok(d.needs.some((n) => n.setting === "forgedTransmits" && n.kind === "now-needed"));
        assert.equal(introducesProblems(d), false);
    });

    it("opening promiscuous mode on a port group shared with other VMs: exposure grew, and it is flagged", () => {
        const base = { allowForgedTransmits: true };
        const before = build(raw(dvsLab({ pg: base, extraVms: ["web-01"] })), { macLearning: { "lab-pg": { enabled: true } } });
        const after = build(raw(dvsLab({ pg: { ...base, allowPromiscuous: true }, extraVms: ["web-01"] })), { macLearning: { "lab-pg": { enabled: true } } });
        const d = diffAnalyses(before, after);
        assert.deepEqual(d.conversations, [], "verdicts do not change: MAC learning already worked");
        assert.equal(d.exposure.length, 1);
        assert.ok(d.exposure[0].grew.some((e) => e.includes("web-01")));
        assert.ok(d.needs.some((n) => n.setting === "promiscuous" && n.kind === "now-unnecessary"));
        assert.equal(introducesProblems(d), true);
    });

    it("a change that breaks a working lab is reported as broke", () => {
        const before = build(raw(dvsLab({ pg: { allowPromiscuous: true, allowForgedTransmits: true } })), {});
        const after = build(raw(dvsLab({ pg: { allowPromiscuous: true } })), {});
        const d = diffAnalyses(before, after);
        assert.ok(d.conversations.some((c) => c.kind === "broke"));
        assert.ok(d.needs.some((n) => n.setting === "forgedTransmits" && n.kind === "no-longer-needed"));
        assert.equal(introducesProblems(d), true);
    });

    it("a team change is a verdict change where it is one (issue 12): standby-only breaks, an unused second uplink does not", () => {
        const pg = { allowPromiscuous: true, allowForgedTransmits: true };
        const before = build(raw(dvsLab({ dvs: { uplinks: ["uplink1", "uplink2"] }, pg })), {});
        const standbyOnly = build(raw(dvsLab({ dvs: { uplinks: ["uplink1", "uplink2"] }, pg: { ...pg, standbyUplinks: ["uplink1", "uplink2"] } })), {});
        const d = diffAnalyses(before, standbyOnly);
        assert.ok(d.conversations.length > 0 && d.conversations.every((c) => c.kind === "broke"), JSON.stringify(d.conversations.map((c) => [c.kind, c.after?.verdict])));
        const oneActive = build(raw(dvsLab({ dvs: { uplinks: ["uplink1", "uplink2"] }, pg: { ...pg, activeUplinks: ["uplink2"] } })), {});
        assert.deepEqual(diffAnalyses(before, oneActive).conversations, []);
    });
});
