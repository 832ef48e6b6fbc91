/**
 * fast-check generators of whole stacks as the engine sends them, for the fuzz suite: a realistic
 * vSphere lab (hosts, standard and distributed switches, port groups, VMs and nested hypervisors,
 * a provider resource; in preview, computed ids unknown and linked by propertyDependencies), then
 * mutations on top (wrong types, missing fields, unknown sentinels of every kind anywhere, secrets,
 * enormous strings, deep nesting, duplicate names and URNs, dangling dependencies, foreign and junk
 * resources), and the policy config, valid-ish or garbage.
 */
import fc from "fast-check";
import {
    secret,
    SPECIAL_SIG_KEY,
    UNKNOWN_ARCHIVE,
    UNKNOWN_ARRAY,
    UNKNOWN_ASSET,
    UNKNOWN_BOOL,
    UNKNOWN_NUMBER,
    UNKNOWN_OBJECT,
    UNKNOWN_STRING,
    urnOf,
    type PolicyPackConfig,
    type TestProvider,
    type TestResource,
} from "../harness/analyzer";

export { TYPE as T } from "../../translate/tokens";
import { TYPE as T } from "../../translate/tokens";

export const SENTINELS = [UNKNOWN_STRING, UNKNOWN_BOOL, UNKNOWN_NUMBER, UNKNOWN_ARRAY, UNKNOWN_OBJECT, UNKNOWN_ASSET, UNKNOWN_ARCHIVE];

const sentinel = fc.constantFrom(...SENTINELS);

const macSpellings = fc.constantFrom(
    "00:50:56:aa:00:01",
    "00-50-56-AA-00-02",
    "0050.56aa.0003",
    "005056aa0004",
    "01:00:5e:00:00:01",
    "00:00:00:00:00:00",
    "ff:ff:ff:ff:ff:ff",
    "00:50:56:aa:00",
    "zz:zz:zz:zz:zz:zz",
    " 00:50:56:AA:00:05 ",
    "",
);

const settingValue = fc.oneof(fc.boolean(), fc.constant(undefined), sentinel);
const vlanId = fc.oneof(fc.constantFrom(0, 10, 20, 4094, 4095, 4096, -1), fc.integer({ min: -10, max: 5000 }), sentinel);

/** A string of `n` characters, built cheaply (fast-check would take long to build huge ones). */
function huge(n: number, seed: string): string {
    return (seed || "x").repeat(Math.ceil(n / Math.max(1, seed.length))).slice(0, n);
}

function deep(depth: number, leaf: unknown, arrays: boolean): unknown {
    let v = leaf;
    for (let i = 0; i < depth; i++) v = arrays ? [v] : { [`k${i % 3}`]: v };
    return v;
}

/** A value of any shape the wire carries, nasty on purpose. */
export const nasty: fc.Arbitrary<unknown> = fc.oneof(
    { weight: 3, arbitrary: sentinel },
    { weight: 2, arbitrary: fc.string({ maxLength: 12 }) },
    { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 12 }) },
    { weight: 2, arbitrary: fc.oneof(fc.integer(), fc.double(), fc.constantFrom(0, -1, 4095, 4096, 1e308, Number.MAX_SAFE_INTEGER + 2)) },
    { weight: 2, arbitrary: fc.boolean() },
    { weight: 2, arbitrary: fc.constant(null) },
    { weight: 1, arbitrary: fc.constantFrom([], {}, [null], [[]], { "": "" }, { hasOwnProperty: 1 }, { constructor: 1 }, { toString: "x" }) },
    { weight: 1, arbitrary: macSpellings },
    { weight: 1, arbitrary: fc.constantFrom("4.14.0", "4.17.0", "v4.15.0", "6.5.0", "8.0.3", "x.y", "99999999.1.1") },
    { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 10_000, max: 300_000 }), fc.string({ maxLength: 4 })).map(([n, s]) => huge(n, s)) },
    { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 5, max: 120 }), fc.boolean(), fc.oneof(sentinel, fc.string({ maxLength: 4 }))).map(([d, arr, leaf]) => deep(d, leaf, arr)) },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
    { weight: 1, arbitrary: fc.oneof(sentinel, fc.string({ maxLength: 8 }), fc.boolean(), fc.jsonValue({ maxDepth: 2 })).map((v) => secret(v)) },
    { weight: 1, arbitrary: fc.array(fc.oneof(sentinel, fc.string({ maxLength: 6 }), fc.constant(null), fc.integer()), { maxLength: 40 }) },
);

