/**
 * One switch on one host handles a frame (SEMANTICS F1–F6): known unicast to its port only (F2,
 * F1's static table), unknown unicast from a VM port or from an uplink (F3, F4) with copies to
 * promiscuous ports (S3, narrow scope) and MAC-learning ports that flood (M3), broadcast to every
 * port in the VLAN (F5), and the receive filter of the endpoints behind a port (F6). Learning,
 * security, VLAN and uplink decisions are asked of their own rooms.
 */
import type { Port, Switch } from "../model/model";
import { macOf } from "../model/network";
import { isAssumed } from "../model/rules";
import { peek } from "./decide";
import { hostSwitch, portsInVlan } from "./host-switch";
import { explainNotLearned, floodsUnknownUnicast, learnedPort, mlRef } from "./learning";
import { fitsPort } from "./mtu";
import { untaggedOnTrunk } from "./native-vlan";
import { joinsGroup } from "./multicast";
import { isPassthrough, passthroughReceive } from "./passthrough";
import { receivesAtPort } from "./port-state";
import { explainPvlanDrop, passPvlan, samePrimary } from "./pvlan";
import { atSwitch, label, portLabel, Stage, type FrameInfo, type Run } from "./run";
import { checkMacChange, explainMacChange, setting, settingRef, tableMac } from "./security";
import { entersPortGroup, receivedCopies, uplink } from "./uplinks";
import { carries, egressTag, formatVlan, reachGuestVlan, vlanName } from "./vlan";

/**
 * One switch on one host handles the frame (F2–F5, M1, M3, S3). `ingressPort` is undefined for
 * frames from an uplink; `flooded`: the physical network flooded it (so it may arrive once per uplink, U4).
 */
