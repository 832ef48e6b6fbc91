/**
 * Networks the stack uses but does not define, read from inventories (`vsnet inventory` files and
 * `pulumi stack export`s of the stack that owns them; config `inventory`). A VM NIC whose known
 * `networkId` no resource of the stack explains becomes a port on the inventory's port group, with
 * that port group's real VLAN, security and MAC learning, its switch, member hosts and uplinks; every
 * value's origin says which inventory and when. A stack resource with the same id wins (a note says
 * so when the two disagree). Files are read from disk only: no network I/O during a preview.
 */
import type { Host, MacLearningPolicy, Origin, PortGroup, SecurityPolicy, SecuritySetting, Setting, Switch, SwitchMember, Team, TeamingPolicy, VlanMode } from "../sim/model/model";
import { describeSource, describeUnreadable, shortTime, type Inventory, type InventoryPortGroup, type InventorySecurity, type InventorySwitch, type InventoryTeaming } from "../inventory/format";
import { inventoryFromJson, loadInventoryFile, type LoadedInventory } from "../inventory/load";
import type { TranslateFn } from "../inventory/stack-export";
import { show, type Context } from "./context";
import { parseUnicastMac } from "./mac";
import type { PortGroups } from "./portgroups";
import { SECURITY_PROPERTY } from "./security";
import type { Stack } from "./stack";
import type { InventoryRef, RawResource } from "./types";
import { conflictingInstances, expectedVcenter, vcenterMismatch } from "./inventory-identity";
import { isRecord, readString } from "./unknowns";
import { RPF_PROMISC_ON_SINCE } from "./host-facts";
import { compareVersions, MAC_LEARNING_SINCE, parseVersion } from "./version";

export const DEFAULT_MAX_AGE_DAYS = 30;
const DAY = 24 * 3600 * 1000;

interface Entry {
    loaded: LoadedInventory;
    index: number;
    /** "from vCenter inventory vc01, 2026-12-01T10:00Z" */
    note: string;
}

export type InventoryPlacement = { kind: "portGroup"; urn: string } | { kind: "skipped" };

/** A port group named in config (`external`, `macLearning`): found in an inventory, or why not. */
export type InventoryLookup =
    | { kind: "found"; id: string; source: "vcenter" | "stack"; where: string; macLearningKnown: boolean }
    | { kind: "none" }
    /** `undecided`: the name is right, but what it names could not be read. */
    | { kind: "fail"; why: string; undecided?: boolean };

export class InventoryNetworks {
    private readonly entries: Entry[] = [];
    /** `<entry index>|<port group key>` → model port group id. */
    private readonly placed = new Map<string, string>();
    private readonly switchIds = new Map<string, Switch>();
    private readonly reported = new Set<string>();

