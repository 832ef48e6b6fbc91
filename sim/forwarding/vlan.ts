/**
 * VLANs at the edge of a port group (SEMANTICS V1–V3): the key a frame gets at ingress (V1, V2), the
 * tag a guest sees at egress and whether a guest on a VLAN behind a nested hypervisor gets it (V3),
 * and the VLAN arithmetic the rest of the simulator reads. Inside a switch and on the wire a frame
 * carries a VLAN key: 0 for untagged, else the 802.1Q id.
 */
import type { Endpoint, PortGroup, PvlanMapping, VlanMode } from "../model/model";
import { describePvlan, pvlanAccepts } from "./pvlan";
import { label, Stage, type Run } from "./run";

export type IngressVlan = { ok: true; key: number } | { ok: false; rule: "V1" | "V2"; why: string };

/** The VLAN key of a frame a guest sends with `tag` (undefined: untagged) into a port group. */
export function ingressKey(mode: VlanMode, tag: number | undefined): IngressVlan {
    const tagged = tag !== undefined && tag !== 0;
    switch (mode.kind) {
        case "none":
            return tagged ? { ok: false, rule: "V1", why: `guest-tagged VLAN ${tag} on an untagged port group` } : { ok: true, key: 0 };
        case "vlan":
            return tagged
                ? { ok: false, rule: "V1", why: `guest-tagged VLAN ${tag} on a port group that tags VLAN ${mode.id} itself` }
                : { ok: true, key: mode.id };
        case "trunk":
            if (!tagged) return { ok: true, key: 0 };
            return inRanges(mode.ranges, tag)
                ? { ok: true, key: tag }
                : { ok: false, rule: "V2", why: `VLAN ${tag} is outside the trunk ranges ${formatRanges(mode.ranges)}` };
        case "pvlan":
            // PV1: the switch puts the port's frames in its secondary id (the primary for a promiscuous port).
            return tagged ? { ok: false, rule: "V1", why: `guest-tagged VLAN ${tag} on a private VLAN port group` } : { ok: true, key: mode.secondary };
    }
}

const NO_ROLES: ReadonlyMap<number, PvlanMapping> = new Map();

/**
 * Whether a port group carries frames with this VLAN key. `roles` (Net.pvlanRoles) tells PVLAN ids
 * apart, for port groups on a private VLAN (PV2).
 */
export function carries(mode: VlanMode, key: number, roles: ReadonlyMap<number, PvlanMapping> = NO_ROLES): boolean {
    switch (mode.kind) {
        case "none":
            return key === 0;
        case "vlan":
            return key === mode.id;
        case "trunk":
            return key === 0 || inRanges(mode.ranges, key);
        case "pvlan":
            return pvlanAccepts(roles, mode, key);
    }
}

/** The 802.1Q tag the guest sees on a frame with this key (undefined: untagged). */
export function egressTag(mode: VlanMode, key: number): number | undefined {
    return mode.kind === "trunk" && key !== 0 ? key : undefined;
}

/** The VLAN keys a port group carries, as ranges (for exposure overlap). */
export function keyRanges(mode: VlanMode): Array<[number, number]> {
    switch (mode.kind) {
        case "none":
            return [[0, 0]];
        case "vlan":
            return [[mode.id, mode.id]];
        case "trunk":
            return [[0, 0], ...mode.ranges];
        case "pvlan":
            // The ids it may receive from; exposure only asks whether two port groups may share frames.
            return mode.primary === mode.secondary ? [[mode.primary, mode.primary]] : [[mode.primary, mode.primary], [mode.secondary, mode.secondary]];
    }
}

export function overlaps(a: VlanMode, b: VlanMode): boolean {
    for (const [lo1, hi1] of keyRanges(a)) {
        for (const [lo2, hi2] of keyRanges(b)) {
            if (lo1 <= hi2 && lo2 <= hi1) return true;
        }
    }
    return false;
}

export function inRanges(ranges: Array<[number, number]>, v: number): boolean {
    return ranges.some(([lo, hi]) => v >= lo && v <= hi);
}

export function formatRanges(ranges: Array<[number, number]>): string {
    return ranges.map(([lo, hi]) => (lo === hi ? `${lo}` : `${lo}-${hi}`)).join(",");
}

const formatted = new WeakMap<VlanMode, string>();

export function formatVlan(mode: VlanMode): string {
    let text = formatted.get(mode);
    if (text === undefined) {
        text = describeVlan(mode);
        formatted.set(mode, text);
    }
    return text;
}

function describeVlan(mode: VlanMode): string {
    switch (mode.kind) {
        case "none":
            return "untagged";
        case "vlan":
            return `VLAN ${mode.id}`;
        case "trunk":
            return `trunk ${formatRanges(mode.ranges)}`;
        case "pvlan":
            return describePvlan(mode);
    }
}

export function vlanName(key: number): string {
    return key === 0 ? "untagged" : `VLAN ${key}`;
}

/** V1/V2 at ingress: the VLAN key of a frame the guest sends with `tag`, or undefined when the port group drops it. */
export function enterPortGroup(run: Run, pg: PortGroup, tag: number | undefined, at: string, parent: number): number | undefined {
    const vlan = ingressKey(pg.vlan, tag);
    if (!vlan.ok) {
        run.hop(parent, Stage.Source, { action: "drop", rule: vlan.rule, at, detail: `${vlan.why}: the switch drops it`, setting: { objectId: pg.id, setting: "vlan", value: formatVlan(pg.vlan) } });
        return undefined;
    }
    return vlan.key;
}

/** V2: a guest tag that the trunk passes gets a hop of its own. Returns the event to continue from. */
export function passGuestTag(run: Run, pg: PortGroup, tag: number | undefined, at: string, parent: number): number {
    if (tag && pg.vlan.kind === "trunk") {
        return run.hop(parent, Stage.Source, { action: "forward", rule: "V2", at, detail: `guest tag VLAN ${tag} passes: the port group trunks ${formatVlan(pg.vlan)}` });
    }
    return parent;
}

/**
 * V3 at egress, for one endpoint behind a port that the frame arrives at with `tag` (`egressTag`):
 * the event to deliver under, or -1 when the endpoint is on another VLAN. Each endpoint gets its own
 * V3 hop (not chained under the previous endpoint's: its trace is its own).
 */
export function reachGuestVlan(run: Run, pg: PortGroup, e: Endpoint, tag: number | undefined, isTarget: boolean, at: string, parent: number): number {
    const want = e.kind === "guest" && e.vlan ? e.vlan : undefined;
    if (want !== tag) {
        if (isTarget && e.id === run.target?.endpoint.id) {
            run.hop(parent, Stage.TargetPort, { action: "drop", rule: "V3", at, detail: `${label(e)} is on ${want ? `VLAN ${want}` : "untagged"} but the frame arrives ${tag ? `tagged ${tag}` : "untagged"}`, setting: { objectId: pg.id, setting: "vlan", value: formatVlan(pg.vlan) } });
        }
        return -1;
    }
    return want !== undefined ? run.hop(parent, Stage.TargetPort, { action: "forward", rule: "V3", at, detail: `the outer port group trunks VLAN ${want}, so the tag reaches ${label(e)}` }) : parent;
}