export interface Plan {
    preview: boolean;
    hostResources: boolean;
    provider?: string;
    hosts: number;
    vss: Array<{ host: number; settings: unknown[]; nics: number; mtu: number }>;
    hpg: Array<{ vss: number; vlan: unknown; settings: unknown[] }>;
    dvs: Array<{ version: unknown; members: number[]; settings: unknown[]; devices: number }>;
    dvpg: Array<{ dvs: number; vlan: unknown; ranges?: Array<[number, number]>; settings: unknown[] }>;
    vms: Array<{ nested: boolean; host?: number; nics: number[]; mac?: string; static: boolean; guest: string }>;
}

const plan: fc.Arbitrary<Plan> = fc.record({
    preview: fc.boolean(),
    hostResources: fc.boolean(),
    provider: fc.option(fc.constantFrom("4.14.0", "4.15.0", "4.17.0", "v4.16.1", "garbage", "3.0.0"), { nil: undefined }),
    hosts: fc.integer({ min: 1, max: 3 }),
    vss: fc.array(fc.record({ host: fc.nat(), settings: fc.array(settingValue, { minLength: 3, maxLength: 3 }), nics: fc.integer({ min: 0, max: 2 }), mtu: fc.constantFrom(1500, 9000) }), { maxLength: 2 }),
    hpg: fc.array(fc.record({ vss: fc.nat(), vlan: vlanId, settings: fc.array(settingValue, { minLength: 3, maxLength: 3 }) }), { maxLength: 3 }),
    dvs: fc.array(
        fc.record({
            version: fc.oneof(fc.constantFrom("8.0.0", "7.0.3", "6.5.0", "6.6.0"), fc.constant(undefined), sentinel),
            members: fc.array(fc.nat(), { maxLength: 3 }),
            settings: fc.array(settingValue, { minLength: 3, maxLength: 3 }),
            devices: fc.integer({ min: 0, max: 2 }),
        }),
        { maxLength: 2 },
    ),
    dvpg: fc.array(
        fc.record({
            dvs: fc.nat(),
            vlan: vlanId,
            ranges: fc.option(fc.array(fc.tuple(fc.integer({ min: -1, max: 4100 }), fc.integer({ min: -1, max: 4100 })), { maxLength: 3 }), { nil: undefined }),
            settings: fc.array(settingValue, { minLength: 3, maxLength: 3 }),
        }),
        { maxLength: 3 },
    ),
    vms: fc.array(
        fc.record({
            nested: fc.boolean(),
            host: fc.option(fc.nat(), { nil: undefined }),
            nics: fc.array(fc.nat(), { maxLength: 3 }),
            mac: fc.option(macSpellings, { nil: undefined }),
            static: fc.boolean(),
            guest: fc.constantFrom("vmkernel8Guest", "vmkernel7Guest", "ubuntu64Guest", "windows9Server64Guest"),
        }),
        { maxLength: 4 },
    ),
});

const SETTING_PROPS = ["allowPromiscuous", "allowForgedTransmits", "allowMacChanges"];

function settings(values: unknown[]): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    SETTING_PROPS.forEach((p, i) => {
        if (values[i] !== undefined) out[p] = values[i];
    });
    return out;
}

function res(type: string, name: string, props: Record<string, unknown>, propertyDependencies?: Record<string, string[]>): TestResource {
    return { type, name, urn: urnOf(type, name), props, ...(propertyDependencies ? { propertyDependencies, dependencies: [...new Set(Object.values(propertyDependencies).flat())] } : {}) };
}

