/**
 * The inventory file, format `vsnet-inventory/1`: what vCenter (or another stack) says about the
 * networks a stack uses but does not define, keyed by the ids the vSphere provider stores
 * (managed object ids `dvportgroup-13`, `network-7`, `host-101`, the DVS uuid).
 *
 * Plain data and its validation; no I/O. `validateInventory` checks every field a reader relies on
 * and says what is wrong in one line naming the JSON path (`portGroups["dvportgroup-13"].vlan.id`).
 * README "Inventory file format" documents the same shape; `inventorySchema` is its JSON schema.
 */

export const INVENTORY_FORMAT = "vsnet-inventory/1";

/** Where the inventory was read from. */
export type InventorySource =
    | { kind: "vcenter"; server: string; instanceUuid?: string; apiType?: string; apiVersion?: string; product?: string }
    | { kind: "stack"; stack: string; file?: string; server?: string };

/** The effective VLAN of a port group. `pvlan`: a private VLAN (secondary, with its primary and type when known). */
export type InventoryVlan =
    | { kind: "none" }
    | { kind: "vlan"; id: number }
    | { kind: "trunk"; ranges: Array<[number, number]> }
    | { kind: "pvlan"; secondary: number; primary?: number; type?: "promiscuous" | "community" | "isolated" };

/** The three legacy security settings; a missing one was not readable. */
export interface InventorySecurity {
    allowPromiscuous?: boolean;
    allowForgedTransmits?: boolean;
    allowMacChanges?: boolean;
}

export interface InventoryMacLearning {
    enabled: boolean;
    allowUnicastFlooding: boolean;
    limit: number;
    limitPolicy: "drop" | "allow";
}

/** Teaming by uplink name (vDS: `uplink1`; vSS: the NIC, `vmnic0`). */
export interface InventoryTeaming {
    policy?: string;
    active: string[];
    standby: string[];
}

export interface InventoryHost {
    name?: string;
    /** ESXi version, e.g. "8.0.3". */
    version?: string;
    /** `Net.ReversePathFwdCheckPromisc`, when readable. */
    rpfCheckPromisc?: boolean;
    /**
     * Physical NIC → the native (untagged) VLAN of the physical switch port it is cabled to, where the
     * physical switch announces it over CDP and vCenter reports it (QueryNetworkHint); V7.
     */
    nativeVlan?: Record<string, number>;
}

/** A switch's member host: the physical NICs, and for a vDS the uplink name of each (same order). */
export interface InventorySwitchMember {
    host: string;
    nics: string[];
    uplinkNames?: string[];
}

export interface InventorySwitch {
    kind: "distributed" | "standard";
    name: string;
    /** The resource in the stack the inventory was read from (stack exports only). */
    urn?: string;
    /** vDS product version ("8.0.0"): decides whether MAC learning exists (6.6.0+). */
    version?: string;
    mtu?: number;
    lacp?: { enabled: boolean; mode?: "active" | "passive" };
    hosts: InventorySwitchMember[];
    security?: InventorySecurity;
    teaming?: InventoryTeaming;
    vlan?: InventoryVlan;
}

export interface InventoryPortGroup {
    name: string;
    /** The resource in the stack the inventory was read from (stack exports only). */
    urn?: string;
    /** A key of `switches`. */
    switch: string;
    /** Standard port groups: the one host it is on. */
    host?: string;
    vlan: InventoryVlan;
    security: InventorySecurity;
    macLearning?: InventoryMacLearning;
    teaming?: InventoryTeaming;
    blocked?: boolean;
}

/** A standard network (`network-7`): one host port group of that name on each host. */
export interface InventoryNetwork {
    name: string;
    /** Keys of `portGroups` (`host-21/VM Network`). */
    portGroups: string[];
    /** Hosts that have this network but whose network configuration the user could not read. */
    unreadableHosts?: string[];
}

export interface InventoryVmNic {
    key?: number;
    mac?: string;
    /** A key of `portGroups` or `networks`. */
    network?: string;
    connected?: boolean;
}

export interface InventoryVm {
    name: string;
    host?: string;
    nics: InventoryVmNic[];
}

