/** The layers stay one-way: sim/ never imports Pulumi or anything above it. */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
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

    it("inventory/ imports nothing above it, and the pack's code paths do no network I/O", () => {
        for (const f of sources("inventory")) {
            const text = readFileSync(join(ROOT, f), "utf8");
            assert.doesNotMatch(text, /from\s+["']@pulumi|from\s+["'](\.\.\/)+(policies|cli)\b/, f);
        }
        // What the pack loads (translate/, policies/, and the inventory readers they use) never reaches the network.
        const packFiles = [...sources("translate"), ...sources("policies"), "inventory/format.ts", "inventory/load.ts", "inventory/stack-export.ts"];
        for (const f of packFiles) {
            const text = readFileSync(join(ROOT, f), "utf8");
            assert.doesNotMatch(text, /["']node:(https?|net|tls|dgram)["']|["']fast-xml-parser["']|inventory\/(soap|vcenter)["']/, f);
        }
    });
});

describe("layering: report/", () => {
    it("the pack (index.ts, policies/, translate/, sim/) never loads report/ or its libraries; report/ never imports cli/", () => {
        // policies/report.ts is the policies' own wording helper: "./report" from policies/ is that file.
        const top = (f: string) => (f === "index.ts" ? "\\./" : `(\\.\\./){${f.split("/").length - 1}}`);
        for (const f of ["index.ts", ...sources("policies"), ...sources("translate"), ...sources("sim")]) {
            const text = readFileSync(join(ROOT, f), "utf8");
            assert.doesNotMatch(text, new RegExp(`(from\\s+|require\\(\\s*)["']${top(f)}report\\b|@dagrejs|["']mermaid["']|puppeteer`), f);
        }
        for (const f of sources("report")) assert.doesNotMatch(readFileSync(join(ROOT, f), "utf8"), /from\s+["'](\.\.\/)+cli\b|require\(\s*["'](\.\.\/)+cli\b/, f);
    });

    it("loading the pack loads no report module (in a child process: the pack starts its server when loaded)", () => {
        const script = `require(${JSON.stringify(join(ROOT, "dist", "index.js"))}); process.stdout.write("\\n" + JSON.stringify(Object.keys(require.cache))); process.exit(0);`;
        const out = execFileSync(process.execPath, ["-e", script], { encoding: "utf8", timeout: 60_000 });
        const loaded = JSON.parse(out.slice(out.lastIndexOf("\n") + 1)) as string[];
        assert.ok(loaded.some((k) => k.endsWith(join("dist", "index.js"))));
        assert.ok(!loaded.some((k) => /[\\/]dist[\\/]report[\\/]|@dagrejs|[\\/]mermaid[\\/]/.test(k)), loaded.filter((k) => /report|dagre/.test(k)).join());
    });
});
