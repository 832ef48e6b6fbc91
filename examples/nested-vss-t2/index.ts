// The lab's Pulumi program after the change under review (examples/nested-vss-t2/README.md).
// preview.json records where each resource is declared here (`sourcePosition`), so vsnet's SARIF
// places each finding on these lines.
import * as vsphere from "@pulumi/vsphere";

const dc = vsphere.getDatacenterOutput({ name: "lab-dc" });
const esx = ["esx-01.lab.example", "esx-02.lab.example"].map((name) => vsphere.getHostOutput({ name, datacenterId: dc.id }));
const pool = vsphere.getResourcePoolOutput({ name: "lab-cluster/Resources", datacenterId: dc.id });
const datastore = vsphere.getDatastoreOutput({ name: "vsanDatastore", datacenterId: dc.id });

esx.forEach((host, i) => {
    const n = `0${i + 1}`;
    const vswitch = new vsphere.HostVirtualSwitch(`lab-vswitch-${n}`, {
        name: "vSwitch1",
        hostSystemId: host.id,
        networkAdapters: ["vmnic1"],
        activeNics: ["vmnic1"],
        standbyNics: [],
        allowPromiscuous: true,
        allowForgedTransmits: true,
        allowMacChanges: false,
    });
    // New in this change (replaces lab-pg-01/02, which set all three settings).
    // allowForgedTransmits is left out "to inherit vSwitch1's Accept": provider >= 4.15.0 sends Reject.
    const nestedPg = new vsphere.HostPortGroup(`nested-pg-${n}`, {
        name: "nested-pg",
        hostSystemId: host.id,
        virtualSwitchName: vswitch.name,
        vlanId: 20,
        allowPromiscuous: true,
    });
    new vsphere.VirtualMachine(`esxi-${n}`, {
        name: `esxi-${n}`,
        resourcePoolId: pool.id,
        datastoreId: datastore.id,
        hostSystemId: host.id,
        numCpus: 8,
        memory: 32768,
        guestId: "vmkernel8Guest",
        nestedHvEnabled: true,
        networkInterfaces: [{ networkId: nestedPg.id, adapterType: "vmxnet3" }],
        disks: [{ label: "disk0", size: 40 }],
    });
});
