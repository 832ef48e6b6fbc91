/**
 * Print only what is needed. The SDK hands policies secret values already unwrapped, so the pack
 * cannot tell a secret from plain data; its messages may print names, MACs, VLANs and settings and
 * nothing else. Here every property of every vSphere resource type that the pack does not read
 * (pulumi-vsphere 4.17 schema, listed below) carries a marked value — half of them wrapped as
 * secrets the way the engine sends them — through stacks built to make every policy speak
 * (violations, traces, fixes, exposure, duplicate MACs, waivers, translation diagnostics), in both
 * Analyze and AnalyzeStack. No marked value may reach any message.
 */
import assert from "node:assert/strict";
import { PROJECT_ROOT, secret, startPack, UNKNOWN_STRING, type Diag, type PackProcess, type PolicyPackConfig, type TestResource } from "../harness/analyzer";
import { dvsLab, res, T, vssLab } from "../pack/stacks";

const CANARY = "CANARY-9c41e7";

/**
 * A property's shape: a scalar, a list of scalars, a map of strings, an object or a list of
 * objects with their own properties.
 */
type Shape = "s" | "list" | "map" | { obj: Record<string, Shape> } | { objs: Record<string, Shape> };

const s = "s" as const;
const list = "list" as const;
const map = "map" as const;

/**
 * The provider's properties the pack does not need, per resource type (pulumi-vsphere 4.17 schema,
 * `properties` and `inputProperties`). What the pack does read is left out on purpose and listed in
 * NEEDED for the record.
 */
