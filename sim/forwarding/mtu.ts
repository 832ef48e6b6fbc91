/**
 * Frame size (SEMANTICS X2). A unicast frame of a workload that declares its MTU (FrameInfo.size)
 * passes a switch or a NIC only if it fits that MTU; ARP and other small frames always pass ("ping
 * works, TCP stalls"). Checked at the sending NIC, each switch the frame crosses (on every host) and
 * the receiving NIC. The physical network is assumed to carry the frame (not in the stack). An MTU
 * not known during preview is decided like an unknown setting (decide.ts): the frame fits, or not.
 */
import type { MtuSetting, Port, Switch } from "../model/model";
import type { SettingRef } from "../model/results";
import { decide } from "./decide";
import { portLabel, Stage, type FrameInfo, type Run } from "./run";

function ref(objectId: string, m: MtuSetting): SettingRef {
    return { objectId, setting: "mtu", value: String(m.value), origin: m.origin };
}

function check(run: Run, objectId: string, what: string, m: MtuSetting | undefined, f: FrameInfo, at: string, parent: number, stage: Stage): number {
    if (f.size === undefined || m === undefined) return parent;
    const r = ref(objectId, m);
    const fits = m.value === "unknown" ? decide({ value: "unknown", origin: m.origin, unknownKey: m.unknownKey ?? `${objectId}.mtu` }, r, run.assume) : f.size <= m.value;
    const mtu = m.value === "unknown" ? "MTU" : `MTU ${m.value}`;
    if (!fits) {
        run.hop(parent, stage, { action: "drop", rule: "X2", at, detail: `a ${f.size}-byte frame does not fit ${what}'s ${mtu}: small frames (ARP, ping) pass, larger ones are dropped`, setting: r });
        return -1;
    }
    return run.hop(parent, stage, { action: "forward", rule: "X2", at, detail: `a ${f.size}-byte frame fits ${what}'s ${mtu}`, setting: r });
}

/** X2 at a switch on one host. Returns the event to continue from, or -1 when dropped. */
export function fitsSwitch(run: Run, sw: Switch, f: FrameInfo, at: string, parent: number, stage: Stage): number {
    return check(run, sw.id, `switch ${sw.name ?? sw.id}`, sw.mtu, f, at, parent, stage);
}

/** X2 at a NIC (a vmk's or vNIC's own MTU). Returns the event to continue from, or -1 when dropped. */
export function fitsPort(run: Run, port: Port, f: FrameInfo, at: string, parent: number, stage: Stage): number {
    return check(run, port.id, portLabel(port), port.mtu, f, at, parent, stage);
}
