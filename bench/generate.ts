/**
 * Realistic vSphere stacks for the benchmark, as the engine hands them to a policy pack during
 * `pulumi preview` (type tokens, output properties, unknown sentinels, propertyDependencies).
 *
 * Deterministic for a given size and seed. The shape, for N resources:
 * - one `pulumi:providers:vsphere` provider every resource points at;
 * - N/50 hosts (Host resources; 3% new in this preview, so their id is unknown), in clusters of 32;
 * - one DistributedVirtualSwitch per cluster (every tenth at version 6.5.0: no MAC learning), with
 *   about 1.5% of N distributed port groups in mixed VLANs (access VLANs, some shared by two port
 *   groups, some untagged, trunks for the nested labs); 10% of port groups are new (their key is
 *   unknown, VMs reach them through propertyDependencies);
 * - a HostVirtualSwitch on half of the hosts with one or two host port groups;
 * - the rest VirtualMachines with 1–4 NICs and the output properties the provider really returns
 *   (about sixty); 70% pinned to a host, 20% placed by DRS, the rest on new hosts (unknown id);
 *   10% new (MAC, moid, uuid unknown); a few static MACs, two of them duplicated;
 * - 5% of N nested hypervisors (nested ESXi) on lab port groups. Lab sizes are skewed (a few big
 *   labs hold many nested hosts). 80% of them declare 10–50 guests in the `nested-workloads-reachable`
 *   config (`workloads`, tagged in the lab's trunk range or untagged, each with a flow to its VLAN's
 *   gateway, plus one flow inside the hypervisor and one to a guest of another hypervisor); the other
 *   20% declare nothing, so the pack assumes an implicit guest behind each NIC (the quadratic case);
 * - lab port groups: 85% work (forged transmits with promiscuous, or with MAC learning declared in
 *   config where the switch has it); 7% forged transmits only (one-way), 4% nothing (blocked), 4%
 *   promiscuous unknown during preview (undetermined).
 */

import { UNKNOWN_BOOL, UNKNOWN_NUMBER, UNKNOWN_STRING } from "../translate/unknowns";
export { UNKNOWN_BOOL, UNKNOWN_NUMBER, UNKNOWN_STRING };

export { TYPE as T } from "../translate/tokens";
import { TYPE as T } from "../translate/tokens";

/** Structurally the harness's `TestResource`. */
export interface BenchResource {
    type: string;
    name: string;
    urn: string;
    /** Outputs during preview (AnalyzeStack): state for existing resources, inputs and unknowns for new ones. */
    props: Record<string, unknown>;
    /** What the program set (Analyze: resource policies see inputs). */
    inputs: Record<string, unknown>;
    propertyDependencies?: Record<string, string[]>;
    provider?: { type: string; name: string; urn: string; props: Record<string, unknown> };
}

export interface GeneratedStack {
    size: number;
    resources: BenchResource[];
    /** `--policy-pack-config` shape: policy name → properties. */
    config: Record<string, Record<string, unknown>>;
    stats: {
        resources: number;
        hosts: number;
        dvs: number;
        dvpgs: number;
        vss: number;
        hpgs: number;
        vms: number;
        nics: number;
        nested: number;
        nestedDeclared: number;
        nestedImplicit: number;
        declaredGuests: number;
        flows: number;
        labPortGroups: number;
        biggestLab: number;
    };
}

export function urnOf(type: string, name: string): string {
    return `urn:pulumi:dev::lab::${type}::${name}`;
}

