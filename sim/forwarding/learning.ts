/**
 * MAC learning on distributed port groups (SEMANTICS M1–M4): learning a source MAC at ingress after
 * the forged-transmit check (M1) within the port's limit (M2), the steady state the ports learned
 * before the conversation, the port a destination was learned on, and which ports get unknown
 * unicast flooded (M3). Switches that cannot learn (M4) never get here: `macLearningSupported`.
 */
import type { Port, PortGroup, Switch } from "../model/model";
import type { Scenario } from "../model/network";
import type { SettingRef } from "../model/results";
import type { SteadyState } from "./fabric";
import { hostSwitch, placedHere, setSteady, steadyOf, warmOf, type WarmEntry } from "./host-switch";
import { portLabel, Stage, type Run } from "./run";
import { setting, tableMac } from "./security";
import { ingressKey } from "./vlan";

/** M1/M2 at ingress. Returns the event to continue from, or -1 when dropped. */
export function learnSource(run: Run, host: string, sw: Switch, pg: PortGroup, port: Port, key: number, src: string, portMac: string, at: string, parent: number): number {
    const ml = pg.macLearning;
    if (!ml?.enabled || !sw.macLearningSupported || src === portMac) return parent;
    warm(run, host, sw);
    const hk = hostSwitch(run.sc.net, host, sw.id).hk;
    const k = `${hk}|${key}|${src}`;
    if (learnedAt(run, hk, k) === port.id) return parent;
    const count = run.fabric.learnedCount.get(port.id) ?? run.fabric.steady.get(hk)?.counts.get(port.id) ?? 0;
    const ref: SettingRef = { objectId: pg.id, setting: "macLearning", value: `limit ${ml.limit}, ${ml.limitPolicy}`, origin: ml.origin };
    if (count >= ml.limit) {
        if (ml.limitPolicy === "drop") {
            run.hop(parent, Stage.Source, { action: "drop", rule: "M2", at, detail: `port already learned ${count} MACs (limit ${ml.limit}, policy drop): frames from new source ${src} are dropped`, setting: ref });
            return -1;
        }
        return run.hop(parent, Stage.Source, { action: "forward", rule: "M2", at, detail: `MAC limit ${ml.limit} reached (policy allow): ${src} is forwarded but not learned`, setting: ref });
    }
    run.fabric.learned.set(k, port.id);
    run.fabric.learnedCount.set(port.id, count + 1);
    return run.hop(parent, Stage.Source, { action: "learn", rule: "M1", at, detail: `MAC learning learns ${src} on this port`, setting: ref });
}

/** M1: the port of `inVlan` that `dst` was learned on at this host switch (`hk` its key), if any. */
export function learnedPort(run: Run, host: string, sw: Switch, hk: string, key: number, dst: string, inVlan: readonly Port[]): Port | undefined {
    warm(run, host, sw);
    const learnedId = learnedAt(run, hk, `${hk}|${key}|${dst}`);
    return learnedId === undefined ? undefined : inVlan.find((p) => p.id === learnedId);
}

/** M3: whether the port's group floods unknown unicast to it (learning and flooding on, on a switch that learns). */
export function floodsUnknownUnicast(pg: PortGroup, sw: Switch): boolean {
    const ml = pg.macLearning;
    return ml?.enabled === true && ml.allowUnicastFlooding && sw.macLearningSupported;
}

export function mlRef(pg: PortGroup): SettingRef | undefined {
    const ml = pg.macLearning;
    return ml ? { objectId: pg.id, setting: "macLearning", value: ml.enabled ? "enabled" : "disabled", origin: ml.origin } : undefined;
}

/** M4: why a declared MAC-learning port that is not promiscuous misses unknown unicast, if learning explains it. */
export function explainNotLearned(run: Run, p: Port, pg: PortGroup, sw: Switch, dst: string, at: string, parent: number): boolean {
    const ml = pg.macLearning;
    if (!ml?.enabled) return false;
    if (!sw.macLearningSupported) {
        run.hop(parent, Stage.TargetPort, { action: "drop", rule: "M4", at: `${at} / ${portLabel(p)}`, detail: `MAC learning is declared for ${pg.name ?? pg.id} but switch ${sw.name ?? sw.id} cannot learn (standard switch or vDS older than 6.6.0); the port is not promiscuous`, setting: mlRef(pg) });
        return true;
    }
    if (!ml.allowUnicastFlooding) {
        run.hop(parent, Stage.TargetPort, { action: "drop", rule: "M3", at: `${at} / ${portLabel(p)}`, detail: `${dst} is not learned on this port and unknown-unicast flooding is off`, setting: mlRef(pg) });
        return true;
    }
    return false;
}

/**
 * Steady state before the conversation: each MAC-learning port has already learned the guests
 * behind it, in declaration order, up to its limit (they have all talked before).
 */
function warm(run: Run, host: string, sw: Switch): void {
    if (!sw.macLearningSupported) return;
    const fabric = run.fabric;
    const hk = hostSwitch(run.sc.net, host, sw.id).hk;
    if (fabric.warmed.has(hk)) return;
    fabric.warmed.add(hk);
    const entries = warmEntries(run.sc, host, sw.id);
    const steady = steadyState(run.sc, host, sw.id, entries);
    if (steady) {
        fabric.steady.set(hk, steady);
        return;
    }
    for (const { port, pg, ml, guests } of entries) {
        let count = fabric.learnedCount.get(port.id) ?? 0;
        for (const g of guests) {
            if (count >= ml.limit) continue;
            // M1 learns after the forged-transmit check: a guest whose frames S1 drops was never learned.
            if (g.mac !== tableMac(run, port, pg) && !setting(run, pg, "forgedTransmits").on) continue;
            if (fabric.learned.has(g.key)) continue;
            fabric.learned.set(g.key, port.id);
            count++;
        }
        fabric.learnedCount.set(port.id, count);
    }
}

/** The port a MAC was learned on at a host switch: in this conversation, else in the steady state. */
function learnedAt(run: Run, hk: string, k: string): string | undefined {
    const own = run.fabric.learned.get(k);
    return own !== undefined ? own : run.fabric.steady.get(hk)?.learned.get(k);
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
    const known = warmOf(h, () => warmEntriesOf(sc, h.hk, h.known));
    const placed = placedHere(sc, host, switchId);
    return placed.length === 0 ? known : known.concat(warmEntriesOf(sc, h.hk, placed));
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
    const cached = steadyOf(h);
    if (cached !== undefined) return cached ?? undefined;
    let result: SteadyState | null = null;
    const fixed = entries.every(({ port, pg }) => pg.security.forgedTransmits.value !== "unknown" && ((port.effectiveMac ?? port.initialMac) === port.initialMac || pg.security.macChanges.value !== "unknown"));
    if (fixed) {
        const learned = new Map<string, string>();
        const counts = new Map<string, number>();
        for (const { port, pg, ml, guests } of entries) {
            let count = 0;
            const eff = port.effectiveMac ?? port.initialMac;
            const portMac = eff === port.initialMac || pg.security.macChanges.value === "accept" ? eff : port.initialMac;
            const forged = pg.security.forgedTransmits.value === "accept";
            for (const g of guests) {
                if (count >= ml.limit) continue;
                if (g.mac !== portMac && !forged) continue;
                if (learned.has(g.key)) continue;
                learned.set(g.key, port.id);
                count++;
            }
            counts.set(port.id, count);
        }
        result = { learned, counts };
    }
    setSteady(h, result);
    return result ?? undefined;
}
