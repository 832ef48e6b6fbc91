/**
 * MAC learning declared in config (`macLearning`, keyed by port group resource name). The provider
 * cannot set it (T4), so the pack is told; it exists only on distributed port groups of a switch at
 * version 6.6.0 or later (M1, M4). A key may also name a port group of an inventory (its id, or its
 * name) that is another stack's: a stack export cannot hold MAC learning either. A vCenter
 * inventory records MAC learning itself, so there the declaration is reported and not used.
 */
import type { MacLearningPolicy } from "../sim/model/model";
import { show, type Context } from "./context";
import type { InventoryNetworks } from "./inventory";
import type { PortGroups } from "./portgroups";
import { describeLookupFailure, type Stack } from "./stack";
import type { Switches } from "./switches";
import { isRecord, readBool, readRaw } from "./unknowns";

export const MAC_LIMIT_MAX = 4096;

function fail(ctx: Context, configPath: string, why: string, kind: "config" | "reference" = "config"): void {
    ctx.diag({ kind, configPath, message: `${configPath} ${why}; this MAC learning declaration is ignored.` });
}

export function addMacLearning(ctx: Context, stack: Stack, pgs: PortGroups, switches: Switches, decl: unknown, inventory?: InventoryNetworks): void {
    if (decl === undefined || decl === null) return;
    if (!isRecord(decl)) {
        ctx.diag({ kind: "config", configPath: "macLearning", message: "macLearning must map port group names to policies; it is ignored." });
        return;
    }
    for (const [name, v] of Object.entries(decl)) {
        const base = `macLearning.${name}`;
        if (!isRecord(v)) {
            fail(ctx, base, "is not an object");
            continue;
        }
        const enabled = readBool(v, ["enabled"]);
        if (enabled.kind !== "value") {
            fail(ctx, `${base}.enabled`, "must be true or false");
            continue;
        }
        const flooding = readBool(v, ["allowUnicastFlooding"]);
        if (flooding.kind !== "value" && flooding.kind !== "absent") {
            fail(ctx, `${base}.allowUnicastFlooding`, "must be true or false");
            continue;
        }
        const limit = readRaw(v, ["limit"]);
        const limitOk = limit.kind === "absent" || (limit.kind === "value" && Number.isInteger(limit.value) && (limit.value as number) >= 1 && (limit.value as number) <= MAC_LIMIT_MAX);
        if (!limitOk) {
            fail(ctx, `${base}.limit`, `must be a whole number from 1 to ${MAC_LIMIT_MAX} (M2)`);
            continue;
        }
        const policy = readRaw(v, ["limitPolicy"]);
        if (policy.kind !== "absent" && !(policy.kind === "value" && (policy.value === "drop" || policy.value === "allow"))) {
            fail(ctx, `${base}.limitPolicy`, `must be "drop" or "allow"`);
            continue;
        }
        const found = stack.findByName(["hostPortGroup", "distributedPortGroup"], name);
        const other = found.kind === "none" && inventory && !inventory.empty ? inventory.lookupPortGroup(name) : undefined;
        if (other && other.kind !== "none") {
            const pgId = inventoryPortGroup(ctx, base, name, other);
            const pg = pgId !== undefined ? pgs.byUrn.get(pgId) : undefined;
            if (pg && !(ctx.objects.get(pg.id)?.kind === "distributedPortGroup" && inventory!.switchById(pg.switchId)?.macLearningSupported)) {
                fail(ctx, base, `names ${show(name)}, which is not a distributed port group on a switch of version 6.6.0 or later in ${other.kind === "found" ? other.where : "its inventory"}; it has no MAC learning (M1, M4)`);
            } else if (pg) pg.macLearning = declared(pg.id, base, enabled.value, flooding, limit, policy);
            continue;
        }
        if (found.kind !== "found") {
            fail(ctx, base, describeLookupFailure("port group", name, found));
            continue;
        }
        if (stack.kindOf(found.resource.urn) === "hostPortGroup") {
            fail(ctx, base, `names host port group ${show(found.resource.name)}; standard switches have no MAC learning (M4), only promiscuous mode`);
            continue;
        }
        const pg = pgs.byUrn.get(found.resource.urn);
        if (!pg) {
            fail(ctx, base, `names port group ${show(name)}, which is left out of the check (see its diagnostic)`, "reference");
            continue;
        }
        if (!switches.byId.get(pg.switchId)?.macLearningSupported) {
            fail(ctx, base, `names a port group whose distributed switch is older than version 6.6.0, which has no MAC learning`);
            continue;
        }
        pg.macLearning = declared(pg.id, base, enabled.value, flooding, limit, policy);
    }
}

type Read = ReturnType<typeof readRaw>;

function declared(pgId: string, base: string, enabled: boolean, flooding: Read, limit: Read, policy: Read): MacLearningPolicy {
    return {
        enabled,
        allowUnicastFlooding: flooding.kind === "value" ? (flooding.value as boolean) : true,
        limit: limit.kind === "value" ? (limit.value as number) : MAC_LIMIT_MAX,
        limitPolicy: policy.kind === "value" ? (policy.value as "drop" | "allow") : "drop",
        origin: {
            kind: "declared",
            objectId: pgId,
            property: base,
            rule: "T4",
            note:
                policy.kind === "value"
                    ? "declared in policy config (the provider cannot set MAC learning)"
                    : "declared in policy config (the provider cannot set MAC learning); limit policy assumed drop (M2)",
        },
    };
}

/** The model id of the inventory port group a `macLearning` key names; undefined when reported instead. */
function inventoryPortGroup(ctx: Context, base: string, name: string, found: Exclude<ReturnType<InventoryNetworks["lookupPortGroup"]>, { kind: "none" }>): string | undefined {
    if (found.kind === "fail") {
        fail(ctx, base, found.why, found.undecided ? "reference" : "config");
        return undefined;
    }
    if (found.source === "vcenter" && found.macLearningKnown) {
        fail(ctx, base, `names port group ${show(name)} of ${found.where}, which records its MAC learning itself (that is what is checked); after changing it in vCenter, take a new inventory`);
        return undefined;
    }
    const placed = found.place!();
    if (!placed.ok) {
        fail(ctx, base, `names port group ${placed.why}`, "reference");
        return undefined;
    }
    return placed.id;
}
