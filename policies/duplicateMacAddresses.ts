/**
 * duplicate-mac-addresses: two vNICs or workloads with one MAC in one layer-2 domain — frames for
 * one of them go to the other (F2, M1, PN1).
 */
import type { StackValidationPolicy } from "@pulumi/policy";
import { macOf, type Endpoint } from "../sim";
import { ingressKey } from "../sim/forwarding/vlan";
import { analysisFor, type Analysis } from "./analysis";
import { Namer } from "./naming";
import { isolate, listSome, reporter } from "./report";
import { POLICY_URL } from "./frameworks";

export const duplicateMacAddresses: StackValidationPolicy = {
    name: "duplicate-mac-addresses",
    description: "No two vNICs or nested workloads share a MAC address in one layer-2 domain.",
    enforcementLevel: "mandatory",
    severity: "high",
    tags: ["vsphere", "networking"],
    url: POLICY_URL.duplicateMac,
    remediationSteps:
        "Give each vNIC and each declared workload its own MAC (let vCenter assign vNIC MACs, or use distinct static ones). A nested ESXi cloned from a template keeps vmk0's old MAC: set Net.FollowHardwareMac=1 in the template.",
    validateStack: (args, rv) => {
        isolate(rv, "duplicate MAC addresses", () => {
            const a = analysisFor(args);
            const namer = new Namer(a.translation);
            const r = reporter("duplicate-mac-addresses", rv);
            const groups = new Map<string, Endpoint[]>();
            for (const e of a.net.model.endpoints) {
                const d = domain(a, e);
                const mac = macOf(a.net, e);
                // Placeholders for MACs vCenter will assign are unique by construction.
                if (!d || !/^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/.test(mac)) continue;
                const k = `${d}|${mac}`;
                groups.set(k, [...(groups.get(k) ?? []), e]);
            }
            for (const [k, eps] of groups) {
                if (eps.length < 2) continue;
                const mac = k.slice(k.lastIndexOf("|") + 1);
                const names = eps.map((e) => namer.endpoint(e.id));
                const urn = eps.map((e) => a.translation.endpoints.get(e.id)?.vmUrn).find((u) => u !== undefined);
                r.violation(`MAC ${mac} is used by ${eps.length} endpoints in one layer-2 domain (${describe(k)}): ${listSome(names)}. Frames for one of them are delivered to another.`, urn, { workloads: names });
            }
        });
    },
};

/** The layer-2 domain of an endpoint: a VLAN on the physical network, or an internal switch on one host. */
function domain(a: Analysis, e: Endpoint): string | undefined {
    if (e.kind === "external") return `phys|${e.vlan ?? 0}`;
    const port = a.net.ports.get(e.portId);
    const pg = port && a.net.portGroups.get(port.portGroupId);
    const sw = pg && a.net.switches.get(pg.switchId);
    if (!port || !pg || !sw) return undefined;
    const v = ingressKey(pg.vlan, e.kind === "guest" ? e.vlan : undefined);
    if (!v.ok) return undefined;
    const hasUplinks = sw.members.some((m) => !m.uplinks.known || m.uplinks.links.some((l) => l.nic !== undefined));
    return hasUplinks ? `phys|${v.key}` : `internal|${sw.id}|${port.hostId ?? "?"}|${v.key}`;
}

function describe(key: string): string {
    const parts = key.split("|");
    const vlan = Number(parts[parts.length - 2]);
    return `${parts[0] === "phys" ? "physical network" : "internal switch"}, ${vlan ? `VLAN ${vlan}` : "untagged"}`;
}
