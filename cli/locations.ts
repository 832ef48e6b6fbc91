/**
 * Where each resource of a saved stack is, for the outputs that place findings in files: the line of
 * the user's program that declares it (`sourcePosition`, relative to the Pulumi project root, turned
 * into a path relative to the working directory through the project directory), else the line of its
 * `"urn"` in the saved stack (older Pulumi, YAML programs, resources read with `get`).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { Locate, Place } from "../findings/model";
import { programPosition } from "../findings/source";
import { CliError, EXIT } from "./errors";
import { STDIN_NAME, urnLines, type LoadedStack } from "./stack-file";

const PROJECT_FILES = ["Pulumi.yaml", "Pulumi.yml"];

/** The nearest directory at or above `start` holding a Pulumi.yaml, not above a repository root (`.git`). */
function projectAbove(start: string): string | undefined {
    for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
        if (PROJECT_FILES.some((f) => fs.existsSync(path.join(dir, f)))) return dir;
        if (fs.existsSync(path.join(dir, ".git")) || path.dirname(dir) === dir) return undefined;
    }
}

/**
 * The Pulumi project directory: `--project-dir` when given (it must exist), else the directory of
 * the nearest Pulumi.yaml above the saved stack, else above the working directory.
 */
export function projectDir(given: string | undefined, stackFile: string, cwd: string): string | undefined {
    if (given !== undefined) {
        const dir = path.resolve(cwd, given);
        if (!fs.statSync(dir, { throwIfNoEntry: false })?.isDirectory()) throw new CliError(`--project-dir ${given}: no such directory`, EXIT.UNREADABLE);
        return dir;
    }
    const fromStack = stackFile === STDIN_NAME ? undefined : projectAbove(path.dirname(path.resolve(cwd, stackFile)));
    return fromStack ?? projectAbove(cwd);
}

/** A path as a place: relative to `cwd` (forward slashes) when inside it, else absolute. */
export function placeOf(file: string, cwd: string, extra: Omit<Place, "path" | "absolute">): Place {
    const abs = path.resolve(cwd, file);
    const rel = path.relative(cwd, abs);
    const inside = rel !== "" && !rel.startsWith("..") && !path.isAbsolute(rel);
    return { path: inside ? rel.split(path.sep).join("/") : abs, absolute: !inside, ...extra };
}

export interface Locations {
    locate: Locate;
    /** The saved stack itself (the analysis target). */
    target: Place;
    /** What the user should know: positions that could not be placed in the program, and why. */
    warnings: string[];
}

/** Locations for one saved stack; `dir`: the Pulumi project directory (see `projectDir`). */
export function locations(stack: LoadedStack, cwd: string, dir: string | undefined): Locations {
    const target = placeOf(stack.file, cwd, { program: false });
    let lines: Map<string, number> | undefined;
    const inFile = (urn: string): Place => {
        lines ??= urnLines(stack);
        const line = lines.get(urn);
        return { ...target, ...(line ? { line } : {}) };
    };
    const exists = new Map<string, boolean>();
    const missing: string[] = [];
    let withPosition = 0;
    const byUrn = new Map<string, Place>();
    for (const r of stack.resources) {
        const pos = programPosition(r);
        if (!pos) continue;
        withPosition++;
        const abs = pos.base === "file" ? pos.path : dir ? path.join(dir, ...pos.path.split("/")) : undefined;
        if (abs === undefined) continue;
        if (!exists.has(abs)) exists.set(abs, fs.statSync(abs, { throwIfNoEntry: false })?.isFile() === true);
        if (!exists.get(abs)) {
            if (!missing.includes(pos.path)) missing.push(pos.path);
            continue;
        }
        byUrn.set(r.urn, placeOf(abs, cwd, { line: pos.line, ...(pos.column ? { column: pos.column } : {}), program: true }));
    }
    const warnings: string[] = [];
    const shown = path.relative(cwd, dir ?? cwd) || ".";
    if (withPosition > 0 && dir === undefined) {
        warnings.push(`the saved stack records where the program declares each resource, but no Pulumi.yaml was found above it or the working directory: findings are placed in ${target.path}; pass --project-dir <directory of Pulumi.yaml>`);
    } else if (missing.length) {
        warnings.push(`${missing.length} program file${missing.length === 1 ? "" : "s"} named by the saved stack (${missing.slice(0, 3).join(", ")}${missing.length > 3 ? ", ..." : ""}) ${missing.length === 1 ? "is" : "are"} not in the project directory ${shown}: those findings are placed in ${target.path}; is --project-dir right?`);
    }
    return { locate: (urn) => (urn === undefined ? target : (byUrn.get(urn) ?? inFile(urn))), target, warnings };
}
