/**
 * Which vCenter an inventory belongs to. Managed object ids (`dvportgroup-13`) are unique only
 * within one vCenter, so an inventory of another vCenter than the stack's would put the stack's
 * NICs on unrelated port groups. The stack can say which vCenter it uses in two ways: config
 * `vcenter` (server names or the instance uuid `vsnet inventory` records), else the `vsphereServer`
 * of its vSphere provider. An inventory that does not match is not used, and a finding says why;
 * two vCenter inventories of different vCenters with nothing to choose between them likewise.
 */
import type { InventorySource } from "../inventory/format";
import { show, type Context } from "./context";
import type { Stack } from "./stack";
import { readString } from "./unknowns";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What the stack says about its vCenter. */
export interface ExpectedVcenter {
    /** Server host names, lower case (`vc01.example.com`). */
    names: string[];
    /** Instance uuids, lower case. */
    uuids: string[];
    /** Where that was said, for messages. */
    from: string;
}

/** `https://VC01.example.com:443/sdk` → `vc01.example.com`. */
export function serverHost(s: string): string {
    return s
        .trim()
        .toLowerCase()
        .replace(/^[a-z]+:\/\//, "")
        .replace(/\/.*$/, "")
        .replace(/:\d+$/, "")
        .replace(/^\[(.*)\]$/, "$1");
}

/** Config `vcenter`, else the stack's providers' `vsphereServer`; undefined when neither says. */
export function expectedVcenter(ctx: Context, stack: Stack, decl: unknown): ExpectedVcenter | undefined {
    if (decl !== undefined && decl !== null) {
        const list = Array.isArray(decl) ? decl : [decl];
        if (list.length > 0 && list.every((x) => typeof x === "string" && x.trim() !== "")) {
            const items = (list as string[]).map((x) => x.trim());
            return { names: items.filter((x) => !UUID.test(x)).map(serverHost), uuids: items.filter((x) => UUID.test(x)).map((x) => x.toLowerCase()), from: "config vcenter" };
        }
        ctx.diag({ kind: "config", configPath: "vcenter", message: "vcenter must be the server name or instance uuid of the stack's vCenter, or a list of them; it is ignored." });
    }
    const names = new Set<string>();
    for (const p of stack.of("provider")) {
        const s = readString(p.props, ["vsphereServer"]);
        if (s.kind === "value" && s.value.trim() !== "") names.add(serverHost(s.value));
    }
    return names.size ? { names: [...names], uuids: [], from: "the stack's vSphere provider, vsphereServer" } : undefined;
}

function describeExpected(e: ExpectedVcenter): string {
    return [...e.names, ...e.uuids.map((u) => `instance ${u}`)].map(show).join(", ");
}

function describeSourceVcenter(s: InventorySource): string {
    if (s.kind === "stack") return `stack ${show(s.stack)}, whose provider talks to ${show(s.server ?? "?")}`;
    return `vCenter ${show(s.server)}${s.instanceUuid ? ` (instance ${show(s.instanceUuid)})` : ""}`;
}

/**
 * Why an inventory is not of the expected vCenter, in words; undefined when it is (or when
 * nothing can be compared: a stack export records a server name only).
 */
export function vcenterMismatch(expected: ExpectedVcenter, source: InventorySource, file: string): string | undefined {
    const server = source.server;
    const host = server !== undefined ? serverHost(server) : undefined;
    const uuid = source.kind === "vcenter" ? source.instanceUuid?.toLowerCase() : undefined;
    // The instance uuid decides when both sides have one (a name may be reused); else the server name.
    let matches: boolean | undefined;
    if (uuid !== undefined && expected.uuids.length) matches = expected.uuids.includes(uuid);
    else if (host !== undefined && expected.names.length) matches = expected.names.includes(host);
    if (matches !== false) return undefined;
    const same = uuid ? `"vcenter": "${show(uuid)}"` : `"vcenter": ["${show(serverHost(server ?? ""))}", …]`;
    return (
        `Inventory ${file} was taken from ${describeSourceVcenter(source)}, but this stack's networks live in ${describeExpected(expected)} (${expected.from}): ` +
        `managed object ids name other objects in another vCenter, so it is not used. Take the inventory from the stack's vCenter; ` +
        `if both name the same vCenter, say so in the config of nested-workloads-reachable: ${same}.`
    );
}

/** Two vCenter inventories of different instances, with nothing saying which is the stack's: the second is not used. */
export function conflictingInstances(a: { source: InventorySource; file: string }, b: { source: InventorySource; file: string }): string | undefined {
    if (a.source.kind !== "vcenter" || b.source.kind !== "vcenter") return undefined;
    const ua = a.source.instanceUuid?.toLowerCase();
    const ub = b.source.instanceUuid?.toLowerCase();
    if (!ua || !ub || ua === ub) return undefined;
    return (
        `Inventories ${a.file} and ${b.file} are of two vCenters (instances ${show(ua)} and ${show(ub)}), whose managed object ids overlap; ${b.file} is not used. ` +
        `Say which vCenter the stack uses in the config of nested-workloads-reachable ("vcenter": "<instance uuid>"), or give one inventory.`
    );
}
