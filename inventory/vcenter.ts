/**
 * Reading a vCenter (or an ESXi host) read-only into an inventory: one container view over the
 * root folder, one paged property read of hosts, distributed switches and port groups, standard
 * networks and VMs, then the mapping of vim25 data objects to the inventory format.
 */
import { INVENTORY_FORMAT, type Inventory, type InventoryPortGroup, type InventorySecurity, type InventorySwitch, type InventoryTeaming, type InventoryUnreadable, type InventoryVlan } from "./format";
import { list, SoapError, text, xmlEscape, type Parsed, type VimClient } from "./soap";

type Obj = Record<string, unknown>;
const o = (v: unknown): Obj => (v && typeof v === "object" && !Array.isArray(v) ? (v as Obj) : {});
const at = (v: unknown, ...path: string[]): unknown => path.reduce<unknown>((x, k) => o(x)[k], v);
const str = (v: unknown): string | undefined => {
    const t = text(v);
    return t === undefined || t === "" ? undefined : t;
};
const bool = (v: unknown): boolean | undefined => {
    const t = text(v);
    return t === "true" ? true : t === "false" ? false : undefined;
};
const int = (v: unknown): number | undefined => {
    const t = text(v);
    const n = t === undefined ? NaN : Number(t);
    return Number.isInteger(n) ? n : undefined;
};
const typeOf = (v: unknown): string => str(o(v)["@_type"]) ?? "";
/** A BoolPolicy / IntPolicy / StringPolicy (`{ inherited, value }`) or a plain value. */
const policyValue = (v: unknown): unknown => (v && typeof v === "object" && "value" in o(v) ? o(v).value : v);

/** What is read, by type; `DistributedVirtualSwitch` is the base type, so both vcsim and real vCenter match. */
export const PROPERTIES: ReadonlyArray<[string, string[]]> = [
    ["HostSystem", ["name", "summary.config.product.version", "config.network", "configManager.advancedOption", "configManager.networkSystem"]],
    ["DistributedVirtualSwitch", ["name", "uuid", "config", "summary.hostMember"]],
    ["DistributedVirtualPortgroup", ["name", "key", "config"]],
    ["Network", ["name", "host"]],
    ["VirtualMachine", ["name", "runtime.host", "config.hardware.device"]],
];

export interface ReadObject {
    type: string;
    moid: string;
    props: Record<string, unknown>;
}

/** A property vCenter did not return for an object (its `missingSet`), with the fault's type. */
export interface MissingProperty {
    type: string;
    moid: string;
    path: string;
    fault: string;
}

export interface ReadResult {
    about: Obj;
    objects: ReadObject[];
    /** Objects or properties the user may not read (NoPermission), one line each. */
    missing: string[];
    /** The same, per object and property; recorded in the inventory's `unreadable`. */
    missingProperties?: MissingProperty[];
    /** Host moid → advanced settings read with QueryOptions (only those the inventory records). */
    hostOptions?: Record<string, Record<string, string>>;
    /** Host moid → physical NIC → native VLAN announced over CDP (QueryNetworkHint). */
    hostNativeVlans?: Record<string, Record<string, number>>;
}

/** Advanced settings read per host, where the user may (else left out: unknown). */
export const HOST_OPTIONS = ["Net.ReversePathFwdCheckPromisc"] as const;

export interface ReadOptions {
    user: string;
    password: string;
    pageSize?: number;
    /** Called after each page with the number of objects read so far. */
    progress?(count: number): void;
}

function moref(type: string, value: string): string {
    return `<_this type="${xmlEscape(type)}">${xmlEscape(value)}</_this>`;
}