    constructor(
        private readonly ctx: Context,
        stack: Stack,
        private readonly pgs: PortGroups,
        decl: Record<string, unknown>,
        translateFn: TranslateFn,
        now: number = Date.now(),
    ) {
        const raw = decl.inventory;
        if (raw === undefined || raw === null) return;
        const list = Array.isArray(raw) ? raw : [raw];
        const maxAge = this.maxAge(decl.inventoryMaxAgeDays);
        const expected = expectedVcenter(ctx, stack, decl.vcenter);
        list.forEach((item, index) => {
            const configPath = Array.isArray(raw) ? `inventory[${index}]` : "inventory";
            let loaded: LoadedInventory;
            try {
                if (typeof item === "string" && item.trim() !== "") loaded = loadInventoryFile(item, translateFn);
                else if (isRecord(item)) loaded = inventoryFromJson(item, configPath, new Date(now), translateFn);
                else throw new Error(`${configPath} must be the path of an inventory file or stack export`);
            } catch (e) {
                const why = e instanceof Error ? e.message.split("\n")[0] : "unreadable";
                ctx.diag({ kind: "inventory", configPath, message: `Inventory ${why}; it is not used, so the networks it describes stay unchecked.` });
                return;
            }
            const inv = loaded.inventory;
            const what = `${describeSource(inv.source)} (${loaded.file})`;
            const mismatch = expected ? vcenterMismatch(expected, inv.source, loaded.file) : undefined;
            // With nothing saying which vCenter is the stack's, two inventories of different ones cannot both be right.
            const conflict = expected?.uuids.length ? undefined : this.entries.map((e) => conflictingInstances({ source: e.loaded.inventory.source, file: e.loaded.file }, { source: inv.source, file: loaded.file })).find((m) => m !== undefined);
            if (mismatch || conflict) {
                ctx.diag({ kind: "inventory", configPath, message: mismatch ?? conflict! });
                return;
            }
            const age = now - Date.parse(inv.takenAt);
            if (age > maxAge * DAY) {
                ctx.diag({
                    kind: "inventory",
                    configPath,
                    message: `${what} was taken ${Math.floor(age / DAY)} days ago (${inv.takenAt}), more than inventoryMaxAgeDays (${maxAge}); the networks may have changed since: take a new one (\`vsnet inventory\` or \`pulumi stack export\`).`,
                });
            }
            this.entries.push({ loaded, index, note: `from ${describeSource(inv.source)}, ${shortTime(inv.takenAt)}` });
        });
    }

    /** A switch this class added to the model (inventory switches are not in `Switches`). */
    switchById(id: string): Switch | undefined {
        return this.switchIds.get(id);
    }

    get empty(): boolean {
        return this.entries.length === 0;
    }

    private maxAge(v: unknown): number {
        if (v === undefined) return DEFAULT_MAX_AGE_DAYS;
        if (typeof v === "number" && Number.isFinite(v) && v >= 0) return v;
        this.ctx.diag({ kind: "config", configPath: "inventoryMaxAgeDays", message: `inventoryMaxAgeDays must be a number of days (0 or more); ${DEFAULT_MAX_AGE_DAYS} is used.` });
        return DEFAULT_MAX_AGE_DAYS;
    }

    /**
     * A stack port group has this id too: the stack wins. Says so once when the inventory disagrees
     * with the stack (drift, or a change not applied yet).
     */
    shadowed(id: string, urn: string): void {
        const mine = this.pgs.byUrn.get(urn);
        if (!mine || this.reported.has(`shadow|${id}`)) return;
        for (const e of this.entries) {
            const pg = e.loaded.inventory.portGroups[id];
            if (!pg) continue;
            const diffs: string[] = [];
            for (const [s, prop] of Object.entries(SECURITY_PROPERTY) as Array<[SecuritySetting, keyof InventorySecurity]>) {
                const theirs = pg.security[prop];
                const ours = mine.security[s].value;
                if (theirs !== undefined && ours !== "unknown" && (ours === "accept") !== theirs) diffs.push(`${prop} ${ours === "accept"} here, ${theirs} there`);
            }
            const theirVlan = this.vlan(pg);
            if (theirVlan && JSON.stringify(theirVlan) !== JSON.stringify(mine.vlan) && !(mine.vlan.kind === "vlan" && mine.vlan.id === 0 && theirVlan.kind === "none")) diffs.push("the VLAN differs");
            if (diffs.length === 0) continue;
            this.reported.add(`shadow|${id}`);
            this.ctx.diag({
                kind: "inventory",
                urn,
                message: `Network ${show(id)} is port group ${show(mine.name ?? urn)} of this stack and ${show(pg.name)} in ${describeSource(e.loaded.inventory.source)} (${e.loaded.file}), which differ (${diffs.join("; ")}); the stack's resource is checked, as the next update applies it.`,
            });
            return;
        }
    }

