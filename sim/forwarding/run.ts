/**
 * One frame's run: what it carries, where it is heading, the hops it made (each naming the
 * SEMANTICS.md rule that decided it) and where it landed. Every forwarding room takes the run as
 * its first argument; this file implements no rule itself.
 *
 * The rooms import one another one way only, along the frame's path: frame.ts → physical.ts →
 * switching.ts → learning.ts, uplinks.ts → security.ts, host-switch.ts → vlan.ts, nested.ts → run.ts.
 * The one step that would close a circle — an uplink (uplinks.ts) handing the frame to the physical
 * network, which needs uplinks.ts to enter other hosts — goes through `Stages`, one object that
 * frame.ts builds once and passes to every run (no per-frame closure).
 */
import type { Endpoint, Port, Switch } from "../model/model";
import type { Scenario } from "../model/network";
import type { Hop } from "../model/results";
import { isAssumed } from "../model/rules";
import type { Assumptions } from "./decide";
import type { Fabric } from "./fabric";

/** How far a hop got towards the destination; the reported drop is the furthest one. */
export const enum Stage {
    Source = 0,
    SourceSwitch = 1,
    Physical = 2,
    TargetSwitch = 3,
    TargetPort = 4,
}

export interface Event {
    parent: number;
    hop: Hop;
    stage: Stage;
}

export interface Landing {
    endpoint: string;
    portId?: string;
    hostId?: string;
    copies: number;
    rule: string;
    event: number;
}

export interface FrameInfo {
    src: string;
    dst: string;
    /** Flooded to every port in the VLAN (F5): a broadcast, or a multicast (then `multicast` too). */
    broadcast: boolean;
    /** X3: a frame to a group address; ports and guests take it only if they joined (multicast.ts). */
    multicast: boolean;
    /** X2: the frame's size in bytes when its sender declared an MTU (unicast legs only); undefined: not checked. */
    size: number | undefined;
}

/** Where the frame is heading, for focus and for explaining drops. */
export interface Target {
    endpoint: Endpoint;
    mac: string;
    port?: Port;
    /** "host|switch" of the target's port, or "ext:<id>". */
    attachment?: string;
}

export interface SendOptions {
    /** When set, only the target's side of the network is followed past the physical network. */
    target?: Endpoint;
    focus?: boolean;
    /** X2: the size of a unicast frame (the sender's declared MTU); broadcasts are small and ignore it. */
    size?: number;
}

/** The steps a room reaches without importing them (see the header). */
export interface Stages {
    /** The physical network takes a frame from `ingress` ("host|switch" or "ext:<id>") in VLAN `key`. */
    physical(run: Run, ingress: string, key: number, f: FrameInfo, parent: number): void;
}

export class Run {
    readonly events: Event[] = [];
    readonly landings: Landing[] = [];

    constructor(
        readonly sc: Scenario,
        readonly fabric: Fabric,
        readonly assume: Assumptions,
        readonly opts: SendOptions,
        readonly target: Target | undefined,
        readonly stages: Stages,
    ) {}

    /** Records a hop under `parent` (-1: the first) and returns its event index. */
    hop(parent: number, stage: Stage, hop: Hop): number {
        if (hop.assumed === undefined && isAssumed(hop.rule)) hop.assumed = true;
        // An unknown setting read as accept or reject: say this branch assumed it.
        if (hop.setting?.value === "unknown") hop.detail += " (unknown during preview: this case assumes so)";
        this.events.push({ parent, hop, stage });
        return this.events.length - 1;
    }
}

export function atSwitch(host: string, sw: Switch): string {
    return `host ${host} / switch ${sw.name ?? sw.id}`;
}

export function label(e: Endpoint): string {
    return e.label ?? e.id;
}

export function portLabel(p: Port): string {
    return `port ${p.label ?? p.id}`;
}
