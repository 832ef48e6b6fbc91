/**
 * SR-IOV NICs (SEMANTICS X4): a VM NIC with `adapterType: "sriov"`, or with `physicalFunction` set
 * (the physical NIC whose virtual function it uses), bypasses the virtual switch. An adapter type
 * computed from a value not known during preview is kept unknown (the simulator branches: an SR-IOV
 * NIC or a vNIC). Any other adapter type is an ordinary vNIC.
 */
import type { Port } from "../sim/model/model";
import type { RawResource } from "./types";
import { readKeyword, readString } from "./unknowns";

/** The passthrough of NIC `nic` of a VM, or undefined for an ordinary vNIC. */
export function nicPassthrough(vm: RawResource, nic: number, portId: string): Port["passthrough"] {
    const adapter = readKeyword(vm.props, ["networkInterfaces", nic, "adapterType"]);
    const pf = readString(vm.props, ["networkInterfaces", nic, "physicalFunction"]);
    const at = (property: string) => ({ kind: "explicit" as const, objectId: portId, property: `networkInterfaces[${nic}].${property}`, rule: "X4" });
    if (adapter.kind === "value" && adapter.value === "sriov") return { kind: "sriov", origin: at("adapterType") };
    // A physical function is only ever named for an SR-IOV NIC.
    if (pf.kind === "value" && pf.value !== "") return { kind: "sriov", origin: at("physicalFunction") };
    // Not known during preview, and no known adapter type says otherwise: either kind of NIC.
    const open = adapter.kind === "unknown" ? "adapterType" : pf.kind === "unknown" && adapter.kind !== "value" ? "physicalFunction" : undefined;
    if (open) return { kind: "sriov", origin: { ...at(open), note: "not known during preview: an SR-IOV NIC or a vNIC" }, unknownKey: `${portId}.${open}` };
    return undefined;
}
