/**
 * MAC learning declared in config (`macLearning`, keyed by port group resource name). The provider
 * cannot set it (T4), so the pack is told; it exists only on distributed port groups of a switch at
 * version 6.6.0 or later (M1, M4).
 */
import type { MacLearningPolicy } from "../sim/model/model";
import { show, type Context } from "./context";
import type { PortGroups } from "./portgroups";
import { describeLookupFailure, type Stack } from "./stack";
import type { Switches } from "./switches";
import { isRecord, readBool, readRaw } from "./unknowns";

export const MAC_LIMIT_MAX = 4096;

function fail(ctx: Context, configPath: string, why: string, kind: "config" | "reference" = "config"): void {
    ctx.diag({ kind, configPath, message: `${configPath} ${why}; this MAC learning declaration is ignored.` });
}

export function addMacLearning(ctx: Context, stack: Stack, pgs: PortGroups, switches: Switches, decl: unknown): void {
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
        const learning: MacLearningPolicy = {
            enabled: enabled.value,
            allowUnicastFlooding: flooding.kind === "value" ? flooding.value : true,
            limit: limit.kind === "value" ? (limit.value as number) : MAC_LIMIT_MAX,
            limitPolicy: policy.kind === "value" ? (policy.value as "drop" | "allow") : "drop",
            origin: {
                kind: "declared",
                objectId: pg.id,
                property: base,
                rule: "T4",
                note:
                    policy.kind === "value"
                        ? "declared in policy config (the provider cannot set MAC learning)"
                        : "declared in policy config (the provider cannot set MAC learning); limit policy assumed drop (M2)",
            },
        };
        pg.macLearning = learning;
    }
}
