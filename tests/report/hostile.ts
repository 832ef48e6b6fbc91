/** A copy of an example lab in which every name (resources, hosts, workloads) is hostile. */
import * as fs from "node:fs";
import * as path from "node:path";
import { ROOT } from "../cli/run";

/** What each name becomes: markup, Mermaid syntax, quotes, controls, bidi, unicode, and one very long. */
export function hostile(name: string, long = false): string {
    return `${name}<script>window.__pwned=1</script>"]]-->x;%%{init}%% \u0007\u001b[31m\u202e é中 / ' & #quot; <img src=x onerror=window.__pwned=2>${long ? "L".repeat(400) : ""}`;
}

const NAMES = ["nested-pg-01", "nested-pg-02", "lab-vswitch-01", "lab-vswitch-02", "esxi-01", "esxi-02", "nested-web", "nested-db", "gateway", "host-1001", "host-1002"];

/** Writes the hostile copy of examples/nested-vss-t2 into `dir`; returns the stack and config paths. */
export function hostileLab(dir: string): { stack: string; config: string; names: Map<string, string> } {
    const names = new Map(NAMES.map((n, i) => [n, hostile(n, i === 0)]));
    const sub = (text: string): string => {
        let out = text;
        // Longest first, so "esxi-01" inside nothing else is replaced once; JSON-escaped, as they sit in JSON strings.
        for (const [n, h] of [...names].sort((x, y) => y[0].length - x[0].length)) out = out.split(n).join(JSON.stringify(h).slice(1, -1));
        return out;
    };
    const stack = path.join(dir, "hostile-preview.json");
    const config = path.join(dir, "hostile-config.json");
    fs.writeFileSync(stack, sub(fs.readFileSync(path.join(ROOT, "examples/nested-vss-t2/preview.json"), "utf8")));
    fs.writeFileSync(config, sub(fs.readFileSync(path.join(ROOT, "examples/nested-vss-t2/policy-config.json"), "utf8")));
    return { stack, config, names };
}
