/**
 * Host facts no provider resource holds (SEMANTICS "What the stack cannot say"), declared in the
 * `hosts` config of `nested-workloads-reachable`, keyed by host id as the stack has it
 * (`hostSystemId`, e.g. `host-101`), a Host resource's Pulumi name, or `*` for every host:
 *
 * - `rpfCheckPromisc` (Net.ReversePathFwdCheckPromisc, U4): declared; else the default of the
 *   declared `esxiVersion` (0 up to ESXi 8.0, 1 from 9.0), assumed; else 0, assumed.
 * - `portChannel` (`none` | `static` | `lacp`, L1–L3): declared; else `lacp` where the host's
 *   switches with uplinks are distributed switches running LACP, assumed; else `none`, assumed.
 * - `nativeVlan` (V7): declared; else what an inventory read from vCenter (CDP, set on the host by
 *   translate/inventory.ts); else none (then native-vlan.ts assumes the other hosts' common one).
 *   0 declares none.
 *
 * A specific host's key wins over `*`, field by field.
 */
import type { Host, Origin } from "../sim/model/model";
import { show, type Context } from "./context";
import { isRecord, readRaw } from "./unknowns";
import { compareVersions, formatVersion, parseVersion, type Version } from "./version";

/** The first ESX release whose Net.ReversePathFwdCheckPromisc defaults to 1. */
export const RPF_PROMISC_ON_SINCE: Version = [9, 0, 0];

export const PORT_CHANNELS = ["none", "static", "lacp"] as const;
export type PortChannel = (typeof PORT_CHANNELS)[number];

interface HostDecl {
    rpfCheckPromisc?: { value: boolean; path: string };
    esxiVersion?: { value: Version; path: string };
    portChannel?: { value: PortChannel; path: string };
    nativeVlan?: { value: number; path: string };
}

const KEYS = ["rpfCheckPromisc", "esxiVersion", "portChannel", "nativeVlan"];

/** Levenshtein distance, stopping early past `max`. */
function distance(a: string, b: string, max: number): number {
    if (Math.abs(a.length - b.length) > max) return max + 1;
    let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
        const cur = [i];
        let best = i;
        for (let j = 1; j <= b.length; j++) {
            cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
            best = Math.min(best, cur[j]);
        }
        if (best > max) return max + 1;
        prev = cur;
    }
    return prev[b.length];
}

/** The closest of `candidates` to `name`, if close enough to be a typo. */
export function didYouMean(name: string, candidates: Iterable<string>): string | undefined {
    if (name.length > 200) return undefined;
    const max = Math.max(1, Math.floor(name.length / 3));
    let best: string | undefined;
    let bestD = max + 1;
    for (const c of candidates) {
        if (c.length > 200) continue;
        const d = distance(name.toLowerCase(), c.toLowerCase(), max);
        if (d < bestD) {
            bestD = d;
            best = c;
        }
    }
    return best;
}