    /**
     * The port group for a NIC's known network id, added to the model on first use; `skipped` when the
     * inventory has it but it cannot be simulated (reported); undefined when no inventory has it.
     */
    resolve(id: string, vm: RawResource, nic: number): InventoryPlacement | undefined {
        const property = `networkInterfaces[${nic}].networkId`;
        const skip = (kind: "unknown" | "inventory", why: string): InventoryPlacement => {
            this.ctx.diag({ kind, urn: vm.urn, property, message: `NIC ${nic} of ${show(vm.name)} ${why}. That NIC is not checked.` });
            return { kind: "skipped" };
        };
        for (const e of this.entries) {
            const inv = e.loaded.inventory;
            const where = describeSource(inv.source);
            let key: string | undefined = has(inv.portGroups, id) ? id : undefined;
            if (!key && has(inv.networks, id)) {
                const net = inv.networks[id];
                const host = readString(vm.props, ["hostSystemId"]);
                const hostId = host.kind === "value" ? host.value : undefined;
                const what = `is on standard network ${show(net.name)} (${show(id)})`;
                if (hostId !== undefined) {
                    // A standard network is a port group of that name on each host: the VM's host's one.
                    const onHost = net.portGroups.filter((k) => inv.portGroups[k].host === hostId);
                    const hidden = inv.unreadable?.[hostId];
                    if (onHost.length === 1) key = onHost[0];
                    else if (hidden || net.unreadableHosts?.includes(hostId)) {
                        return skip("unknown", `${what} on host ${show(hostId)}, whose network configuration ${where} could not read: ${hidden ? describeUnreadable(hidden) : "no read permission"}; its port group's settings are unknown (undetermined)`);
                    } else return skip("unknown", `${what}, which has no port group on host ${show(hostId)} in ${where}`);
                } else if (net.portGroups.length === 1 && !net.unreadableHosts?.length) key = net.portGroups[0];
                else {
                    const hidden = net.unreadableHosts?.length ? `, and on ${net.unreadableHosts.map(show).join(", ")}, whose network configuration ${where} could not read (no read permission)` : "";
                    return skip("unknown", `${what}, which has a port group on ${net.portGroups.length} host(s) in ${where}${hidden}; the VM's host is not pinned, so which one cannot be told`);
                }
            }
            if (!key && inv.unreadable && has(inv.unreadable, id)) {
                const u = inv.unreadable[id];
                return skip("unknown", `is on ${u.name ? `${show(u.name)} (${show(id)})` : show(id)}, which ${where} could not read: ${describeUnreadable(u)}. Its settings are unknown (undetermined), not defaults; give the user that takes the inventory the read-only role on it and take it again`);
            }
            if (!key) continue;
            const placed = this.place(e, key);
            if (placed.ok) return { kind: "portGroup", urn: placed.id };
            return skip("inventory", `is on port group ${placed.why}`);
        }
        return undefined;
    }

