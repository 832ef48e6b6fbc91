// The protocol floor of the benchmark: the same policies as the real pack — same names, same kind
// (resource or stack), same enforcement levels, so the SDK does the same work per request — with
// validate functions that do nothing. The list comes from the real pack's GetAnalyzerInfo, passed
// by bench/run.ts in BENCH_NOOP_POLICIES (JSON: [{ name, type, enforcementLevel }]).
/* global require, process */
"use strict";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { PolicyPack } = require("@pulumi/policy");

const listed = JSON.parse(process.env.BENCH_NOOP_POLICIES || "[]");
const policies = listed.map((p) =>
    p.type === "resource"
        ? { name: p.name, description: `no-op ${p.name}`, enforcementLevel: p.enforcementLevel, validateResource: () => {} }
        : { name: p.name, description: `no-op ${p.name}`, enforcementLevel: p.enforcementLevel, validateStack: () => {} },
);

new PolicyPack("vsphere-nested-networking", { policies });