function readDecl(ctx: Context, key: string, v: unknown): HostDecl | undefined {
    const base = `hosts.${key}`;
    if (!isRecord(v)) {
        ctx.diag({ kind: "config", configPath: base, message: `${show(base)} must be an object with rpfCheckPromisc, esxiVersion, portChannel or nativeVlan; it is ignored.` });
        return undefined;
    }
    const out: HostDecl = {};
    for (const k of Object.keys(v)) {
        if (!KEYS.includes(k)) ctx.diag({ kind: "config", configPath: `${base}.${k}`, message: `${show(`${base}.${k}`)} is not a host setting (${KEYS.join(", ")}); it is ignored.` });
    }
    const rpf = readRaw(v, ["rpfCheckPromisc"]);
    if (rpf.kind === "value") {
        const path = `${base}.rpfCheckPromisc`;
        if (typeof rpf.value === "boolean") out.rpfCheckPromisc = { value: rpf.value, path };
        else if (rpf.value === 0 || rpf.value === 1) out.rpfCheckPromisc = { value: rpf.value === 1, path };
        else ctx.diag({ kind: "config", configPath: path, message: `${show(path)} must be true or false (Net.ReversePathFwdCheckPromisc 1 or 0); it is ignored.` });
    }
    const ver = readRaw(v, ["esxiVersion"]);
    if (ver.kind === "value") {
        const path = `${base}.esxiVersion`;
        const parsed = parseVersion(ver.value);
        if (parsed) out.esxiVersion = { value: parsed, path };
        else ctx.diag({ kind: "config", configPath: path, message: `${show(path)} is not a version like "8.0.3"; it is ignored.` });
    }
    const ch = readRaw(v, ["portChannel"]);
    if (ch.kind === "value") {
        const path = `${base}.portChannel`;
        if ((PORT_CHANNELS as readonly unknown[]).includes(ch.value)) out.portChannel = { value: ch.value as PortChannel, path };
        else ctx.diag({ kind: "config", configPath: path, message: `${show(path)} must be "none", "static" or "lacp"; it is ignored.` });
    }
    const nv = readRaw(v, ["nativeVlan"]);
    if (nv.kind === "value") {
        const path = `${base}.nativeVlan`;
        if (typeof nv.value === "number" && Number.isInteger(nv.value) && nv.value >= 0 && nv.value <= 4094) out.nativeVlan = { value: nv.value, path };
        else ctx.diag({ kind: "config", configPath: path, message: `${show(path)} must be a whole number from 0 to 4094; it is ignored.` });
    }
    return out;
}

/** Specific over `*`, field by field. */
function merge(all: HostDecl | undefined, own: HostDecl | undefined): HostDecl {
    return { ...all, ...own };
}

function rpfFor(host: Host, d: HostDecl): { value: boolean; origin: Origin } {
    if (d.rpfCheckPromisc) {
        return { value: d.rpfCheckPromisc.value, origin: { kind: "declared", objectId: host.id, property: d.rpfCheckPromisc.path, rule: "U4", note: "declared in policy config" } };
    }
    if (d.esxiVersion) {
        const on = compareVersions(d.esxiVersion.value, RPF_PROMISC_ON_SINCE) >= 0;
        return {
            value: on,
            origin: {
                kind: "assumed",
                objectId: host.id,
                property: d.esxiVersion.path,
                rule: "U4",
                note: `Net.ReversePathFwdCheckPromisc not declared; ESXi ${formatVersion(d.esxiVersion.value)} defaults it to ${on ? 1 : 0}`,
            },
        };
    }
    return {
        value: false,
        origin: {
            kind: "assumed",
            objectId: host.id,
            property: `hosts.${host.id}.rpfCheckPromisc`,
            rule: "U4",
            note: "Net.ReversePathFwdCheckPromisc not declared; assumed 0, the default up to ESXi 8.0 (declare rpfCheckPromisc or esxiVersion under hosts)",
        },
    };
}

function channelFor(host: Host, d: HostDecl, lacpSwitch: string | undefined): NonNullable<Host["channel"]> {
    if (d.portChannel) return { kind: d.portChannel.value, origin: { kind: "declared", objectId: host.id, property: d.portChannel.path, rule: "L1", note: "declared in policy config" } };
    if (lacpSwitch !== undefined) {
        return {
            kind: "lacp",
            origin: { kind: "assumed", objectId: host.id, property: `hosts.${host.id}.portChannel`, rule: "L3", note: `distributed switch ${show(lacpSwitch)} runs LACP on this host; the physical ports assumed to run it too` },
        };
    }
    return {
        kind: "none",
        origin: { kind: "assumed", objectId: host.id, property: `hosts.${host.id}.portChannel`, rule: "L1", note: "physical side not declared; no port channel assumed (declare portChannel under hosts)" },
    };
}

/**
 * Fills `rpfCheckPromisc`/`rpfOrigin`, `channel` and `nativeVlan` of every host in the model, after the switches
 * are read (a member of an LACP switch assumes LACP). Call once, last.
 */