/** A realistic lab from a plan: what a Pulumi program for nested ESXi labs registers. */
export function buildStack(p: Plan): TestResource[] {
    const out: TestResource[] = [];
    let provider: TestProvider | undefined;
    if (p.provider) {
        const pr = res(T.provider, `vsphere-${p.provider}`, { version: p.provider, vsphereServer: "vc.lab.example", user: "administrator@vsphere.local", password: secret("provider-password"), allowUnverifiedSsl: "true" });
        out.push(pr);
        provider = { type: pr.type, name: pr.name, urn: pr.urn, props: pr.props };
    }
    const moids = Array.from({ length: p.hosts }, (_, i) => `host-${11 + i}`);
    const hostUrns: string[] = [];
    if (p.hostResources) {
        moids.forEach((m, i) => {
            const h = res(T.host, `esx-${i + 1}`, { hostname: `esx-${i + 1}.lab.example`, username: "root", password: secret("host-password"), license: "00000-00000-00000-00000-00000", datacenter: "datacenter-3", thumbprint: "AA:BB", ...(p.preview ? {} : { id: m }) });
            out.push(h);
            hostUrns.push(h.urn!);
        });
    }
    const hostRef = (i: number): { value: string; deps?: string[] } =>
        p.hostResources && p.preview ? { value: UNKNOWN_STRING, deps: [hostUrns[i % hostUrns.length]] } : { value: moids[i % moids.length] };

    const vssUrns: string[] = [];
    p.vss.forEach((v, i) => {
        const h = hostRef(v.host);
        const nics = Array.from({ length: v.nics }, (_, n) => `vmnic${n + 1}`);
        const r = res(T.vss, `vswitch-${i}`, { name: `vSwitch${i + 1}`, hostSystemId: h.value, networkAdapters: nics, activeNics: nics.slice(0, 1), standbyNics: nics.slice(1), mtu: v.mtu, ...settings(v.settings) }, h.deps ? { hostSystemId: h.deps } : undefined);
        out.push(r);
        vssUrns.push(r.urn!);
    });
    const pgUrns: string[] = [];
    p.hpg.forEach((g, i) => {
        const vi = p.vss.length ? g.vss % p.vss.length : -1;
        const v = vi >= 0 ? p.vss[vi] : undefined;
        const h = hostRef(v?.host ?? 0);
        const deps: Record<string, string[]> = {};
        if (vi >= 0) deps.virtualSwitchName = [vssUrns[vi]];
        if (h.deps) deps.hostSystemId = h.deps;
        const r = res(T.hpg, `hpg-${i}`, { name: `hpg-${i}`, hostSystemId: h.value, virtualSwitchName: vi >= 0 ? (p.preview ? UNKNOWN_STRING : `vSwitch${vi + 1}`) : "vSwitch0", vlanId: g.vlan, ...settings(g.settings) }, deps);
        out.push(r);
        pgUrns.push(r.urn!);
    });
    const dvsUrns: string[] = [];
    p.dvs.forEach((d, i) => {
        const members = [...new Set(d.members.map((m) => m % p.hosts))];
        const refs = members.map(hostRef);
        const deps = refs.flatMap((r) => r.deps ?? []);
        const r = res(
            T.dvs,
            `vds-${i}`,
            {
                name: `vds-${i}`,
                datacenterId: "datacenter-3",
                ...(d.version !== undefined ? { version: d.version } : {}),
                hosts: refs.map((h) => ({ hostSystemId: h.value, devices: Array.from({ length: d.devices }, (_, n) => `vmnic${n + 2}`) })),
                contactName: "netops",
                description: "lab switch",
                ...settings(d.settings),
            },
            deps.length ? { hosts: deps } : undefined,
        );
        out.push(r);
        dvsUrns.push(r.urn!);
    });
    p.dvpg.forEach((g, i) => {
        const di = p.dvs.length ? g.dvs % p.dvs.length : -1;
        const props: Record<string, unknown> = { name: `dvpg-${i}`, distributedVirtualSwitchUuid: di >= 0 && p.preview ? UNKNOWN_STRING : `50 2a dvs-uuid-${di}`, vlanId: g.vlan, description: "lab", ...settings(g.settings) };
        if (g.ranges) props.vlanRanges = g.ranges.map(([minVlan, maxVlan]) => ({ minVlan, maxVlan }));
        const r = res(T.dvpg, `dvpg-${i}`, props, di >= 0 ? { distributedVirtualSwitchUuid: [dvsUrns[di]] } : undefined);
        out.push(r);
        pgUrns.push(r.urn!);
    });
    p.vms.forEach((v, i) => {
        const nics = v.nics.map((n) => (pgUrns.length ? pgUrns[n % pgUrns.length] : undefined));
        const h = v.host === undefined ? undefined : hostRef(v.host);
        const deps: Record<string, string[]> = {};
        const nicDeps = nics.filter((u): u is string => u !== undefined);
        if (nicDeps.length) deps.networkInterfaces = nicDeps;
        if (h?.deps) deps.hostSystemId = h.deps;
        const r = res(
            T.vm,
            `vm-${i}`,
            {
                name: `vm-${i}`,
                resourcePoolId: "resgroup-9",
                datastoreId: "datastore-1",
                numCpus: 4,
                memory: 8192,
                guestId: v.guest,
                nestedHvEnabled: v.nested,
                ...(h ? { hostSystemId: h.value } : {}),
                networkInterfaces: nics.map((u, n) => ({
                    networkId: u === undefined ? `network-${n}` : p.preview ? UNKNOWN_STRING : `dvportgroup-${n}`,
                    adapterType: "vmxnet3",
                    ...(v.static ? { useStaticMac: true } : {}),
                    ...(v.mac !== undefined && n === 0 ? { macAddress: v.mac } : {}),
                })),
                disks: [{ label: "disk0", size: 40 }],
                clone: { templateUuid: "4217-aaaa", customize: { linuxOptions: { hostName: `vm-${i}`, domain: "lab.example" }, windowsOptions: { adminPassword: secret("Sup3r!") } } },
                extraConfig: { "guestinfo.userdata": "I2Nsb3VkLWNvbmZpZw==" },
            },
            Object.keys(deps).length ? deps : undefined,
        );
        out.push(r);
    });
    if (provider) for (const r of out.slice(1)) r.provider = provider;
    return out;
}

