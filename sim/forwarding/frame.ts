/**
 * Forwarding of one frame: from an endpoint, through its port, switch, uplinks and the physical
 * network, to every place it lands. Each step records a hop with the rule that decided it.
 * State (MAC learning tables, the physical switch's table) lives in `Fabric` and carries across
 * the frames of one conversation.
 */
import type { Endpoint, MacLearningPolicy, Port, PortGroup, SecuritySetting, Switch } from "../model/model";
import type { Hop, SettingRef } from "../model/results";
import { decide, peek, type Assumptions } from "./decide";
import { hs, macOf, type Scenario } from "../model/network";
import { derivationOf } from "../model/overlay";
import { isAssumed } from "../model/rules";
import { carries, egressTag, formatVlan, ingressKey } from "./vlan";

export const BROADCAST = "ff:ff:ff:ff:ff:ff";

/** Learned state carried from frame to frame. */
export class Fabric {
    /** Physical network: "vlan|mac" → attachment ("host|switch" or "ext:<endpoint>"). */
    readonly phys = new Map<string, string>();
    /** MAC learning: "host|switch|vlan|mac" → port id. */
    readonly learned = new Map<string, string>();
    readonly learnedCount = new Map<string, number>();
    /** host|switch pairs whose steady-state learning was loaded. */
    readonly warmed = new Set<string>();
    /**
     * Steady-state learning of host switches whose steady state depends on no unknown value,
     * shared between conversations instead of copied into `learned` (entries there take precedence).
     */
    readonly steady = new Map<string, SteadyState>();
}

/** What MAC-learning ports of one host switch learned before the conversation (see `warm`). */
interface SteadyState {
    learned: ReadonlyMap<string, string>;
    counts: ReadonlyMap<string, number>;
}

/** How far a hop got towards the destination; the reported drop is the furthest one. */
const enum Stage {
    Source = 0,
    SourceSwitch = 1,
    Physical = 2,
    TargetSwitch = 3,
    TargetPort = 4,
}