    /**
     * A port group the config names (`external`, `macLearning`): by its id in an inventory
     * (`dvportgroup-13`, a standard network `network-7`, `host-21/VM Network`), else by its name.
     * Nothing is added to the model until `place` is called on the answer.
     */
    lookupPortGroup(ref: string): InventoryLookup & { place?: () => { ok: true; id: string } | { ok: false; why: string } } {
        const found = (e: Entry, key: string) => ({
            kind: "found" as const,
            id: key,
            source: e.loaded.inventory.source.kind,
            where: describeSource(e.loaded.inventory.source),
            macLearningKnown: e.loaded.inventory.source.kind === "vcenter" && e.loaded.inventory.portGroups[key].macLearning !== undefined,
            place: () => this.place(e, key),
        });
        for (const e of this.entries) {
            const inv = e.loaded.inventory;
            if (has(inv.portGroups, ref)) return found(e, ref);
            if (has(inv.networks, ref)) {
                const net = inv.networks[ref];
                if (net.portGroups.length === 1 && !net.unreadableHosts?.length) return found(e, net.portGroups[0]);
                return { kind: "fail", why: `is standard network ${show(net.name)}, a port group on each of ${net.portGroups.length + (net.unreadableHosts?.length ?? 0)} hosts in ${describeSource(inv.source)}; name one by its id (${net.portGroups.slice(0, 2).map((k) => show(k)).join(", ")})` };
            }
            if (inv.unreadable && has(inv.unreadable, ref)) return { kind: "fail", undecided: true, why: `names ${show(ref)}, which ${describeSource(inv.source)} could not read: ${describeUnreadable(inv.unreadable[ref])}` };
        }
        // By name: the same id in two inventories is one port group (they are of one vCenter).
        const byName = new Map<string, { e: Entry; key: string }>();
        for (const e of this.entries) {
            for (const [key, pg] of Object.entries(e.loaded.inventory.portGroups)) if (pg.name === ref && !byName.has(key)) byName.set(key, { e, key });
        }
        if (byName.size === 1) {
            const [{ e, key }] = byName.values();
            return found(e, key);
        }
        if (byName.size > 1) {
            const list = [...byName.values()].slice(0, 4).map(({ e, key }) => `${show(key)} in ${describeSource(e.loaded.inventory.source)}`);
            return { kind: "fail", why: `names ${byName.size} port groups of the inventories (${list.join(", ")}${byName.size > 4 ? ", …" : ""}); name one by its id` };
        }
        return { kind: "none" };
    }

    /** The model id of an inventory port group already placed, if it is. */
    placedId(ref: string): string | undefined {
        for (const e of this.entries) {
            const id = this.placed.get(`${e.index}|${ref}`);
            if (id) return id;
        }
        return undefined;
    }

    /** Is this model port group (of this stack) the same object as inventory port group `key`? */
    isStackPortGroup(key: string, urn: string): boolean {
        return this.pgs.byNetworkId.get(key) === urn;
    }

    private place(e: Entry, key: string): { ok: true; id: string } | { ok: false; why: string } {
        const done = this.placed.get(`${e.index}|${key}`);
        if (done) return { ok: true, id: done };
        const inv = e.loaded.inventory;
        const ipg = inv.portGroups[key];
        const vlan = this.vlan(ipg);
        if (!vlan) return { ok: false, why: `${show(ipg.name)} (${show(key)}), a private VLAN whose primary VLAN and type ${describeSource(inv.source)} does not say` };
        const sw = this.switchFor(e, ipg.switch);
        const id = `inventory:${e.index}:${key}`;
        const pg: PortGroup = { id, name: ipg.name, switchId: sw.id, vlan, security: this.security(ipg.security, id, e.note) };
        if (ipg.blocked) pg.blocked = { value: true, origin: { kind: "explicit", objectId: id, property: "blocked", rule: "P1", note: e.note } };
        if (ipg.macLearning && sw.macLearningSupported) {
            const m = ipg.macLearning;
            const ml: MacLearningPolicy = { ...m, origin: { kind: "explicit", objectId: id, property: "macLearning", note: e.note } };
            pg.macLearning = ml;
        }
        const team = ipg.teaming ? this.team(ipg.teaming, id, e.note) : undefined;
        if (team && JSON.stringify(ipg.teaming) !== JSON.stringify(inv.switches[ipg.switch].teaming)) pg.team = team;
        this.ctx.model.portGroups.push(pg);
        this.pgs.byUrn.set(id, pg);
        const unreadableVms = Object.entries(inv.unreadable ?? {})
            .filter(([, u]) => u.type === "VirtualMachine")
            .map(([moid, u]) => u.name ?? moid);
        this.ctx.objects.set(id, {
            kind: inv.switches[ipg.switch].kind === "distributed" ? "distributedPortGroup" : "hostPortGroup",
            name: `${ipg.name} (${key})`,
            inventory: describeSource(inv.source),
            inventoryRef: { ...this.refOf(e), id: key, name: ipg.name, ...(ipg.urn ? { urn: ipg.urn } : {}), ...(unreadableVms.length ? { unreadableVms } : {}) },
        });
        this.placed.set(`${e.index}|${key}`, id);
        return { ok: true, id };
    }