/**
 * An object vCenter did not let the user read (a `missingSet` fault such as NoPermission), or one
 * other objects name but the user was not shown; what depends on it is unknown, never a default.
 */
export interface InventoryUnreadable {
    /** vim25 type: HostSystem, DistributedVirtualSwitch, DistributedVirtualPortgroup, Network, VirtualMachine. */
    type: string;
    name?: string;
    /** The properties that could not be read (empty: the object itself was not shown). */
    properties: string[];
    /** The fault: NoPermission, NotAuthenticated, … or NotVisible (named by another object, not returned). */
    fault: string;
    /** Why, when it is not the object's own fault ("its switch dvs-9 is not readable"). */
    note?: string;
}

export interface Inventory {
    format: typeof INVENTORY_FORMAT;
    source: InventorySource;
    /** ISO 8601 UTC, when the inventory was read. */
    takenAt: string;
    hosts: Record<string, InventoryHost>;
    switches: Record<string, InventorySwitch>;
    portGroups: Record<string, InventoryPortGroup>;
    networks: Record<string, InventoryNetwork>;
    vms: Record<string, InventoryVm>;
    /** Objects (by managed object id) the user could not read: what depends on them is unknown. */
    unreadable?: Record<string, InventoryUnreadable>;
}

/** Is this fault a lack of rights (rather than some other failure to read)? */
export function isPermissionFault(fault: string): boolean {
    return /^(NoPermission|NotAuthenticated|NotVisible)$/.test(fault);
}

/** "no read permission (NoPermission on config)" / "not shown to the user (NotVisible)". */
export function describeUnreadable(u: InventoryUnreadable): string {
    const what = u.fault === "NotVisible" ? "not shown to the user that took the inventory" : isPermissionFault(u.fault) ? "no read permission" : `not readable`;
    const props = u.properties.length ? ` on ${u.properties.slice(0, 3).join(", ")}${u.properties.length > 3 ? ", …" : ""}` : "";
    return `${what} (${u.fault}${props}${u.note ? `; ${u.note}` : ""})`;
}

/** How an inventory is named in messages: "vCenter inventory vc01.example.com" / "stack platform/prod". */
export function describeSource(s: InventorySource): string {
    return s.kind === "vcenter" ? `vCenter inventory ${s.server}` : `stack ${s.stack}`;
}

/** "2026-12-01T10:00Z": takenAt to the minute. */
export function shortTime(iso: string): string {
    const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d)/.exec(iso);
    return m ? `${m[1]}Z` : iso;
}

// ------------------------------------------------------------------------------------------------
// Validation
// ------------------------------------------------------------------------------------------------

export class InventoryError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "InventoryError";
    }
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const key = (k: string): string => (/^[A-Za-z_][A-Za-z0-9_]*$/.test(k) ? `.${k}` : `[${JSON.stringify(k.length > 60 ? `${k.slice(0, 60)}…` : k)}]`);

function typeOf(v: unknown): string {
    if (v === null) return "null";
    if (Array.isArray(v)) return "a list";
    return typeof v === "object" ? "an object" : `${typeof v} ${JSON.stringify(v).slice(0, 40)}`;
}

class Checker {
    constructor(private readonly file: string) {}

    fail(path: string, what: string): never {
        throw new InventoryError(`${this.file}: ${path || "(top level)"} ${what}`);
    }

    obj(v: unknown, path: string): Obj {
        if (!isObj(v)) this.fail(path, `must be an object, not ${typeOf(v)}`);
        return v;
    }

    only(o: Obj, path: string, allowed: readonly string[]): void {
        for (const k of Object.keys(o)) if (!allowed.includes(k)) this.fail(`${path}${key(k)}`, `is not a field of the format (allowed: ${allowed.join(", ")})`);
    }

    str(v: unknown, path: string, optional = false): string | undefined {
        if (v === undefined && optional) return undefined;
        if (typeof v !== "string" || v === "") this.fail(path, `must be a non-empty string, not ${v === undefined ? "missing" : typeOf(v)}`);
        return v;
    }

    bool(v: unknown, path: string, optional = false): boolean | undefined {
        if (v === undefined && optional) return undefined;
        if (typeof v !== "boolean") this.fail(path, `must be true or false, not ${v === undefined ? "missing" : typeOf(v)}`);
        return v;
    }