interface Event {
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

interface FrameInfo {
    src: string;
    dst: string;
    broadcast: boolean;
}

/** Where the frame is heading, for focus and for explaining drops. */
interface Target {
    endpoint: Endpoint;
    mac: string;
    port?: Port;
    /** "host|switch" of the target's port, or "ext:<id>". */
    attachment?: string;
}

export interface FrameRun {
    events: Event[];
    landings: Landing[];
}

export interface SendOptions {
    /** When set, only the target's side of the network is followed past the physical network. */
    target?: Endpoint;
    focus?: boolean;
}

/** Sends one frame and returns every hop and landing. Throws NeedDecision on an open unknown. */
export function sendFrame(sc: Scenario, fabric: Fabric, assume: Assumptions, from: Endpoint, dst: string, opts: SendOptions = {}): FrameRun {
    const run = new Runner(sc, fabric, assume, opts);
    run.start(from, dst);
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

class Runner {
    readonly events: Event[] = [];
    readonly landings: Landing[] = [];
    private readonly target?: Target;

    constructor(
        private readonly sc: Scenario,
        private readonly fabric: Fabric,
        private readonly assume: Assumptions,
        private readonly opts: SendOptions,
    ) {
        const t = opts.target;
        if (t) {
            const port = t.kind === "external" ? undefined : sc.net.ports.get(t.portId);
            const host = port && sc.hostOf(port);
            const pg = port && sc.net.portGroups.get(port.portGroupId);
            this.target = {
                endpoint: t,
                mac: macOf(sc.net, t),
                port,
                attachment: t.kind === "external" ? `ext:${t.id}` : host && pg ? hostSwitch(sc.net, host, pg.switchId).hk : undefined,
            };
        }
    }

    start(from: Endpoint, dst: string): void {
        const f: FrameInfo = { src: macOf(this.sc.net, from), dst, broadcast: dst === BROADCAST };
        const what = f.broadcast ? "broadcast" : `unicast to ${dst}`;
        if (from.kind === "external") {
            const key = from.vlan ?? 0;
            const e = this.hop(-1, Stage.Physical, { action: "send", rule: "PN1", at: "physical network", detail: `${label(from)} sends ${what} from ${f.src} in ${vlanName(key)}` });
            this.physical(`ext:${from.id}`, key, f, e);
            return;
        }
        const port = this.sc.net.ports.get(from.portId);
        if (!port) {
            this.hop(-1, Stage.Source, { action: "drop", rule: "F0", at: `endpoint ${label(from)}`, detail: `port ${from.portId} does not exist` });
            return;
        }
        const pg = this.sc.pg(port);
        const host = this.sc.hostOf(port);
        const at = this.where(host, pg, port);
        const tag = from.kind === "guest" ? from.vlan : undefined;
        const e0 = this.hop(-1, Stage.Source, {
            action: "send",
            rule: from.kind === "guest" ? "N1" : "F1",
            at,
            detail: `${label(from)} sends ${what} from ${f.src}${tag ? ` tagged VLAN ${tag}` : ""}`,
        });
        // A nested hypervisor's own switch joins the endpoints behind one vNIC (N1).
        if (this.innerDelivery(port, from, f, tag, e0)) return;
        if (host === undefined) {
            this.hop(e0, Stage.Source, { action: "drop", rule: "F0", at, detail: `the VM has no host in this scenario` });
            return;
        }
        const vlan = ingressKey(pg.vlan, tag);
        if (!vlan.ok) {
            this.hop(e0, Stage.Source, { action: "drop", rule: vlan.rule, at, detail: `${vlan.why}: the switch drops it`, setting: { objectId: pg.id, setting: "vlan", value: formatVlan(pg.vlan) } });
            return;
        }
        const key = vlan.key;
        let e = e0;
        if (tag && pg.vlan.kind === "trunk") {
            e = this.hop(e, Stage.Source, { action: "forward", rule: "V2", at, detail: `guest tag VLAN ${tag} passes: the port group trunks ${formatVlan(pg.vlan)}` });
        }
        // S1: the source MAC must be the port's MAC unless forged transmits is Accept.
        const portMac = this.tableMac(port, pg);
        if (f.src !== portMac) {
            const forged = this.setting(pg, "forgedTransmits");
            if (!forged.on) {
                this.hop(e, Stage.Source, { action: "drop", rule: "S1", at, detail: `source ${f.src} is not the port's MAC ${portMac} and forged transmits is Reject`, setting: forged.ref });
                return;
            }
            e = this.hop(e, Stage.Source, { action: "forward", rule: "S1", at, detail: `source ${f.src} is not the port's MAC ${portMac}; forged transmits is Accept`, setting: forged.ref });
        }
        const sw = this.sc.sw(pg);
        const learnedOk = this.learnSource(host, sw, pg, port, key, f.src, portMac, at, e);
        if (learnedOk < 0) return;
        this.switchFrame(host, sw, key, f, port, 1, false, learnedOk);
    }

    /** Delivers to the other endpoints behind the same vNIC; true when the frame stays inside. */
    private innerDelivery(port: Port, from: Endpoint, f: FrameInfo, tag: number | undefined, parent: number): boolean {
        let stays = false;
        for (const other of this.sc.net.behind.get(port.id) ?? []) {
            if (other.id === from.id) continue;
            const otherTag = other.kind === "guest" ? other.vlan : undefined;
            if ((otherTag ?? 0) !== (tag ?? 0)) {
                if (other === this.target?.endpoint) this.hop(parent, Stage.TargetPort, { action: "drop", rule: "N1", at: `inside ${portLabel(port)}`, detail: `${label(other)} is on ${otherTag ? `VLAN ${otherTag}` : "untagged"} inside the nested hypervisor, the sender on ${tag ? `VLAN ${tag}` : "untagged"}` });
                continue;
            }
            const mac = macOf(this.sc.net, other);
            if (!f.broadcast && f.dst !== mac) continue;
            if (!f.broadcast) stays = true;
            // Focus: deliveries to others than the target are not followed (nobody reports them).
            if (this.opts.focus && other !== this.target?.endpoint) continue;
            const ev = this.hop(parent, Stage.TargetPort, { action: "deliver", rule: "N1", at: `inside ${portLabel(port)}`, detail: `delivered to ${label(other)} by the nested hypervisor's own switch` });
            this.landings.push({ endpoint: other.id, portId: port.id, hostId: this.sc.hostOf(port), copies: 1, rule: "N1", event: ev });
        }
        return stays;
    }

    /** M1/M2 at ingress. Returns the event to continue from, or -1 when dropped. */
    private learnSource(host: string, sw: Switch, pg: PortGroup, port: Port, key: number, src: string, portMac: string, at: string, parent: number): number {
        const ml = pg.macLearning;
        if (!ml?.enabled || !sw.macLearningSupported || src === portMac) return parent;
        this.warm(host, sw);
        const hk = hostSwitch(this.sc.net, host, sw.id).hk;
        const k = `${hk}|${key}|${src}`;
        if (this.learnedAt(hk, k) === port.id) return parent;
        const count = this.fabric.learnedCount.get(port.id) ?? this.fabric.steady.get(hk)?.counts.get(port.id) ?? 0;
        const ref: SettingRef = { objectId: pg.id, setting: "macLearning", value: `limit ${ml.limit}, ${ml.limitPolicy}`, origin: ml.origin };
        if (count >= ml.limit) {
            if (ml.limitPolicy === "drop") {
                this.hop(parent, Stage.Source, { action: "drop", rule: "M2", at, detail: `port already learned ${count} MACs (limit ${ml.limit}, policy drop): frames from new source ${src} are dropped`, setting: ref });
                return -1;
            }
            return this.hop(parent, Stage.Source, { action: "forward", rule: "M2", at, detail: `MAC limit ${ml.limit} reached (policy allow): ${src} is forwarded but not learned`, setting: ref });
        }
        this.fabric.learned.set(k, port.id);
        this.fabric.learnedCount.set(port.id, count + 1);
        return this.hop(parent, Stage.Source, { action: "learn", rule: "M1", at, detail: `MAC learning learns ${src} on this port`, setting: ref });
    }

    /**
     * Steady state before the conversation: each MAC-learning port has already learned the guests
     * behind it, in declaration order, up to its limit (they have all talked before).
     */
    private warm(host: string, sw: Switch): void {
        if (!sw.macLearningSupported) return;
        const hk = hostSwitch(this.sc.net, host, sw.id).hk;
        if (this.fabric.warmed.has(hk)) return;
        this.fabric.warmed.add(hk);
        const entries = warmEntries(this.sc, host, sw.id);
        const steady = steadyState(this.sc, host, sw.id, entries);
        if (steady) {
            this.fabric.steady.set(hk, steady);
            return;
        }
        for (const { port, pg, ml, guests } of entries) {
            let count = this.fabric.learnedCount.get(port.id) ?? 0;
            for (const g of guests) {
                if (count >= ml.limit) continue;
                // M1 learns after the forged-transmit check: a guest whose frames S1 drops was never learned.
                if (g.mac !== this.tableMac(port, pg) && !this.setting(pg, "forgedTransmits").on) continue;
                if (this.fabric.learned.has(g.key)) continue;
                this.fabric.learned.set(g.key, port.id);
                count++;
            }
            this.fabric.learnedCount.set(port.id, count);
        }
    }

    /** The port a MAC was learned on at a host switch: in this conversation, else in the steady state. */
    private learnedAt(hk: string, k: string): string | undefined {
        const own = this.fabric.learned.get(k);
        return own !== undefined ? own : this.fabric.steady.get(hk)?.learned.get(k);
    }

    /**
     * One switch on one host handles the frame (F2–F5, M1, M3, S3). `ingressPort` is undefined for
     * frames from an uplink; `copies` is how many uplinks it arrived on (flooded by the physical network).
     */
    private switchFrame(host: string, sw: Switch, key: number, f: FrameInfo, ingressPort: Port | undefined, copies: number, flooded: boolean, parent: number): void {
        const fromUplink = ingressPort === undefined;
        const stage = fromUplink ? Stage.TargetSwitch : Stage.SourceSwitch;
        const at = `host ${host} / switch ${sw.name ?? sw.id}`;
        const hk = hostSwitch(this.sc.net, host, sw.id).hk;
        const targetHere = this.target?.port && this.target.attachment === hk ? this.target.port : undefined;
        if (targetHere && targetHere !== ingressPort && !carries(this.sc.pg(targetHere).vlan, key)) {
            this.hop(parent, Stage.TargetPort, { action: "drop", rule: f.broadcast ? "F5" : "F2", at, detail: `${portLabel(targetHere)} is on ${formatVlan(this.sc.pg(targetHere).vlan)}, the frame is in ${vlanName(key)}: different VLANs need a router`, setting: { objectId: targetHere.portGroupId, setting: "vlan", value: formatVlan(this.sc.pg(targetHere).vlan) } });
        }
        // S2 explains first: a port whose guest changed its MAC under Reject receives nothing at all.
        if (targetHere && targetHere !== ingressPort && this.behindAccepts(targetHere, f)) {
            const eff = targetHere.effectiveMac ?? targetHere.initialMac;
            if (eff !== targetHere.initialMac) {
                const mc = this.setting(this.sc.pg(targetHere), "macChanges");
                if (!mc.on) this.hop(parent, Stage.TargetPort, { action: "drop", rule: "S2", at: `${at} / ${portLabel(targetHere)}`, detail: `the guest changed the MAC to ${eff} (initial ${targetHere.initialMac}) and MAC address changes is Reject: the port receives nothing`, setting: mc.ref });
            }
        }
        const inVlanAll = portsInVlan(this.sc, host, sw.id, key);
        const inVlan = ingressPort && inVlanAll.includes(ingressPort) ? inVlanAll.filter((p) => p !== ingressPort) : inVlanAll;
        if (f.broadcast) {
            const e = this.hop(parent, stage, { action: "forward", rule: "F5", at, detail: `broadcast to every port in ${vlanName(key)} on this switch${fromUplink ? "" : " and one uplink"}` });
            for (const p of inVlan) this.receive(host, p, key, f, "F5", fromUplink ? copies : 1, flooded, e);
            if (!fromUplink) this.uplink(host, sw, key, f, "F5", e);
            return;
        }
        const known = this.staticPort(inVlan, f.dst);
        if (known) {
            const e = this.hop(parent, stage, { action: "forward", rule: "F2", at, detail: `${f.dst} is ${portLabel(known)} in the switch's table: delivered to that port only` });
            this.receive(host, known, key, f, "F2", 1, false, e);
            if (targetHere && known !== targetHere) this.hop(e, Stage.TargetPort, { action: "drop", rule: "F6", at, detail: `${f.dst} belongs to ${portLabel(known)} in the switch's table: ${portLabel(targetHere)} only receives frames for its own MAC` });
            return;
        }
        this.warm(host, sw);
        const learnedId = this.learnedAt(hk, `${hk}|${key}|${f.dst}`);
        const learned = learnedId === undefined ? undefined : inVlan.find((p) => p.id === learnedId);
        if (learned) {
            const pg = this.sc.pg(learned);
            const e = this.hop(parent, stage, { action: "forward", rule: "M1", at, detail: `${f.dst} was learned on ${portLabel(learned)}: delivered there`, setting: mlRef(pg) });
            this.receive(host, learned, key, f, "M1", 1, false, e);
            if (targetHere && learned !== targetHere) this.hop(e, Stage.TargetPort, { action: "drop", rule: "M1", at, detail: `${f.dst} was learned on ${portLabel(learned)}, so ${portLabel(targetHere)} does not get it` });
            return;
        }
        // Unknown unicast: F3 from a VM port, F4 from an uplink.
        const rule = fromUplink ? "F4" : "F3";
        const e = this.hop(parent, stage, {
            action: "forward",
            rule,
            at,
            detail: fromUplink
                ? `${f.dst} is not in the switch's table: only promiscuous and MAC-learning-flooding ports get it`
                : `${f.dst} is not in the switch's table: out one uplink, copies to promiscuous and MAC-learning-flooding ports`,
            assumed: isAssumed(rule),
        });
        for (const p of inVlan) {
            const pg = this.sc.pg(p);
            const ml = pg.macLearning;
            const floods = ml?.enabled === true && ml.allowUnicastFlooding && sw.macLearningSupported;
            if (this.opts.focus && p !== targetHere && (p.effectiveMac ?? p.initialMac) === p.initialMac) {
                // Focus: an ordinary port other than the target's gets nothing anyone reports (see
                // receive); all that can show is an unknown promiscuous setting being decided for a
                // port that holds the destination MAC. Skips scanning every port's guests.
                if (!floods && pg.security.promiscuous.value === "unknown" && this.behindAccepts(p, f)) this.setting(pg, "promiscuous");
                continue;
            }
            const relevant = this.behindAccepts(p, f);
            if (floods) {
                this.receive(host, p, key, f, "M3", copies, flooded, e);
                continue;
            }
            // Narrow scope (S3): from a VM port, only promiscuous ports of the sender's own port group.
            const inScope = fromUplink || pg.id === ingressPort?.portGroupId;
            const promisc = relevant ? this.setting(pg, "promiscuous") : { on: peek(pg.security.promiscuous, this.assume) === true, ref: settingRef(pg, "promiscuous") };
            if (inScope && promisc.on) {
                this.receive(host, p, key, f, "S3", copies, flooded, e);
            } else if (p === targetHere && f.dst === p.initialMac && (p.effectiveMac ?? p.initialMac) !== p.initialMac) {
                this.hop(e, Stage.TargetPort, { action: "drop", rule: "F1", at: `${at} / ${portLabel(p)}`, detail: `MAC address changes is Accept, so the table holds the effective MAC ${p.effectiveMac} instead of ${p.initialMac} (it replaces, it does not add)`, setting: settingRef(pg, "macChanges") });
            } else if (p === targetHere && ml?.enabled && !sw.macLearningSupported) {
                this.hop(e, Stage.TargetPort, { action: "drop", rule: "M4", at: `${at} / ${portLabel(p)}`, detail: `MAC learning is declared for ${pg.name ?? pg.id} but switch ${sw.name ?? sw.id} cannot learn (standard switch or vDS older than 6.6.0); the port is not promiscuous`, setting: mlRef(pg) });
            } else if (p === targetHere && ml?.enabled && !ml.allowUnicastFlooding) {
                this.hop(e, Stage.TargetPort, { action: "drop", rule: "M3", at: `${at} / ${portLabel(p)}`, detail: `${f.dst} is not learned on this port and unknown-unicast flooding is off`, setting: mlRef(pg) });
            } else if (p === targetHere) {
                const why = !inScope
                    ? `${portLabel(p)} is in another port group than the sender: promiscuous copies stay in the sender's port group (S3 narrow scope, assumed)`
                    : `${portLabel(p)} is not promiscuous${sw.kind === "distributed" ? " and has no MAC learning" : " (standard switches have no MAC learning, M4)"}: the frame for ${f.dst} never reaches it`;
                this.hop(e, Stage.TargetPort, { action: "drop", rule: inScope ? rule : "S3", at: `${at} / ${portLabel(p)}`, detail: why, setting: promisc.ref, assumed: !inScope || isAssumed(rule) });
            }
        }
        if (!fromUplink) this.uplink(host, sw, key, f, rule, e);
    }

    /** The port whose table MAC is `mac` (F1), if any. */
    private staticPort(ports: Port[], mac: string): Port | undefined {
        for (const p of ports) {
            const eff = p.effectiveMac ?? p.initialMac;
            if (mac !== eff && mac !== p.initialMac) continue;
            if (this.tableMac(p, this.sc.pg(p)) === mac) return p;
        }
        return undefined;
    }

    /** F1: the MAC the switch has for a port (the effective MAC only with MAC changes Accept). */
    private tableMac(port: Port, pg: PortGroup): string {
        const eff = port.effectiveMac ?? port.initialMac;
        if (eff === port.initialMac) return eff;
        return this.setting(pg, "macChanges").on ? eff : port.initialMac;
    }

    /** Whether some endpoint behind the port would take this frame (ignoring VLAN). */
    private behindAccepts(port: Port, f: FrameInfo): boolean {
        return (this.sc.net.behind.get(port.id) ?? []).some((e) => f.broadcast || macOf(this.sc.net, e) === f.dst);
    }

    /** A port receives a frame the switch gives it: S2, then the endpoints behind it filter (F6). */
    private receive(host: string, port: Port, key: number, f: FrameInfo, rule: string, copies: number, flooded: boolean, parent: number): void {
        const isTarget = this.target?.port === port;
        // Focus: an ordinary port (MAC unchanged) other than the target's only gets copies nobody
        // reports — no drop, no unknown to decide — so it is not followed.
        if (this.opts.focus && !isTarget && (port.effectiveMac ?? port.initialMac) === port.initialMac) return;
        const pg = this.sc.pg(port);
        const at = `host ${host} / ${portLabel(port)}`;
        if (!this.behindAccepts(port, f)) return;
        const eff = port.effectiveMac ?? port.initialMac;
        if (eff !== port.initialMac) {
            const mc = this.setting(pg, "macChanges");
            if (!mc.on) {
                this.hop(parent, Stage.TargetPort, { action: "drop", rule: "S2", at, detail: `the guest changed the MAC to ${eff} (initial ${port.initialMac}) and MAC address changes is Reject: the port receives nothing`, setting: mc.ref });
                return;
            }
            parent = this.hop(parent, Stage.TargetPort, { action: "forward", rule: "S2", at, detail: `the guest changed the MAC to ${eff}; MAC address changes is Accept, so the port still receives`, setting: mc.ref });
        }
        // A promiscuous port on a host with several active uplinks gets one copy per uplink (unless RPF check).
        const rpf = this.sc.net.hosts.get(host)?.rpfCheckPromisc === true;
        const n = flooded && !rpf && peek(pg.security.promiscuous, this.assume) === true ? copies : 1;
        const tag = egressTag(pg.vlan, key);
        for (const e of this.sc.net.behind.get(port.id) ?? []) {
            const mac = macOf(this.sc.net, e);
            if (!f.broadcast && mac !== f.dst) continue;
            const want = e.kind === "guest" && e.vlan ? e.vlan : undefined;
            if (want !== tag) {
                if (isTarget && e.id === this.target?.endpoint.id) {
                    this.hop(parent, Stage.TargetPort, { action: "drop", rule: "V3", at, detail: `${label(e)} is on ${want ? `VLAN ${want}` : "untagged"} but the frame arrives ${tag ? `tagged ${tag}` : "untagged"}`, setting: { objectId: pg.id, setting: "vlan", value: formatVlan(pg.vlan) } });
                }
                continue;
            }
            // Each endpoint's own V3 hop (not chained under the previous endpoint's: its trace is its own).
            const via = want !== undefined ? this.hop(parent, Stage.TargetPort, { action: "forward", rule: "V3", at, detail: `the outer port group trunks VLAN ${want}, so the tag reaches ${label(e)}` }) : parent;
            const how = rule === "S3" ? "promiscuous copy" : rule === "M3" ? "flooded to a MAC-learning port" : rule === "M1" ? "learned port" : "its port";
            const ev = this.hop(via, Stage.TargetPort, { action: "deliver", rule: rule === "F2" ? "F6" : rule, at, detail: `delivered to ${label(e)} (${how})${n > 1 ? `, ${n} copies (one per uplink)` : ""}` });
            this.landings.push({ endpoint: e.id, portId: port.id, hostId: host, copies: n, rule, event: ev });
        }
    }

    /** Out one uplink of this switch on this host (F0 when it has none), onto the physical network. */
    private uplink(host: string, sw: Switch, key: number, f: FrameInfo, rule: string, parent: number): void {
        const at = `host ${host} / switch ${sw.name ?? sw.id}`;
        if (!this.hasUplinks(host, sw, at, parent, Stage.SourceSwitch)) return;
        const e = this.hop(parent, Stage.SourceSwitch, { action: "forward", rule, at, detail: `out an uplink${key ? ` tagged VLAN ${key}` : " untagged"}` });
        this.physical(hostSwitch(this.sc.net, host, sw.id).hk, key, f, e);
    }

    private hasUplinks(host: string, sw: Switch, at: string, parent: number, stage: Stage): boolean {
        const m = this.sc.member(sw.id, host);
        if (!m) {
            this.hop(parent, stage, { action: "drop", rule: "F0", at, detail: `switch ${sw.name ?? sw.id} does not reach host ${host}` });
            return false;
        }
        if (m.uplinks.known) {
            if (m.uplinks.active.length + m.uplinks.standby.length > 0) return true;
            this.hop(parent, stage, { action: "drop", rule: "F0", at, detail: `switch ${sw.name ?? sw.id} has no uplink on host ${host} (internal switch): nothing leaves or enters the host through it`, setting: { objectId: sw.id, setting: "uplinks", value: "none" } });
            return false;
        }
        const ref: SettingRef = { objectId: sw.id, setting: "uplinks", value: "unknown", origin: m.uplinks.origin };
        const has = decide({ value: "unknown", origin: m.uplinks.origin, unknownKey: m.uplinks.unknownKey }, ref, this.assume);
        if (!has) this.hop(parent, stage, { action: "drop", rule: "F0", at, detail: `assuming switch ${sw.name ?? sw.id} has no uplink on host ${host}`, setting: ref });
        return has;
    }

    /** The physical network: a learning switch joining every uplink and external device (PN1, PN2). */
    private physical(ingress: string, key: number, f: FrameInfo, parent: number): void {
        this.fabric.phys.set(`${key}|${f.src}`, ingress);
        const at = "physical network";
        const known = f.broadcast ? undefined : this.fabric.phys.get(`${key}|${f.dst}`);
        if (known === ingress) {
            this.hop(parent, Stage.Physical, { action: "drop", rule: "PN1", at, detail: `${f.dst} was learned on the port the frame came from: never sent back out` });
            return;
        }
        let e: number;
        let targets: string[];
        if (known !== undefined) {
            e = this.hop(parent, Stage.Physical, { action: "forward", rule: "PN1", at, detail: `${f.dst} is known behind ${this.attachmentName(known)}` });
            targets = [known];
            if (this.target?.attachment && known !== this.target.attachment) {
                this.hop(e, Stage.Physical, { action: "drop", rule: "PN1", at, detail: `the physical switch sends ${f.dst} to ${this.attachmentName(known)}, not to the destination's host` });
            }
        } else {
            e = this.hop(parent, Stage.Physical, { action: "forward", rule: "PN2", at, detail: `${f.broadcast ? "broadcast" : `unknown ${f.dst}`}: flooded in ${vlanName(key)}` });
            targets = this.opts.focus ? this.focusTargets(ingress) : this.attachments().filter((a) => a !== ingress);
        }
        const flooded = known === undefined;
        for (const a of targets) {
            if (this.opts.focus && this.target?.attachment !== a) continue;
            if (a.startsWith("ext:")) {
                const ext = this.sc.net.endpoints.get(a.slice(4));
                if (!ext || ext.kind !== "external") continue;
                if ((ext.vlan ?? 0) !== key) {
                    if (ext === this.target?.endpoint) this.hop(e, Stage.TargetPort, { action: "drop", rule: "PN2", at, detail: `${label(ext)} is in ${vlanName(ext.vlan ?? 0)}, the frame in ${vlanName(key)}: different VLANs need a router` });
                    continue;
                }
                if (!f.broadcast && ext.mac !== f.dst) continue;
                const ev = this.hop(e, Stage.TargetPort, { action: "deliver", rule: flooded ? "PN2" : "PN1", at, detail: `delivered to ${label(ext)}` });
                this.landings.push({ endpoint: ext.id, copies: 1, rule: "PN1", event: ev });
                continue;
            }
            const [host, swId] = a.split("|");
            const sw = this.sc.net.switches.get(swId);
            if (!sw) continue;
            const m = this.sc.member(sw.id, host);
            if (!m) continue;
            const atSw = `host ${host} / switch ${sw.name ?? sw.id}`;
            if (!this.hasUplinks(host, sw, atSw, e, Stage.TargetSwitch)) continue;
            const copies = m.uplinks.known ? Math.max(1, m.uplinks.active.length) : 1;
            const ev = this.hop(e, Stage.TargetSwitch, { action: "forward", rule: "F0", at: atSw, detail: `enters host ${host}'s switch through an uplink${key ? ` tagged VLAN ${key}` : ""}` });
            this.switchFrame(host, sw, key, f, undefined, copies, flooded, ev);
        }
        if (this.opts.focus && this.target?.attachment && !targets.includes(this.target.attachment) && known === undefined) {
            this.explainUnattached(e);
        }
    }

    /** Why the flood never reached the target's switch: it has no uplink there (or no host). */
    private explainUnattached(parent: number): void {
        const t = this.target;
        if (!t?.port) return;
        const pg = this.sc.pg(t.port);
        const sw = this.sc.sw(pg);
        const host = this.sc.hostOf(t.port);
        if (host === undefined) return;
        this.hasUplinks(host, sw, `host ${host} / switch ${sw.name ?? sw.id}`, parent, Stage.TargetSwitch);
    }

    /**
     * In focus mode only the target's attachment is followed: the same answer as filtering
     * `attachments()`, without listing every host switch and external of the network per flood.
     */
    private focusTargets(ingress: string): string[] {
        const a = this.target?.attachment;
        if (a === undefined || a === ingress) return [];
        if (a.startsWith("ext:")) return externalIds(this.sc.net.externals).has(a.slice(4)) ? [a] : [];
        const [host, swId] = a.split("|");
        const sw = this.sc.net.switches.get(swId);
        const listed = sw?.members.some((m) => m.hostId === host && !(m.uplinks.known && m.uplinks.active.length + m.uplinks.standby.length === 0));
        return listed ? [a] : [];
    }

    /** Every place on the physical network: each host's switch with uplinks (not yet decided: listed), each external. */
    private attachments(): string[] {
        const out: string[] = [];
        for (const sw of this.sc.net.model.switches) {
            for (const m of sw.members) {
                if (m.uplinks.known && m.uplinks.active.length + m.uplinks.standby.length === 0) continue;
                out.push(hs(m.hostId, sw.id));
            }
        }
        for (const x of this.sc.net.externals) out.push(`ext:${x.id}`);
        return out;
    }

    private attachmentName(a: string): string {
        if (a.startsWith("ext:")) {
            const x = this.sc.net.endpoints.get(a.slice(4));
            return `external ${x ? label(x) : a.slice(4)}`;
        }
        const [host, sw] = a.split("|");
        const s = this.sc.net.switches.get(sw);
        return `host ${host} switch ${s?.name ?? sw}`;
    }

    private setting(pg: PortGroup, name: SecuritySetting): { on: boolean; ref: SettingRef } {
        const ref = settingRef(pg, name);
        return { on: decide(pg.security[name], ref, this.assume), ref };
    }

    private where(host: string | undefined, pg: PortGroup, port: Port): string {
        const sw = this.sc.net.switches.get(pg.switchId);
        return `host ${host ?? "?"} / switch ${sw?.name ?? pg.switchId} / port group ${pg.name ?? pg.id} / ${portLabel(port)}`;
    }

    private hop(parent: number, stage: Stage, hop: Hop): number {
        if (hop.assumed === undefined && isAssumed(hop.rule)) hop.assumed = true;
        // An unknown setting read as accept or reject: say this branch assumed it.
        if (hop.setting?.value === "unknown") hop.detail += " (unknown during preview: this case assumes so)";
        this.events.push({ parent, hop, stage });
        return this.events.length - 1;
    }
}

/** A MAC-learning port on a host switch and the guests behind it that it may have learned (M1). */
interface WarmEntry {
    port: Port;
    pg: PortGroup;
    ml: MacLearningPolicy;
    /** Guests in declaration order whose frames enter the port group (V1/V2), with their table key. */
    guests: Array<{ mac: string; key: string }>;
}

/**
 * What the simulator keeps per network about one host switch (reused by every conversation that
 * passes there): its "host|switch" key, its ports with a known host, those in each VLAN, its warm
 * entries and its steady state. Reached through nested maps on the host and switch ids, so no key
 * string is built per frame.
 */
interface HostSwitch {
    hk: string;
    known: readonly Port[];
    /** Port groups of the known ports (filled when a derived network asks). */
    groups?: ReadonlySet<string>;
    inVlan: Map<number, Port[]>;
    warm?: WarmEntry[];
    /** null: the steady state depends on an unknown value. */
    steady?: SteadyState | null;
}

const hostSwitches = new WeakMap<Scenario["net"], Map<string, Map<string, HostSwitch>>>();

function hostSwitch(net: Scenario["net"], host: string, switchId: string): HostSwitch {
    let byHost = hostSwitches.get(net);
    if (!byHost) {
        byHost = new Map();
        hostSwitches.set(net, byHost);
    }
    let bySwitch = byHost.get(host);
    if (!bySwitch) {
        bySwitch = new Map();
        byHost.set(host, bySwitch);
    }
    let h = bySwitch.get(switchId);
    if (!h) {
        h = sharedWithBase(net, host, switchId) ?? { hk: hs(host, switchId), known: net.localKnown.get(hs(host, switchId)) ?? [], inVlan: new Map() };
        bySwitch.set(switchId, h);
    }
    return h;
}

/** A derived network (what-if, renamed representative) shares the base's record where it does not differ. */
function sharedWithBase(net: Scenario["net"], host: string, switchId: string): HostSwitch | undefined {
    const d = derivationOf(net);
    if (!d) return undefined;
    const parent = hostSwitch(d.base, host, switchId);
    if (d.changedHostSwitches?.has(parent.hk)) return undefined;
    if (d.changedGroups && d.changedGroups.size > 0) {
        parent.groups ??= new Set(parent.known.map((p) => p.portGroupId));
        for (const g of d.changedGroups) if (parent.groups.has(g)) return undefined;
    }
    return parent;
}

const NO_PORTS: readonly Port[] = [];

/** Ports DRS placed on this host switch in this scenario: what `localPorts` adds after the known ones, in its order. */
function placedHere(sc: Scenario, host: string, switchId: string): readonly Port[] {
    if (sc.placed.size === 0) return NO_PORTS;
    const out: Port[] = [];
    for (const [portId, hostId] of sc.placed) {
        if (hostId !== host) continue;
        const p = sc.net.ports.get(portId);
        const pg = p && sc.net.portGroups.get(p.portGroupId);
        if (p && pg && pg.switchId === switchId) out.push(p);
    }
    return out;
}

function warmEntriesOf(sc: Scenario, hk: string, ports: readonly Port[]): WarmEntry[] {
    const out: WarmEntry[] = [];
    for (const port of ports) {
        const pg = sc.pg(port);
        const ml = pg.macLearning;
        if (!ml?.enabled) continue;
        const guests: WarmEntry["guests"] = [];
        for (const g of sc.net.behind.get(port.id) ?? []) {
            if (g.kind !== "guest") continue;
            const v = ingressKey(pg.vlan, g.vlan);
            if (!v.ok || g.mac === port.initialMac) continue;
            guests.push({ mac: g.mac, key: `${hk}|${v.key}|${g.mac}` });
        }
        out.push({ port, pg, ml, guests });
    }
    return out;
}

/** The warm entries of every port on this host switch in this scenario, in `localPorts` order. */
function warmEntries(sc: Scenario, host: string, switchId: string): WarmEntry[] {
    const h = hostSwitch(sc.net, host, switchId);
    h.warm ??= warmEntriesOf(sc, h.hk, h.known);
    const placed = placedHere(sc, host, switchId);
    return placed.length === 0 ? h.warm : h.warm.concat(warmEntriesOf(sc, h.hk, placed));
}

/** `localPorts(host, switch)` whose port group carries VLAN `key`, in order (known ones cached per network). */
function portsInVlan(sc: Scenario, host: string, switchId: string, key: number): Port[] {
    const h = hostSwitch(sc.net, host, switchId);
    let known = h.inVlan.get(key);
    if (!known) {
        known = h.known.filter((p) => carries(sc.pg(p).vlan, key));
        h.inVlan.set(key, known);
    }
    const placed = placedHere(sc, host, switchId);
    return placed.length === 0 ? known : known.concat(placed.filter((p) => carries(sc.pg(p).vlan, key)));
}

/**
 * The steady state `warm` would load, computed once per network and host switch when no value it
 * reads is unknown (forged transmits of the MAC-learning port groups, MAC changes of ports whose
 * guest changed the MAC) and no port was placed there by DRS in this scenario. Same loop as `warm`
 * on an empty table (nothing is learned on a host switch before it is warmed).
 */
function steadyState(sc: Scenario, host: string, switchId: string, entries: readonly WarmEntry[]): SteadyState | undefined {
    if (placedHere(sc, host, switchId).length > 0) return undefined;
    const h = hostSwitch(sc.net, host, switchId);
    if (h.steady !== undefined) return h.steady ?? undefined;
    let result: SteadyState | null = null;
    const fixed = entries.every(({ port, pg }) => pg.security.forgedTransmits.value !== "unknown" && ((port.effectiveMac ?? port.initialMac) === port.initialMac || pg.security.macChanges.value !== "unknown"));
    if (fixed) {
        const learned = new Map<string, string>();
        const counts = new Map<string, number>();
        for (const { port, pg, ml, guests } of entries) {
            let count = 0;
            const eff = port.effectiveMac ?? port.initialMac;
            const tableMac = eff === port.initialMac || pg.security.macChanges.value === "accept" ? eff : port.initialMac;
            const forged = pg.security.forgedTransmits.value === "accept";
            for (const g of guests) {
                if (count >= ml.limit) continue;
                if (g.mac !== tableMac && !forged) continue;
                if (learned.has(g.key)) continue;
                learned.set(g.key, port.id);
                count++;
            }
            counts.set(port.id, count);
        }
        result = { learned, counts };
    }
    h.steady = result;
    return result ?? undefined;
}

const externalIdSets = new WeakMap<readonly Endpoint[], Set<string>>();

function externalIds(externals: readonly Endpoint[]): Set<string> {
    let ids = externalIdSets.get(externals);
    if (!ids) {
        ids = new Set(externals.map((x) => x.id));
        externalIdSets.set(externals, ids);
    }
    return ids;
}

export function settingRef(pg: PortGroup, name: SecuritySetting): SettingRef {
    const s = pg.security[name];
    return { objectId: pg.id, setting: name, value: s.value, origin: s.origin };
}

function mlRef(pg: PortGroup): SettingRef | undefined {
    const ml = pg.macLearning;
    return ml ? { objectId: pg.id, setting: "macLearning", value: ml.enabled ? "enabled" : "disabled", origin: ml.origin } : undefined;
}

function label(e: Endpoint): string {
    return e.label ?? e.id;
}

function portLabel(p: Port): string {
    return `port ${p.label ?? p.id}`;
}

function vlanName(key: number): string {
    return key === 0 ? "untagged" : `VLAN ${key}`;
}

