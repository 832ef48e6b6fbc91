/**
 * Passthrough NICs (SEMANTICS X4). An SR-IOV or passthrough NIC bypasses the virtual switch: for
 * the VM's own MAC nothing changes that a verdict can see, but whether guests behind it (a nested
 * hypervisor's) send and receive with MACs of their own depends on the physical NIC's virtual
 * function (trust, spoof checking), which is not in the stack. So the simulator branches on it like
 * an unknown setting that is never resolved: the conversation comes out undetermined, naming it.
 * A NIC whose adapter type is not known during preview is branched on first (passthrough or not).
 */
import type { Port } from "../model/model";
import type { SettingRef } from "../model/results";
import { decide } from "./decide";
import { Stage, type Run } from "./run";

function ref(port: Port): SettingRef {
    const pt = port.passthrough!;
    return { objectId: port.id, setting: "passthrough", value: pt.kind, origin: pt.origin };
}

/**
 * Whether the NIC bypasses the switch in this run: known from its adapter type, or — an adapter
 * type not known during preview — decided once per NIC (either it is an SR-IOV NIC or a vNIC).
 */
export function isPassthrough(run: Run, port: Port): boolean {
    const pt = port.passthrough;
    if (pt === undefined) return false;
    if (pt.unknownKey === undefined) return true;
    return decide({ value: "unknown", origin: pt.origin, unknownKey: pt.unknownKey }, { objectId: port.id, setting: "passthrough", value: "unknown", origin: pt.origin }, run.assume);
}

/** Whether the NIC's virtual function passes frames for other MACs (never known: a decision of its own). */
function trusted(run: Run, port: Port): boolean {
    const pt = port.passthrough!;
    return decide({ value: "unknown", origin: pt.origin, unknownKey: `${port.id}.passthrough` }, ref(port), run.assume);
}

function nic(port: Port): string {
    return port.passthrough!.kind === "sriov" ? "an SR-IOV virtual function" : "a passthrough NIC";
}

/** X4 at the source, for a frame whose source MAC is not the NIC's own. Returns the event to continue from, or -1. */
export function passthroughSend(run: Run, port: Port, src: string, at: string, parent: number): number {
    if (trusted(run, port)) {
        return run.hop(parent, Stage.Source, { action: "forward", rule: "X4", at, detail: `${nic(port)} bypasses the virtual switch; this case assumes it passes frames from ${src} (VF trust on, spoof checking off: not in the stack)`, setting: ref(port) });
    }
    run.hop(parent, Stage.Source, { action: "drop", rule: "X4", at, detail: `${nic(port)} bypasses the virtual switch; this case assumes its spoof checking drops frames from ${src} (VF trust: not in the stack)`, setting: ref(port) });
    return -1;
}

/** X4 at the destination, for a frame to a guest's MAC behind the NIC. Returns the event to continue from, or -1. */
export function passthroughReceive(run: Run, port: Port, dst: string, at: string, parent: number, explain: boolean): number {
    if (trusted(run, port)) {
        return run.hop(parent, Stage.TargetPort, { action: "forward", rule: "X4", at, detail: `${nic(port)} bypasses the virtual switch; this case assumes it receives frames for ${dst} (VF trust on: not in the stack)`, setting: ref(port) });
    }
    if (explain) run.hop(parent, Stage.TargetPort, { action: "drop", rule: "X4", at, detail: `${nic(port)} bypasses the virtual switch; this case assumes it takes only its own MAC, not ${dst} (VF trust: not in the stack)`, setting: ref(port) });
    return -1;
}
