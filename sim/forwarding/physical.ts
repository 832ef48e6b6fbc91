/**
 * The physical network (the simulator's PN1, PN2; SEMANTICS "Physical network"): one learning switch
 * joining every host switch's uplinks and every external device. It learns source MACs per VLAN and
 * sends known unicast to that attachment only, never back where it came from (PN1), and floods
 * broadcast and unknown unicast to every other attachment in the VLAN (PN2). VLAN keys here are the
 * wire's: a host's untagged frames are in its native VLAN when one is declared (native-vlan.ts, V7).
 */
import type { Endpoint } from "../model/model";
import { hs } from "../model/network";
import { fitsSwitch } from "./mtu";
import { fromWire } from "./native-vlan";
import { externalAccepts } from "./pvlan";
import { atSwitch, label, Stage, type FrameInfo, type Run } from "./run";
import { switchFrame } from "./switching";
import { hasUplinks, knownInternal } from "./uplinks";
import { vlanName } from "./vlan";

/** The physical network takes a frame from `ingress` ("host|switch" or "ext:<id>") in VLAN `key`. */
export function physical(run: Run, ingress: string, key: number, f: FrameInfo, parent: number): void {
    run.fabric.phys.set(`${key}|${f.src}`, ingress);
    const at = "physical network";
    const known = f.broadcast ? undefined : run.fabric.phys.get(`${key}|${f.dst}`);
    if (known === ingress) {
        run.hop(parent, Stage.Physical, { action: "drop", rule: "PN1", at, detail: `${f.dst} was learned on the port the frame came from: never sent back out` });
        return;
    }
    let e: number;
    let targets: string[];
    if (known !== undefined) {
        e = run.hop(parent, Stage.Physical, { action: "forward", rule: "PN1", at, detail: `${f.dst} is known behind ${attachmentName(run, known)}` });
        targets = [known];
        if (run.target?.attachment && known !== run.target.attachment) {
            run.hop(e, Stage.Physical, { action: "drop", rule: "PN1", at, detail: `the physical switch sends ${f.dst} to ${attachmentName(run, known)}, not to the destination's host` });
        }
    } else {
        e = run.hop(parent, Stage.Physical, { action: "forward", rule: "PN2", at, detail: `${f.broadcast ? "broadcast" : `unknown ${f.dst}`}: flooded in ${vlanName(key)}` });
        targets = run.opts.focus ? focusTargets(run, ingress) : attachments(run).filter((a) => a !== ingress);
    }
    const flooded = known === undefined;
    for (const a of targets) {
        if (run.opts.focus && run.target?.attachment !== a) continue;
        if (a.startsWith("ext:")) {
            const ext = run.sc.net.endpoints.get(a.slice(4));
            if (!ext || ext.kind !== "external") continue;
            const roles = run.sc.net.pvlanRoles;
            if (!externalAccepts(roles, ext.vlan ?? 0, key)) {
                const pv = roles.get(ext.vlan ?? 0);
                const samePv = pv !== undefined && roles.get(key)?.primary === pv.primary;
                if (ext === run.target?.endpoint) {
                    run.hop(e, Stage.TargetPort, samePv
                        ? { action: "drop", rule: "PV2", at, detail: `${label(ext)} is a ${pv.type} port of PVLAN ${pv.primary} on the physical network (assumed to carry the PVLAN), the frame is in ${vlanName(key)}: those PVLAN types do not talk` }
                        : { action: "drop", rule: "PN2", at, detail: `${label(ext)} is in ${vlanName(ext.vlan ?? 0)}, the frame in ${vlanName(key)}: different VLANs need a router` });
                }
                continue;
            }
            if (!f.broadcast && ext.mac !== f.dst) continue;
            const ev = run.hop(e, Stage.TargetPort, { action: "deliver", rule: flooded ? "PN2" : "PN1", at, detail: `delivered to ${label(ext)}` });
            run.landings.push({ endpoint: ext.id, copies: 1, rule: "PN1", event: ev });
            continue;
        }
        const [host, swId] = a.split("|");
        const sw = run.sc.net.switches.get(swId);
        if (!sw) continue;
        const m = run.sc.member(sw.id, host);
        if (!m) continue;
        const atSw = atSwitch(host, sw);
        if (!hasUplinks(run, host, sw, atSw, e, Stage.TargetSwitch)) continue;
        let ev = run.hop(e, Stage.TargetSwitch, { action: "forward", rule: "F0", at: atSw, detail: `enters host ${host}'s switch through its uplinks${key ? ` tagged VLAN ${key}` : ""}` });
        if ((ev = fitsSwitch(run, sw, f, atSw, ev, Stage.TargetSwitch)) < 0) continue;
        // V7: the host's native VLAN arrives untagged; the shared untagged network does not arrive at all.
        const inside = fromWire(run, host, key, atSw, ev, run.target?.attachment === a);
        if (inside === undefined) continue;
        switchFrame(run, host, sw, inside.key, f, undefined, flooded, inside.event);
    }
    if (run.opts.focus && run.target?.attachment && !targets.includes(run.target.attachment) && known === undefined) {
        explainUnattached(run, e);
    }
}

/** Why the flood never reached the target's switch: it has no uplink there (or no host). */
function explainUnattached(run: Run, parent: number): void {
    const t = run.target;
    if (!t?.port) return;
    const pg = run.sc.pg(t.port);
    const sw = run.sc.sw(pg);
    const host = run.sc.hostOf(t.port);
    if (host === undefined) return;
    hasUplinks(run, host, sw, atSwitch(host, sw), parent, Stage.TargetSwitch);
}

/**
 * In focus mode only the target's attachment is followed: the same answer as filtering
 * `attachments()`, without listing every host switch and external of the network per flood.
 */
function focusTargets(run: Run, ingress: string): string[] {
    const a = run.target?.attachment;
    if (a === undefined || a === ingress) return [];
    if (a.startsWith("ext:")) return externalIds(run.sc.net.externals).has(a.slice(4)) ? [a] : [];
    const [host, swId] = a.split("|");
    const sw = run.sc.net.switches.get(swId);
    const listed = sw?.members.some((m) => m.hostId === host && !knownInternal(m));
    return listed ? [a] : [];
}

/** Every place on the physical network: each host's switch with uplinks (not yet decided: listed), each external. */
function attachments(run: Run): string[] {
    const out: string[] = [];
    for (const sw of run.sc.net.model.switches) {
        for (const m of sw.members) {
            if (knownInternal(m)) continue;
            out.push(hs(m.hostId, sw.id));
        }
    }
    for (const x of run.sc.net.externals) out.push(`ext:${x.id}`);
    return out;
}

function attachmentName(run: Run, a: string): string {
    if (a.startsWith("ext:")) {
        const x = run.sc.net.endpoints.get(a.slice(4));
        return `external ${x ? label(x) : a.slice(4)}`;
    }
    const [host, sw] = a.split("|");
    const s = run.sc.net.switches.get(sw);
    return `host ${host} switch ${s?.name ?? sw}`;
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
