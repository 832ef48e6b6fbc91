/**
 * Learned state carried from frame to frame of one conversation: the physical network's table of
 * attachments (PN1) and what MAC-learning ports learned (M1, M2), with the steady state shared
 * between conversations. Plain state; the rules that fill it are in physical.ts and learning.ts.
 */

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

/** What MAC-learning ports of one host switch learned before the conversation (see `warm` in learning.ts). */
export interface SteadyState {
    learned: ReadonlyMap<string, string>;
    counts: ReadonlyMap<string, number>;
}