export function addHostFacts(ctx: Context, decl: unknown): void {
    const byKey = new Map<string, HostDecl>();
    if (decl !== undefined && decl !== null) {
        if (!isRecord(decl)) {
            ctx.diag({ kind: "config", configPath: "hosts", message: "hosts must map host ids (or *) to host settings; it is ignored." });
        } else {
            const ids = new Set(ctx.model.hosts.map((h) => h.id));
            // A Host resource's Pulumi name names the host too (its id may be unknown during preview).
            const byName = new Map<string, string>();
            for (const h of ctx.model.hosts) {
                const info = ctx.objects.get(h.id);
                if (info?.kind === "host" && h.name !== undefined) byName.set(h.name, h.id);
            }
            for (const [key, v] of Object.entries(decl)) {
                const d = readDecl(ctx, key, v);
                if (!d) continue;
                if (key === "*") {
                    byKey.set("*", d);
                    continue;
                }
                const id = ids.has(key) ? key : byName.get(key);
                if (id === undefined) {
                    const guess = didYouMean(key, [...ids].concat([...byName.keys()]));
                    ctx.diag({
                        kind: "config",
                        configPath: `hosts.${key}`,
                        message: `hosts.${show(key)} names no host of this stack (host ids are hostSystemId values such as host-101, or a Host resource's name)${guess !== undefined ? `; did you mean "${show(guess)}"?` : ""}. It is ignored.`,
                    });
                    continue;
                }
                byKey.set(id, merge(byKey.get(id), d));
            }
        }
    }
    // LACP is assumed on the physical side of a host whose every switch with uplinks runs it; a host
    // that also has other switches keeps "none" (the LACP switch aggregates on its own, L3).
    const lacpOn = new Map<string, string>();
    const plain = new Set<string>();
    for (const sw of ctx.model.switches) {
        for (const m of sw.members) {
            if (sw.lacp?.enabled) {
                if (!lacpOn.has(m.hostId)) lacpOn.set(m.hostId, sw.name ?? sw.id);
            } else if (!m.uplinks.known || m.uplinks.links.some((l) => l.nic !== undefined)) plain.add(m.hostId);
        }
    }
    for (const h of plain) lacpOn.delete(h);
    const distributed = new Set(ctx.model.switches.filter((sw) => sw.kind === "distributed").flatMap((sw) => sw.members.map((m) => m.hostId)));
    const all = byKey.get("*");
    for (const host of ctx.model.hosts) {
        const d = merge(all, byKey.get(host.id));
        if (d.portChannel?.value === "lacp" && !distributed.has(host.id) && byKey.get(host.id)?.portChannel !== undefined) {
            // Only for a host's own key: `*` may well cover hosts with standard switches only.
            ctx.diag({
                kind: "config",
                configPath: d.portChannel.path,
                message: `${show(d.portChannel.path)} says LACP, but host ${show(host.id)} is on no distributed switch of this stack, and standard switches support only a static EtherChannel (L1).`,
            });
        }
        // Read from an inventory (vCenter, or its ESXi version's default) unless the config says otherwise.
        const fromInventory = d.rpfCheckPromisc === undefined && d.esxiVersion === undefined && host.rpfCheckPromisc !== undefined && host.rpfOrigin !== undefined;
        const rpf = fromInventory ? { value: host.rpfCheckPromisc!, origin: host.rpfOrigin! } : rpfFor(host, d);
        host.rpfCheckPromisc = rpf.value;
        host.rpfOrigin = rpf.origin;
        host.channel = channelFor(host, d, lacpOn.get(host.id));
        if (d.nativeVlan) {
            // Declared wins over an inventory's reading; 0 declares none.
            if (d.nativeVlan.value === 0) delete host.nativeVlan;
            else host.nativeVlan = { value: d.nativeVlan.value, origin: { kind: "declared", objectId: host.id, property: d.nativeVlan.path, rule: "V7", note: "declared in policy config" } };
        }
    }
}