const UNNEEDED: Record<string, Record<string, Shape>> = {
    [T.host]: {
        cluster: s, clusterManaged: s, connected: s, customAttributes: map, datacenter: s, force: s, hostname: s, license: s, lockdown: s, maintenance: s,
        password: s, services: { objs: { ntpd: { obj: { enabled: s, ntpServers: list, policy: s } } } }, tags: list, thumbprint: s, username: s,
    },
    [T.vss]: {
        beaconInterval: s, failback: s, linkDiscoveryOperation: s, linkDiscoveryProtocol: s, numberOfPorts: s,
        shapingAverageBandwidth: s, shapingBurstSize: s, shapingEnabled: s, shapingPeakBandwidth: s,
    },
    [T.hpg]: {
        computedPolicy: map, failback: s, ports: { objs: { key: s, macAddresses: list, type: s } },
        shapingAverageBandwidth: s, shapingBurstSize: s, shapingEnabled: s, shapingPeakBandwidth: s,
    },
    [T.dvs]: {
        backupnfcMaximumMbit: s, backupnfcReservationMbit: s, backupnfcShareCount: s, backupnfcShareLevel: s, blockAllPorts: s,
        configVersion: s, contactDetail: s, contactName: s, customAttributes: map, datacenterId: s, description: s, directpathGen2Allowed: s,
        egressShapingAverageBandwidth: s, egressShapingBurstSize: s, egressShapingEnabled: s, egressShapingPeakBandwidth: s, failback: s,
        faulttoleranceMaximumMbit: s, faulttoleranceReservationMbit: s, faulttoleranceShareCount: s, faulttoleranceShareLevel: s, folder: s,
        hbrMaximumMbit: s, hbrReservationMbit: s, hbrShareCount: s, hbrShareLevel: s, ignoreOtherPvlanMappings: s, ingressShapingAverageBandwidth: s,
        ingressShapingBurstSize: s, ingressShapingEnabled: s, ingressShapingPeakBandwidth: s, ipv4Address: s, iscsiMaximumMbit: s, iscsiReservationMbit: s,
        iscsiShareCount: s, iscsiShareLevel: s, lacpApiVersion: s, linkDiscoveryOperation: s, linkDiscoveryProtocol: s,
        managementMaximumMbit: s, managementReservationMbit: s, managementShareCount: s, managementShareLevel: s,
        name: s, netflowActiveFlowTimeout: s, netflowCollectorIpAddress: s, netflowCollectorPort: s, netflowEnabled: s, netflowIdleFlowTimeout: s,
        netflowInternalFlowsOnly: s, netflowObservationDomainId: s, netflowSamplingRate: s, networkResourceControlEnabled: s, networkResourceControlVersion: s,
        nfsMaximumMbit: s, nfsReservationMbit: s, nfsShareCount: s, nfsShareLevel: s, portPrivateSecondaryVlanId: s,
        pvlanMappings: { objs: { primaryVlanId: s, pvlanType: s, secondaryVlanId: s } }, tags: list,
        vdpMaximumMbit: s, vdpReservationMbit: s, vdpShareCount: s, vdpShareLevel: s, virtualmachineMaximumMbit: s,
        virtualmachineReservationMbit: s, virtualmachineShareCount: s, virtualmachineShareLevel: s, vlanId: s, vlanRanges: { objs: { minVlan: s, maxVlan: s } },
        vmotionMaximumMbit: s, vmotionReservationMbit: s, vmotionShareCount: s, vmotionShareLevel: s, vsanMaximumMbit: s, vsanReservationMbit: s,
        vsanShareCount: s, vsanShareLevel: s,
    },
    [T.dvpg]: {
        blockAllPorts: s, configVersion: s, customAttributes: map, description: s,
        directpathGen2Allowed: s, egressShapingAverageBandwidth: s, egressShapingBurstSize: s, egressShapingEnabled: s, egressShapingPeakBandwidth: s,
        failback: s, ingressShapingAverageBandwidth: s, ingressShapingBurstSize: s, ingressShapingEnabled: s, ingressShapingPeakBandwidth: s,
        lacpMode: s, livePortMovingAllowed: s, netflowEnabled: s, netflowOverrideAllowed: s, networkResourcePoolKey: s, networkResourcePoolOverrideAllowed: s,
        portConfigResetAtDisconnect: s, portNameFormat: s, portPrivateSecondaryVlanId: s,
        shapingOverrideAllowed: s, tags: list, trafficFilterOverrideAllowed: s,
    },
    [T.vm]: {
        alternateGuestName: s, annotation: s, bootDelay: s, bootRetryDelay: s, bootRetryEnabled: s,
        cdroms: { objs: { clientDevice: s, datastoreId: s, deviceAddress: s, key: s, path: s } }, changeVersion: s,
        clone: {
            obj: {
                customizationSpec: { obj: { id: s, timeout: s } },
                customize: {
                    obj: {
                        dnsServerLists: list, dnsSuffixLists: list, ipv4Gateway: s, ipv6Gateway: s,
                        linuxOptions: { obj: { domain: s, hostName: s, hwClockUtc: s, scriptText: s, timeZone: s } },
                        networkInterfaces: { objs: { dnsDomain: s, dnsServerLists: list, ipv4Address: s, ipv4Netmask: s, ipv6Address: s, ipv6Netmask: s } },
                        timeout: s,
                        windowsOptions: {
                            obj: {
                                adminPassword: s, autoLogon: s, autoLogonCount: s, computerName: s, domainAdminPassword: s, domainAdminUser: s, domainOu: s, fullName: s,
                                joinDomain: s, organizationName: s, productKey: s, runOnceCommandLists: list, timeZone: s, workgroup: s,
                            },
                        },
                        windowsSysprepText: s,
                    },
                },
                linkedClone: s, ovfNetworkMap: map, ovfStorageMap: map, templateUuid: s, timeout: s,
            },
        },
        cpuHotAddEnabled: s, cpuHotRemoveEnabled: s, cpuLimit: s, cpuPerformanceCountersEnabled: s, cpuReservation: s, cpuShareCount: s, cpuShareLevel: s,
        customAttributes: map, datacenterId: s, datastoreClusterId: s, datastoreId: s, defaultIpAddress: s,
        disks: {
            objs: {
                attach: s, controllerType: s, datastoreId: s, deviceAddress: s, diskMode: s, diskSharing: s, eagerlyScrub: s, ioLimit: s, ioReservation: s, ioShareCount: s,
                ioShareLevel: s, keepOnRemove: s, key: s, label: s, path: s, size: s, storagePolicyId: s, thinProvisioned: s, unitNumber: s, uuid: s, writeThrough: s,
            },
        },
        efiSecureBootEnabled: s, enableDiskUuid: s, enableLogging: s, eptRviMode: s, evcMode: s, extraConfig: map, extraConfigRebootRequired: s, firmware: s,
        folder: s, forcePowerOff: s, guestIpAddresses: list, hardwareVersion: s, hvMode: s, ideControllerCount: s, ignoredGuestIps: list, imported: s,
        latencySensitivity: s, memory: s, memoryHotAddEnabled: s, memoryLimit: s, memoryReservation: s, memoryReservationLockedToMax: s, memoryShareCount: s,
        memoryShareLevel: s, migrateWaitTimeout: s, moid: s, numCoresPerNumaNode: s, numCoresPerSocket: s, numCpus: s, nvmeControllerCount: s,
        ovfDeploy: {
            obj: {
                allowUnverifiedSslCert: s, deploymentOption: s, diskProvisioning: s, enableHiddenProperties: s, ipAllocationPolicy: s, ipProtocol: s, localOvfPath: s,
                ovfNetworkMap: map, remoteOvfUrl: s,
            },
        },
        pciDeviceIds: list, powerState: s, poweronTimeout: s, rebootRequired: s, replaceTrigger: s, resourcePoolId: s, runToolsScriptsAfterPowerOn: s,
        runToolsScriptsAfterResume: s, runToolsScriptsBeforeGuestReboot: s, runToolsScriptsBeforeGuestShutdown: s, runToolsScriptsBeforeGuestStandby: s,
        sataControllerCount: s, scsiBusSharing: s, scsiControllerCount: s, scsiType: s, shutdownWaitTimeout: s, storagePolicyId: s, swapPlacementPolicy: s,
        syncTimeWithHost: s, syncTimeWithHostPeriodically: s, tags: list, toolsUpgradePolicy: s, uuid: s, vapp: { obj: { properties: map } }, vappTransports: list,
        vbsEnabled: s, videoCard: { obj: { deviceAddress: s, graphics3ds: { objs: { memory: s, renderer: s } }, key: s, numDisplays: s, totalVideoMemory: s } },
        vmwareToolsStatus: s, vmxPath: s, vtpm: { obj: { version: s } }, vvtdEnabled: s, waitForGuestIpTimeout: s, waitForGuestNetRoutable: s,
        waitForGuestNetTimeout: s,
    },
    [T.provider]: {
        user: s, password: s, vsphereServer: s, allowUnverifiedSsl: s, apiTimeout: s, clientDebug: s, clientDebugPath: s, clientDebugPathRun: s,
        persistSession: s, restSessionPath: s, vimKeepAlive: s, vimSessionPath: s, vcenterServer: s,
    },
};

