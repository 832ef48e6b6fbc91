/**
 * Saved-stack generator: vSphere labs in Pulumi's own file formats (a `pulumi stack export`
 * deployment, or a `pulumi preview --json` digest), with resources shaped as the vSphere provider
 * (v4.x) records them. Used for `examples/large-generated` and benchmarks:
 *
 *   node dist/cli/generate-lab.js [--labs N] [--plain-vms N] [--seed N] [--format export|preview] [--config <file>] > stack.json
 *
 * A lab is one cluster: a distributed switch over its hosts, a trunk port group for nested ESXi
 * hosts (MAC learning declared for half the labs, promiscuous mode for the other half), an
 * application port group with ordinary VMs, and every third lab a standard-switch island whose
 * host port group leaves forged transmits unset (T2). Deterministic for a given seed.
 */
import * as fs from "node:fs";

export type Props = Record<string, unknown>;

const T = {
    stack: "pulumi:pulumi:Stack",
    provider: "pulumi:providers:vsphere",
    dvs: "vsphere:index/distributedVirtualSwitch:DistributedVirtualSwitch",
    dvpg: "vsphere:index/distributedPortGroup:DistributedPortGroup",
    vss: "vsphere:index/hostVirtualSwitch:HostVirtualSwitch",
    hpg: "vsphere:index/hostPortGroup:HostPortGroup",
    vm: "vsphere:index/virtualMachine:VirtualMachine",
} as const;

