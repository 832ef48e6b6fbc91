/** The type tokens of the resources the pack reads (the provider SDK is not a dependency: tokens are matched by hand). */
export const TYPE = {
    provider: "pulumi:providers:vsphere",
    host: "vsphere:index/host:Host",
    vss: "vsphere:index/hostVirtualSwitch:HostVirtualSwitch",
    hpg: "vsphere:index/hostPortGroup:HostPortGroup",
    dvs: "vsphere:index/distributedVirtualSwitch:DistributedVirtualSwitch",
    dvpg: "vsphere:index/distributedPortGroup:DistributedPortGroup",
    vm: "vsphere:index/virtualMachine:VirtualMachine",
    vnic: "vsphere:index/vnic:Vnic",
} as const;
