/**
 * K3 in the findings' words: a VMkernel NIC's own TCP/IP stack (`netstack`: vmotion, provisioning,
 * a custom one) chooses its routing table, layer 3. It neither separates its frames from anyone's on
 * the switch nor changes whether they are delivered, so a finding that involves such a vmk says so
 * rather than let the stack look like a cause, a fix, or an isolation it is not.
 */
import type { Translation } from "../translate";
import { DEFAULT_NETSTACK } from "../translate/vnics";
import { listSome } from "./report";

/** "vmk1 on host-11 (netstack vmotion)", "outer (vmk1 on host-11, netstack vmotion)": each host vmk on a stack of its own. */
function ownStacks(t: Translation, name: (id: string) => string, ids: Iterable<string>): string[] {
    const out: string[] = [];
    for (const id of new Set(ids)) {
        const netstack = t.endpoints.get(id)?.netstack;
        if (netstack === undefined || netstack === DEFAULT_NETSTACK) continue;
        // A declared workload's name, and which vmk it is ("vmk1 on host-11") when that says more.
        const label = t.model.endpoints.find((e) => e.id === id)?.label;
        const shown = name(id);
        out.push(`${shown} (${label && label !== shown ? `${label}, ` : ""}netstack ${netstack})`);
    }
    return out;
}

/** For a failing conversation: the netstack of its vmks is neither the cause nor the fix. */
export function conversationNetstackNote(t: Translation, name: (id: string) => string, ids: string[]): string | undefined {
    const vmks = ownStacks(t, name, ids);
    if (vmks.length === 0) return undefined;
    return `${listSome(vmks, 2)} ${vmks.length === 1 ? "uses a TCP/IP stack" : "use TCP/IP stacks"} of ${vmks.length === 1 ? "its" : "their"} own: that chooses routes (layer 3), not how frames are switched, so it neither causes this nor fixes it [K3].`;
}

/** For an exposure finding: vmks on a stack of their own are exposed all the same. */
export function exposureNetstackNote(t: Translation, name: (id: string) => string, ids: Iterable<string>): string | undefined {
    const vmks = ownStacks(t, name, ids);
    if (vmks.length === 0) return undefined;
    return `Among them, VMkernel NIC${vmks.length === 1 ? "" : "s"} ${listSome(vmks, 3)}: a TCP/IP stack of ${vmks.length === 1 ? "its" : "their"} own separates routing, not layer 2, so the promiscuous ports still receive ${vmks.length === 1 ? "its" : "their"} frames [K3].`;
}