/** One change to a built stack. Indices are taken modulo what exists, so shrinking keeps them valid. */
export type Mutation =
    | { kind: "set"; res: number; path: number; value: unknown }
    | { kind: "delete"; res: number; path: number }
    | { kind: "secret"; res: number; path: number }
    | { kind: "name"; res: number; other: number; how: "copyName" | "copyUrn" | "empty" | "huge" | "weird" }
    | { kind: "deps"; res: number; other: number; how: "dangling" | "self" | "wrongKind" | "parent" | "manyProps" }
    | { kind: "type"; res: number; type: string }
    | { kind: "junk"; type: string; name: string; props: unknown }
    | { kind: "provider"; res: number; props: unknown };

const TYPES = [...Object.values(T), "aws:s3/bucket:Bucket", "vsphere:index/virtualMachine:VirtualMachine2", "", "pulumi:pulumi:Stack", "vsphere:index/folder:Folder"];

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
    { weight: 6, arbitrary: fc.record({ kind: fc.constant("set" as const), res: fc.nat(), path: fc.nat(), value: nasty }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant("delete" as const), res: fc.nat(), path: fc.nat() }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant("secret" as const), res: fc.nat(), path: fc.nat() }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant("name" as const), res: fc.nat(), other: fc.nat(), how: fc.constantFrom("copyName" as const, "copyUrn" as const, "empty" as const, "huge" as const, "weird" as const) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant("deps" as const), res: fc.nat(), other: fc.nat(), how: fc.constantFrom("dangling" as const, "self" as const, "wrongKind" as const, "parent" as const, "manyProps" as const) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant("type" as const), res: fc.nat(), type: fc.constantFrom(...TYPES) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant("junk" as const), type: fc.constantFrom(...TYPES), name: fc.string({ maxLength: 10 }), props: fc.oneof(fc.jsonValue({ maxDepth: 3 }), nasty) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant("provider" as const), res: fc.nat(), props: fc.oneof(fc.record({ version: nasty }), fc.jsonValue({ maxDepth: 2 })) }) },
);

type Path = Array<string | number>;

/**
 * Every path in a JSON-like value, up to a depth, the root excluded. The inside of a secret is left
 * alone: the engine always sends a well-formed one, and the SDK rejects any other before a policy runs.
 */
function paths(v: unknown, depth = 6, prefix: Path = []): Path[] {
    if (depth === 0 || v === null || typeof v !== "object" || SPECIAL_SIG_KEY in v) return [];
    const out: Path[] = [];
    const entries: Array<[string | number, unknown]> = Array.isArray(v) ? v.map((x, i) => [i, x]) : Object.entries(v as Record<string, unknown>);
    for (const [k, x] of entries) {
        const p = [...prefix, k];
        out.push(p, ...paths(x, depth - 1, p));
    }
    return out;
}

function at(root: Record<string, unknown>, path: Path): { parent: Record<string | number, unknown>; key: string | number } {
    let cur: unknown = root;
    for (const k of path.slice(0, -1)) cur = (cur as Record<string | number, unknown>)[k];
    return { parent: cur as Record<string | number, unknown>, key: path[path.length - 1] };
}

function asProps(v: unknown): Record<string, unknown> {
    return v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : { value: v };
}