/** mulberry32: small, fast, deterministic. */
function rng(seed: number): () => number {
    let a = seed >>> 0;
    return () => {
        a = (a + 0x6d2b79f5) >>> 0;
        let t = a;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

function hex2(n: number): string {
    return (n & 0xff).toString(16).padStart(2, "0");
}

function mac(prefix: string, n: number): string {
    return `${prefix}:${hex2(n >>> 16)}:${hex2(n >>> 8)}:${hex2(n)}`;
}

interface Pg {
    res: BenchResource;
    cluster: number;
    /** Known network id the VMs use, or undefined for a port group new in this preview. */
    key?: string;
    lab: boolean;
    /** VLANs guests may tag (trunk) or the access VLAN. */
    vlans: number[];
    trunk: boolean;
    /** Lab port groups: which configuration was drawn (see the header). */
    mode?: number;
}

/** Outputs the provider computes; a program never sets them. */
const COMPUTED = new Set(["id", "key", "uuid", "moid", "configVersion", "changeVersion", "computedPolicy", "ports", "defaultIpAddress", "guestIpAddresses", "powerState", "vmxPath", "vmwareToolsStatus", "rebootRequired", "imported", "deviceAddress", "path"]);
/** VM inputs a program typically sets (the rest of the outputs are provider defaults). */
const VM_INPUTS = new Set(["name", "resourcePoolId", "datastoreId", "folder", "numCpus", "memory", "guestId", "firmware", "nestedHvEnabled", "hostSystemId", "annotation", "networkInterfaces", "disks"]);

function strip(v: unknown): unknown {
    if (Array.isArray(v)) return v.map(strip);
    if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).filter(([k]) => !COMPUTED.has(k)).map(([k, x]) => [k, strip(x)]));
    return v;
}

function inputsOf(type: string, props: Record<string, unknown>): Record<string, unknown> {
    const keep = Object.entries(props).filter(([k]) => !COMPUTED.has(k) && (type !== T.vm || VM_INPUTS.has(k)));
    return Object.fromEntries(keep.map(([k, v]) => [k, strip(v)]));
}

/** The growth knobs of the bench (issue 16); defaults give the stacks described above. */
export interface GenerateOptions {
    /** Hosts per cluster, so per distributed switch (default 32). */
    hostsPerSwitch?: number;
    /** Declared guests per nested hypervisor: exactly this many (default: 10–50, drawn). */
    guestsPerNested?: number;
    /** Flows each declared guest starts (default 1: to its VLAN's gateway); more go to guests of its VLAN in the same hypervisor. */
    flowsPerGuest?: number;
    /** VLANs in each lab trunk (default 10). */
    trunkWidth?: number;
}

