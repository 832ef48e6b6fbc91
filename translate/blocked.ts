/**
 * Blocked ports (SEMANTICS P1, T6): `blockAllPorts` on a DistributedVirtualSwitch is the default of
 * its port groups (unset: not blocked); on a DistributedPortGroup `true` is sent and `false` or
 * unset are not (T6), so the port group inherits its switch. Read like every distributed boolean
 * (distributed-flags.ts).
 */
import type { BlockedSetting } from "../sim/model/model";
import type { Context } from "./context";
import { distributedPortGroupFlag, distributedSwitchFlag, type FlagSpec } from "./distributed-flags";
import type { RawResource } from "./types";

const BLOCK: FlagSpec = { property: "blockAllPorts", rule: "P1", key: "blocked" };

/** A DistributedVirtualSwitch: undefined when unset (not blocked, the vSphere default). */
export function distributedSwitchBlocked(ctx: Context, res: RawResource, objectId: string): BlockedSetting | undefined {
    return distributedSwitchFlag(ctx, res, objectId, BLOCK);
}

/** A DistributedPortGroup (T6): true blocks; false and unset inherit the switch's (undefined: not blocked). */
export function distributedPortGroupBlocked(ctx: Context, res: RawResource, objectId: string, sw: BlockedSetting | undefined): BlockedSetting | undefined {
    return distributedPortGroupFlag(ctx, res, objectId, sw, BLOCK);
}