/** Applies mutations to a copy of the stack. */
export function mutate(stack: TestResource[], ms: Mutation[]): TestResource[] {
    const out: TestResource[] = structuredClone(stack);
    for (const m of ms) {
        if (m.kind === "junk") {
            const name = m.name;
            out.push({ type: m.type, name, urn: urnOf(m.type, name), props: asProps(m.props) });
            continue;
        }
        if (out.length === 0) continue;
        const r = out[m.res % out.length];
        switch (m.kind) {
            case "set":
            case "delete":
            case "secret": {
                const ps = paths(r.props);
                if (ps.length === 0) {
                    if (m.kind === "set") r.props.extra = m.value;
                    break;
                }
                const { parent, key } = at(r.props, ps[m.path % ps.length]);
                if (m.kind === "set") parent[key] = m.value;
                else if (m.kind === "secret") parent[key] = secret(parent[key] ?? null);
                else if (Array.isArray(parent)) parent.splice(key as number, 1);
                else delete parent[key];
                break;
            }
            case "name": {
                const o = out[m.other % out.length];
                if (m.how === "copyName") r.name = o.name;
                else if (m.how === "copyUrn") r.urn = o.urn;
                else if (m.how === "empty") {
                    r.name = "";
                    r.urn = "";
                } else if (m.how === "huge") {
                    r.name = huge(200_000, r.name);
                    r.urn = urnOf(r.type, r.name);
                } else r.name = "名前 with \u0000 nul, ${template} and \"quotes\"";
                break;
            }
            case "deps": {
                const o = out[m.other % out.length];
                const pd = (r.propertyDependencies ??= {});
                if (m.how === "dangling") {
                    pd.networkInterfaces = [...(pd.networkInterfaces ?? []), "urn:pulumi:dev::lab::vsphere:index/distributedPortGroup:DistributedPortGroup::gone"];
                    pd.distributedVirtualSwitchUuid = ["urn:pulumi:dev::lab::nothing::here"];
                    r.dependencies = [...(r.dependencies ?? []), "urn:pulumi:dev::lab::x::y", ""];
                } else if (m.how === "self") {
                    for (const k of ["networkInterfaces", "virtualSwitchName", "distributedVirtualSwitchUuid", "hostSystemId", "hosts"]) pd[k] = [r.urn ?? ""];
                } else if (m.how === "wrongKind") {
                    for (const k of ["networkInterfaces", "virtualSwitchName", "distributedVirtualSwitchUuid", "hostSystemId", "hosts"]) pd[k] = [o.urn ?? "", o.urn ?? ""];
                } else if (m.how === "parent") {
                    r.parent = m.other % 2 ? "urn:pulumi:dev::lab::missing::parent" : (o.urn ?? "");
                } else {
                    for (let i = 0; i < 50; i++) pd[`p${i}`] = out.map((x) => x.urn ?? "");
                }
                break;
            }
            case "type":
                r.type = m.type;
                break;
            case "provider":
                r.provider = { type: T.provider, name: "fuzz-provider", props: asProps(m.props) };
                break;
        }
    }
    return out;
}

/** A stack for the fuzz run: a realistic lab with up to `maxMutations` mutations. */
export function fuzzStack(maxMutations: number): fc.Arbitrary<{ stack: TestResource[]; plan: Plan; mutations: Mutation[] }> {
    return fc.record({ plan, mutations: fc.array(mutation, { maxLength: maxMutations }) }).map(({ plan: p, mutations }) => ({ plan: p, mutations, stack: mutate(buildStack(p), mutations) }));
}

/** Names a config can refer to: the plan's VMs and port groups, plus some that name nothing. */
function names(p: Plan): { vms: string[]; pgs: string[] } {
    return {
        vms: [...p.vms.map((_, i) => `vm-${i}`), "ghost-vm"],
        pgs: [...p.hpg.map((_, i) => `hpg-${i}`), ...p.dvpg.map((_, i) => `dvpg-${i}`), "ghost-pg"],
    };
}

const POLICY_NAMES = [
    "nested-workloads-reachable",
    "security-settings-explicit",
    "security-settings-least-privilege",
    "promiscuous-exposure",
    "prefer-mac-learning",
    "duplicate-mac-addresses",
    "policy-waivers",
];

