/** Plain-text rendering of traces and settings, shared by policies, the CLI and tests. */
import type { Origin } from "./model";
import type { Hop, LegResult, SettingRef } from "./results";

export function describeOrigin(o: Origin | undefined, name: (id: string) => string = (id) => id): string {
    if (!o) return "";
    switch (o.kind) {
        case "explicit":
            return `set on ${name(o.objectId)}${o.property ? ` (${o.property})` : ""}${o.note ? `, ${o.note}` : ""}`;
        case "inherited":
            // objectId is the object that inherits; `from` is where the switch got its value.
            return `inherited from switch ${name(o.from?.objectId ?? o.objectId)}${o.from ? `, ${describeOrigin(o.from, name)}` : ""}`;
        case "providerDefault":
            return `provider default for ${name(o.objectId)}${o.property ? ` (${o.property} unset)` : ""}${o.rule ? ` [${o.rule}]` : ""}${o.note ? `: ${o.note}` : ""}`;
        case "vsphereDefault":
            return `vSphere default${o.rule ? ` [${o.rule}]` : ""}${o.note ? `: ${o.note}` : ""}`;
        case "declared":
            return `declared in policy config for ${name(o.objectId)}`;
        case "whatIf":
            return `changed (what-if) on ${name(o.objectId)}`;
        case "assumed":
            return `assumed (not in the stack; declare it in policy config)${o.rule ? ` [${o.rule}]` : ""}${o.note ? `: ${o.note}` : ""}`;
    }
}

export function describeSetting(s: SettingRef, name: (id: string) => string = (id) => id): string {
    const origin = describeOrigin(s.origin, name);
    return `${s.setting} = ${s.value} on ${name(s.objectId)}${origin ? ` (${origin})` : ""}`;
}

export function formatHop(h: Hop, name?: (id: string) => string): string {
    const setting = h.setting ? `; ${describeSetting(h.setting, name)}` : "";
    return `[${h.rule}${h.assumed ? ", assumed" : ""}] ${h.action} at ${h.at}: ${h.detail}${setting}`;
}

export function formatLeg(l: LegResult, name?: (id: string) => string): string[] {
    const head = `${l.leg} ${l.from} -> ${l.to}: ${l.delivered ? `delivered${l.copies > 1 ? ` (${l.copies} copies)` : ""}` : "DROPPED"}`;
    return [head, ...l.trace.map((h, i) => `  ${i + 1}. ${formatHop(h, name)}`)];
}