    private refOf(e: Entry): Pick<InventoryRef, "source" | "where"> {
        const s = e.loaded.inventory.source;
        return { source: s.kind, where: s.kind === "vcenter" ? s.server : s.stack };
    }

    /**
     * The inventory's other VMs on the port groups this stack's NICs use: their vNICs share those
     * layer-2 domains (what a promiscuous port observes, duplicate MACs). A VM of the stack itself
     * (same moid, name or MAC) is not added twice; a disconnected NIC is left out. Safe to call again
     * after more port groups were placed (a VM NIC already added is not added twice).
     */
    addOtherVms(stackVms: readonly RawResource[]): void {
        if (this.placed.size === 0) return;
        const moids = new Set<string>();
        const names = new Set<string>();
        for (const vm of stackVms) {
            for (const k of ["moid", "name"] as const) {
                const v = readString(vm.props, [k]);
                if (v.kind === "value") (k === "moid" ? moids : names).add(v.value);
            }
        }
        const macs = new Set(this.ctx.model.ports.map((p) => p.initialMac));
        for (const e of this.entries) {
            const inv = e.loaded.inventory;
            for (const [moid, vm] of Object.entries(inv.vms)) {
                if (moids.has(moid) || names.has(vm.name)) continue;
                vm.nics.forEach((nic, k) => {
                    if (!nic.network || nic.connected === false) return;
                    const key = inv.networks[nic.network]?.portGroups.find((pk) => inv.portGroups[pk].host === vm.host) ?? nic.network;
                    const pgId = this.placed.get(`${e.index}|${key}`);
                    const mac = parseUnicastMac(nic.mac);
                    const id = `inventory:${e.index}:vm:${moid}#nic${k}`;
                    if (!pgId || !mac.ok || macs.has(mac.mac) || this.ctx.objects.has(id)) return;
                    const pg = this.pgs.byUrn.get(pgId)!;
                    const sw = this.switchIds.get(pg.switchId);
                    const hostId = sw?.kind === "standard" ? sw.members[0]?.hostId : vm.host;
                    if (sw?.kind === "distributed" && hostId !== undefined && !sw.members.some((m) => m.hostId === hostId)) return;
                    const label = `${vm.name} nic ${k}`;
                    this.ctx.model.ports.push({ id, portGroupId: pgId, initialMac: mac.mac, label, ...(hostId ? { hostId } : {}) });
                    this.ctx.objects.set(id, { kind: "virtualMachine", name: `${vm.name} (${moid})`, inventory: describeSource(inv.source) });
                    const endpointId = `vnic:${id}`;
                    this.ctx.model.endpoints.push({ id: endpointId, kind: "vnic", portId: id, label });
                    this.ctx.endpoints.set(endpointId, { name: label, source: "vm", portGroupId: pgId });
                    // Their needs are not declared here: least-privilege advice on the port group is withheld.
                    const ref = this.ctx.objects.get(pgId)?.inventoryRef;
                    if (ref && !(ref.others ??= []).includes(vm.name)) ref.others.push(vm.name);
                });
            }
        }
    }


