/**
 * The other stack as an inventory: a `pulumi stack export` of the stack that owns the switches and
 * port groups. Its port groups' `id` outputs (and its DVS's uuid) are the ids the VM stack sees, so
 * the export is translated with the pack's own translation (`translate()`, passed in to keep this
 * folder below translate/'s entry) and the model's port groups are written out keyed by those ids.
 */
import type { PortGroup, Setting, Switch, Team, VlanMode } from "../sim/model/model";
import type { Model } from "../sim/model/model";
import { INVENTORY_FORMAT, type Inventory, type InventoryPortGroup, type InventorySecurity, type InventorySwitch, type InventoryTeaming, type InventoryVlan } from "./format";

/** A resource as a stack export holds it (the shape the translation reads; inventory/ sits below translate/). */
export interface RawResource {
    urn: string;
    type: string;
    name: string;
    props: Record<string, unknown>;
    propertyDependencies: Record<string, string[]>;
    dependencies: string[];
    provider?: string;
}

/** What an inventory needs of a translation: the model and the resource each object came from. */
export interface StackModel {
    model: Model;
    objects: ReadonlyMap<string, { urn?: string }>;
}

export type TranslateFn = (resources: RawResource[]) => StackModel;

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Is this parsed JSON a `pulumi stack export` (an `UntypedDeployment`)? */
export function isStackExport(v: unknown): v is { version: unknown; deployment: Record<string, unknown> } {
    return isObj(v) && "deployment" in v && "version" in v && isObj(v.deployment);
}

function nameFromUrn(urn: string): string {
    const i = urn.lastIndexOf("::");
    return i >= 0 ? urn.slice(i + 2) : urn;
}

/** `urn:pulumi:<stack>::<project>::…` → "<project>/<stack>". */
function stackName(resources: RawResource[]): string | undefined {
    const m = /^urn:pulumi:([^:]+)::([^:]+)::/.exec(resources[0]?.urn ?? "");
    return m ? `${m[2]}/${m[1]}` : undefined;
}

/** ResourceV3 → RawResource: outputs (inputs when there are none), the resource id as `id`. */
export function stackExportResources(exp: { deployment: Record<string, unknown> }): RawResource[] {
    const list = Array.isArray(exp.deployment.resources) ? exp.deployment.resources : [];
    const out: RawResource[] = [];
    for (const r of list) {
        if (!isObj(r) || typeof r.urn !== "string" || typeof r.type !== "string") continue;
        const outputs = isObj(r.outputs) && Object.keys(r.outputs).length > 0 ? r.outputs : isObj(r.inputs) ? r.inputs : {};
        const props: Record<string, unknown> = { ...outputs };
        if (typeof r.id === "string" && r.id !== "") props.id = r.id;
        const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);
        const propertyDependencies: Record<string, string[]> = {};
        if (isObj(r.propertyDependencies)) for (const [k, v] of Object.entries(r.propertyDependencies)) propertyDependencies[k] = strings(v);
        out.push({
            urn: r.urn,
            type: r.type,
            name: nameFromUrn(r.urn),
            props,
            propertyDependencies,
            dependencies: strings(r.dependencies),
            ...(typeof r.provider === "string" ? { provider: r.provider } : {}),
        });
    }
    return out;
}

function bool(s: Setting): boolean | undefined {
    return s.value === "accept" ? true : s.value === "reject" ? false : undefined;
}

function security(sec: Switch["security"] | PortGroup["security"]): InventorySecurity {
    const out: InventorySecurity = {};
    const p = bool(sec.promiscuous);
    const f = bool(sec.forgedTransmits);
    const m = bool(sec.macChanges);
    if (p !== undefined) out.allowPromiscuous = p;
    if (f !== undefined) out.allowForgedTransmits = f;
    if (m !== undefined) out.allowMacChanges = m;
    return out;
}

function teaming(t: Team | undefined): InventoryTeaming | undefined {
    if (!t || t.unknownKey !== undefined) return undefined;
    return { ...(t.policy !== "unknown" ? { policy: t.policy } : {}), active: [...t.active], standby: [...t.standby] };
}

function vlan(v: VlanMode): InventoryVlan {
    if (v.kind === "vlan") return v.id === 0 ? { kind: "none" } : { kind: "vlan", id: v.id };
    if (v.kind === "trunk") return { kind: "trunk", ranges: v.ranges.map(([a, b]): [number, number] => [a, b]) };
    return { kind: "none" };
}

/** The vCenter the exported stack's vSphere provider talks to, when it names exactly one. */
function providerServer(resources: RawResource[]): string | undefined {
    const servers = new Set<string>();
    for (const r of resources) {
        const s = r.type === "pulumi:providers:vsphere" ? r.props.vsphereServer : undefined;
        if (typeof s === "string" && s.trim() !== "") servers.add(s.trim());
    }
    return servers.size === 1 ? [...servers][0] : undefined;
}

