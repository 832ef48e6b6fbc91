/** Realistic vSphere stacks as the engine sends them (type tokens and props per the provider schema). */
import { UNKNOWN_STRING, urnOf, type TestResource } from "../harness/analyzer";

export { TYPE as T } from "../../translate/tokens";
import { TYPE as T } from "../../translate/tokens";

export function res(type: string, name: string, props: Record<string, unknown>, propertyDependencies?: Record<string, string[]>): TestResource {
    return { type, name, urn: urnOf(type, name), props, propertyDependencies };
}

export function provider(version: string): TestResource {
    return res(T.provider, `vsphere-${version}`, { version });
}

/** During preview: the port group's DVS uuid and the VMs' network ids are unknown; dependencies link them. */
export function dvsLab(opts: { dvs?: Record<string, unknown>; pg?: Record<string, unknown>; nested?: number; extraVms?: string[]; preview?: boolean } = {}): TestResource[] {
    const preview = opts.preview ?? true;
    const dvs = res(T.dvs, "lab-vds", {
        name: "lab-vds",
        datacenterId: "datacenter-3",
        version: "8.0.0",
        hosts: [
            { hostSystemId: "host-11", devices: ["vmnic1", "vmnic2"] },
            { hostSystemId: "host-12", devices: ["vmnic1", "vmnic2"] },
        ],
        ...opts.dvs,
    });
    const pg = res(T.dvpg, "lab-pg", { name: "lab-pg", distributedVirtualSwitchUuid: preview ? UNKNOWN_STRING : "50 2a dvs-uuid", vlanId: 20, ...opts.pg }, { distributedVirtualSwitchUuid: [dvs.urn!] });
    const out = [dvs, pg];
    for (let i = 1; i <= (opts.nested ?? 2); i++) {
        out.push(
            res(
                T.vm,
                `esxi-0${i}`,
                {
                    name: `esxi-0${i}`,
                    guestId: "vmkernel8Guest",
                    nestedHvEnabled: true,
                    hostSystemId: i % 2 ? "host-11" : "host-12",
                    numCpus: 4,
                    memory: 16384,
                    networkInterfaces: [{ networkId: preview ? UNKNOWN_STRING : "dvportgroup-101", adapterType: "vmxnet3" }],
                },
                { networkInterfaces: [pg.urn!] },
            ),
        );
    }
    for (const name of opts.extraVms ?? []) {
        out.push(res(T.vm, name, { name, guestId: "ubuntu64Guest", hostSystemId: "host-11", networkInterfaces: [{ networkId: preview ? UNKNOWN_STRING : "dvportgroup-101" }] }, { networkInterfaces: [pg.urn!] }));
    }
    return out;
}

/** Nested ESXi on one host's standard switch; the host port group leaves forged transmits unset. */
export function vssLab(opts: { pg?: Record<string, unknown>; vss?: Record<string, unknown>; providerVersion?: string } = {}): TestResource[] {
    const out: TestResource[] = [];
    if (opts.providerVersion) out.push(provider(opts.providerVersion));
    const vss = res(T.vss, "lab-vswitch", { name: "vSwitch1", hostSystemId: "host-21", networkAdapters: ["vmnic1"], activeNics: ["vmnic1"], standbyNics: [], allowPromiscuous: true, allowForgedTransmits: true, allowMacChanges: false, ...opts.vss });
    const pg = res(T.hpg, "nested-pg", { name: "nested-pg", hostSystemId: "host-21", virtualSwitchName: "vSwitch1", vlanId: 0, allowPromiscuous: true, ...opts.pg }, { virtualSwitchName: [vss.urn!] });
    out.push(vss, pg);
    for (const i of [1, 2]) {
        out.push(res(T.vm, `esxi-0${i}`, { name: `esxi-0${i}`, guestId: "vmkernel7Guest", nestedHvEnabled: true, hostSystemId: "host-21", networkInterfaces: [{ networkId: UNKNOWN_STRING }] }, { networkInterfaces: [pg.urn!] }));
    }
    if (opts.providerVersion) {
        const p = out[0];
        for (const r of out.slice(1)) r.provider = { type: p.type, name: p.name, urn: p.urn, props: p.props };
    }
    return out;
}