/** Logs in, reads everything, logs out (also after a failure). */
export async function readVcenter(client: VimClient, opts: ReadOptions): Promise<ReadResult> {
    const sc = o(await client.call("RetrieveServiceContent", moref("ServiceInstance", "ServiceInstance")));
    const about = o(sc.about);
    const ref = (k: string): { type: string; value: string } => {
        const v = sc[k];
        const value = str(v);
        if (!value) throw new SoapError("protocol", `the service content has no ${k}; is this a vCenter or ESXi SDK endpoint?`);
        return { type: typeOf(v) || k, value };
    };
    const sm = ref("sessionManager");
    await client.call("Login", `${moref(sm.type, sm.value)}<userName>${xmlEscape(opts.user)}</userName><password>${xmlEscape(opts.password)}</password>`);
    try {
        const vm = ref("viewManager");
        const root = ref("rootFolder");
        const pc = ref("propertyCollector");
        const view = await client.call(
            "CreateContainerView",
            `${moref(vm.type, vm.value)}<container type="${xmlEscape(root.type)}">${xmlEscape(root.value)}</container>` +
                PROPERTIES.map(([t]) => `<type>${t}</type>`).join("") +
                `<recursive>true</recursive>`,
        );
        const viewId = str(view);
        if (!viewId) throw new SoapError("protocol", "CreateContainerView returned no view");
        const specSet =
            `<specSet>` +
            PROPERTIES.map(([t, paths]) => `<propSet><type>${t}</type><all>false</all>${paths.map((p) => `<pathSet>${p}</pathSet>`).join("")}</propSet>`).join("") +
            `<objectSet><obj type="ContainerView">${xmlEscape(viewId)}</obj><skip>true</skip>` +
            `<selectSet xsi:type="TraversalSpec"><name>view</name><type>ContainerView</type><path>view</path><skip>false</skip></selectSet></objectSet>` +
            `</specSet>`;
        const objects: ReadObject[] = [];
        const missing: string[] = [];
        const missingProperties: MissingProperty[] = [];
        const take = (ret: unknown): string | undefined => {
            for (const item of list<Obj>(o(ret).objects)) {
                const type = typeOf(item.obj);
                const moid = str(item.obj) ?? "";
                const props: Record<string, unknown> = {};
                for (const p of list<Obj>(item.propSet)) {
                    const name = str(p.name);
                    if (name) props[name] = p.val;
                }
                for (const m of list<Obj>(item.missingSet)) {
                    const fault = typeOf(at(m, "fault", "fault")) || "fault";
                    missing.push(`${type} ${moid}: ${str(m.path) ?? "?"} (${fault})`);
                    missingProperties.push({ type, moid, path: str(m.path) ?? "?", fault });
                }
                objects.push({ type, moid, props });
            }
            return str(o(ret).token);
        };
        let token = take(
            await client.call("RetrievePropertiesEx", `${moref(pc.type, pc.value)}${specSet}<options><maxObjects>${opts.pageSize ?? 200}</maxObjects></options>`),
        );
        opts.progress?.(objects.length);
        while (token) {
            token = take(await client.call("ContinueRetrievePropertiesEx", `${moref(pc.type, pc.value)}<token>${xmlEscape(token)}</token>`));
            opts.progress?.(objects.length);
        }
        // Advanced settings: one QueryOptions per host and setting; a host that refuses is left unknown.
        const hostOptions: Record<string, Record<string, string>> = {};
        for (const h of objects.filter((x) => x.type === "HostSystem")) {
            const om = h.props["configManager.advancedOption"];
            const omId = str(om);
            if (!omId) continue;
            for (const name of HOST_OPTIONS) {
                try {
                    const ret = await client.call("QueryOptions", `${moref(typeOf(om) || "OptionManager", omId)}<name>${xmlEscape(name)}</name>`);
                    const value = text(o(list(ret)[0]).value);
                    if (value !== undefined) (hostOptions[h.moid] ??= {})[name] = value;
                } catch (e) {
                    if (!(e instanceof SoapError) || (e.kind !== "fault" && e.kind !== "permission")) throw e;
                    if (e.kind === "permission") missingProperties.push({ type: "HostSystem", moid: h.moid, path: name, fault: "NoPermission" });
                }
            }
        }
        // Native VLANs (V7): what the physical switches announce over CDP, per NIC; absent where they do not.
        const hostNativeVlans: Record<string, Record<string, number>> = {};
        for (const h of objects.filter((x) => x.type === "HostSystem")) {
            const ns = h.props["configManager.networkSystem"];
            const nsId = str(ns);
            // `device` is an array element elsewhere (ARRAY_ELEMENTS), so it parses as a list here too.
            const nics = list<Obj>(o(h.props["config.network"]).pnic).map((p) => str(list(p.device)[0])).filter((x): x is string => !!x);
            if (!nsId || nics.length === 0) continue;
            try {
                const ret = await client.call("QueryNetworkHint", `${moref(typeOf(ns) || "HostNetworkSystem", nsId)}${nics.map((d) => `<device>${xmlEscape(d)}</device>`).join("")}`);
                const found = nativeVlansOf(ret);
                if (Object.keys(found).length) hostNativeVlans[h.moid] = found;
            } catch (e) {
                if (!(e instanceof SoapError) || (e.kind !== "fault" && e.kind !== "permission")) throw e;
            }
        }
        return { about, objects, missing, missingProperties, hostOptions, hostNativeVlans };
    } finally {
        await client.call("Logout", moref(sm.type, sm.value)).catch(() => undefined);
    }
}