/** Policy pack config for a plan: valid-ish declarations referring to its names, or garbage. */
export function fuzzConfig(p: Plan): fc.Arbitrary<PolicyPackConfig> {
    const { vms, pgs } = names(p);
    const wname = fc.constantFrom("inner-a", "inner-b", "gw", "self", "");
    const workload = fc.oneof(
        { weight: 4, arbitrary: fc.record({ name: wname, nestedIn: fc.constantFrom(...vms), mac: macSpellings, vlan: fc.option(fc.constantFrom(0, 10, 20, 4094, 4095), { nil: undefined }), nic: fc.option(fc.integer({ min: -1, max: 3 }), { nil: undefined }) }, { requiredKeys: ["name", "nestedIn"] }) },
        { weight: 2, arbitrary: fc.record({ name: wname, external: fc.constantFrom(...pgs), mac: macSpellings, vlan: fc.option(fc.constantFrom(0, 10, 20), { nil: undefined }) }, { requiredKeys: ["name", "external"] }) },
        { weight: 2, arbitrary: fc.record({ name: wname, vm: fc.constantFrom(...vms), effectiveMac: macSpellings }, { requiredKeys: ["name", "vm"] }) },
        { weight: 1, arbitrary: fc.record({ name: wname, vm: fc.constantFrom(...vms), external: fc.constantFrom(...pgs), mac: macSpellings }) },
        { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
    );
    const flow = fc.oneof(fc.record({ from: wname, to: wname }), fc.jsonValue({ maxDepth: 2 }));
    const ml = fc.oneof(
        fc.record({ enabled: fc.oneof(fc.boolean(), nasty), allowUnicastFlooding: fc.boolean(), limit: fc.oneof(fc.integer({ min: -1, max: 5000 }), nasty), limitPolicy: fc.constantFrom("drop", "allow", "nope") }, { requiredKeys: ["enabled"] }),
        nasty,
    );
    const waiver = fc.oneof(
        fc.record({ policy: fc.constantFrom(...POLICY_NAMES, "nope"), resource: fc.constantFrom(...vms, ...pgs, "*", "esxi-?", "[", ""), reason: fc.constantFrom("known exception", "", "x"), workload: wname, expires: fc.constantFrom("2099-01-01", "2001-01-01", "tomorrow", "2026-13-40"), ticket: fc.string({ maxLength: 5 }) }, { requiredKeys: ["policy", "resource"] }),
        nasty,
    );
    const valid = fc.record(
        {
            workloads: fc.array(workload, { maxLength: 4 }),
            flows: fc.array(flow, { maxLength: 4 }),
            macLearning: fc.dictionary(fc.constantFrom(...pgs), ml, { maxKeys: 3 }),
            networks: fc.dictionary(fc.constantFrom("network-0", "network-1", "dvportgroup-0"), fc.oneof(fc.constantFrom(...pgs), nasty), { maxKeys: 2 }),
            providerVersion: fc.oneof(fc.constantFrom("4.14.0", "4.17.0"), nasty),
            undecidedAs: fc.oneof(fc.constantFrom("advisory", "mandatory"), nasty),
            waivers: fc.array(waiver, { maxLength: 3 }),
        },
        { requiredKeys: [] },
    );
    const garbage = fc.dictionary(fc.constantFrom("workloads", "flows", "macLearning", "networks", "providerVersion", "undecidedAs", "waivers", "junk"), nasty, { maxKeys: 5 });
    const level = fc.constantFrom("advisory", "mandatory", "remediate", "disabled", undefined);
    const other = fc.dictionary(fc.constantFrom(...POLICY_NAMES.slice(1)), fc.record({ enforcementLevel: level, junk: nasty }, { requiredKeys: [] }), { maxKeys: 3 });
    return fc.tuple(fc.oneof({ weight: 3, arbitrary: valid }, { weight: 1, arbitrary: garbage }), level, other).map(([decl, lvl, rest]) => {
        const cfg: PolicyPackConfig = {};
        for (const [k, v] of Object.entries(rest)) cfg[k] = stripUndefined(v as Record<string, unknown>);
        cfg["nested-workloads-reachable"] = stripUndefined({ ...(decl as Record<string, unknown>), enforcementLevel: lvl });
        return cfg;
    });
}

function stripUndefined(o: Record<string, unknown>): { enforcementLevel?: string; [k: string]: unknown } {
    return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

/** A stack and a config for it. */
export function fuzzCase(maxMutations: number): fc.Arbitrary<{ stack: TestResource[]; config: PolicyPackConfig; mutations: Mutation[] }> {
    return fuzzStack(maxMutations).chain(({ stack, plan: p, mutations }) => fuzzConfig(p).map((config) => ({ stack, config, mutations })));
}
