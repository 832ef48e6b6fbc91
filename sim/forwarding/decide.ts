/**
 * Three-valued settings. The simulator runs with a set of assumptions for unknown facts; reading
 * an unknown fact that is not assumed yet stops the run with `NeedDecision`, and the conversation
 * explores both values. So only the unknowns a frame actually meets are ever branched on.
 * No rule of its own: security.ts (S1–S3) and uplinks.ts (F0, uplinks unknown at preview) read
 * their settings through it.
 */
import type { Setting } from "../model/model";
import type { SettingRef } from "../model/results";

export class NeedDecision {
    constructor(
        readonly key: string,
        readonly ref: SettingRef,
    ) {}
}

export type Assumptions = ReadonlyMap<string, boolean>;

/** The value of a setting under the assumptions; throws NeedDecision for an open unknown. */
export function decide(setting: Setting, ref: SettingRef, assume: Assumptions): boolean {
    if (setting.value === "accept") return true;
    if (setting.value === "reject") return false;
    const key = setting.unknownKey ?? `${ref.objectId}.${ref.setting}`;
    const v = assume.get(key);
    if (v === undefined) throw new NeedDecision(key, ref);
    return v;
}

/** The value if known or assumed, without branching. */
export function peek(setting: Setting, assume: Assumptions): boolean | undefined {
    if (setting.value === "accept") return true;
    if (setting.value === "reject") return false;
    return setting.unknownKey ? assume.get(setting.unknownKey) : undefined;
}
