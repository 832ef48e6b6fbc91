/** The layers stay one-way: sim/ never imports Pulumi or anything above it. */
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";

const ROOT = resolve(__dirname, "../..");

function sources(dir: string): string[] {
    return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((d) =>
        d.isDirectory() ? sources(join(dir, d.name)) : d.name.endsWith(".ts") ? [join(dir, d.name)] : [],
    );
}

describe("layering", () => {
    it("sim/ has no import of @pulumi/* and none of translate/, policies/ or cli/", () => {
        const files = sources("sim");
        assert.ok(files.length >= 5, "found the simulator's sources");
        for (const f of files) {
            const text = readFileSync(join(ROOT, f), "utf8");
            assert.doesNotMatch(text, /from\s+["']@pulumi|require\(\s*["']@pulumi/, f);
            // Any depth: sim/forwarding/x.ts reaches translate/ as "../../translate".
            assert.doesNotMatch(text, /from\s+["'](\.\.\/)+(translate|policies|cli)\b/, f);
        }
    });
});