    /**
     * V7: the native VLAN of a host's physical ports, as CDP announced it to vCenter. The model has
     * one per host: NICs that disagree are reported and leave it unset (declare it under hosts).
     */
    private nativeVlan(e: Entry, hostId: string): Host["nativeVlan"] {
        const byNic = e.loaded.inventory.hosts[hostId]?.nativeVlan;
        if (!byNic || this.reported.has(`native|${hostId}`)) return undefined;
        this.reported.add(`native|${hostId}`);
        const values = [...new Set(Object.values(byNic))];
        const nics = Object.keys(byNic).sort();
        if (values.length === 1) {
            return { value: values[0], origin: { kind: "explicit", objectId: hostId, property: "nativeVlan", rule: "V7", note: `announced over CDP on ${nics.join(", ")}, ${e.note}` } };
        }
        this.ctx.diag({
            kind: "inventory",
            configPath: `hosts.${hostId}.nativeVlan`,
            message: `The physical ports of host ${show(hostId)} have different native VLANs (${nics.map((n) => `${show(n)}: ${byNic[n]}`).join(", ")}) by CDP in ${describeSource(e.loaded.inventory.source)}; the pack takes one per host (V7), so none is used: declare the one that applies in hosts.${show(hostId)}.nativeVlan.`,
        });
        return undefined;
    }

    private vlan(ipg: InventoryPortGroup): VlanMode | undefined {
        const v = ipg.vlan;
        if (v.kind === "none") return { kind: "none" };
        if (v.kind === "vlan") return { kind: "vlan", id: v.id };
        if (v.kind === "trunk") return { kind: "trunk", ranges: v.ranges.map(([a, b]): [number, number] => [a, b]) };
        if (v.primary !== undefined && v.type !== undefined) return { kind: "pvlan", primary: v.primary, secondary: v.secondary, type: v.type };
        return undefined;
    }

    private security(sec: InventorySecurity, objectId: string, note: string): SecurityPolicy {
        const one = (s: SecuritySetting): Setting => {
            const property = SECURITY_PROPERTY[s];
            const b = sec[property as keyof InventorySecurity];
            return b === undefined
                ? { value: "unknown", unknownKey: `${objectId}.${s}`, origin: { kind: "explicit", objectId, property, note: `not readable, ${note}` } }
                : { value: b ? "accept" : "reject", origin: { kind: "explicit", objectId, property, note } };
        };
        return { promiscuous: one("promiscuous"), forgedTransmits: one("forgedTransmits"), macChanges: one("macChanges") };
    }

    private team(t: InventoryTeaming, objectId: string, note: string): Team {
        const policies: readonly TeamingPolicy[] = ["loadbalance_srcid", "loadbalance_srcmac", "loadbalance_ip", "loadbalance_loadbased", "failover_explicit"];
        const policy = policies.find((p) => p === t.policy) ?? (t.policy === undefined ? "loadbalance_srcid" : "unknown");
        return { active: [...t.active], standby: [...t.standby], policy, origin: { kind: "explicit", objectId, property: "teaming", note } };
    }