const SECRET_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/** A small deterministic PRNG (mulberry32), so generated files are stable. */
export function rng(seed: number): () => number {
    let a = seed >>> 0;
    return () => {
        a = (a + 0x6d2b79f5) >>> 0;
        let t = a;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

function hex(r: () => number, n: number): string {
    let s = "";
    for (let i = 0; i < n; i++) s += Math.floor(r() * 16).toString(16);
    return s;
}

function uuid(r: () => number): string {
    return `${hex(r, 8)}-${hex(r, 4)}-4${hex(r, 3)}-${"89ab"[Math.floor(r() * 4)]}${hex(r, 3)}-${hex(r, 12)}`;
}

/** One resource in `apitype.ResourceV3` form. */
export interface ResourceV3 {
    urn: string;
    custom: boolean;
    id?: string;
    type: string;
    inputs?: Props;
    outputs?: Props;
    parent?: string;
    dependencies?: string[];
    provider?: string;
    propertyDependencies?: Record<string, string[]>;
    created?: string;
    modified?: string;
}

export interface BuilderOptions {
    stack?: string;
    project?: string;
    providerVersion?: string;
    seed?: number;
    /** Timestamp written into the manifest and `created`/`modified`. */
    time?: string;
}

/**
 * Builds a deployment resource by resource. Every method returns the resource (so its URN and id
 * can be referenced); `deployment()` and `preview()` render the file.
 */
export class StateBuilder {
    readonly resources: ResourceV3[] = [];
    readonly stackUrn: string;
    readonly providerUrn: string;
    readonly providerRef: string;
    readonly random: () => number;
    private readonly time: string;
    private macCounter = 0;
    private moid = 1000;

    constructor(readonly opts: BuilderOptions = {}) {
        const stack = opts.stack ?? "lab";
        const project = opts.project ?? "nested-lab";
        const version = opts.providerVersion ?? "4.17.0";
        this.random = rng(opts.seed ?? 42);
        this.time = opts.time ?? "2025-11-03T09:12:44.183295Z";
        this.stackUrn = `urn:pulumi:${stack}::${project}::${T.stack}::${project}-${stack}`;
        this.providerUrn = `urn:pulumi:${stack}::${project}::${T.provider}::default_${version.replace(/\./g, "_")}`;
        const providerId = uuid(this.random);
        this.providerRef = `${this.providerUrn}::${providerId}`;
        this.resources.push({ urn: this.stackUrn, custom: false, type: T.stack, outputs: {}, created: this.time, modified: this.time });
        const providerInputs = {
            allowUnverifiedSsl: "true",
            password: { [SECRET_KEY]: SECRET_SIG, ciphertext: `v1:${hex(this.random, 24)}:${hex(this.random, 40)}` },
            user: "administrator@vsphere.local",
            version,
            vsphereServer: "vcsa.lab.example",
        };
        this.resources.push({ urn: this.providerUrn, custom: true, id: providerId, type: T.provider, inputs: providerInputs, outputs: providerInputs, created: this.time, modified: this.time });
    }

    urn(type: string, name: string): string {
        const [, stack, project] = /^urn:pulumi:([^:]+)::([^:]+)::/.exec(this.stackUrn) ?? [];
        return `urn:pulumi:${stack}::${project}::${type}::${name}`;
    }

    nextMoid(prefix: string): string {
        return `${prefix}-${++this.moid}`;
    }

    /** A vCenter-assigned MAC (OUI 00:50:56, the 0x80-0xBF range vCenter uses). */
    nextMac(): string {
        const n = ++this.macCounter;
        return `00:50:56:${(0x80 + ((n >> 16) & 0x3f)).toString(16)}:${((n >> 8) & 0xff).toString(16).padStart(2, "0")}:${(n & 0xff).toString(16).padStart(2, "0")}`;
    }

    private add(type: string, name: string, id: string, inputs: Props, outputs: Props, propertyDependencies: Record<string, string[]> = {}): ResourceV3 {
        const deps = [...new Set(Object.values(propertyDependencies).flat())];
        const r: ResourceV3 = {
            urn: this.urn(type, name),
            custom: true,
            id,
            type,
            inputs: { ...inputs, __defaults: [] },
            outputs: { ...inputs, ...outputs },
            parent: this.stackUrn,
            dependencies: deps,
            provider: this.providerRef,
            propertyDependencies: Object.fromEntries(Object.keys(inputs).map((k) => [k, propertyDependencies[k] ?? []])),
            created: this.time,
            modified: this.time,
        };
        this.resources.push(r);
        return r;
    }

    dvs(name: string, inputs: Props): ResourceV3 {
        const id = `50 ${hex(this.random, 2)} ${hex(this.random, 2)} ${hex(this.random, 2)} ${hex(this.random, 2)} ${hex(this.random, 2)} ${hex(this.random, 2)} ${hex(this.random, 2)}-${hex(this.random, 2)} ${hex(this.random, 2)} ${hex(this.random, 2)} ${hex(this.random, 2)} ${hex(this.random, 2)} ${hex(this.random, 2)} ${hex(this.random, 2)} ${hex(this.random, 2)}`;
        return this.add(T.dvs, name, id, { name, ...inputs }, { configVersion: "3", contactName: "", description: "", linkDiscoveryProtocol: "cdp", maxMtu: 1500, multicastFilteringMode: "legacyFiltering" });
    }

    dvpg(name: string, dvs: ResourceV3, inputs: Props): ResourceV3 {
        const key = this.nextMoid("dvportgroup");
        return this.add(T.dvpg, name, key, { name, distributedVirtualSwitchUuid: dvs.id!, ...inputs }, { key, configVersion: "1", numberOfPorts: 8, type: "earlyBinding" }, { distributedVirtualSwitchUuid: [dvs.urn] });
    }

    vss(name: string, inputs: Props): ResourceV3 {
        const host = String(inputs.hostSystemId);
        return this.add(T.vss, name, `tf-HostVirtualSwitch:${host}:${String(inputs.name)}`, inputs, { linkDiscoveryOperation: "listen", linkDiscoveryProtocol: "cdp", mtu: 1500, numberOfPorts: 128 });
    }

    hpg(name: string, vss: ResourceV3, inputs: Props): ResourceV3 {
        const host = String(inputs.hostSystemId);
        return this.add(T.hpg, name, `tf-HostPortGroup:${host}:${String(inputs.name)}`, inputs, { computedPolicy: {}, key: `key-vim.host.PortGroup-${String(inputs.name)}`, ports: [] }, { virtualSwitchName: [vss.urn] });
    }

    /** A VM with one NIC per port group; vCenter assigns each NIC a MAC (in the outputs). */
    vm(name: string, portGroups: ResourceV3[], inputs: Props): ResourceV3 {
        const moid = this.nextMoid("vm");
        const nics = portGroups.map((pg) => ({ networkId: pg.id!, adapterType: "vmxnet3" }));
        const outNics = nics.map((n, i) => ({ ...n, bandwidthLimit: -1, bandwidthReservation: 0, bandwidthShareCount: 50, bandwidthShareLevel: "normal", deviceAddress: `pci:0:${7 + i}`, key: 4000 + i, macAddress: this.nextMac(), useStaticMac: false }));
        return this.add(
            T.vm,
            name,
            uuid(this.random),
            { name, resourcePoolId: "resgroup-9", datastoreId: "datastore-15", numCpus: 2, memory: 4096, guestId: "ubuntu64Guest", networkInterfaces: nics, disks: [{ label: "disk0", size: 40 }], ...inputs },
            { moid, uuid: uuid(this.random), powerState: "on", defaultIpAddress: "", guestIpAddresses: [], networkInterfaces: outNics, changeVersion: this.time, vmwareToolsStatus: "guestToolsRunning" },
            { networkInterfaces: portGroups.map((p) => p.urn), resourcePoolId: [], datastoreId: [] },
        );
    }

    /** `pulumi stack export` output. */
    deployment(): unknown {
        return {
            version: 3,
            deployment: {
                manifest: { time: this.time, magic: hex(rng(7), 64), version: "v3.205.0" },
                secrets_providers: { type: "passphrase", state: { salt: `v1:${hex(rng(8), 16)}:v1:${hex(rng(9), 16)}:${hex(rng(10), 32)}` } },
                resources: this.resources,
            },
        };
    }
}

/** In a preview digest, secrets are blinded to "[secret]" (`MassageSecrets`). */
export function blindSecrets(v: unknown): unknown {
    if (Array.isArray(v)) return v.map(blindSecrets);
    if (v && typeof v === "object") {
        const o = v as Record<string, unknown>;
        if (o[SECRET_KEY] === SECRET_SIG) return "[secret]";
        return Object.fromEntries(Object.entries(o).map(([k, e]) => [k, blindSecrets(e)]));
    }
    return v;
}

export interface PreviewStep {
    op: string;
    urn: string;
    provider?: string;
    oldState?: ResourceV3;
    newState?: ResourceV3;
    diffReasons?: string[];
    detailedDiff: Record<string, { kind: string; inputDiff: boolean }> | null;
}

/** `pulumi preview --json --show-sames` output for the given steps. */
export function previewDigest(steps: PreviewStep[], config: Record<string, string>, durationNs: number): unknown {
    const changeSummary: Record<string, number> = {};
    for (const s of steps) changeSummary[s.op] = (changeSummary[s.op] ?? 0) + 1;
    return {
        config,
        steps: steps.map((s) => ({ ...s, oldState: s.oldState && blindSecrets(s.oldState), newState: s.newState && blindSecrets(s.newState) })),
        duration: durationNs,
        changeSummary,
    };
}

/** Every resource of a builder as a `same` step (what `--show-sames` lists for unchanged resources). */
export function sameSteps(b: StateBuilder): PreviewStep[] {
    return b.resources.map((r) => ({ op: "same", urn: r.urn, ...(r.provider ? { provider: r.provider } : {}), oldState: r, newState: r, detailedDiff: null }));
}

// ------------------------------------------------------------------------------------------------
// The large lab
// ------------------------------------------------------------------------------------------------

export interface LargeLabOptions {
    /** Clusters, each a small nested lab (default 24). */
    labs?: number;
    /** Ordinary VMs per lab on its application port group (default 6). */
    plainVms?: number;
    seed?: number;
}

export interface GeneratedLab {
    builder: StateBuilder;
    /** Policy config (`pulumi preview --policy-pack-config` shape). */
    config: Record<string, unknown>;
}

export function generateLargeLab(opts: LargeLabOptions = {}): GeneratedLab {
    const labs = opts.labs ?? 24;
    const plain = opts.plainVms ?? 6;
    const b = new StateBuilder({ stack: "perf", project: "nested-fleet", seed: opts.seed ?? 1 });
    const macLearning: Record<string, { enabled: boolean }> = {};
    const workloads: Array<Record<string, unknown>> = [];
    const flows: Array<Record<string, unknown>> = [];
    for (let l = 1; l <= labs; l++) {
        const lab = `lab${String(l).padStart(2, "0")}`;
        const hosts = [b.nextMoid("host"), b.nextMoid("host"), b.nextMoid("host")];
        const learning = l % 2 === 1;
        const dvs = b.dvs(`${lab}-vds`, {
            datacenterId: "datacenter-3",
            version: learning ? "8.0.0" : "7.0.3",
            uplinks: ["uplink1", "uplink2"],
            activeUplinks: ["uplink1"],
            standbyUplinks: ["uplink2"],
            hosts: hosts.map((h) => ({ hostSystemId: h, devices: ["vmnic2", "vmnic3"] })),
            allowPromiscuous: false,
            allowForgedTransmits: false,
            allowMacChanges: false,
        });
        const trunk = b.dvpg(`${lab}-nested-trunk`, dvs, {
            vlanRanges: [{ minVlan: 100 + l, maxVlan: 100 + l }],
            allowForgedTransmits: true,
            allowMacChanges: false,
            ...(learning ? {} : { allowPromiscuous: true }),
        });
        if (learning) macLearning[`${lab}-nested-trunk`] = { enabled: true };
        const app = b.dvpg(`${lab}-app`, dvs, { vlanId: 200 + l, allowForgedTransmits: false, allowMacChanges: false, allowPromiscuous: false });
        for (let n = 1; n <= 3; n++) {
            b.vm(`${lab}-esxi-0${n}`, [trunk], { guestId: "vmkernel8Guest", nestedHvEnabled: true, numCpus: 8, memory: 32768, hostSystemId: hosts[n - 1] });
        }
        for (let v = 1; v <= plain; v++) b.vm(`${lab}-app-${String(v).padStart(2, "0")}`, [app], {});
        // A nested guest with a declared MAC talking to the lab's gateway on the physical network.
        workloads.push({ name: `${lab}-nested-vm`, nestedIn: `${lab}-esxi-01`, mac: `02:00:00:00:${l.toString(16).padStart(2, "0")}:01`, vlan: 100 + l });
        workloads.push({ name: `${lab}-gateway`, external: `${lab}-nested-trunk`, mac: `02:00:00:01:${l.toString(16).padStart(2, "0")}:fe`, vlan: 100 + l });
        flows.push({ from: `${lab}-nested-vm`, to: `${lab}-gateway` });
        if (l % 3 === 0) {
            // A standard-switch island on the first host, whose port group leaves forged transmits unset (T2).
            const vss = b.vss(`${lab}-island-vswitch`, { name: "vSwitch2", hostSystemId: hosts[0], networkAdapters: ["vmnic4"], activeNics: ["vmnic4"], standbyNics: [], allowPromiscuous: true, allowForgedTransmits: true, allowMacChanges: false });
            const pg = b.hpg(`${lab}-island-pg`, vss, { name: `${lab}-island`, hostSystemId: hosts[0], virtualSwitchName: "vSwitch2", vlanId: 300 + l, allowPromiscuous: true });
            b.vm(`${lab}-island-esxi`, [pg], { guestId: "vmkernel7Guest", nestedHvEnabled: true, numCpus: 4, memory: 16384, hostSystemId: hosts[0] });
        }
    }
    return {
        builder: b,
        config: {
            "nested-workloads-reachable": { macLearning, workloads, flows },
        },
    };
}

function main(argv: string[]): number {
    const get = (flag: string): string | undefined => {
        const i = argv.indexOf(flag);
        return i >= 0 ? argv[i + 1] : undefined;
    };
    const num = (flag: string): number | undefined => {
        const v = get(flag);
        if (v === undefined) return undefined;
        const n = Number(v);
        if (!Number.isInteger(n) || n < 0) {
            process.stderr.write(`generate-lab: ${flag} needs a whole number, not ${JSON.stringify(v)}\n`);
            process.exit(2);
        }
        return n;
    };
    const lab = generateLargeLab({ labs: num("--labs"), plainVms: num("--plain-vms"), seed: num("--seed") });
    const format = get("--format") ?? "export";
    const doc = format === "preview" ? previewDigest(sameSteps(lab.builder), { "vsphere:vsphereServer": "vcsa.lab.example", "vsphere:password": "[secret]" }, 4_000_000_000) : lab.builder.deployment();
    const configFile = get("--config");
    if (configFile) fs.writeFileSync(configFile, JSON.stringify(lab.config, null, 2) + "\n");
    process.stdout.write(JSON.stringify(doc, null, 4) + "\n");
    return 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
