/**
 * Forwarding of one frame: from an endpoint, through its port, switch, uplinks and the physical
 * network, to every place it lands. Each step records a hop with the rule that decided it. State
 * (MAC learning tables, the physical switch's table) lives in `Fabric` and carries across the frames
 * of one conversation.
 *
 * This file is the orchestrator: the frame's first steps at its source (F0, F1, K1, K2, N1 sends;
 * then the rooms in order: nested.ts N1/PV3, port-state.ts P1, vlan.ts V1/V2, pvlan.ts PV1, mtu.ts
 * X2 at the NIC, security.ts S1 (passthrough.ts X4 for a passthrough NIC), mtu.ts X2 at the switch,
 * learning.ts M1/M2, switching.ts F2–F5) and the reading of a run's events (`pathTo`, `furthestDrop`).
 */
import type { Endpoint, Port, PortGroup } from "../model/model";
import { macOf, type Scenario } from "../model/network";
import type { Hop } from "../model/results";
import type { Assumptions } from "./decide";
import type { Fabric } from "./fabric";
import { hostSwitch } from "./host-switch";
import { learnSource } from "./learning";
import { fitsPort, fitsSwitch } from "./mtu";
import { innerDelivery } from "./nested";
import { isPassthrough, passthroughSend } from "./passthrough";
import { physical } from "./physical";
import { sendsFromPort } from "./port-state";
import { enterPvlan } from "./pvlan";
import { atSwitch, label, portLabel, Run, Stage, type Event, type FrameInfo, type Landing, type SendOptions, type Stages, type Target } from "./run";
import { checkForgedTransmit, tableMac } from "./security";
import { switchFrame } from "./switching";
import { enterPortGroup, passGuestTag, vlanName } from "./vlan";

export { Fabric } from "./fabric";
export type { Landing, SendOptions } from "./run";

export const BROADCAST = "ff:ff:ff:ff:ff:ff";
/** The group a multicast conversation's legs are sent to (X3). */
export const MULTICAST_GROUP = "01:00:5e:7f:00:01";

export interface FrameRun {
    events: Event[];
    landings: Landing[];
}

/** The one step a room reaches without importing it (see run.ts). */
const STAGES: Stages = { physical };

/** Sends one frame and returns every hop and landing. Throws NeedDecision on an open unknown. */
export function sendFrame(sc: Scenario, fabric: Fabric, assume: Assumptions, from: Endpoint, dst: string, opts: SendOptions = {}): FrameRun {
    const run = new Run(sc, fabric, assume, opts, opts.target && targetOf(sc, opts.target), STAGES);
    start(run, from, dst);
    return { events: run.events, landings: run.landings };
}

/** The path from the origin to an event, as hops. */
export function pathTo(events: Event[], index: number): Hop[] {
    const hops: Hop[] = [];
    for (let i = index; i >= 0; i = events[i].parent) hops.push(events[i].hop);
    return hops.reverse();
}

/** The furthest drop (the one that explains a failed delivery best), or -1. */
export function furthestDrop(events: Event[]): number {
    let best = -1;
    for (let i = 0; i < events.length; i++) {
        if (events[i].hop.action !== "drop") continue;
        if (best < 0 || events[i].stage > events[best].stage) best = i;
    }
    return best;
}

function targetOf(sc: Scenario, t: Endpoint): Target {
    const port = t.kind === "external" ? undefined : sc.net.ports.get(t.portId);
    const host = port && sc.hostOf(port);
    const pg = port && sc.net.portGroups.get(port.portGroupId);
    return {
        endpoint: t,
        mac: macOf(sc.net, t),
        port,
        attachment: t.kind === "external" ? `ext:${t.id}` : host && pg ? hostSwitch(sc.net, host, pg.switchId).hk : undefined,
    };
}

function start(run: Run, from: Endpoint, dst: string): void {
    const sc = run.sc;
    // A group address (X3: IPv4 01:00:5e:…, IPv6 33:33:…), flooded like a broadcast (F5). By prefix,
    // not by the I/G bit: the class analysis renames MACs to sentinels that are no hex.
    const multicast = dst.startsWith("01:") || dst.startsWith("33:33:");
    const broadcast = dst === BROADCAST || multicast;
    const f: FrameInfo = { src: macOf(sc.net, from), dst, broadcast, multicast, size: broadcast ? undefined : run.opts.size };
    const what = multicast ? `multicast to group ${dst}` : f.broadcast ? "broadcast" : `unicast to ${dst}`;
    if (from.kind === "external") {
        const key = from.vlan ?? 0;
        const e = run.hop(-1, Stage.Physical, { action: "send", rule: "PN1", at: "physical network", detail: `${label(from)} sends ${what} from ${f.src} in ${vlanName(key)}` });
        physical(run, `ext:${from.id}`, key, f, e);
        return;
    }
    const port = sc.net.ports.get(from.portId);
    if (!port) {
        run.hop(-1, Stage.Source, { action: "drop", rule: "F0", at: `endpoint ${label(from)}`, detail: `port ${from.portId} does not exist` });
        return;
    }
    const pg = sc.pg(port);
    const host = sc.hostOf(port);
    const at = where(run, host, pg, port);
    const tag = from.kind === "guest" ? from.vlan : undefined;
    const e0 = run.hop(-1, Stage.Source, {
        action: "send",
        rule: from.kind === "guest" ? (from.vmk ? "K2" : "N1") : port.kind === "vmk" ? "K1" : "F1",
        at,
        detail: `${label(from)}${from.kind === "guest" && from.vmk ? " (a nested VMkernel NIC with a MAC of its own)" : port.kind === "vmk" ? " (a VMkernel NIC of the host)" : ""} sends ${what} from ${f.src}${tag ? ` tagged VLAN ${tag}` : ""}`,
    });
    // A nested hypervisor's own switch joins the endpoints behind one vNIC (N1).
    if (innerDelivery(run, port, from, f, tag, e0)) return;
    if (host === undefined) {
        run.hop(e0, Stage.Source, { action: "drop", rule: "F0", at, detail: `the VM has no host in this scenario` });
        return;
    }
    if (!sendsFromPort(run, pg, at, e0)) return;
    const key = enterPortGroup(run, pg, tag, at, e0);
    if (key === undefined) return;
    const sw = sc.sw(pg);
    let e = passGuestTag(run, pg, tag, at, e0);
    if (pg.vlan.kind === "pvlan" && (e = enterPvlan(run, sw, pg, at, e)) < 0) return;
    if ((e = fitsPort(run, port, f, at, e, Stage.Source)) < 0) return;
    const portMac = tableMac(run, port, pg);
    // X4: a passthrough NIC bypasses the switch's forged-transmit check (and its MAC learning).
    const passthrough = f.src !== portMac && isPassthrough(run, port);
    e = passthrough ? passthroughSend(run, port, f.src, at, e) : checkForgedTransmit(run, pg, f.src, portMac, at, e);
    if (e < 0) return;
    if ((e = fitsSwitch(run, sw, f, atSwitch(host, sw), e, Stage.SourceSwitch)) < 0) return;
    const learnedOk = passthrough ? e : learnSource(run, host, sw, pg, port, key, f.src, portMac, at, e);
    if (learnedOk < 0) return;
    switchFrame(run, host, sw, key, f, port, false, learnedOk);
}

function where(run: Run, host: string | undefined, pg: PortGroup, port: Port): string {
    const sw = run.sc.net.switches.get(pg.switchId);
    return `host ${host ?? "?"} / switch ${sw?.name ?? pg.switchId} / port group ${pg.name ?? pg.id} / ${portLabel(port)}`;
}