    int(v: unknown, path: string, min: number, max: number, optional = false): number | undefined {
        if (v === undefined && optional) return undefined;
        if (typeof v !== "number" || !Number.isInteger(v) || v < min || v > max) this.fail(path, `must be a whole number from ${min} to ${max}, not ${v === undefined ? "missing" : typeOf(v)}`);
        return v;
    }

    strings(v: unknown, path: string): string[] {
        if (!Array.isArray(v)) this.fail(path, `must be a list of strings, not ${v === undefined ? "missing" : typeOf(v)}`);
        v.forEach((s, i) => this.str(s, `${path}[${i}]`));
        return v as string[];
    }

    oneOf<T extends string>(v: unknown, path: string, values: readonly T[], optional = false): T | undefined {
        if (v === undefined && optional) return undefined;
        if (typeof v !== "string" || !values.includes(v as T)) this.fail(path, `must be one of ${values.join(", ")}, not ${v === undefined ? "missing" : typeOf(v)}`);
        return v as T;
    }

    map<T>(v: unknown, path: string, each: (x: unknown, p: string, k: string) => T): Record<string, T> {
        const o = this.obj(v, path);
        const out: Record<string, T> = {};
        for (const [k, x] of Object.entries(o)) {
            if (k === "") this.fail(path, "has an empty key");
            out[k] = each(x, `${path}${key(k)}`, k);
        }
        return out;
    }
}

function vlan(c: Checker, v: unknown, path: string): InventoryVlan {
    const o = c.obj(v, path);
    const kind = c.oneOf(o.kind, `${path}.kind`, ["none", "vlan", "trunk", "pvlan"] as const)!;
    switch (kind) {
        case "none":
            c.only(o, path, ["kind"]);
            return { kind };
        case "vlan":
            c.only(o, path, ["kind", "id"]);
            return { kind, id: c.int(o.id, `${path}.id`, 1, 4094)! };
        case "trunk": {
            c.only(o, path, ["kind", "ranges"]);
            if (!Array.isArray(o.ranges) || o.ranges.length === 0) c.fail(`${path}.ranges`, "must be a non-empty list of [min, max] pairs");
            const ranges = (o.ranges as unknown[]).map((r, i): [number, number] => {
                const p = `${path}.ranges[${i}]`;
                if (!Array.isArray(r) || r.length !== 2) c.fail(p, "must be a [min, max] pair");
                const lo = c.int(r[0], `${p}[0]`, 0, 4094)!;
                const hi = c.int(r[1], `${p}[1]`, 0, 4094)!;
                if (hi < lo) c.fail(p, "has max below min");
                return [lo, hi];
            });
            return { kind, ranges };
        }
        case "pvlan": {
            c.only(o, path, ["kind", "secondary", "primary", "type"]);
            const out: InventoryVlan = { kind, secondary: c.int(o.secondary, `${path}.secondary`, 1, 4094)! };
            const primary = c.int(o.primary, `${path}.primary`, 1, 4094, true);
            const type = c.oneOf(o.type, `${path}.type`, ["promiscuous", "community", "isolated"] as const, true);
            if (primary !== undefined) out.primary = primary;
            if (type !== undefined) out.type = type;
            return out;
        }
    }
}

function security(c: Checker, v: unknown, path: string): InventorySecurity {
    const o = c.obj(v, path);
    c.only(o, path, ["allowPromiscuous", "allowForgedTransmits", "allowMacChanges"]);
    const out: InventorySecurity = {};
    for (const k of ["allowPromiscuous", "allowForgedTransmits", "allowMacChanges"] as const) {
        const b = c.bool(o[k], `${path}.${k}`, true);
        if (b !== undefined) out[k] = b;
    }
    return out;
}

function teaming(c: Checker, v: unknown, path: string): InventoryTeaming {
    const o = c.obj(v, path);
    c.only(o, path, ["policy", "active", "standby"]);
    const out: InventoryTeaming = { active: c.strings(o.active, `${path}.active`), standby: c.strings(o.standby ?? [], `${path}.standby`) };
    const policy = c.str(o.policy, `${path}.policy`, true);
    if (policy !== undefined) out.policy = policy;
    return out;
}

