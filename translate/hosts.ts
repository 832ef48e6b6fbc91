/**
 * Host ids. A host is named by its managed object id (`host-123`) when the property is known; when a
 * `hostSystemId` is unknown during preview (computed from a `Host` resource in the same program) we
 * follow `propertyDependencies` to that resource and use its URN. A `Host` resource whose `id`
 * output is known is named by that id, so both ways of referring to it meet.
 */
import type { Context } from "./context";
import type { Stack } from "./stack";
import type { RawResource } from "./types";
import { readString, type Path } from "./unknowns";

export type HostRef = { kind: "host"; id: string } | { kind: "unknown" } | { kind: "absent" } | { kind: "wrongType"; found: string };

/** Which of several unknown references this is, to match dependencies by position. */
export interface Position {
    index: number;
    of: number;
}

export class Hosts {
    private readonly idOfResource = new Map<string, string>();

    constructor(
        private readonly stack: Stack,
        private readonly ctx: Context,
    ) {
        for (const h of stack.of("host")) {
            const known = readString(h.props, ["id"]);
            const id = known.kind === "value" && known.value !== "" ? known.value : h.urn;
            this.idOfResource.set(h.urn, id);
            ctx.addHost({ id, name: h.name }, { kind: "host", name: h.name, urn: h.urn, type: h.type });
        }
    }

    /** A known managed object id; registers the host in the model if no resource did. */
    fromMoid(moid: string): string {
        this.ctx.addHost({ id: moid, name: moid }, { kind: "implicit", name: moid });
        return moid;
    }

    fromResource(host: RawResource): string {
        return this.idOfResource.get(host.urn) ?? host.urn;
    }

    /**
     * Reads a host reference at `path` of `res`; when it is unknown, the `Host` resources that
     * `depProp` was computed from decide: the only one, or the one at the same position.
     */
    resolve(res: RawResource, path: Path, depProp: string, position?: Position): HostRef {
        const r = readString(res.props, path);
        if (r.kind === "value") return r.value === "" ? { kind: "absent" } : { kind: "host", id: this.fromMoid(r.value) };
        if (r.kind !== "unknown") return r;
        const deps = this.stack.depsOf(res, depProp, ["host"]);
        if (deps.length === 1) return { kind: "host", id: this.fromResource(deps[0]) };
        if (position && deps.length === position.of && position.of > 0) return { kind: "host", id: this.fromResource(deps[position.index]) };
        return { kind: "unknown" };
    }
}
