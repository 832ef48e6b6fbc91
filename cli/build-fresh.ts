/**
 * Whether dist/ is older than the sources it is built from, so `npm run demo` can run the build
 * `npm ci` already made (its `prepare` compiles) instead of compiling again, and still never runs a
 * stale build after an edit.
 */
import * as fs from "node:fs";
import * as path from "node:path";

/** The source folders of tsconfig.json's `include` that the CLI runs from (tests and benchmarks aside). */
const SOURCES = ["index.ts", "sim", "translate", "policies", "cli", "findings", "report", "inventory"];

function tsFiles(root: string, rel: string): string[] {
    const abs = path.join(root, rel);
    const st = fs.statSync(abs, { throwIfNoEntry: false });
    if (!st) return [];
    if (st.isFile()) return rel.endsWith(".ts") && !rel.endsWith(".d.ts") ? [rel] : [];
    return fs.readdirSync(abs).flatMap((n) => tsFiles(root, path.join(rel, n)));
}

/** Sources whose compiled file in `dist/` is missing or older than them. */
export function staleSources(root: string): string[] {
    return SOURCES.flatMap((s) => tsFiles(root, s)).filter((ts) => {
        const js = fs.statSync(path.join(root, "dist", ts.replace(/\.ts$/, ".js")), { throwIfNoEntry: false });
        return !js || js.mtimeMs < fs.statSync(path.join(root, ts)).mtimeMs;
    });
}
