/** The tool's own identity: name, version (from package.json) and the pack directory it ships with. */
import * as fs from "node:fs";
import * as path from "node:path";
import { findProjectRoot } from "./analyzer-client";

/** The root of this package (the policy pack the CLI runs by default). */
export const PACKAGE_ROOT = findProjectRoot(__dirname);

function readVersion(): string {
    try {
        const pkg = JSON.parse(fs.readFileSync(path.join(PACKAGE_ROOT, "package.json"), "utf8")) as { version?: unknown };
        return typeof pkg.version === "string" ? pkg.version : "0.0.0";
    } catch {
        return "0.0.0";
    }
}

export const TOOL = { name: "vsnet", version: readVersion() } as const;

/** A path as the user would type it: relative to `cwd` when inside it, with forward slashes. */
export function displayPath(file: string, cwd: string): string {
    const abs = path.resolve(cwd, file);
    const rel = path.relative(cwd, abs);
    if (rel === "" || rel.startsWith("..") || path.isAbsolute(rel)) return abs.split(path.sep).join("/");
    return rel.split(path.sep).join("/");
}
