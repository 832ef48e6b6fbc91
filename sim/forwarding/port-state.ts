/**
 * Port state (SEMANTICS P1): a port group whose ports are blocked (`blockAllPorts` on it or on its
 * switch, inherited per T6) sends and receives nothing. Guests behind one blocked vNIC still talk
 * inside their nested hypervisor (N1 comes first). Blocked values unknown during preview are decided
 * like security settings (decide.ts).
 */
import type { BlockedSetting, PortGroup } from "../model/model";
import type { SettingRef } from "../model/results";
import { decide } from "./decide";
import { Stage, type Run } from "./run";

export function blockedRef(pg: PortGroup, b: BlockedSetting): SettingRef {
    return { objectId: pg.id, setting: "blocked", value: b.value === "unknown" ? "unknown" : String(b.value), origin: b.origin };
}

/** Whether the port group's ports are blocked in this run (branches on an unknown value). */
export function isBlocked(run: Run, pg: PortGroup): boolean {
    const b = pg.blocked;
    if (b === undefined || b.value === false) return false;
    if (b.value === true) return true;
    return decide({ value: "unknown", origin: b.origin, unknownKey: b.unknownKey ?? `${pg.id}.blocked` }, blockedRef(pg, b), run.assume);
}

function why(run: Run, pg: PortGroup, b: BlockedSetting): string {
    const name = pg.name ?? pg.id;
    if (b.origin.kind === "inherited") {
        // The switch by name: its id is a URN, not something a reader recognises.
        const swId = b.origin.from?.objectId ?? pg.switchId;
        const sw = run.sc.net.switches.get(swId)?.name ?? swId;
        return `port group ${name} inherits blockAllPorts = true from switch ${sw}${b.origin.note ? ` (${b.origin.note})` : " (a distributed port group's blockAllPorts: false is not sent by the provider, T6)"}`;
    }
    return `port group ${name} has blockAllPorts = true`;
}

/** P1 at the source: a blocked port sends nothing. Returns false (recording the drop) when blocked. */
export function sendsFromPort(run: Run, pg: PortGroup, at: string, parent: number): boolean {
    if (pg.blocked === undefined || !isBlocked(run, pg)) return true;
    run.hop(parent, Stage.Source, { action: "drop", rule: "P1", at, detail: `${why(run, pg, pg.blocked)}: its ports send nothing`, setting: blockedRef(pg, pg.blocked) });
    return false;
}

/** P1 at the destination: a blocked port receives nothing. Returns false (recording the drop when `explain`) when blocked. */
export function receivesAtPort(run: Run, pg: PortGroup, at: string, parent: number, explain: boolean): boolean {
    if (pg.blocked === undefined || !isBlocked(run, pg)) return true;
    if (explain) run.hop(parent, Stage.TargetPort, { action: "drop", rule: "P1", at, detail: `${why(run, pg, pg.blocked)}: its ports receive nothing`, setting: blockedRef(pg, pg.blocked) });
    return false;
}