export function generateStack(size: number, seed = 42, options: GenerateOptions = {}): GeneratedStack {
    const TRUNK = Math.max(1, Math.min(4000, options.trunkWidth ?? 10));
    const r = rng(seed ^ size);
    const pick = <X>(xs: readonly X[]): X => xs[Math.floor(r() * xs.length)];
    const chance = (p: number): boolean => r() < p;
    const between = (lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));

    const resources: BenchResource[] = [];
    const providerProps = { version: "4.17.0", vsphereServer: "vcenter.example.com", allowUnverifiedSsl: "false" };
    const providerRes: BenchResource = { type: T.provider, name: "vsphere", urn: urnOf(T.provider, "vsphere"), props: providerProps, inputs: providerProps };
    resources.push(providerRes);
    const providerRef = { type: providerRes.type, name: providerRes.name, urn: providerRes.urn, props: providerRes.props };
    const add = (type: string, name: string, props: Record<string, unknown>, deps?: Record<string, string[]>): BenchResource => {
        const res: BenchResource = { type, name, urn: urnOf(type, name), props, inputs: inputsOf(type, props), provider: providerRef };
        if (deps) res.propertyDependencies = deps;
        resources.push(res);
        return res;
    };

    // ---- hosts and clusters
    const hostCount = Math.max(4, Math.round(size / 50));
    const CLUSTER = Math.max(1, options.hostsPerSwitch ?? 32);
    const clusters = Math.ceil(hostCount / CLUSTER);
    const hosts: Array<{ res: BenchResource; id?: string; cluster: number }> = [];
    for (let i = 0; i < hostCount; i++) {
        const cluster = Math.floor(i / CLUSTER);
        const isNew = chance(0.03);
        const name = `esx-${cluster}-${i % CLUSTER}`;
        const id = isNew ? undefined : `host-${1000 + i}`;
        const props: Record<string, unknown> = {
            hostname: `${name}.example.com`,
            username: "root",
            password: "********",
            cluster: `domain-c${100 + cluster}`,
            connected: true,
            maintenance: false,
            lockdown: "disabled",
            license: "XXXXX-XXXXX-XXXXX-XXXXX-XXXXX",
            thumbprint: "AA:BB:CC:DD",
        };
        if (id) props.id = id;
        hosts.push({ res: add(T.host, name, props), id, cluster });
    }
    const hostRef = (h: (typeof hosts)[number]): { value: string; deps?: string[] } => (h.id ? { value: h.id } : { value: UNKNOWN_STRING, deps: [h.res.urn] });

    // ---- distributed switches and port groups
    const dvpgTarget = Math.max(12, Math.round(size * 0.015));
    const perDvs = Math.max(6, Math.round(dvpgTarget / clusters));
    const pgs: Pg[] = [];
    const dvsOf: BenchResource[] = [];
    let vlanSeq = 100;
    for (let c = 0; c < clusters; c++) {
        const members = hosts.filter((h) => h.cluster === c);
        const version = c % 10 === 9 ? "6.5.0" : "8.0.0";
        const hostsProp = members.map((h) => ({ hostSystemId: hostRef(h).value, devices: ["vmnic2", "vmnic3"] }));
        const hostDeps = members.filter((h) => !h.id).map((h) => h.res.urn);
        const dvsProps: Record<string, unknown> = {
            name: `dvs-${c}`,
            datacenterId: "datacenter-3",
            version,
            hosts: hostsProp,
            uplinks: ["uplink1", "uplink2"],
            activeUplinks: ["uplink1", "uplink2"],
            standbyUplinks: [],
            maxMtu: 9000,
            linkDiscoveryOperation: "listen",
            linkDiscoveryProtocol: "lldp",
            teamingPolicy: "loadbalance_srcid",
            uuid: `50 2a ${c.toString(16).padStart(4, "0")} dvs`,
            configVersion: "12",
        };
        // Some switches let every port group forge (a switch-wide accept: least privilege finds it).
        if (c % 4 === 1) dvsProps.allowForgedTransmits = true;
        const dvs = add(T.dvs, `dvs-${c}`, dvsProps, hostDeps.length ? { hosts: hostDeps } : undefined);
        dvsOf.push(dvs);
        const sharedVlan = vlanSeq++;
        for (let k = 0; k < perDvs; k++) {
            const name = `dvpg-${c}-${k}`;
            const isNew = chance(0.1);
            const lab = k % 7 === 3 || k === 1;
            const props: Record<string, unknown> = {
                name,
                distributedVirtualSwitchUuid: isNew ? UNKNOWN_STRING : dvsProps.uuid,
                numberOfPorts: 128,
                portConfigResetAtDisconnect: true,
                autoExpand: true,
                type: "earlyBinding",
                activeUplinks: ["uplink1", "uplink2"],
                standbyUplinks: [],
                blockAllPorts: false,
                netflowEnabled: false,
                lacpEnabled: false,
                configVersion: "3",
            };
            let vlans: number[];
            let trunk = false;
            let labMode: number | undefined;
            if (lab && chance(0.6)) {
                const lo = TRUNK === 10 ? 1000 + ((vlanSeq * 10) % 2900) : 2 + ((vlanSeq * 10) % Math.max(1, 4093 - TRUNK));
                vlanSeq++;
                props.vlanRanges = [{ minVlan: lo, maxVlan: lo + TRUNK - 1 }];
                vlans = Array.from({ length: TRUNK }, (_, i) => lo + i);
                trunk = true;
            } else if (k === 2 || (!lab && k % 5 === 4)) {
                // Two port groups of the switch share a VLAN (wide promiscuous scope).
                props.vlanId = sharedVlan;
                vlans = [sharedVlan];
            } else if (k === 0) {
                props.vlanId = 0;
                vlans = [0];
            } else {
                const v = vlanSeq++ % 4000 || 7;
                props.vlanId = v;
                vlans = [v];
            }
            if (lab) {
                const mode = r();
                // Most labs work (45% promiscuous, 40% MAC learning); the rest fail one way or another.
                const learning = version === "8.0.0";
                if (mode < 0.45 || (mode < 0.85 && !learning)) Object.assign(props, { allowForgedTransmits: true, allowPromiscuous: true });
                else if (mode < 0.85) props.allowForgedTransmits = true; // + MAC learning, declared in config below
                else if (mode < 0.92) props.allowForgedTransmits = true; // one-way: no promiscuous, no learning
                else if (mode < 0.96) props.allowMacChanges = false; // blocked
                else Object.assign(props, { allowForgedTransmits: true, allowPromiscuous: UNKNOWN_BOOL }); // undetermined
                labMode = mode;
            } else if (chance(0.05)) {
                props.allowPromiscuous = true; // an accept nothing needs
            } else {
                Object.assign(props, { allowPromiscuous: false, allowForgedTransmits: false, allowMacChanges: false });
            }
            const key = isNew ? undefined : `dvportgroup-${2000 + pgs.length}`;
            if (key) props.key = key;
            const res = add(T.dvpg, name, props, { distributedVirtualSwitchUuid: [dvs.urn] });
            pgs.push({ res, cluster: c, key, lab, vlans, trunk, mode: labMode });
        }
    }

    // ---- standard switches on half of the hosts
    const hostPgs = new Map<number, Pg[]>();
    let vssCount = 0;
    let hpgCount = 0;
    hosts.forEach((h, i) => {
        if (i % 2 !== 0) return;
        const ref = hostRef(h);
        const deps = ref.deps ? { hostSystemId: ref.deps } : undefined;
        const vss = add(
            T.vss,
            `vss-${h.res.name}`,
            { name: "vSwitch1", hostSystemId: ref.value, networkAdapters: ["vmnic1"], activeNics: ["vmnic1"], standbyNics: [], mtu: 1500, numberOfPorts: 128, teamingPolicy: "loadbalance_srcid", linkDiscoveryOperation: "listen", linkDiscoveryProtocol: "cdp", allowPromiscuous: false, allowForgedTransmits: false, allowMacChanges: false },
            deps,
        );
        vssCount++;
        const list: Pg[] = [];
        const n = chance(0.5) ? 2 : 1;
        for (let k = 0; k < n; k++) {
            const name = `hpg-${h.res.name}-${k}`;
            const v = k === 0 ? 0 : 300 + (i % 50);
            const props: Record<string, unknown> = { name, hostSystemId: ref.value, virtualSwitchName: "vSwitch1", vlanId: v, key: `key-vim.host.PortGroup-${name}`, computedPolicy: {}, ports: [] };
            if (chance(0.3)) props.allowForgedTransmits = true;
            const res = add(T.hpg, name, props, { virtualSwitchName: [vss.urn], ...(deps ?? {}) });
            hpgCount++;
            list.push({ res, cluster: h.cluster, key: `HaNetwork-${name}`, lab: false, vlans: [v], trunk: false });
        }
        hostPgs.set(i, list);
    });
    // Host port groups are found by their `key` output; the VM's networkId is that key.
    for (const list of hostPgs.values()) for (const pg of list) pg.key = pg.res.props.key as string;

    // ---- virtual machines
    const fixed = resources.length;
    const vmCount = Math.max(0, size - fixed);
    const nestedCount = Math.min(vmCount, Math.round(size * 0.05));
    const labs = pgs.filter((p) => p.lab);
    const regular = pgs.filter((p) => !p.lab);
    // Skewed lab sizes: lab i gets weight 1/(i+1) (a few big labs, many small ones).
    const labWeights = labs.map((_, i) => 1 / (1 + (i % 40)));
    const labTotal = labWeights.reduce((a, b) => a + b, 0);
    const pickLab = (): Pg => {
        let x = r() * labTotal;
        for (let i = 0; i < labs.length; i++) {
            x -= labWeights[i];
            if (x <= 0) return labs[i];
        }
        return labs[labs.length - 1];
    };
    const workloads: Array<Record<string, unknown>> = [];
    const flows: Array<{ from: string; to: string }> = [];
    const macLearning: Record<string, Record<string, unknown>> = {};
    const gateways = new Map<string, string>();
    const guestsByLab = new Map<string, string[]>();
    const labCount = new Map<string, number>();
    let nics = 0;
    let declaredGuests = 0;
    let nestedDeclared = 0;
    let macSeq = 1;
    const staticMacs: string[] = [];

    const nicProps = (pg: Pg, vmNew: boolean, i: number): Record<string, unknown> => {
        const nic: Record<string, unknown> = {
            adapterType: "vmxnet3",
            bandwidthLimit: -1,
            bandwidthReservation: 0,
            bandwidthShareCount: 50,
            bandwidthShareLevel: "normal",
            deviceAddress: vmNew ? UNKNOWN_STRING : `pci:0:${7 + i}`,
            key: vmNew ? UNKNOWN_NUMBER : 4000 + i,
            networkId: pg.key ?? UNKNOWN_STRING,
            ovfMapping: "",
            physicalFunction: "",
            useStaticMac: false,
        };
        if (chance(0.01)) {
            // A static MAC; every now and then one that another VM already uses.
            const m = staticMacs.length > 2 && chance(0.05) ? pick(staticMacs) : mac("00:0c:29", macSeq++);
            staticMacs.push(m);
            nic.useStaticMac = true;
            nic.macAddress = m;
        } else {
            nic.macAddress = vmNew ? UNKNOWN_STRING : mac("00:50:56", macSeq++);
        }
        return nic;
    };

    const hostsIn = (c: number): typeof hosts => hosts.slice(c * CLUSTER, Math.min(hostCount, (c + 1) * CLUSTER));
    const regularIn = new Map<number, Pg[]>();
    for (const p of regular) regularIn.set(p.cluster, [...(regularIn.get(p.cluster) ?? []), p]);
    let nlbSeq = 0;
    /** Port group name → the last regular VM whose first NIC is on it. */
    const lastOn = new Map<string, string>();
    const step = nestedCount > 0 ? Math.max(1, Math.floor(vmCount / nestedCount)) : Infinity;
    for (let i = 0; i < vmCount; i++) {
        const nested = i % step === 0 && i / step < nestedCount;
        const hostIdx = between(0, hostCount - 1);
        const vmNew = chance(0.1);
        const name = nested ? `nested-esx-${i}` : `vm-${i}`;
        let hostChoice: "pinned" | "drs" = chance(0.2) ? "drs" : "pinned";
        let nicPgs: Pg[];
        let host = hosts[hostIdx];
        const lab = nested ? pickLab() : undefined;
        if (lab) {
            // A nested hypervisor runs in its lab's cluster; sometimes a second NIC on a regular port group.
            const labHosts = hostsIn(lab.cluster);
            host = labHosts[between(0, labHosts.length - 1)];
            nicPgs = [lab];
            const more = (regularIn.get(lab.cluster) ?? []).filter((p) => p.key);
            if (more.length && chance(0.3)) nicPgs.push(pick(more));
        } else {
            const n = r() < 0.6 ? 1 : r() < 0.6 ? 2 : r() < 0.7 ? 3 : 4;
            const local = hostPgs.get(hostIdx) ?? [];
            const clusterPgs = regularIn.get(host.cluster) ?? [];
            nicPgs = [];
            for (let k = 0; k < n; k++) {
                const useLocal = local.length > 0 && chance(0.15);
                nicPgs.push(useLocal ? pick(local) : pick(clusterPgs.length ? clusterPgs : regular));
            }
            // A VM on a host port group runs on that host.
            if (nicPgs.some((p) => local.includes(p))) hostChoice = "pinned";
            // At most one new port group per VM, so unknown network ids match dependencies by position.
            const firstNew = nicPgs.find((p) => !p.key);
            if (firstNew) nicPgs = nicPgs.map((p) => (p.key ? p : firstNew));
        }
        const ref = hostRef(host);
        const props = vmProps(name, ref, nicPgs, vmNew, nested, hostChoice);
        const deps: Record<string, string[]> = { networkInterfaces: [...new Set(nicPgs.map((p) => p.res.urn))] };
        if (hostChoice === "pinned" && ref.deps) deps.hostSystemId = ref.deps;
        add(T.vm, name, props, deps);
        nics += nicPgs.length;
        if (!lab) {
            // Now and then a guest that changes its MAC (NLB unicast, bonding): declared with its
            // effective MAC and a flow to another VM on the same port group.
            const peer = lastOn.get(nicPgs[0].res.name);
            if (i % 400 === 7 && peer && !vmNew) {
                const w = `nlb-${nlbSeq++}`;
                workloads.push({ name: w, vm: name, effectiveMac: mac("02:bf:00", macSeq++) });
                workloads.push({ name: `${w}-peer`, vm: peer });
                flows.push({ from: w, to: `${w}-peer` });
            }
            lastOn.set(nicPgs[0].res.name, name);
            continue;
        }
        labCount.set(lab.res.name, (labCount.get(lab.res.name) ?? 0) + 1);
        const mode = lab.mode ?? 0;
        const dvsVersion = dvsOf[lab.cluster].props.version;
        if (mode >= 0.45 && mode < 0.85 && dvsVersion === "8.0.0") macLearning[lab.res.name] = { enabled: true };
        if (chance(0.2)) continue; // implicit: no declaration for this nested hypervisor
        nestedDeclared++;
        const k = options.guestsPerNested ?? between(10, 50);
        /** VLAN (0: untagged) → this hypervisor's guests on it. */
        const byVlan = new Map<number, string[]>();
        for (let g = 0; g < k; g++) {
            const gname = `${name}-g${g}`;
            const vlan = lab.trunk && chance(0.7) ? pick(lab.vlans) : undefined;
            const w: Record<string, unknown> = { name: gname, nestedIn: name, mac: mac("02:00:5e", macSeq++) };
            if (vlan !== undefined) w.vlan = vlan;
            workloads.push(w);
            declaredGuests++;
            const gwVlan = vlan ?? (lab.trunk ? 0 : lab.vlans[0]);
            byVlan.set(gwVlan, [...(byVlan.get(gwVlan) ?? []), gname]);
            const gwKey = `${lab.res.name}|${gwVlan}`;
            let gw = gateways.get(gwKey);
            if (!gw) {
                gw = `gw-${lab.res.name}-${gwVlan}`;
                const ext: Record<string, unknown> = { name: gw, external: lab.res.name, mac: mac("00:11:22", macSeq++) };
                if (lab.trunk) ext.vlan = gwVlan;
                workloads.push(ext);
                gateways.set(gwKey, gw);
            }
            flows.push({ from: gname, to: gw });
        }
        // More flows per guest (a knob): to the next guests of its VLAN in this hypervisor.
        for (let extra = 1; extra < (options.flowsPerGuest ?? 1); extra++) {
            for (const list of byVlan.values()) {
                if (list.length < 2) continue;
                if (extra % list.length === 0) continue;
                list.forEach((g, i) => flows.push({ from: g, to: list[(i + extra) % list.length] }));
            }
        }
        // Guests talk to a guest on the same VLAN inside the hypervisor, and to one of another
        // hypervisor of the lab (different VLANs would need a router: nobody declares that).
        const [vlan0, list0] = [...byVlan].sort((x, y) => y[1].length - x[1].length)[0];
        if (list0.length > 1) flows.push({ from: list0[0], to: list0[1] });
        const key = `${lab.res.name}|${vlan0}`;
        const others = guestsByLab.get(key);
        if (others?.length) flows.push({ from: list0[list0.length - 1], to: pick(others) });
        guestsByLab.set(key, [...(others ?? []).slice(-20), list0[0]]);
    }

    function vmProps(name: string, host: { value: string }, nicPgs: Pg[], vmNew: boolean, nested: boolean, hostChoice: "pinned" | "drs"): Record<string, unknown> {
        const u = (v: unknown): unknown => (vmNew ? UNKNOWN_STRING : v);
        const props: Record<string, unknown> = {
            name,
            alternateGuestName: "",
            annotation: nested ? "nested ESXi for the lab" : "",
            bootDelay: 0,
            bootRetryDelay: 10000,
            bootRetryEnabled: false,
            cdroms: [],
            changeVersion: u("2024-05-01T10:00:00.000000Z"),
            cpuHotAddEnabled: false,
            cpuHotRemoveEnabled: false,
            cpuLimit: -1,
            cpuPerformanceCountersEnabled: false,
            cpuReservation: 0,
            cpuShareCount: 2000,
            cpuShareLevel: "normal",
            customAttributes: {},
            datastoreId: "datastore-11",
            defaultIpAddress: u("10.0.0.10"),
            disks: [{ label: "disk0", size: 40, unitNumber: 0, thinProvisioned: true, eagerlyScrub: false, datastoreId: "datastore-11", uuid: u("6000C29a-0000"), key: 2000, path: u(`[ds] ${name}/${name}.vmdk`), diskMode: "persistent", writeThrough: false, ioLimit: -1, ioReservation: 0, ioShareCount: 1000, ioShareLevel: "normal", keepOnRemove: false, attach: false, controllerType: "scsi", deviceAddress: u("scsi:0:0"), storagePolicyId: "" }],
            efiSecureBootEnabled: false,
            enableDiskUuid: false,
            enableLogging: true,
            eptRviMode: "automatic",
            extraConfig: {},
            extraConfigRebootRequired: true,
            firmware: nested ? "efi" : "bios",
            folder: "lab",
            forcePowerOff: true,
            guestId: nested ? "vmkernel8Guest" : "ubuntu64Guest",
            guestIpAddresses: vmNew ? UNKNOWN_STRING : ["10.0.0.10"],
            hardwareVersion: 19,
            hvMode: "hvAuto",
            ideControllerCount: 2,
            ignoredGuestIps: [],
            latencySensitivity: "normal",
            memory: nested ? 32768 : 4096,
            memoryHotAddEnabled: false,
            memoryLimit: -1,
            memoryReservation: 0,
            memoryReservationLockedToMax: false,
            memoryShareCount: 40960,
            memoryShareLevel: "normal",
            migrateWaitTimeout: 30,
            moid: u(`vm-${name}`),
            nestedHvEnabled: nested,
            networkInterfaces: nicPgs.map((pg, i) => nicProps(pg, vmNew, i)),
            numCoresPerSocket: 1,
            numCpus: nested ? 8 : 2,
            nvmeControllerCount: 0,
            pciDeviceIds: [],
            powerState: u("on"),
            poweronTimeout: 300,
            rebootRequired: false,
            resourcePoolId: "resgroup-8",
            runToolsScriptsAfterPowerOn: true,
            runToolsScriptsAfterResume: true,
            runToolsScriptsBeforeGuestReboot: false,
            runToolsScriptsBeforeGuestShutdown: true,
            runToolsScriptsBeforeGuestStandby: true,
            sataControllerCount: 0,
            scsiBusSharing: "noSharing",
            scsiControllerCount: 1,
            scsiType: "pvscsi",
            shutdownWaitTimeout: 3,
            storagePolicyId: "",
            swapPlacementPolicy: "inherit",
            syncTimeWithHost: true,
            syncTimeWithHostPeriodically: false,
            tags: [],
            toolsUpgradePolicy: "manual",
            uuid: u("4217c0de-0000"),
            vapp: undefined,
            vappTransports: [],
            vbsEnabled: false,
            vmwareToolsStatus: u("guestToolsRunning"),
            vmxPath: u(`${name}/${name}.vmx`),
            vvtdEnabled: false,
            waitForGuestIpTimeout: 0,
            waitForGuestNetRoutable: true,
            waitForGuestNetTimeout: 5,
        };
        if (hostChoice === "pinned") props.hostSystemId = host.value;
        for (const k of Object.keys(props)) if (props[k] === undefined) delete props[k];
        return props;
    }

    const config: GeneratedStack["config"] = {
        "nested-workloads-reachable": { workloads, flows, macLearning },
    };
    const count = (t: string): number => resources.filter((x) => x.type === t).length;
    return {
        size,
        resources,
        config,
        stats: {
            resources: resources.length,
            hosts: count(T.host),
            dvs: count(T.dvs),
            dvpgs: count(T.dvpg),
            vss: vssCount,
            hpgs: hpgCount,
            vms: count(T.vm),
            nics,
            nested: nestedCount,
            nestedDeclared,
            nestedImplicit: nestedCount - nestedDeclared,
            declaredGuests,
            flows: flows.length,
            labPortGroups: labs.length,
            biggestLab: Math.max(0, ...labCount.values()),
        },
    };
}