export function switchFrame(run: Run, host: string, sw: Switch, key: number, f: FrameInfo, ingressPort: Port | undefined, flooded: boolean, parent: number): void {
    const sc = run.sc;
    const fromUplink = ingressPort === undefined;
    const stage = fromUplink ? Stage.TargetSwitch : Stage.SourceSwitch;
    const at = atSwitch(host, sw);
    const hk = hostSwitch(sc.net, host, sw.id).hk;
    const targetHere = run.target?.port && run.target.attachment === hk ? run.target.port : undefined;
    const roles = sc.net.pvlanRoles;
    const targetPg = targetHere && targetHere !== ingressPort ? sc.pg(targetHere) : undefined;
    if (targetPg && targetPg.vlan.kind === "pvlan" && samePrimary(roles, targetPg.vlan, key) && !carries(targetPg.vlan, key, roles)) {
        // PV2: the same private VLAN, but its types do not talk.
        explainPvlanDrop(run, targetPg, run.target?.endpoint, key, `${at} / ${portLabel(targetHere!)}`, parent);
    } else if (targetHere && targetPg && !carries(targetPg.vlan, key, roles)) {
        run.hop(parent, Stage.TargetPort, { action: "drop", rule: f.broadcast ? "F5" : "F2", at, detail: `${portLabel(targetHere)} is on ${formatVlan(sc.pg(targetHere).vlan)}, the frame is in ${vlanName(key)}: different VLANs need a router`, setting: { objectId: targetHere.portGroupId, setting: "vlan", value: formatVlan(sc.pg(targetHere).vlan) } });
    }
    // P1 and S2 explain first: a blocked port, or one whose guest changed its MAC under Reject, receives nothing at all.
    if (targetPg?.blocked !== undefined) receivesAtPort(run, targetPg, `${at} / ${portLabel(targetHere!)}`, parent, true);
    if (targetHere && targetHere !== ingressPort && behindAccepts(run, targetHere, f)) explainMacChange(run, targetHere, at, parent);
    const inVlanAll = portsInVlan(sc, host, sw.id, key);
    const inVlan = ingressPort && inVlanAll.includes(ingressPort) ? inVlanAll.filter((p) => p !== ingressPort) : inVlanAll;
    if (f.broadcast) {
        const e = run.hop(parent, stage, { action: "forward", rule: "F5", at, detail: `${f.multicast ? "multicast" : "broadcast"} to every port in ${vlanName(key)} on this switch${fromUplink ? "" : " and one uplink"}` });
        for (const p of inVlan) receive(run, host, sw, p, key, f, "F5", fromUplink, flooded, e);
        if (ingressPort) uplink(run, host, sw, ingressPort, key, f, "F5", e);
        return;
    }
    const known = staticPort(run, inVlan, f.dst);
    if (known) {
        const e = run.hop(parent, stage, { action: "forward", rule: "F2", at, detail: `${f.dst} is ${portLabel(known)} in the switch's table: delivered to that port only` });
        receive(run, host, sw, known, key, f, "F2", fromUplink, false, e);
        if (targetHere && known !== targetHere) run.hop(e, Stage.TargetPort, { action: "drop", rule: "F6", at, detail: `${f.dst} belongs to ${portLabel(known)} in the switch's table: ${portLabel(targetHere)} only receives frames for its own MAC` });
        return;
    }
    const learned = learnedPort(run, host, sw, hk, key, f.dst, inVlan);
    if (learned) {
        const pg = sc.pg(learned);
        const e = run.hop(parent, stage, { action: "forward", rule: "M1", at, detail: `${f.dst} was learned on ${portLabel(learned)}: delivered there`, setting: mlRef(pg) });
        receive(run, host, sw, learned, key, f, "M1", fromUplink, false, e);
        if (targetHere && learned !== targetHere) run.hop(e, Stage.TargetPort, { action: "drop", rule: "M1", at, detail: `${f.dst} was learned on ${portLabel(learned)}, so ${portLabel(targetHere)} does not get it` });
        return;
    }
    // Unknown unicast: F3 from a VM port, F4 from an uplink.
    const rule = fromUplink ? "F4" : "F3";
    const e = run.hop(parent, stage, {
        action: "forward",
        rule,
        at,
        detail: fromUplink
            ? `${f.dst} is not in the switch's table: only promiscuous and MAC-learning-flooding ports get it`
            : `${f.dst} is not in the switch's table: out one uplink, copies to promiscuous and MAC-learning-flooding ports`,
        assumed: isAssumed(rule),
    });
    for (const p of inVlan) {
        const pg = sc.pg(p);
        const floods = floodsUnknownUnicast(pg, sw);
        if (run.opts.focus && p !== targetHere && (p.effectiveMac ?? p.initialMac) === p.initialMac) {
            // Focus: an ordinary port other than the target's gets nothing anyone reports (see
            // receive); all that can show is an unknown promiscuous setting being decided for a
            // port that holds the destination MAC. Skips scanning every port's guests.
            if (!floods && pg.security.promiscuous.value === "unknown" && behindAccepts(run, p, f)) setting(run, pg, "promiscuous");
            continue;
        }
        const relevant = behindAccepts(run, p, f);
        if (p.passthrough !== undefined && (!relevant || isPassthrough(run, p))) {
            // X4: the NIC's virtual function, not the switch, decides about MACs other than its own.
            if (!relevant) continue;
            const ev = passthroughReceive(run, p, f.dst, `${at} / ${portLabel(p)}`, e, p === targetHere);
            if (ev >= 0) receive(run, host, sw, p, key, f, "X4", fromUplink, flooded, ev);
            continue;
        }
        if (floods) {
            receive(run, host, sw, p, key, f, "M3", fromUplink, flooded, e);
            continue;
        }
        // Narrow scope (S3): from a VM port, only promiscuous ports of the sender's own port group.
        const inScope = fromUplink || pg.id === ingressPort?.portGroupId;
        const promisc = relevant ? setting(run, pg, "promiscuous") : { on: peek(pg.security.promiscuous, run.assume) === true, ref: settingRef(pg, "promiscuous") };
        if (inScope && promisc.on) {
            receive(run, host, sw, p, key, f, "S3", fromUplink, flooded, e);
        } else if (p === targetHere && f.dst === p.initialMac && (p.effectiveMac ?? p.initialMac) !== p.initialMac) {
            run.hop(e, Stage.TargetPort, { action: "drop", rule: "F1", at: `${at} / ${portLabel(p)}`, detail: `MAC address changes is Accept, so the table holds the effective MAC ${p.effectiveMac} instead of ${p.initialMac} (it replaces, it does not add)`, setting: settingRef(pg, "macChanges") });
        } else if (p === targetHere && !explainNotLearned(run, p, pg, sw, f.dst, at, e)) {
            const why = !inScope
                ? `${portLabel(p)} is in another port group than the sender: promiscuous copies stay in the sender's port group (S3 narrow scope, assumed)`
                : `${portLabel(p)} is not promiscuous${sw.kind === "distributed" ? " and has no MAC learning" : " (standard switches have no MAC learning, M4)"}: the frame for ${f.dst} never reaches it`;
            run.hop(e, Stage.TargetPort, { action: "drop", rule: inScope ? rule : "S3", at: `${at} / ${portLabel(p)}`, detail: why, setting: promisc.ref, assumed: !inScope || isAssumed(rule) });
        }
    }
    if (ingressPort) uplink(run, host, sw, ingressPort, key, f, rule, e);
}