/**
 * A QueryNetworkHint answer (PhysicalNicHintInfo[]) → NIC → native VLAN: the `vlan` of the CDP
 * neighbour (`connectedSwitchPort`, PhysicalNicCdpInfo), the VLAN the physical port sends untagged.
 * LLDP carries no standard field for it in the vSphere API, so only CDP is read.
 */
export function nativeVlansOf(ret: unknown): Record<string, number> {
    const out: Record<string, number> = {};
    for (const hint of list<Obj>(ret)) {
        const device = str(list(hint.device)[0]);
        const vlan = int(at(hint, "connectedSwitchPort", "vlan"));
        if (device && vlan !== undefined && vlan >= 0 && vlan <= 4094) out[device] = vlan;
    }
    return out;
}

// ------------------------------------------------------------------------------------------------
// Mapping
// ------------------------------------------------------------------------------------------------

function security(sec: unknown, mac?: unknown): InventorySecurity {
    const out: InventorySecurity = {};
    // vSphere 6.7+: the MAC management policy is the one that applies; the legacy one mirrors it.
    const src = mac !== undefined ? o(mac) : o(sec);
    const p = bool(policyValue(src.allowPromiscuous));
    const f = bool(policyValue(src.forgedTransmits));
    const m = bool(policyValue(src.macChanges));
    if (p !== undefined) out.allowPromiscuous = p;
    if (f !== undefined) out.allowForgedTransmits = f;
    if (m !== undefined) out.allowMacChanges = m;
    return out;
}

function dvsVlan(v: unknown, pvlans: Map<number, { primary: number; type: string }>): InventoryVlan | undefined {
    const t = typeOf(v);
    if (/TrunkVlanSpec$/.test(t)) {
        const ranges = list<Obj>(o(v).vlanId).map((r): [number, number] => [int(r.start) ?? 0, int(r.end) ?? 0]);
        return ranges.length ? { kind: "trunk", ranges } : { kind: "none" };
    }
    if (/PvlanSpec$/.test(t)) {
        const secondary = int(o(v).pvlanId);
        if (secondary === undefined || secondary < 1) return undefined;
        const p = pvlans.get(secondary);
        const type = p?.type;
        return { kind: "pvlan", secondary, ...(p ? { primary: p.primary } : {}), ...(type === "promiscuous" || type === "community" || type === "isolated" ? { type } : {}) };
    }
    const first = list(o(v).vlanId)[0];
    const id = int(first);
    if (id === undefined) return undefined;
    return id === 0 ? { kind: "none" } : { kind: "vlan", id };
}

function dvsTeaming(t: unknown): InventoryTeaming | undefined {
    if (t === undefined) return undefined;
    const order = o(o(t).uplinkPortOrder);
    const active = list(order.activeUplinkPort).map(str).filter((x): x is string => !!x);
    const standby = list(order.standbyUplinkPort).map(str).filter((x): x is string => !!x);
    const policy = str(policyValue(o(t).policy));
    if (!active.length && !standby.length && !policy) return undefined;
    return { ...(policy ? { policy } : {}), active, standby };
}

function macLearning(mm: unknown): InventoryPortGroup["macLearning"] {
    const ml = o(o(mm).macLearningPolicy);
    const enabled = bool(ml.enabled);
    if (enabled === undefined) return undefined;
    const limit = int(ml.limit);
    return {
        enabled,
        allowUnicastFlooding: bool(ml.allowUnicastFlooding) ?? true,
        limit: limit === undefined ? 4096 : Math.min(Math.max(limit, 0), 4096),
        limitPolicy: str(ml.limitPolicy)?.toLowerCase() === "allow" ? "allow" : "drop",
    };
}

const nicName = (key: string): string => key.replace(/^key-vim\.host\.PhysicalNic-/, "");

