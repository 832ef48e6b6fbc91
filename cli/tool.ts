/** The tool's own identity: name, version (from package.json) and the pack directory it ships with. */
import * as fs from "node:fs";
import * as path from "node:path";
import { findProjectRoot } from "./analyzer-client";

/** The root of this package (the policy pack the CLI runs by default). */
export const PACKAGE_ROOT = findProjectRoot(__dirname);

interface PackageJson {
    version?: unknown;
    homepage?: unknown;
}

function readPackage(): PackageJson {
    try {
        return JSON.parse(fs.readFileSync(path.join(PACKAGE_ROOT, "package.json"), "utf8")) as PackageJson;
    } catch {
        return {};
    }
}

const PKG = readPackage();

/** Name, version and (when package.json has a `homepage`) where to read about it (SARIF `informationUri`). */
export const TOOL: { readonly name: "vsnet"; readonly version: string; readonly homepage?: string } = {
    name: "vsnet",
    version: typeof PKG.version === "string" ? PKG.version : "0.0.0",
    ...(typeof PKG.homepage === "string" && /^https?:\/\//.test(PKG.homepage) ? { homepage: PKG.homepage } : {}),
};

/** A path as the user would type it: relative to `cwd` when inside it, with forward slashes. */
export function displayPath(file: string, cwd: string): string {
    const abs = path.resolve(cwd, file);
    const rel = path.relative(cwd, abs);
    if (rel === "" || rel.startsWith("..") || path.isAbsolute(rel)) return abs.split(path.sep).join("/");
    return rel.split(path.sep).join("/");
}