/** Sub-properties of a VM's networkInterfaces[] entries the pack does not read (it reads networkId, useStaticMac, macAddress, adapterType, physicalFunction). */
const UNNEEDED_NIC: Record<string, Shape> = {
    bandwidthLimit: s, bandwidthReservation: s, bandwidthShareCount: s, bandwidthShareLevel: s, deviceAddress: s, externalPortId: s, key: s,
    ovfMapping: s,
};

/** What the pack reads, for the record (and the Pulumi resource name, which it prints). */
export const NEEDED: Record<string, string[]> = {
    [T.host]: ["id (output)"],
    [T.vss]: ["name", "hostSystemId", "activeNics", "standbyNics", "networkAdapters", "allowPromiscuous", "allowForgedTransmits", "allowMacChanges", "teamingPolicy", "notifySwitches", "checkBeacon", "mtu"],
    [T.hpg]: ["name", "hostSystemId", "virtualSwitchName", "vlanId", "key", "allowPromiscuous", "allowForgedTransmits", "allowMacChanges", "activeNics", "standbyNics", "teamingPolicy", "notifySwitches", "checkBeacon"],
    [T.dvs]: ["hosts[].hostSystemId", "hosts[].devices", "version", "id/uuid (outputs)", "allowPromiscuous", "allowForgedTransmits", "allowMacChanges", "uplinks", "activeUplinks", "standbyUplinks", "teamingPolicy", "notifySwitches", "checkBeacon", "lacpEnabled", "lacpMode", "maxMtu", "multicastFilteringMode", "txUplink"],
    [T.dvpg]: ["name", "distributedVirtualSwitchUuid", "vlanId", "vlanRanges", "key", "allowPromiscuous", "allowForgedTransmits", "allowMacChanges", "activeUplinks", "standbyUplinks", "teamingPolicy", "notifySwitches", "checkBeacon", "lacpEnabled", "txUplink", "securityPolicyOverrideAllowed", "vlanOverrideAllowed", "uplinkTeamingOverrideAllowed", "blockOverrideAllowed", "type", "autoExpand", "numberOfPorts"],
    [T.vm]: ["name", "hostSystemId", "guestId", "nestedHvEnabled", "networkInterfaces[].networkId", "networkInterfaces[].useStaticMac", "networkInterfaces[].macAddress", "networkInterfaces[].adapterType", "networkInterfaces[].physicalFunction"],
    [T.provider]: ["version"],
    [T.vnic]: ["host", "distributedSwitchPort", "distributedPortGroup", "portgroup", "netstack", "mac", "mtu"],
};

let serial = 0;
let marked = 0;

/** A marked value of a shape; every other scalar is wrapped as a secret. */
function marked_(shape: Shape, path: string): unknown {
    const scalar = (p: string): unknown => {
        marked++;
        const v = `${CANARY}:${p}:${serial++}`;
        return serial % 2 ? secret(v) : v;
    };
    if (shape === "s") return scalar(path);
    if (shape === "list") return [scalar(`${path}[0]`), scalar(`${path}[1]`)];
    if (shape === "map") return { [`${CANARY}-key-${serial++}`]: scalar(`${path}.value`), "guestinfo.ovfEnv": scalar(`${path}.ovfEnv`) };
    if ("obj" in shape) return Object.fromEntries(Object.entries(shape.obj).map(([k, sub]) => [k, marked_(sub, `${path}.${k}`)]));
    return [Object.fromEntries(Object.entries(shape.objs).map(([k, sub]) => [k, marked_(sub, `${path}[0].${k}`)]))];
}