function macLearning(c: Checker, v: unknown, path: string): InventoryMacLearning {
    const o = c.obj(v, path);
    c.only(o, path, ["enabled", "allowUnicastFlooding", "limit", "limitPolicy"]);
    return {
        enabled: c.bool(o.enabled, `${path}.enabled`)!,
        allowUnicastFlooding: c.bool(o.allowUnicastFlooding, `${path}.allowUnicastFlooding`)!,
        limit: c.int(o.limit, `${path}.limit`, 0, 4096)!,
        limitPolicy: c.oneOf(o.limitPolicy, `${path}.limitPolicy`, ["drop", "allow"] as const)!,
    };
}

function optional<T>(o: Obj, k: string, out: Obj, read: (v: unknown) => T): void {
    if (o[k] !== undefined) out[k] = read(o[k]);
}

/**
 * Checks a parsed inventory file and returns it typed. Throws `InventoryError` with one line
 * (`<file>: <path> <what is wrong>`) at the first problem; cross references (a port group's switch,
 * a VM's host and networks) are checked too, so a hand-edited file cannot point nowhere.
 */
export function validateInventory(data: unknown, file: string): Inventory {
    const c = new Checker(file);
    const top = c.obj(data, "");
    if (top.format !== INVENTORY_FORMAT) {
        const f = top.format;
        c.fail(".format", typeof f === "string" && f.startsWith("vsnet-inventory/") ? `is ${JSON.stringify(f)}, a version this vsnet does not read (it reads ${INVENTORY_FORMAT})` : `must be "${INVENTORY_FORMAT}"`);
    }
    c.only(top, "", ["format", "source", "takenAt", "hosts", "switches", "portGroups", "networks", "vms", "unreadable"]);
    const so = c.obj(top.source, ".source");
    const sk = c.oneOf(so.kind, ".source.kind", ["vcenter", "stack"] as const)!;
    let source: InventorySource;
    if (sk === "vcenter") {
        c.only(so, ".source", ["kind", "server", "instanceUuid", "apiType", "apiVersion", "product"]);
        source = { kind: sk, server: c.str(so.server, ".source.server")! };
        for (const k of ["instanceUuid", "apiType", "apiVersion", "product"] as const) {
            const s = c.str(so[k], `.source.${k}`, true);
            if (s !== undefined) source[k] = s;
        }
    } else {
        c.only(so, ".source", ["kind", "stack", "file", "server"]);
        source = { kind: sk, stack: c.str(so.stack, ".source.stack")! };
        const f = c.str(so.file, ".source.file", true);
        if (f !== undefined) source.file = f;
        const server = c.str(so.server, ".source.server", true);
        if (server !== undefined) source.server = server;
    }
    const takenAt = c.str(top.takenAt, ".takenAt")!;
    if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$/.test(takenAt) || Number.isNaN(Date.parse(takenAt))) c.fail(".takenAt", `must be an ISO 8601 time like "2026-12-01T10:00:00Z", not ${JSON.stringify(takenAt).slice(0, 40)}`);

    const hosts = c.map(top.hosts ?? {}, ".hosts", (v, p) => {
        const o = c.obj(v, p);
        c.only(o, p, ["name", "version", "rpfCheckPromisc", "nativeVlan"]);
        const h: InventoryHost = {};
        optional(o, "name", h as Obj, (x) => c.str(x, `${p}.name`));
        optional(o, "version", h as Obj, (x) => c.str(x, `${p}.version`));
        optional(o, "rpfCheckPromisc", h as Obj, (x) => c.bool(x, `${p}.rpfCheckPromisc`));
        optional(o, "nativeVlan", h as Obj, (x) => c.map(x, `${p}.nativeVlan`, (v, vp) => c.int(v, vp, 0, 4094)!));
        return h;
    });
    const hostRef = (v: unknown, p: string): string => {
        const id = c.str(v, p)!;
        if (!Object.prototype.hasOwnProperty.call(hosts, id)) c.fail(p, `names host ${JSON.stringify(id)}, which is not in .hosts`);
        return id;
    };

    const switches = c.map(top.switches ?? {}, ".switches", (v, p) => {
        const o = c.obj(v, p);
        c.only(o, p, ["kind", "name", "urn", "version", "mtu", "lacp", "hosts", "security", "teaming", "vlan"]);
        const sw: InventorySwitch = {
            kind: c.oneOf(o.kind, `${p}.kind`, ["distributed", "standard"] as const)!,
            name: c.str(o.name, `${p}.name`)!,
            hosts: [],
        };
        if (!Array.isArray(o.hosts)) c.fail(`${p}.hosts`, `must be a list, not ${o.hosts === undefined ? "missing" : typeOf(o.hosts)}`);
        sw.hosts = (o.hosts as unknown[]).map((m, i) => {
            const mp = `${p}.hosts[${i}]`;
            const mo = c.obj(m, mp);
            c.only(mo, mp, ["host", "nics", "uplinkNames"]);
            const member: InventorySwitchMember = { host: hostRef(mo.host, `${mp}.host`), nics: c.strings(mo.nics ?? [], `${mp}.nics`) };
            if (mo.uplinkNames !== undefined) member.uplinkNames = c.strings(mo.uplinkNames, `${mp}.uplinkNames`);
            return member;
        });
        if (sw.kind === "standard" && sw.hosts.length !== 1) c.fail(`${p}.hosts`, "of a standard switch must list exactly one host");
        optional(o, "urn", sw as unknown as Obj, (x) => c.str(x, `${p}.urn`));
        optional(o, "version", sw as unknown as Obj, (x) => c.str(x, `${p}.version`));
        optional(o, "mtu", sw as unknown as Obj, (x) => c.int(x, `${p}.mtu`, 68, 65535));
        optional(o, "lacp", sw as unknown as Obj, (x) => {
            const lo = c.obj(x, `${p}.lacp`);
            c.only(lo, `${p}.lacp`, ["enabled", "mode"]);
            const l: { enabled: boolean; mode?: "active" | "passive" } = { enabled: c.bool(lo.enabled, `${p}.lacp.enabled`)! };
            const mode = c.oneOf(lo.mode, `${p}.lacp.mode`, ["active", "passive"] as const, true);
            if (mode) l.mode = mode;
            return l;
        });
        optional(o, "security", sw as unknown as Obj, (x) => security(c, x, `${p}.security`));
        optional(o, "teaming", sw as unknown as Obj, (x) => teaming(c, x, `${p}.teaming`));
        optional(o, "vlan", sw as unknown as Obj, (x) => vlan(c, x, `${p}.vlan`));
        return sw;
    });

    const portGroups = c.map(top.portGroups ?? {}, ".portGroups", (v, p) => {
        const o = c.obj(v, p);
        c.only(o, p, ["name", "urn", "switch", "host", "vlan", "security", "macLearning", "teaming", "blocked"]);
        const swId = c.str(o.switch, `${p}.switch`)!;
        const sw = Object.prototype.hasOwnProperty.call(switches, swId) ? switches[swId] : c.fail(`${p}.switch`, `names switch ${JSON.stringify(swId)}, which is not in .switches`);
        const pg: InventoryPortGroup = { name: c.str(o.name, `${p}.name`)!, switch: swId, vlan: vlan(c, o.vlan, `${p}.vlan`), security: security(c, o.security ?? {}, `${p}.security`) };
        if (o.host !== undefined) pg.host = hostRef(o.host, `${p}.host`);
        optional(o, "urn", pg as unknown as Obj, (x) => c.str(x, `${p}.urn`));
        if (sw.kind === "standard" && pg.host !== undefined && pg.host !== sw.hosts[0].host) c.fail(`${p}.host`, `is not the host of its switch ${JSON.stringify(swId)}`);
        optional(o, "macLearning", pg as unknown as Obj, (x) => macLearning(c, x, `${p}.macLearning`));
        optional(o, "teaming", pg as unknown as Obj, (x) => teaming(c, x, `${p}.teaming`));
        optional(o, "blocked", pg as unknown as Obj, (x) => c.bool(x, `${p}.blocked`));
        return pg;
    });

    const networks = c.map(top.networks ?? {}, ".networks", (v, p) => {
        const o = c.obj(v, p);
        c.only(o, p, ["name", "portGroups", "unreadableHosts"]);
        const list = c.strings(o.portGroups, `${p}.portGroups`);
        list.forEach((k, i) => {
            if (!Object.prototype.hasOwnProperty.call(portGroups, k)) c.fail(`${p}.portGroups[${i}]`, `names port group ${JSON.stringify(k)}, which is not in .portGroups`);
        });
        const n: InventoryNetwork = { name: c.str(o.name, `${p}.name`)!, portGroups: list };
        if (o.unreadableHosts !== undefined) n.unreadableHosts = c.strings(o.unreadableHosts, `${p}.unreadableHosts`);
        return n;
    });

    const vms = c.map(top.vms ?? {}, ".vms", (v, p) => {
        const o = c.obj(v, p);
        c.only(o, p, ["name", "host", "nics"]);
        const vm: InventoryVm = { name: c.str(o.name, `${p}.name`)!, nics: [] };
        if (o.host !== undefined) vm.host = hostRef(o.host, `${p}.host`);
        if (!Array.isArray(o.nics)) c.fail(`${p}.nics`, `must be a list, not ${o.nics === undefined ? "missing" : typeOf(o.nics)}`);
        vm.nics = (o.nics as unknown[]).map((n, i) => {
            const np = `${p}.nics[${i}]`;
            const no = c.obj(n, np);
            c.only(no, np, ["key", "mac", "network", "connected"]);
            const nic: InventoryVmNic = {};
            optional(no, "key", nic as Obj, (x) => c.int(x, `${np}.key`, 0, 2 ** 31));
            optional(no, "mac", nic as Obj, (x) => c.str(x, `${np}.mac`));
            optional(no, "network", nic as Obj, (x) => c.str(x, `${np}.network`));
            optional(no, "connected", nic as Obj, (x) => c.bool(x, `${np}.connected`));
            return nic;
        });
        return vm;
    });

    const unreadable = c.map(top.unreadable ?? {}, ".unreadable", (v, p) => {
        const o = c.obj(v, p);
        c.only(o, p, ["type", "name", "properties", "fault", "note"]);
        const u: InventoryUnreadable = { type: c.str(o.type, `${p}.type`)!, properties: c.strings(o.properties ?? [], `${p}.properties`), fault: c.str(o.fault, `${p}.fault`)! };
        optional(o, "name", u as unknown as Obj, (x) => c.str(x, `${p}.name`));
        optional(o, "note", u as unknown as Obj, (x) => c.str(x, `${p}.note`));
        return u;
    });

    return { format: INVENTORY_FORMAT, source, takenAt, hosts, switches, portGroups, networks, vms, ...(Object.keys(unreadable).length ? { unreadable } : {}) };
}

