/**
 * Declared flows (config `flows[]`): each is a two-way conversation between two declared workloads,
 * unicast (ARP and frames both ways) or, with `multicast: true`, a group frame each way (X3).
 */
import { show, type Context } from "./context";
import type { DeclaredWorkloads } from "./declared-workloads";
import { isRecord } from "./unknowns";

export function addDeclaredFlows(ctx: Context, workloads: DeclaredWorkloads, flows: unknown): void {
    if (flows === undefined || flows === null) return;
    if (!Array.isArray(flows)) {
        ctx.diag({ kind: "config", configPath: "flows", message: "flows must be a list; no declared flow is checked." });
        return;
    }
    flows.forEach((f, i) => {
        const base = `flows[${i}]`;
        if (!isRecord(f)) {
            ctx.diag({ kind: "config", configPath: base, message: `${base} is not an object; it is skipped.` });
            return;
        }
        const ends: string[] = [];
        for (const side of ["from", "to"] as const) {
            const configPath = `${base}.${side}`;
            const name = f[side];
            if (typeof name !== "string") {
                ctx.diag({ kind: "config", configPath, message: `${configPath} must name a declared workload; the flow is skipped.` });
                continue;
            }
            const id = workloads.endpointOf.get(name);
            if (id !== undefined) {
                ends.push(id);
                continue;
            }
            const skippedAt = workloads.skipped.get(name);
            ctx.diag({
                // A workload skipped because what it names cannot be seen is undecided, not a mistake.
                kind: skippedAt !== undefined && workloads.undecided.has(name) ? "reference" : "config",
                configPath,
                message:
                    skippedAt !== undefined
                        ? `${configPath} names workload ${show(name)}, which was skipped (see workloads[${skippedAt}]); the flow is skipped.`
                        : `${configPath} names ${show(name)}, which is not a declared workload; the flow is skipped.`,
            });
        }
        if (ends.length !== 2) return;
        if (ends[0] === ends[1]) {
            ctx.diag({ kind: "config", configPath: base, message: `${base} goes from a workload to itself; it is skipped.` });
            return;
        }
        // X3: a multicast flow sends a group frame each way instead of ARP and unicast.
        if (f.multicast !== undefined && typeof f.multicast !== "boolean") {
            ctx.diag({ kind: "config", configPath: `${base}.multicast`, message: `${base}.multicast must be true or false; the flow is checked as unicast.` });
        }
        ctx.conversations.push({ a: ends[0], b: ends[1], source: "declared", flowIndex: i, ...(f.multicast === true ? { multicast: true } : {}) });
    });
}
