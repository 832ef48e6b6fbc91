/**
 * The security policy of a port group (SEMANTICS S1–S3): a setting read under the run's assumptions,
 * the forged-transmit check at ingress (S1), the MAC-change gate at receive (S2) and the table MAC it
 * decides (F1: the effective MAC replaces the initial one only with MAC changes Accept). Promiscuous
 * delivery (S3) is chosen where the switch floods, in switching.ts, through `setting`.
 */
import type { Port, PortGroup, SecuritySetting } from "../model/model";
import type { SettingRef } from "../model/results";
import { decide } from "./decide";
import { portLabel, Stage, type Run } from "./run";

export function setting(run: Run, pg: PortGroup, name: SecuritySetting): { on: boolean; ref: SettingRef } {
    const ref = settingRef(pg, name);
    return { on: decide(pg.security[name], ref, run.assume), ref };
}

export function settingRef(pg: PortGroup, name: SecuritySetting): SettingRef {
    const s = pg.security[name];
    return { objectId: pg.id, setting: name, value: s.value, origin: s.origin };
}

/** F1: the MAC the switch has for a port (the effective MAC only with MAC changes Accept). */
export function tableMac(run: Run, port: Port, pg: PortGroup): string {
    const eff = port.effectiveMac ?? port.initialMac;
    if (eff === port.initialMac) return eff;
    return setting(run, pg, "macChanges").on ? eff : port.initialMac;
}

/** S1: the source MAC must be the port's MAC unless forged transmits is Accept. Returns the event to continue from, or -1 when dropped. */
export function checkForgedTransmit(run: Run, pg: PortGroup, src: string, portMac: string, at: string, parent: number): number {
    if (src === portMac) return parent;
    const forged = setting(run, pg, "forgedTransmits");
    if (!forged.on) {
        run.hop(parent, Stage.Source, { action: "drop", rule: "S1", at, detail: `source ${src} is not the port's MAC ${portMac} and forged transmits is Reject`, setting: forged.ref });
        return -1;
    }
    return run.hop(parent, Stage.Source, { action: "forward", rule: "S1", at, detail: `source ${src} is not the port's MAC ${portMac}; forged transmits is Accept`, setting: forged.ref });
}

/** S2 at receive: a port whose guest changed its MAC receives only with MAC changes Accept. Returns the event to continue from, or -1 when dropped. */
export function checkMacChange(run: Run, port: Port, pg: PortGroup, at: string, parent: number): number {
    const eff = port.effectiveMac ?? port.initialMac;
    if (eff === port.initialMac) return parent;
    const mc = setting(run, pg, "macChanges");
    if (!mc.on) {
        run.hop(parent, Stage.TargetPort, { action: "drop", rule: "S2", at, detail: macChangeRejected(port, eff), setting: mc.ref });
        return -1;
    }
    return run.hop(parent, Stage.TargetPort, { action: "forward", rule: "S2", at, detail: `the guest changed the MAC to ${eff}; MAC address changes is Accept, so the port still receives`, setting: mc.ref });
}

/** S2 explains first, at the switch: the target's port receives nothing at all when its guest changed the MAC under Reject. */
export function explainMacChange(run: Run, target: Port, at: string, parent: number): void {
    const eff = target.effectiveMac ?? target.initialMac;
    if (eff === target.initialMac) return;
    const mc = setting(run, run.sc.pg(target), "macChanges");
    if (!mc.on) run.hop(parent, Stage.TargetPort, { action: "drop", rule: "S2", at: `${at} / ${portLabel(target)}`, detail: macChangeRejected(target, eff), setting: mc.ref });
}

function macChangeRejected(port: Port, eff: string): string {
    return `the guest changed the MAC to ${eff} (initial ${port.initialMac}) and MAC address changes is Reject: the port receives nothing`;
}
