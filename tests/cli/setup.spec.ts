/**
 * Set-up (issue 14, item 6): the Node.js requirement in package.json is what the dependencies need
 * (no installed runtime dependency refuses the lowest Node it allows), and `npm run demo` runs the
 * build `npm ci` made, compiling again only when a source is newer than its build.
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { staleSources } from "../../cli/build-fresh";
import { ROOT } from "./run";

type Version = [number, number, number];
const parse = (v: string): Version => {
    const [a = 0, b = 0, c = 0] = v.replace(/^v/, "").split(".").map((x) => Number.parseInt(x, 10) || 0);
    return [a, b, c];
};
const cmp = (x: Version, y: Version): number => x[0] - y[0] || x[1] - y[1] || x[2] - y[2];

/** Whether `v` satisfies an npm `engines` range of the forms packages use (`>=22`, `^18.18.0 || >=20`, `>= 14 < 23`). */
function satisfies(v: Version, range: string): boolean {
    return range.split("||").some((part) =>
        part
            .trim()
            .replace(/(>=|<=|>|<|\^|~|=)\s+/g, "$1")
            .split(/\s+/)
            .filter(Boolean)
            .every((c) => {
                const m = /^(>=|<=|>|<|\^|~|=)?v?(\d+(?:\.\d+){0,2})(?:\.[x*])?$/.exec(c);
                if (!m) throw new Error(`engines range not understood: ${range}`);
                const w = parse(m[2]);
                const d = cmp(v, w);
                switch (m[1]) {
                    case ">=":
                        return d >= 0;
                    case ">":
                        return d > 0;
                    case "<=":
                        return d <= 0;
                    case "<":
                        return d < 0;
                    case "^":
                        return d >= 0 && v[0] === w[0];
                    case "~":
                        return d >= 0 && v[0] === w[0] && v[1] === w[1];
                    default:
                        return m[2].split(".").length === 1 ? v[0] === w[0] : d === 0;
                }
            }),
    );
}

describe("set-up", () => {
    it("engines: the lowest Node.js package.json allows is one every runtime dependency accepts", () => {
        const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { engines: { node: string } };
        const lowest = parse(/>=\s*(\S+)/.exec(pkg.engines.node)![1]);
        const lock = JSON.parse(fs.readFileSync(path.join(ROOT, "package-lock.json"), "utf8")) as { packages: Record<string, { dev?: boolean; engines?: { node?: string } | string[]; version?: string }> };
        assert.equal((lock.packages[""].engines as { node: string }).node, pkg.engines.node, "package-lock.json agrees");
        const refusing = Object.entries(lock.packages)
            .filter(([k, p]) => k !== "" && !p.dev && p.engines && !Array.isArray(p.engines) && p.engines.node)
            .filter(([, p]) => !satisfies(lowest, (p.engines as { node: string }).node))
            .map(([k, p]) => `${k.replace(/^.*node_modules\//, "")}@${p.version} needs ${(p.engines as { node: string }).node}`);
        assert.deepEqual(refusing, [], `package.json says node ${pkg.engines.node}`);
        assert.ok(satisfies(parse("22.0.0"), ">=22") && !satisfies(parse("20.19.0"), ">=22") && satisfies(parse("20.19.0"), "^18.18.0 || ^20.9.0 || >=21.1.0"));
    });

    it("npm run demo does not compile (prepare did); the demo builds only what changed since", () => {
        const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> };
        assert.match(pkg.scripts.prepare, /^tsc /);
        assert.doesNotMatch(pkg.scripts.demo, /tsc/);
        const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "vsnet-fresh-"));
        try {
            const file = (rel: string, mtime: number) => {
                fs.mkdirSync(path.dirname(path.join(tmp, rel)), { recursive: true });
                fs.writeFileSync(path.join(tmp, rel), "");
                fs.utimesSync(path.join(tmp, rel), mtime, mtime);
            };
            file("index.ts", 100);
            file("dist/index.js", 200);
            file("cli/a.ts", 300);
            file("dist/cli/a.js", 200);
            file("cli/b.ts", 100);
            file("dist/cli/b.js", 200);
            file("findings/c.ts", 100);
            file("cli/types.d.ts", 900);
            assert.deepEqual(staleSources(tmp).sort(), [path.join("cli", "a.ts"), path.join("findings", "c.ts")]);
        } finally {
            fs.rmSync(tmp, { recursive: true, force: true });
        }
        assert.deepEqual(staleSources(ROOT), [], "this build is fresh (the suite runs on it)");
    });
});