// ------------------------------------------------------------------------------------------------
// JSON schema (draft-07), for editors and other tools; `validateInventory` is what vsnet runs.
// ------------------------------------------------------------------------------------------------

const strList = { type: "array", items: { type: "string", minLength: 1 } };
const security$ = { type: "object", additionalProperties: false, properties: { allowPromiscuous: { type: "boolean" }, allowForgedTransmits: { type: "boolean" }, allowMacChanges: { type: "boolean" } } };
const teaming$ = { type: "object", additionalProperties: false, required: ["active"], properties: { policy: { type: "string" }, active: strList, standby: strList } };
const vlanId = { type: "integer", minimum: 1, maximum: 4094 };
const vlan$ = {
    oneOf: [
        { type: "object", additionalProperties: false, required: ["kind"], properties: { kind: { const: "none" } } },
        { type: "object", additionalProperties: false, required: ["kind", "id"], properties: { kind: { const: "vlan" }, id: vlanId } },
        {
            type: "object",
            additionalProperties: false,
            required: ["kind", "ranges"],
            properties: { kind: { const: "trunk" }, ranges: { type: "array", minItems: 1, items: { type: "array", minItems: 2, maxItems: 2, items: { type: "integer", minimum: 0, maximum: 4094 } } } },
        },
        {
            type: "object",
            additionalProperties: false,
            required: ["kind", "secondary"],
            properties: { kind: { const: "pvlan" }, secondary: vlanId, primary: vlanId, type: { enum: ["promiscuous", "community", "isolated"] } },
        },
    ],
};

