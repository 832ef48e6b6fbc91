/**
 * `txUplink` (SEMANTICS X1, T6): every frame a port sends is also copied out an uplink, so traffic
 * between VMs on one host shows on the physical network. Exposure, not reachability: the simulator
 * never reads it; the exposure advice does. Read like every distributed boolean (distributed-flags.ts).
 */
import type { FlagSetting } from "../sim/model/model";
import type { Context } from "./context";
import { distributedPortGroupFlag, distributedSwitchFlag, type FlagSpec } from "./distributed-flags";
import type { RawResource } from "./types";

const TX_UPLINK: FlagSpec = { property: "txUplink", rule: "X1", key: "txUplink" };

/** A DistributedVirtualSwitch: undefined when unset (off). */
export function distributedSwitchTxUplink(ctx: Context, res: RawResource, objectId: string): FlagSetting | undefined {
    return distributedSwitchFlag(ctx, res, objectId, TX_UPLINK);
}

/** A DistributedPortGroup (T6): true is its own; false and unset inherit the switch's (undefined: off). */
export function distributedPortGroupTxUplink(ctx: Context, res: RawResource, objectId: string, sw: FlagSetting | undefined): FlagSetting | undefined {
    return distributedPortGroupFlag(ctx, res, objectId, sw, TX_UPLINK);
}