    private switchFor(e: Entry, key: string): Switch {
        const id = `inventory:${e.index}:switch:${key}`;
        const existing = this.switchIds.get(id);
        if (existing) return existing;
        const inv: Inventory = e.loaded.inventory;
        const isw: InventorySwitch = inv.switches[key];
        const members: SwitchMember[] = isw.hosts.map((m) => {
            const h = inv.hosts[m.host] ?? {};
            const known = this.ctx.model.hosts.find((x) => x.id === m.host);
            // Read from the host; else the default of its ESXi version (1 from 9.0), stated as assumed.
            const version = h.version ? parseVersion(h.version) : undefined;
            let rpfValue = h.rpfCheckPromisc ?? (version ? compareVersions(version, RPF_PROMISC_ON_SINCE) >= 0 : undefined);
            let rpfOrigin: Origin =
                h.rpfCheckPromisc !== undefined
                    ? { kind: "explicit", objectId: m.host, property: "Net.ReversePathFwdCheckPromisc", rule: "U4", note: e.note }
                    : { kind: "assumed", objectId: m.host, property: "Net.ReversePathFwdCheckPromisc", rule: "U4", note: `not readable; ESXi ${h.version} (${e.note.replace(/^from /, "")}) defaults it to ${rpfValue ? 1 : 0}` };
            // A host the user could not read: the model has no "unknown" for this fact, so say plainly it is assumed, and why.
            const hidden = inv.unreadable?.[m.host];
            if (h.rpfCheckPromisc === undefined && hidden) {
                rpfValue ??= false;
                rpfOrigin = {
                    kind: "assumed",
                    objectId: m.host,
                    property: "Net.ReversePathFwdCheckPromisc",
                    rule: "U4",
                    note: `host ${m.host} could not be read, ${describeUnreadable(hidden)} (${e.note.replace(/^from /, "")}); assumed ${rpfValue ? 1 : 0}${version ? `, the default of ESXi ${h.version}` : ""}: declare it under hosts or let the inventory read the host`,
                };
            }
            const nativeVlan = this.nativeVlan(e, m.host);
            if (known) {
                if (rpfValue !== undefined && known.rpfCheckPromisc === undefined) {
                    known.rpfCheckPromisc = rpfValue;
                    known.rpfOrigin = rpfOrigin;
                }
                if (h.name && (known.name === undefined || known.name === m.host)) known.name = h.name;
                known.nativeVlan ??= nativeVlan;
            } else {
                this.ctx.addHost(
                    { id: m.host, ...(h.name ? { name: h.name } : {}), ...(rpfValue !== undefined ? { rpfCheckPromisc: rpfValue, rpfOrigin } : {}), ...(nativeVlan ? { nativeVlan } : {}) },
                    { kind: "host", name: h.name ?? m.host },
                );
            }
            // Named uplinks bound to NICs (a vSS's uplinks are its NICs); the teams choose among them by name.
            const links = m.nics.map((nic, i) => ({ name: m.uplinkNames?.[i] ?? (isw.kind === "standard" ? nic : `uplink${i + 1}`), nic }));
            return { hostId: m.host, uplinks: { known: true as const, links } };
        });
        const version = isw.version ? parseVersion(isw.version) : undefined;
        const sw: Switch = {
            id,
            name: isw.name,
            kind: isw.kind,
            security: this.security(isw.security ?? {}, id, e.note),
            macLearningSupported: isw.kind === "distributed" && (version === undefined || compareVersions(version, MAC_LEARNING_SINCE) >= 0),
            members,
        };
        if (isw.teaming) sw.team = this.team(isw.teaming, id, e.note);
        if (isw.mtu !== undefined) sw.mtu = { value: isw.mtu, origin: { kind: "explicit", objectId: id, property: "mtu", rule: "X2", note: e.note } };
        // PV1: the switch's private VLAN map, as its port groups in the inventory show it.
        const pvlans = new Map<string, { primary: number; secondary: number; type: "promiscuous" | "community" | "isolated" }>();
        for (const p of Object.values(inv.portGroups)) {
            const v = p.switch === key ? p.vlan : undefined;
            if (v?.kind === "pvlan" && v.primary !== undefined && v.type !== undefined) pvlans.set(`${v.primary}/${v.secondary}`, { primary: v.primary, secondary: v.secondary, type: v.type });
        }
        if (pvlans.size) sw.pvlans = [...pvlans.values()];
        if (isw.lacp) sw.lacp = { enabled: isw.lacp.enabled, mode: isw.lacp.mode ?? "active", origin: { kind: "explicit", objectId: id, property: "lacp", note: e.note } };
        this.ctx.model.switches.push(sw);
        // Not a resource of this stack: like a switch the stack only names, it gets no switch-wide advice.
        this.ctx.objects.set(id, {
            kind: "implicit",
            name: `${isw.name} (${describeSource(inv.source)})`,
            inventory: describeSource(inv.source),
            inventoryRef: { ...this.refOf(e), id: key, name: isw.name, ...(isw.urn ? { urn: isw.urn } : {}) },
        });
        this.switchIds.set(id, sw);
        return sw;
    }
}

function has(o: object, k: string): boolean {
    return Object.prototype.hasOwnProperty.call(o, k);
}