/** The resource with every property the pack does not need set to marked values (the needed ones are kept). */
function mark(r: TestResource): TestResource {
    const shapes = UNNEEDED[r.type];
    if (!shapes) return r;
    const props: Record<string, unknown> = { ...r.props };
    for (const [k, shape] of Object.entries(shapes)) props[k] = marked_(shape, `${r.type}.${k}`);
    if (r.type === T.vm && Array.isArray(props.networkInterfaces)) {
        props.networkInterfaces = (props.networkInterfaces as Array<Record<string, unknown>>).map((nic, i) => ({
            ...nic,
            ...Object.fromEntries(Object.entries(UNNEEDED_NIC).map(([k, shape]) => [k, marked_(shape, `${r.type}.networkInterfaces[${i}].${k}`)])),
        }));
    }
    const provider = r.provider ? { ...r.provider, props: { ...Object.fromEntries(Object.entries(UNNEEDED[T.provider]).map(([k, shape]) => [k, marked_(shape, `provider.${k}`)])), ...r.provider.props } } : undefined;
    return { ...r, props, ...(provider ? { provider } : {}) };
}

function providerRef(version: string, name = "vsphere"): TestResource {
    return res(T.provider, name, { version });
}

/** Stacks built to make every policy speak; each paired with the config that goes with it. */
function scenarios(): Array<{ name: string; stack: TestResource[]; config: PolicyPackConfig }> {
    const hosts = ["esx-a", "esx-b"].map((n, i) => res(T.host, n, { id: `host-1${i + 1}` }));
    const p = providerRef("4.17.0");
    const withProvider = (rs: TestResource[]): TestResource[] => rs.map((r) => ({ ...r, provider: { type: p.type, name: p.name, urn: p.urn, props: p.props } }));

    // Promiscuous nested lab with bystanders: prefer-mac-learning, promiscuous-exposure, duplicate frames, least privilege, explicit.
    const exposed = dvsLab({ dvs: { allowMacChanges: true }, pg: { allowForgedTransmits: true, allowPromiscuous: true }, extraVms: ["web-01", "db-01"] });
    // Forged transmits missing: mandatory reachability violations with trace and fix.
    const broken = dvsLab({ pg: { allowPromiscuous: true } });
    // Standard switch on a current provider (T2) with Host resources and a provider resource.
    const standard = [p, ...hosts, ...withProvider(vssLab())];
    // Deployed lab with a declared guest reusing a VM's MAC, config mistakes and waivers.
    const deployed = dvsLab({ pg: { allowForgedTransmits: true, allowPromiscuous: true }, extraVms: ["web-01"], preview: false });
    const web = deployed.find((r) => r.name === "web-01")!;
    (web.props.networkInterfaces as Array<Record<string, unknown>>)[0] = { networkId: "dvportgroup-101", useStaticMac: true, macAddress: "00:50:56:01:02:03" };
    // Misconfigurations the translation reports: wrong types, out-of-range VLANs, unknowns, unmanaged and missing networks.
    const odd = dvsLab({ pg: { allowPromiscuous: "yes", vlanId: 9999 }, dvs: { hosts: UNKNOWN_STRING } });
    odd.push(
        res(T.dvpg, "orphan-pg", { name: "orphan-pg", distributedVirtualSwitchUuid: "50 2a not-in-stack", vlanRanges: [{ minVlan: 30, maxVlan: 20 }] }),
        res(T.vm, "stray-01", { name: "stray-01", nestedHvEnabled: true, hostSystemId: "host-11", networkInterfaces: [{ networkId: "network-77" }, { networkId: UNKNOWN_STRING }, { networkId: "x", useStaticMac: true, macAddress: "01:00:5e:00:00:01" }] }),
    );
    const decl = {
        workloads: [
            { name: "inner-a", nestedIn: "esxi-01", mac: "00-50-56-01-02-03" },
            { name: "gw", external: "lab-pg", mac: "00:11:22:33:44:55" },
            { name: "bad-mac", nestedIn: "esxi-02", mac: "not a mac" },
            { name: "twice", vm: "web-01", external: "lab-pg" },
        ],
        flows: [
            { from: "inner-a", to: "gw" },
            { from: "gw", to: "ghost" },
        ],
        macLearning: { "lab-pg": { enabled: true, limit: 5000 } },
        waivers: [
            { policy: "promiscuous-exposure", resource: "lab-pg", reason: "reviewed exposure" },
            { policy: "duplicate-mac-addresses", resource: "nothing-*", reason: "stale on purpose" },
        ],
    };
    return [
        { name: "exposed", stack: exposed, config: {} },
        { name: "broken", stack: broken, config: { "nested-workloads-reachable": { undecidedAs: "mandatory" } } },
        { name: "standard", stack: standard, config: {} },
        { name: "deployed", stack: deployed, config: { "nested-workloads-reachable": decl } },
        { name: "odd", stack: odd, config: { "nested-workloads-reachable": { networks: { "network-77": "no-such-pg" } } } },
    ];
}