/** vim25 objects → inventory. `server` is how the user named the vCenter. */
export function toInventory(read: ReadResult, server: string, takenAt: Date): Inventory {
    const about = read.about;
    const inv: Inventory = {
        format: INVENTORY_FORMAT,
        source: {
            kind: "vcenter",
            server,
            ...(str(about.instanceUuid) ? { instanceUuid: str(about.instanceUuid)! } : {}),
            ...(str(about.apiType) ? { apiType: str(about.apiType)! } : {}),
            ...(str(about.apiVersion) ? { apiVersion: str(about.apiVersion)! } : {}),
            ...(str(about.fullName) ? { product: str(about.fullName)! } : {}),
        },
        takenAt: takenAt.toISOString(),
        hosts: {},
        switches: {},
        portGroups: {},
        networks: {},
        vms: {},
    };
    const of = (t: string): ReadObject[] => read.objects.filter((x) => x.type === t || (t === "DistributedVirtualSwitch" && /DistributedVirtualSwitch$/.test(x.type)));

    for (const h of of("HostSystem")) {
        const rpf = read.hostOptions?.[h.moid]?.["Net.ReversePathFwdCheckPromisc"];
        const native = read.hostNativeVlans?.[h.moid];
        inv.hosts[h.moid] = {
            ...(rpf === "1" || rpf === "0" ? { rpfCheckPromisc: rpf === "1" } : {}),
            ...(str(h.props.name) ? { name: str(h.props.name)! } : {}),
            ...(str(h.props["summary.config.product.version"]) ? { version: str(h.props["summary.config.product.version"])! } : {}),
            ...(native && Object.keys(native).length ? { nativeVlan: { ...native } } : {}),
        };
    }
    // What the user could not read, per object: what depends on it stays unknown in the pack.
    const unreadable: Record<string, InventoryUnreadable> = {};
    const nameOf = new Map(read.objects.map((x) => [x.moid, str(x.props.name)]));
    const cannotRead = (moid: string, u: InventoryUnreadable): void => {
        const had = unreadable[moid];
        if (!had) unreadable[moid] = { ...u, ...(nameOf.get(moid) ? { name: nameOf.get(moid)! } : {}) };
        else for (const p of u.properties) if (!had.properties.includes(p)) had.properties.push(p);
    };
    for (const m of read.missingProperties ?? []) cannotRead(m.moid, { type: m.type, properties: [m.path], fault: m.fault });
    const hostNetworkUnreadable = (h: string): boolean => unreadable[h]?.properties.includes("config.network") ?? false;
    // Standard switches and host port groups, per host.
    for (const h of of("HostSystem")) {
        const net = o(h.props["config.network"]);
        const switchPolicy = new Map<string, Obj>();
        for (const vs of list<Obj>(net.vswitch)) {
            const name = str(vs.name);
            if (!name) continue;
            const policy = o(at(vs, "spec", "policy"));
            switchPolicy.set(name, policy);
            const nics = list(vs.pnic).map(str).filter((x): x is string => !!x).map(nicName);
            const order = o(at(policy, "nicTeaming", "nicOrder"));
            const active = list(order.activeNic).map(str).filter((x): x is string => !!x);
            const standby = list(order.standbyNic).map(str).filter((x): x is string => !!x);
            const sw: InventorySwitch = { kind: "standard", name, hosts: [{ host: h.moid, nics }], security: security(policy.security) };
            const mtu = int(vs.mtu);
            if (mtu !== undefined && mtu >= 68) sw.mtu = mtu;
            if (active.length || standby.length) sw.teaming = { ...(str(at(policy, "nicTeaming", "policy")) ? { policy: str(at(policy, "nicTeaming", "policy"))! } : {}), active, standby };
            inv.switches[`${h.moid}/${name}`] = sw;
        }
        for (const pg of list<Obj>(net.portgroup)) {
            const spec = o(pg.spec);
            const name = str(spec.name);
            const vsName = str(spec.vswitchName);
            if (!name || !vsName || !inv.switches[`${h.moid}/${vsName}`]) continue;
            // computedPolicy is what applies; without it, the port group's own policy over its switch's.
            const computed = o(pg.computedPolicy);
            const own = o(spec.policy);
            const sec = Object.keys(o(computed.security)).length ? computed.security : { ...o(switchPolicy.get(vsName)?.security), ...o(own.security) };
            const vlanId = int(spec.vlanId) ?? 0;
            const teamSrc = Object.keys(o(computed.nicTeaming)).length ? computed.nicTeaming : own.nicTeaming ?? switchPolicy.get(vsName)?.nicTeaming;
            const order = o(o(teamSrc).nicOrder);
            const active = list(order.activeNic).map(str).filter((x): x is string => !!x);
            const standby = list(order.standbyNic).map(str).filter((x): x is string => !!x);
            const p: InventoryPortGroup = {
                name,
                switch: `${h.moid}/${vsName}`,
                host: h.moid,
                vlan: vlanId === 0 ? { kind: "none" } : vlanId === 4095 ? { kind: "trunk", ranges: [[0, 4094]] } : { kind: "vlan", id: vlanId },
                security: security(sec),
            };
            if (active.length || standby.length) p.teaming = { ...(str(o(teamSrc).policy) ? { policy: str(o(teamSrc).policy)! } : {}), active, standby };
            inv.portGroups[`${h.moid}/${name}`] = p;
        }
    }

    // Distributed switches, keyed by uuid (what DistributedVirtualSwitch resources and port groups' distributedVirtualSwitchUuid hold).
    const dvsByMoid = new Map<string, string>();
    const pvlansOf = new Map<string, Map<number, { primary: number; type: string }>>();
    for (const d of of("DistributedVirtualSwitch")) {
        const cfg = o(d.props.config);
        const uuid = str(d.props.uuid) ?? str(cfg.uuid);
        if (!uuid) continue;
        dvsByMoid.set(d.moid, uuid);
        const names = list(at(cfg, "uplinkPortPolicy", "uplinkPortName")).map(str).filter((x): x is string => !!x);
        const dpc = o(cfg.defaultPortConfig);
        const hosts = list<Obj>(cfg.host).flatMap((m) => {
            const hostId = str(at(m, "config", "host"));
            if (!hostId) return [];
            const nics = list<Obj>(at(m, "config", "backing", "pnicSpec")).map((s) => str(s.pnicDevice)).filter((x): x is string => !!x);
            inv.hosts[hostId] ??= {};
            return [{ host: hostId, nics, uplinkNames: nics.map((_, i) => names[i] ?? `uplink${i + 1}`) }];
        });
        // Members vCenter lists without their backing (vcsim fills only the summary): no uplinks known.
        for (const m of list(o(d.props["summary.hostMember"]).ManagedObjectReference).map(str)) {
            if (m && !hosts.some((x) => x.host === m)) {
                inv.hosts[m] ??= {};
                hosts.push({ host: m, nics: [], uplinkNames: [] });
            }
        }
        const pv = new Map<number, { primary: number; type: string }>();
        for (const e of list<Obj>(cfg.pvlanConfig)) {
            const s = int(e.secondaryVlanId);
            const p = int(e.primaryVlanId);
            if (s !== undefined && p !== undefined) pv.set(s, { primary: p, type: str(e.pvlanType) ?? "" });
        }
        pvlansOf.set(uuid, pv);
        const sw: InventorySwitch = {
            kind: "distributed",
            name: str(d.props.name) ?? str(cfg.name) ?? uuid,
            hosts,
            security: security(dpc.securityPolicy, dpc.macManagementPolicy),
        };
        const version = str(at(cfg, "productInfo", "version"));
        if (version) sw.version = version;
        const mtu = int(cfg.maxMtu);
        if (mtu !== undefined && mtu >= 68) sw.mtu = mtu;
        const lags = list<Obj>(cfg.lacpGroupConfig);
        const legacyLacp = bool(policyValue(at(dpc, "lacpPolicy", "enable")));
        if (lags.length || legacyLacp !== undefined) {
            const mode = (str(lags[0]?.mode) ?? str(policyValue(at(dpc, "lacpPolicy", "mode"))))?.toLowerCase();
            sw.lacp = { enabled: lags.length > 0 || legacyLacp === true, ...(mode === "active" || mode === "passive" ? { mode } : {}) };
        }
        const team = dvsTeaming(dpc.uplinkTeamingPolicy);
        if (team) sw.teaming = team;
        const v = dvsVlan(dpc.vlan, pv);
        if (v) sw.vlan = v;
        inv.switches[uuid] = sw;
    }
    for (const g of of("DistributedVirtualPortgroup")) {
        const cfg = o(g.props.config);
        if (bool(cfg.uplink) === true) continue;
        const dvsMoid = str(cfg.distributedVirtualSwitch);
        const uuid = dvsByMoid.get(dvsMoid ?? "");
        if (!uuid) {
            // Its own config is unreadable (already recorded), or its switch's is: either way, unknown.
            const sw = dvsMoid ? unreadable[dvsMoid] : undefined;
            if (sw && !unreadable[g.moid]) cannotRead(g.moid, { type: g.type, properties: [], fault: sw.fault, note: `its switch ${dvsMoid} is not readable` });
            continue;
        }
        const dpc = o(cfg.defaultPortConfig);
        const sw = inv.switches[uuid];
        const vlan = dvsVlan(dpc.vlan, pvlansOf.get(uuid) ?? new Map()) ?? sw.vlan ?? { kind: "none" };
        const p: InventoryPortGroup = {
            name: str(g.props.name) ?? str(cfg.name) ?? g.moid,
            switch: uuid,
            vlan,
            // vcsim (and a port group created without one) may carry no policy: the switch's applies.
            security: { ...sw.security, ...security(dpc.securityPolicy, dpc.macManagementPolicy) },
        };
        const ml = macLearning(dpc.macManagementPolicy);
        if (ml) p.macLearning = ml;
        const team = dvsTeaming(dpc.uplinkTeamingPolicy) ?? sw.teaming;
        if (team) p.teaming = team;
        const blocked = bool(policyValue(dpc.blocked));
        if (blocked !== undefined) p.blocked = blocked;
        inv.portGroups[str(g.props.key) ?? g.moid] = p;
    }
    // Standard networks: one host port group of the name on each of its hosts.
    for (const n of read.objects.filter((x) => x.type === "Network")) {
        const name = str(n.props.name);
        if (!name) continue;
        const hostIds = list(o(n.props.host).ManagedObjectReference).map(str).filter((x): x is string => !!x);
        // An empty host list (vcsim leaves it empty): every host port group of that name.
        const pgs = hostIds.length
            ? hostIds.map((h) => `${h}/${name}`).filter((k) => inv.portGroups[k])
            : Object.keys(inv.portGroups).filter((k) => inv.portGroups[k].host !== undefined && inv.portGroups[k].name === name);
        // Hosts that may have it but whose network configuration is not readable (all of them, when the list is empty).
        const hidden = (hostIds.length ? hostIds : of("HostSystem").map((h) => h.moid)).filter(hostNetworkUnreadable);
        if (pgs.length) inv.networks[n.moid] = { name, portGroups: pgs, ...(hidden.length ? { unreadableHosts: hidden } : {}) };
        else if (hidden.length) cannotRead(n.moid, { type: "Network", properties: [], fault: unreadable[hidden[0]].fault, note: `its port groups are on ${hidden.join(", ")}, whose network configuration is not readable` });
    }
    for (const v of of("VirtualMachine")) {
        // Its NICs could not be read: recorded as unreadable, not as a VM without NICs.
        if (unreadable[v.moid]?.properties.includes("config.hardware.device")) continue;
        const host = str(v.props["runtime.host"]);
        const nics = list<Obj>(o(v.props["config.hardware.device"]).VirtualDevice).filter((d) => d.macAddress !== undefined || /Ethernet|E1000|Vmxnet|PCNet/i.test(typeOf(d)));
        const vm = (inv.vms[v.moid] = { name: str(v.props.name) ?? v.moid, ...(host && inv.hosts[host] ? { host } : {}), nics: [] as Inventory["vms"][string]["nics"] });
        for (const d of nics) {
            const backing = o(d.backing);
            const bt = typeOf(backing);
            const network = /DistributedVirtualPortBackingInfo$/.test(bt) ? str(at(backing, "port", "portgroupKey")) : str(backing.network);
            const key = int(d.key);
            const mac = str(d.macAddress)?.toLowerCase();
            const connected = bool(at(d, "connectable", "connected"));
            vm.nics.push({ ...(key !== undefined ? { key } : {}), ...(mac ? { mac } : {}), ...(network ? { network } : {}), ...(connected !== undefined ? { connected } : {}) });
            // A network the VM is on that the user was not shown (no permission to see it).
            if (network && !inv.portGroups[network] && !inv.networks[network] && !unreadable[network]) {
                cannotRead(network, { type: /DistributedVirtualPortBackingInfo$/.test(bt) ? "DistributedVirtualPortgroup" : "Network", properties: [], fault: "NotVisible", note: `${v.moid}'s NIC is on it` });
            }
        }
    }
    if (Object.keys(unreadable).length) inv.unreadable = unreadable;
    return inv;
}

export type { Parsed };
