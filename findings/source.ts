/**
 * Where a resource is declared in the user's program, from the `sourcePosition` the engine records
 * in `pulumi stack export` and `pulumi preview --json` (Pulumi >= 3.76): `project:///index.ts#42,5`
 * (relative to the Pulumi project root; the column is left out when unknown), or `file:///abs#42,5`
 * for a file outside the project. Pure: turning project paths into repository paths (which needs the
 * file system) is the CLI's (cli/locations.ts).
 */

export interface SourcePosition {
    /** `project`: `path` is relative to the Pulumi project root; `file`: `path` is absolute. */
    base: "project" | "file";
    /** Forward slashes, no leading slash for `project`. */
    path: string;
    line: number;
    column?: number;
}

const POSITION = /^(project|file):\/\/(\/[^#]*)#(\d+)(?:,(\d+))?$/;

/** Parses one position; undefined when it is not one (an older or foreign format). */
export function parseSourcePosition(text: string): SourcePosition | undefined {
    const m = POSITION.exec(text);
    if (!m) return undefined;
    let path: string;
    try {
        path = decodeURIComponent(m[2]);
    } catch {
        return undefined;
    }
    const line = Number(m[3]);
    if (!(line >= 1) || path.includes("\u0000")) return undefined;
    const base = m[1] as SourcePosition["base"];
    const rel = base === "project" ? path.replace(/^\/+/, "") : path;
    // A project path never climbs out of the project.
    if (base === "project" && (rel === "" || rel.split("/").includes(".."))) return undefined;
    const column = m[4] !== undefined && Number(m[4]) >= 1 ? Number(m[4]) : undefined;
    return { base, path: rel, line, ...(column ? { column } : {}) };
}

const inLibrary = (p: SourcePosition): boolean => /(^|\/)node_modules\//.test(p.path);

/**
 * The line of the user's own program that declares the resource: its `sourcePosition`, unless that
 * points into a library (a component from node_modules registering it), then the first frame of its
 * stack trace that is in the project and not in a library.
 */
export function programPosition(r: { sourcePosition?: string; stackTrace?: readonly string[] }): SourcePosition | undefined {
    const own = r.sourcePosition ? parseSourcePosition(r.sourcePosition) : undefined;
    if (own && !inLibrary(own)) return own;
    for (const frame of r.stackTrace ?? []) {
        const p = parseSourcePosition(frame);
        if (p && p.base === "project" && !inLibrary(p)) return p;
    }
    return own;
}
