/**
 * Fuzz: the REAL analyzer server (run-policy-pack + gRPC, one pack process for the file) fed
 * thousands of random and mutated resources and random config, as `pulumi preview` would drive it:
 * Configure, Analyze per resource, AnalyzeStack with them all. No call may fail and every
 * diagnostic must be well-formed (tests/fuzz/wellformed.ts). Seeded: FUZZ_SEED / FUZZ_RUNS /
 * FUZZ_PATH (see tests/reliability/seeded.ts).
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import { PROJECT_ROOT, startPack, urnOf, type Diag, type PackProcess, type PolicyPackConfig, type TestResource } from "../harness/analyzer";
import { checkAsyncProperty, seeded } from "../reliability/seeded";
import { fuzzCase, nasty, T } from "./stacks";
import { problems } from "./wellformed";
import { dvsLab } from "../pack/stacks";

const FUZZ = seeded("FUZZ", 1000, 20261124);
const FUZZ_JUNK = seeded("FUZZ_JUNK", 100, 20261127);
/** Mutations per stack, at most (FUZZ_MUTATIONS). */
const MUTATIONS = Number(process.env.FUZZ_MUTATIONS ?? 6);

let pack: PackProcess;
let policies: Set<string>;
const count = { previews: 0, resources: 0, analyze: 0, diagnostics: 0 };

/** Only config entries for policies the pack has (the harness refuses others, like the CLI). */
function forPack(config: PolicyPackConfig): PolicyPackConfig {
    return Object.fromEntries(Object.entries(config).filter(([k]) => policies.has(k)));
}

/** One preview: Configure, Analyze each resource, AnalyzeStack; returns what is wrong with the answers. */
async function preview(stack: TestResource[], config: PolicyPackConfig): Promise<string[]> {
    count.previews++;
    await pack.configure(forPack(config));
    const out: string[] = [];
    for (const r of stack) {
        const urn = r.urn ?? urnOf(r.type, r.name);
        const got = await pack.analyze(r);
        count.analyze++;
        count.diagnostics += got.diagnostics.length;
        out.push(...problems(got.diagnostics, { policies, urnOk: (u) => u === urn }).map((p) => `Analyze ${r.name.slice(0, 40)}: ${p}`));
    }
    // URNs the engine sent: the resources' and their providers' (a provider may appear only as one).
    const urns = new Set(stack.flatMap((r) => [r.urn ?? urnOf(r.type, r.name), ...(r.provider ? [r.provider.urn ?? urnOf(r.provider.type, r.provider.name)] : [])]));
    const got = await pack.analyzeStack(stack);
    count.resources += stack.length;
    count.diagnostics += got.diagnostics.length;
    out.push(...problems(got.diagnostics, { policies, urnOk: (u) => u === "" || urns.has(u) }).map((p) => `AnalyzeStack: ${p}`));
    return out;
}

describe("fuzz: the real analyzer server with random and mutated resources", function () {
    this.timeout(300000);

    before(async () => {
        pack = await startPack(PROJECT_ROOT);
        policies = new Set((await pack.getAnalyzerInfo()).policies.map((p) => p.name));
    });

    after(async () => {
        await pack?.stop();
        console.log(`      fuzz totals: ${count.previews} previews, ${count.resources} resources in AnalyzeStack, ${count.analyze} Analyze calls, ${count.diagnostics} diagnostics checked`);
    });

    it(`${FUZZ.runs} mutated realistic stacks (up to ${MUTATIONS} mutations each) with random config: no call fails, every diagnostic well-formed`, async () => {
        await checkAsyncProperty(
            FUZZ,
            fc.asyncProperty(fuzzCase(MUTATIONS), async ({ stack, config }) => {
                assert.deepEqual(await preview(stack, config), []);
            }),
        );
    });

    it(`${FUZZ_JUNK.runs} stacks of junk: any type, name and props, batched 40 at a time`, async () => {
        const junk = fc.record({
            type: fc.oneof(fc.constantFrom(...Object.values(T)), fc.string({ maxLength: 30 })),
            name: fc.oneof(fc.constantFrom("vm-0", "dvpg-0", "vds-0", "hpg-0"), fc.string({ maxLength: 20 })),
            urn: fc.option(fc.oneof(fc.constant(""), fc.string({ maxLength: 30 })), { nil: undefined }),
            props: fc.dictionary(
                fc.oneof(fc.constantFrom("name", "hostSystemId", "networkInterfaces", "hosts", "vlanId", "vlanRanges", "allowPromiscuous", "allowForgedTransmits", "allowMacChanges", "distributedVirtualSwitchUuid", "virtualSwitchName", "version", "id", "nestedHvEnabled", "guestId"), fc.string({ maxLength: 8 })),
                nasty,
                { maxKeys: 8 },
            ),
            propertyDependencies: fc.option(fc.dictionary(fc.constantFrom("networkInterfaces", "hosts", "hostSystemId", "distributedVirtualSwitchUuid", "virtualSwitchName"), fc.array(fc.string({ maxLength: 20 }), { maxLength: 3 })), { nil: undefined }),
        });
        await checkAsyncProperty(
            FUZZ_JUNK,
            fc.asyncProperty(fc.array(junk, { minLength: 1, maxLength: 40 }), async (stack) => {
                const resources: TestResource[] = stack.map((r) => ({ ...r, urn: r.urn ?? urnOf(r.type, r.name), propertyDependencies: r.propertyDependencies }));
                assert.deepEqual(await preview(resources, {}), []);
            }),
        );
    });

    it("after all that, the same process still gives a known lab its known verdict", async () => {
        await pack.configure({});
        const ds: Diag[] = (await pack.analyzeStack(dvsLab({ pg: { allowForgedTransmits: true } }))).diagnostics.filter((d) => d.policyName === "nested-workloads-reachable");
        assert.ok(ds.some((d) => /one-way/.test(d.message) && /rule F4/.test(d.message)), ds.map((d) => d.message).join("\n"));
    });
});