/** The port whose table MAC is `mac` (F1), if any. */
function staticPort(run: Run, ports: Port[], mac: string): Port | undefined {
    for (const p of ports) {
        const eff = p.effectiveMac ?? p.initialMac;
        if (mac !== eff && mac !== p.initialMac) continue;
        if (tableMac(run, p, run.sc.pg(p)) === mac) return p;
    }
    return undefined;
}

/** Whether some endpoint behind the port would take this frame (ignoring VLAN). */
function behindAccepts(run: Run, port: Port, f: FrameInfo): boolean {
    return (run.sc.net.behind.get(port.id) ?? []).some((e) => f.broadcast || macOf(run.sc.net, e) === f.dst);
}

/** A port receives a frame the switch gives it: S2, then the endpoints behind it filter (F6, V3). */
function receive(run: Run, host: string, sw: Switch, port: Port, key: number, f: FrameInfo, rule: string, fromUplink: boolean, flooded: boolean, parent: number): void {
    const isTarget = run.target?.port === port;
    // Focus: an ordinary port (MAC unchanged) other than the target's only gets copies nobody
    // reports — no drop, no unknown to decide — so it is not followed.
    if (run.opts.focus && !isTarget && (port.effectiveMac ?? port.initialMac) === port.initialMac) return;
    const pg = run.sc.pg(port);
    const at = `host ${host} / ${portLabel(port)}`;
    if (!behindAccepts(run, port, f)) return;
    // U6: nothing enters a port group with no active uplink on this host.
    if (fromUplink && !entersPortGroup(run, host, sw, port, `host ${host} / switch ${sw.name ?? sw.id}`, parent)) return;
    // P1: a blocked port receives nothing (the target's drop was explained at the switch).
    if (pg.blocked !== undefined && !receivesAtPort(run, pg, at, parent, false)) return;
    let from = checkMacChange(run, port, pg, at, parent);
    if (from < 0) return;
    if (pg.vlan.kind === "pvlan") from = passPvlan(run, pg, key, at, from);
    if (pg.vlan.kind === "trunk") from = untaggedOnTrunk(run, pg, key, at, from);
    if ((from = fitsPort(run, port, f, at, from, Stage.TargetPort)) < 0) return;
    // U4: a nested hypervisor's promiscuous port gets one copy per uplink of its team (unless RPF check or a LAG).
    const n = fromUplink ? receivedCopies(run, host, sw, port, pg, flooded) : 1;
    const tag = egressTag(pg.vlan, key);
    for (const e of run.sc.net.behind.get(port.id) ?? []) {
        const mac = macOf(run.sc.net, e);
        if (!f.broadcast && mac !== f.dst) continue;
        let via = reachGuestVlan(run, pg, e, tag, isTarget, at, from);
        if (via < 0) continue;
        // X3: a guest behind the port takes a group only if the port passes it (promiscuous, snooping, or the nested hypervisor's filter).
        if (f.multicast && e.kind === "guest" && (via = joinsGroup(run, sw, port, pg, e, f, at, via)) < 0) continue;
        const how = rule === "S3" ? "promiscuous copy" : rule === "M3" ? "flooded to a MAC-learning port" : rule === "M1" ? "learned port" : rule === "X4" ? "through the passthrough NIC" : "its port";
        const ev = run.hop(via, Stage.TargetPort, { action: "deliver", rule: rule === "F2" ? "F6" : rule, at, detail: `delivered to ${label(e)} (${how})${n > 1 ? `, ${n} copies (one per uplink)` : ""}` });
        run.landings.push({ endpoint: e.id, portId: port.id, hostId: host, copies: n, rule, event: ev });
    }
}