let pack: PackProcess;

async function preview(stack: TestResource[], config: PolicyPackConfig): Promise<Diag[]> {
    await pack.configure(config);
    const out: Diag[] = [];
    for (const r of stack) out.push(...(await pack.analyze(r)).diagnostics);
    return [...out, ...(await pack.analyzeStack(stack)).diagnostics];
}

describe("secrets: only names, MACs, VLANs and settings reach a message", function () {
    this.timeout(60000);
    before(async () => {
        pack = await startPack(PROJECT_ROOT);
    });
    after(async () => {
        await pack?.stop();
    });

    it("the probe works: a marked resource name is printed (names are fair game), so a leak would be seen", async () => {
        const stack = dvsLab({ pg: { allowPromiscuous: true } }).map((r) => (r.name === "lab-pg" ? { ...r, name: `${CANARY}-pg`, urn: r.urn!.replace(/lab-pg$/, `${CANARY}-pg`) } : r));
        stack.forEach((r) => {
            if (r.propertyDependencies?.networkInterfaces) r.propertyDependencies.networkInterfaces = [stack[1].urn!];
        });
        const ds = await preview(stack, {});
        assert.ok(ds.some((d) => d.message.includes(CANARY)));
    });

    it("marked values in every property the pack does not need never reach a message, in Analyze or AnalyzeStack, while every policy speaks", async () => {
        const spoke = new Set<string>();
        let diagnostics = 0;
        for (const sc of scenarios()) {
            const ds = await preview(sc.stack.map(mark), sc.config);
            assert.ok(ds.length > 0, `${sc.name} produced diagnostics`);
            diagnostics += ds.length;
            for (const d of ds) spoke.add(d.policyName);
            const leaks = ds.filter((d) => d.message.includes(CANARY));
            assert.deepEqual(leaks.map((d) => `${d.policyName}: ${d.message}`), [], `scenario ${sc.name}`);
        }
        const all = (await pack.getAnalyzerInfo()).policies.map((p) => p.name).sort();
        assert.deepEqual([...spoke].sort(), all, "every policy produced at least one message (a new policy? add a scenario above that makes it speak)");
        assert.ok(marked > 1500, `${marked} marked values sent`);
        console.log(`      ${marked} marked values sent, ${diagnostics} messages checked`);
        assert.ok(diagnostics >= 25, `${diagnostics} messages checked`);
    });

    it("marked values where the pack expects a boolean, a number, a list or a MAC are reported by type, never echoed", async () => {
        const m = (p: string) => `${CANARY}:${p}`;
        const stack = dvsLab({ pg: { allowPromiscuous: m("allowPromiscuous"), allowForgedTransmits: secret(m("allowForgedTransmits")), vlanId: m("vlanId"), vlanRanges: [{ minVlan: m("minVlan"), maxVlan: 20 }] }, dvs: { version: m("version"), allowMacChanges: m("dvs.allowMacChanges"), uplinks: m("uplinks"), teamingPolicy: m("dvs.teamingPolicy"), lacpEnabled: true, lacpMode: m("lacpMode") } });
        // (A string in `devices` is a NIC name, which the pack prints: only wrong types here.)
        stack[0].props.hosts = [{ hostSystemId: "host-11", devices: [7, { x: m("device-object") }] }, { hostSystemId: "host-12", devices: m("devices-string") }];
        const vm = stack.find((r) => r.name === "esxi-01")!;
        vm.props.nestedHvEnabled = m("nestedHvEnabled");
        vm.props.networkInterfaces = [{ networkId: UNKNOWN_STRING, useStaticMac: true, macAddress: m("macAddress") }];
        stack.push(res(T.vss, "vs", { name: "vSwitch1", hostSystemId: "host-21", activeNics: [m("activeNics")], standbyNics: m("standbyNics"), allowPromiscuous: m("vss.allowPromiscuous"), teamingPolicy: m("vss.teamingPolicy"), checkBeacon: m("checkBeacon") }));
        stack.push(res(T.hpg, "hpg", { name: "hpg", hostSystemId: "host-21", virtualSwitchName: "vSwitch1", vlanId: [m("hpg.vlanId")] }, { virtualSwitchName: [stack.at(-1)!.urn!] }));
        stack.push(providerRef(m("provider.version")));
        const config: PolicyPackConfig = {
            "nested-workloads-reachable": {
                workloads: [{ name: "w", nestedIn: "esxi-02", mac: m("workload.mac"), vlan: m("workload.vlan") }],
                macLearning: { "lab-pg": { enabled: m("enabled") }, hpg: { enabled: true, limitPolicy: m("limitPolicy") } },
                providerVersion: m("providerVersion"),
                undecidedAs: m("undecidedAs"),
            },
        };
        const ds = await preview(stack, config);
        assert.ok(ds.length > 10, "the mistakes are reported");
        assert.deepEqual(ds.filter((d) => d.message.includes(CANARY)).map((d) => `${d.policyName}: ${d.message}`), []);
    });
});