/** The time the export was written (`deployment.manifest.time`), else the file's modification time. */
function exportTime(exp: { deployment: Record<string, unknown> }, fallback: Date): string {
    const m = exp.deployment.manifest;
    const t = isObj(m) && typeof m.time === "string" ? Date.parse(m.time) : NaN;
    return new Date(Number.isNaN(t) ? fallback.getTime() : t).toISOString();
}

/**
 * A stack export as an inventory. Switches are keyed by their `id` output (a DVS's uuid, a
 * HostVirtualSwitch's provider id) or `<host>/<name>` for a standard switch the stack only names;
 * port groups by their `id` output. Anything the model could not place is left out.
 */
export function inventoryFromStackExport(exp: { deployment: Record<string, unknown> }, file: string, mtime: Date, translateFn: TranslateFn): Inventory {
    const resources = stackExportResources(exp);
    const t = translateFn(resources);
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const idOf = (modelId: string): string | undefined => {
        const urn = t.objects.get(modelId)?.urn;
        const id = urn ? byUrn.get(urn)?.props.id : undefined;
        return typeof id === "string" && id !== "" ? id : undefined;
    };
    const server = providerServer(resources);
    const inv: Inventory = {
        format: INVENTORY_FORMAT,
        source: { kind: "stack", stack: stackName(resources) ?? file, file, ...(server ? { server } : {}) },
        takenAt: exportTime(exp, mtime),
        hosts: {},
        switches: {},
        portGroups: {},
        networks: {},
        vms: {},
    };
    for (const h of t.model.hosts) inv.hosts[h.id] = h.name && h.name !== h.id ? { name: h.name } : {};
    const switchKey = new Map<string, string>();
    for (const sw of t.model.switches) {
        const host = sw.members[0]?.hostId;
        const key = idOf(sw.id) ?? (sw.kind === "standard" && host ? `${host}/${sw.name ?? sw.id}` : undefined);
        if (!key) continue;
        switchKey.set(sw.id, key);
        const urn = t.objects.get(sw.id)?.urn;
        const s: InventorySwitch = {
            kind: sw.kind,
            name: sw.name ?? key,
            ...(urn ? { urn } : {}),
            hosts: sw.members.map((m) => {
                const links = m.uplinks.known ? m.uplinks.links.filter((l) => l.nic !== undefined) : [];
                return { host: m.hostId, nics: links.map((l) => l.nic!), uplinkNames: links.map((l) => l.name) };
            }),
            security: security(sw.security),
        };
        if (sw.kind === "distributed") s.version = sw.macLearningSupported ? "6.6.0" : "6.5.0";
        const team = teaming(sw.team);
        if (team) s.teaming = team;
        if (sw.lacp) s.lacp = { enabled: sw.lacp.enabled, mode: sw.lacp.mode };
        for (const m of s.hosts) inv.hosts[m.host] ??= {};
        inv.switches[key] = s;
    }
    const pgKey = new Map<string, string>();
    for (const pg of t.model.portGroups) {
        const key = idOf(pg.id);
        const sw = switchKey.get(pg.switchId);
        if (!key || !sw) continue;
        pgKey.set(pg.id, key);
        const urn = t.objects.get(pg.id)?.urn;
        const p: InventoryPortGroup = { name: pg.name ?? key, ...(urn ? { urn } : {}), switch: sw, vlan: vlan(pg.vlan), security: security(pg.security) };
        const s = inv.switches[sw];
        if (s.kind === "standard") p.host = s.hosts[0].host;
        if (pg.macLearning) {
            const ml = pg.macLearning;
            p.macLearning = { enabled: ml.enabled, allowUnicastFlooding: ml.allowUnicastFlooding, limit: ml.limit, limitPolicy: ml.limitPolicy };
        }
        const team = teaming(pg.team);
        if (team) p.teaming = team;
        inv.portGroups[key] = p;
    }
    // The other stack's VMs: their MACs share the layer-2 domains (duplicates, exposure).
    for (const port of t.model.ports) {
        const urn = t.objects.get(port.id)?.urn;
        const res = urn ? byUrn.get(urn) : undefined;
        if (!res) continue;
        const moid = typeof res.props.moid === "string" && res.props.moid !== "" ? res.props.moid : res.urn;
        const vm = (inv.vms[moid] ??= { name: res.name, nics: [] });
        if (port.hostId && inv.hosts[port.hostId]) vm.host = port.hostId;
        const network = pgKey.get(port.portGroupId);
        vm.nics.push({ ...(/^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/.test(port.initialMac) ? { mac: port.initialMac } : {}), ...(network ? { network } : {}) });
    }
    return inv;
}
