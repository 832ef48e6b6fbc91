/**
 * Inside a nested hypervisor (the simulator's N1; SEMANTICS PV3, K2): its own switch joins the
 * endpoints behind one vNIC without the outer switch, within one VLAN of the guests' own tagging.
 */
import type { Endpoint, Port } from "../model/model";
import { macOf } from "../model/network";
import { insidePvlan } from "./pvlan";
import { label, portLabel, Stage, type FrameInfo, type Run } from "./run";

/** N1: delivers to the other endpoints behind the same vNIC; true when the frame stays inside. */
export function innerDelivery(run: Run, port: Port, from: Endpoint, f: FrameInfo, tag: number | undefined, parent: number): boolean {
    let stays = false;
    let inside = -1;
    for (const other of run.sc.net.behind.get(port.id) ?? []) {
        if (other.id === from.id) continue;
        const otherTag = other.kind === "guest" ? other.vlan : undefined;
        if ((otherTag ?? 0) !== (tag ?? 0)) {
            if (other === run.target?.endpoint) run.hop(parent, Stage.TargetPort, { action: "drop", rule: "N1", at: `inside ${portLabel(port)}`, detail: `${label(other)} is on ${otherTag ? `VLAN ${otherTag}` : "untagged"} inside the nested hypervisor, the sender on ${tag ? `VLAN ${tag}` : "untagged"}` });
            continue;
        }
        const mac = macOf(run.sc.net, other);
        if (!f.broadcast && f.dst !== mac) continue;
        if (!f.broadcast) stays = true;
        // Focus: deliveries to others than the target are not followed (nobody reports them).
        if (run.opts.focus && other !== run.target?.endpoint) continue;
        // PV3: a PVLAN does not reach inside the nested hypervisor (said once, before the first delivery).
        if (inside < 0) {
            const pg = run.sc.net.portGroups.get(port.portGroupId);
            inside = pg?.vlan.kind === "pvlan" ? insidePvlan(run, pg, `inside ${portLabel(port)}`, parent) : parent;
        }
        const ev = run.hop(inside, Stage.TargetPort, { action: "deliver", rule: "N1", at: `inside ${portLabel(port)}`, detail: `delivered to ${label(other)} by the nested hypervisor's own switch` });
        run.landings.push({ endpoint: other.id, portId: port.id, hostId: run.sc.hostOf(port), copies: 1, rule: "N1", event: ev });
    }
    return stays;
}