/**
 * Issue 11 point 7: secrets in every property the pack reads (NEEDED above). The SDK unwraps them
 * before policies run; the pack keeps the marks where it meets the SDK (policies/sdkMemo.ts). A
 * secret name, id or MAC is used and shown as `[secret <property>]`; a secret setting, number or
 * keyword is not used at all (checked as not known), so no message — violations, traces, fixes,
 * advice, translation diagnostics, the waiver summary — depends on its value, in Analyze or
 * AnalyzeStack. Checked twice: no value appears, and other secret values give the same messages.
 */
describe("secrets in the properties the pack reads never reach a message", function () {
    this.timeout(120000);
    let p2: PackProcess;
    before(async () => {
        p2 = await startPack(PROJECT_ROOT);
    });
    after(async () => {
        await p2?.stop();
    });

    interface Variant {
        tag: string;
        bool: boolean;
        vlan: number;
        range: [number, number];
        mac: string;
        teaming: string;
        keyword: string;
        version: string;
    }
    const A: Variant = { tag: "SECRET-5f3a", bool: true, vlan: 3917, range: [3900, 3920], mac: "02:5e:c7:e7:00:01", teaming: "loadbalance_ip", keyword: "vmkernel8Guest", version: "8.0.0" };
    const B: Variant = { tag: "SECRET-9b7c", bool: false, vlan: 2466, range: [2401, 2499], mac: "02:5e:c7:e7:00:09", teaming: "failover_explicit", keyword: "ubuntu64Guest", version: "6.0.0" };

    function stack(v: Variant): TestResource[] {
        const SEC = v.tag;
        const host1 = `${SEC}-host-11`;
        const host2 = `${SEC}-host-12`;
        const macDashed = v.mac.toUpperCase().replace(/:/g, "-");
        const prov = res(T.provider, "vsphere-prov", { version: secret(v.version === "8.0.0" ? "4.17.0" : "4.14.0") });
        const dvs = res(T.dvs, "lab-vds", {
            name: "lab-vds",
            version: secret(v.version),
            hosts: [
                { hostSystemId: secret(host1), devices: secret([`${SEC}-vmnic1`, `${SEC}-vmnic2`]) },
                { hostSystemId: secret(host2), devices: [secret(`${SEC}-vmnic1`)] },
            ],
            uplinks: secret([`${SEC}-up1`, `${SEC}-up2`]),
            activeUplinks: secret([`${SEC}-up1`]),
            standbyUplinks: secret([`${SEC}-up2`]),
            checkBeacon: secret(!v.bool),
            allowPromiscuous: secret(!v.bool),
            pvlanMappings: secret([{ primaryVlanId: v.range[0], secondaryVlanId: v.range[1], pvlanType: v.bool ? "isolated" : "community" }]),
            teamingPolicy: secret(v.teaming),
            lacpEnabled: secret(!v.bool),
            lacpMode: secret(v.bool ? "active" : "passive"),
            notifySwitches: secret(v.bool),
            allowMacChanges: secret(!v.bool),
            allowForgedTransmits: secret(v.bool),
            blockAllPorts: secret(!v.bool),
        });
        const pg = res(T.dvpg, "lab-pg", { name: secret(`${SEC}-pg-name`), distributedVirtualSwitchUuid: secret(`${SEC}-dvs-uuid`), vlanId: secret(v.vlan), key: secret(`${SEC}-pg-key`), allowPromiscuous: secret(v.bool), allowMacChanges: secret(v.bool), activeUplinks: secret([`${SEC}-up1`]), standbyUplinks: secret([`${SEC}-up2`]), checkBeacon: secret(v.bool), teamingPolicy: secret(v.teaming), notifySwitches: secret(v.bool), lacpEnabled: secret(v.bool), blockAllPorts: secret(!v.bool) }, { distributedVirtualSwitchUuid: [dvs.urn!] });
        const pvlan = res(T.dvpg, "pvlan-pg", { name: "pvlan-pg", distributedVirtualSwitchUuid: secret(`${SEC}-dvs-uuid`), portPrivateSecondaryVlanId: secret(v.range[1]) }, { distributedVirtualSwitchUuid: [dvs.urn!] });
        const host = res(T.host, "esx-a", { hostname: "esx-a.lab", id: secret(host1) });
        const vmk = res(T.vnic, "lab-vmk", { host: secret(host1), distributedSwitchPort: secret(`${SEC}-dvs-uuid`), distributedPortGroup: secret(`${SEC}-pg-key`), netstack: secret(`${SEC}-netstack`), mac: secret(v.bool ? "02:5e:c7:e7:0a:07" : "02:5e:c7:e7:0b:07"), mtu: secret(v.bool ? 9000 : 1500) }, { distributedSwitchPort: [dvs.urn!], distributedPortGroup: [pg.urn!] });
        const trunk = res(T.dvpg, "trunk-pg", { name: "trunk-pg", distributedVirtualSwitchUuid: secret(`${SEC}-dvs-uuid`), vlanRanges: secret([{ minVlan: v.range[0], maxVlan: v.range[1] }]), allowForgedTransmits: secret(!v.bool) }, { distributedVirtualSwitchUuid: [dvs.urn!] });
        const vm = (name: string, host: string, extra: Record<string, unknown> = {}) =>
            res(
                T.vm,
                name,
                {
                    name: secret(`${SEC}-${name}-vmname`),
                    guestId: secret(v.keyword),
                    nestedHvEnabled: secret(v.bool),
                    hostSystemId: secret(host),
                    networkInterfaces: [{ networkId: secret(`${SEC}-net-101`), useStaticMac: secret(true), macAddress: secret(macDashed) }],
                    ...extra,
                },
                { networkInterfaces: [pg.urn!] },
            );
        const stray = res(T.vm, "stray-01", { name: "stray-01", hostSystemId: secret(host1), networkInterfaces: [{ networkId: secret(`${SEC}-unmanaged-net`) }, { networkId: "x", useStaticMac: true, macAddress: secret(`${SEC}-not-a-mac`) }] });
        const vss = res(T.vss, "lab-vswitch", { name: secret(`${SEC}-vSwitch1`), hostSystemId: secret(`${SEC}-host-21`), networkAdapters: secret([`${SEC}-vmnic5`]), activeNics: secret([`${SEC}-vmnic5`]), standbyNics: secret([`${SEC}-vmnic6`]), allowPromiscuous: secret(v.bool), allowForgedTransmits: secret(v.bool), allowMacChanges: secret(!v.bool), teamingPolicy: secret(v.bool ? "loadbalance_ip" : "loadbalance_srcid"), checkBeacon: secret(v.bool), notifySwitches: secret(v.bool) });
        const hpg = res(T.hpg, "nested-pg", { name: secret(`${SEC}-hpg-name`), hostSystemId: secret(`${SEC}-host-21`), virtualSwitchName: secret(`${SEC}-vSwitch1`), vlanId: secret(v.vlan === 3917 ? 4095 : 7), key: secret(`${SEC}-hpg-key`), allowPromiscuous: secret(v.bool), allowForgedTransmits: secret(!v.bool), allowMacChanges: secret(v.bool), activeNics: secret([`${SEC}-vmnic5`]), standbyNics: secret([`${SEC}-vmnic6`]), teamingPolicy: secret(v.bool ? "failover_explicit" : "loadbalance_srcmac"), notifySwitches: secret(!v.bool), checkBeacon: secret(!v.bool) }, { virtualSwitchName: [vss.urn!] });
        const nested3 = res(T.vm, "esxi-03", { name: "esxi-03", guestId: "vmkernel8Guest", nestedHvEnabled: true, hostSystemId: secret(`${SEC}-host-21`), networkInterfaces: [{ networkId: secret(`${SEC}-net-hpg`) }] }, { networkInterfaces: [hpg.urn!] });
        return [prov, host, dvs, pg, trunk, pvlan, vmk, vm("esxi-01", host1), vm("esxi-02", host2), stray, vss, hpg, nested3].map((r) => ({ ...r, provider: { type: T.provider, name: "vsphere-prov", props: { version: secret("4.17.0") } } }));
    }

    const config: PolicyPackConfig = {
        "nested-workloads-reachable": {
            workloads: [
                { name: "gw", external: "lab-pg", mac: "00:11:22:33:44:55" },
                { name: "inner", nestedIn: "esxi-01", mac: "00:50:56:aa:00:01" },
                { name: "tagged", nestedIn: "esxi-02", mac: "00:50:56:aa:00:02", vlan: 30 },
            ],
            flows: [
                { from: "inner", to: "gw" },
                { from: "tagged", to: "gw" },
            ],
            waivers: [
                { policy: "duplicate-mac-addresses", resource: "esxi-*", reason: "clones, reviewed" },
                { policy: "security-settings-explicit", resource: "nested-*", reason: "defaults reviewed" },
            ],
        },
    };

    async function messages(v: Variant): Promise<Diag[]> {
        await p2.configure(config);
        const ds: Diag[] = [];
        const s = stack(v);
        for (const r of s) ds.push(...(await p2.analyze(r)).diagnostics);
        ds.push(...(await p2.analyzeStack(s)).diagnostics);
        return ds;
    }

    const leaks = (v: Variant, ds: Diag[]) =>
        ds.filter((d) => {
            const m = d.message;
            const numbers = [v.vlan, ...v.range].some((n) => new RegExp(`(?<![0-9])${n}(?![0-9])`).test(m));
            const vmkMac = v.bool ? "02:5e:c7:e7:0a:07" : "02:5e:c7:e7:0b:07";
            return m.includes(v.tag) || m.toLowerCase().includes(v.mac) || m.toLowerCase().includes(vmkMac) || m.includes(v.mac.toUpperCase().replace(/:/g, "-")) || numbers;
        });

    it("a secret hostSystemId, VM name, networkId, MAC, switch and port group names, NICs, uplinks, keys, VLANs, ranges, settings, teaming, versions and guest ids never reach a message", async () => {
        const ds = await messages(A);
        assert.ok(ds.length >= 8, `${ds.length} messages`);
        const all = ds.map((d) => `${d.policyName}: ${d.message}`).join("\n---\n");
        assert.match(all, /waived in this run/, "the waiver summary is among the messages checked");
        assert.match(all, /lab-vmk/, "the VMkernel NIC is among the resources spoken of");
        assert.deepEqual(leaks(A, ds).map((d) => `${d.policyName}: ${d.message}`), []);
        // Names the pack uses are shown by property, the rest are listed as secret and not used.
        assert.match(all, /\[secret hostSystemId( #\d+)?\]/);
        for (const p of ["allowPromiscuous", "allowForgedTransmits", "allowMacChanges", "blockAllPorts", "vlanId", "vlanRanges", "portPrivateSecondaryVlanId", "pvlanMappings", "teamingPolicy", "lacpEnabled", "lacpMode", "notifySwitches", "checkBeacon", "guestId", "nestedHvEnabled", "version", "mtu"]) {
            assert.match(all, new RegExp(`\\b${p}\\b[^\\n]* secret\\. The pack does not use`), p);
        }
    });

    it("other secret values give the very same messages: nothing printed depends on a secret", async () => {
        const key = (d: Diag) => `${d.policyName}|${d.enforcementLevel}|${d.urn}|${d.message}`;
        const a = (await messages(A)).map(key).sort();
        const b = (await messages(B)).map(key).sort();
        assert.ok(a.length >= 8);
        assert.deepEqual(b.map((m) => m.split(B.tag).join(A.tag)), a);
    });

    it("a long secret is hidden before any message is cut: the examples of an aggregated diagnostic", async () => {
        // Eight VMs on one secret, unmanaged network id of 450 characters: one diagnostic with three cut examples.
        const long = `${A.tag}-${"n".repeat(450)}`;
        const stack = Array.from({ length: 8 }, (_, i) => res(T.vm, `vm-${i}`, { name: `vm-${i}`, hostSystemId: "host-11", networkInterfaces: [{ networkId: secret(long) }] }));
        await p2.configure({});
        const ds = (await p2.analyzeStack(stack)).diagnostics;
        const grouped = ds.filter((d) => /The first 3/.test(d.message));
        assert.equal(grouped.length, 1, ds.map((d) => d.message).join("\n"));
        assert.ok(!ds.some((d) => d.message.includes(A.tag)), ds.map((d) => d.message).join("\n"));
        assert.match(grouped[0].message, /\[secret networkInterfaces\[0\]\.networkId\]/);
    });

    it("only secret names are hidden: a VLAN or a name that merely equals a secret number is still shown", async () => {
        const stack = dvsLab({ pg: { vlanId: secret(100), allowForgedTransmits: true, allowPromiscuous: true }, extraVms: ["web-100"] });
        stack.push(res(T.dvpg, "other-pg", { name: "other-pg", distributedVirtualSwitchUuid: UNKNOWN_STRING, vlanId: 100, allowPromiscuous: true }, { distributedVirtualSwitchUuid: [stack[0].urn!] }));
        stack.push(res(T.vm, "esxi-09", { name: "esxi-09", nestedHvEnabled: true, hostSystemId: "host-11", networkInterfaces: [{ networkId: UNKNOWN_STRING }] }, { networkInterfaces: [stack.at(-1)!.urn!] }));
        await p2.configure({ "nested-workloads-reachable": { workloads: [{ name: "g", external: "other-pg", mac: "00:11:22:33:44:55" }, { name: "i", nestedIn: "esxi-09", mac: "00:50:56:aa:00:09", vlan: 100 }], flows: [{ from: "i", to: "g" }] } });
        const ds = (await p2.analyzeStack(stack)).diagnostics;
        const all = ds.map((d) => d.message).join("\n");
        assert.match(all, /web-100 nic 0/);
        assert.match(all, /VLAN 100/);
        assert.match(all, /vlanId of lab-pg is secret/);
    });
});