export const inventorySchema = {
    $schema: "http://json-schema.org/draft-07/schema#",
    $id: "https://github.com/vsphere-nested-networking/schemas/vsnet-inventory-1.json",
    title: "vsnet inventory, format vsnet-inventory/1",
    type: "object",
    additionalProperties: false,
    required: ["format", "source", "takenAt"],
    properties: {
        format: { const: INVENTORY_FORMAT },
        source: {
            oneOf: [
                {
                    type: "object",
                    additionalProperties: false,
                    required: ["kind", "server"],
                    properties: { kind: { const: "vcenter" }, server: { type: "string", minLength: 1 }, instanceUuid: { type: "string" }, apiType: { type: "string" }, apiVersion: { type: "string" }, product: { type: "string" } },
                },
                {
                    type: "object",
                    additionalProperties: false,
                    required: ["kind", "stack"],
                    properties: { kind: { const: "stack" }, stack: { type: "string", minLength: 1 }, file: { type: "string" }, server: { type: "string", minLength: 1 } },
                },
            ],
        },
        takenAt: { type: "string", format: "date-time" },
        hosts: {
            type: "object",
            additionalProperties: {
                type: "object",
                additionalProperties: false,
                properties: {
                    name: { type: "string" },
                    version: { type: "string" },
                    rpfCheckPromisc: { type: "boolean" },
                    nativeVlan: { type: "object", additionalProperties: { type: "integer", minimum: 0, maximum: 4094 } },
                },
            },
        },
        switches: {
            type: "object",
            additionalProperties: {
                type: "object",
                additionalProperties: false,
                required: ["kind", "name", "hosts"],
                properties: {
                    kind: { enum: ["distributed", "standard"] },
                    name: { type: "string", minLength: 1 },
                    urn: { type: "string", minLength: 1 },
                    version: { type: "string" },
                    mtu: { type: "integer", minimum: 68, maximum: 65535 },
                    lacp: { type: "object", additionalProperties: false, required: ["enabled"], properties: { enabled: { type: "boolean" }, mode: { enum: ["active", "passive"] } } },
                    hosts: { type: "array", items: { type: "object", additionalProperties: false, required: ["host"], properties: { host: { type: "string" }, nics: strList, uplinkNames: strList } } },
                    security: security$,
                    teaming: teaming$,
                    vlan: vlan$,
                },
            },
        },
        portGroups: {
            type: "object",
            additionalProperties: {
                type: "object",
                additionalProperties: false,
                required: ["name", "switch", "vlan"],
                properties: {
                    name: { type: "string", minLength: 1 },
                    urn: { type: "string", minLength: 1 },
                    switch: { type: "string", minLength: 1 },
                    host: { type: "string" },
                    vlan: vlan$,
                    security: security$,
                    macLearning: {
                        type: "object",
                        additionalProperties: false,
                        required: ["enabled", "allowUnicastFlooding", "limit", "limitPolicy"],
                        properties: { enabled: { type: "boolean" }, allowUnicastFlooding: { type: "boolean" }, limit: { type: "integer", minimum: 0, maximum: 4096 }, limitPolicy: { enum: ["drop", "allow"] } },
                    },
                    teaming: teaming$,
                    blocked: { type: "boolean" },
                },
            },
        },
        networks: {
            type: "object",
            additionalProperties: { type: "object", additionalProperties: false, required: ["name", "portGroups"], properties: { name: { type: "string" }, portGroups: strList, unreadableHosts: strList } },
        },
        vms: {
            type: "object",
            additionalProperties: {
                type: "object",
                additionalProperties: false,
                required: ["name", "nics"],
                properties: {
                    name: { type: "string" },
                    host: { type: "string" },
                    nics: { type: "array", items: { type: "object", additionalProperties: false, properties: { key: { type: "integer" }, mac: { type: "string" }, network: { type: "string" }, connected: { type: "boolean" } } } },
                },
            },
        },
        unreadable: {
            type: "object",
            additionalProperties: {
                type: "object",
                additionalProperties: false,
                required: ["type", "fault"],
                properties: { type: { type: "string", minLength: 1 }, name: { type: "string" }, properties: strList, fault: { type: "string", minLength: 1 }, note: { type: "string" } },
            },
        },
    },
} as const;
