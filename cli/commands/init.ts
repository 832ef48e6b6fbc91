/**
 * `vsnet init <stack.json>`: a starter policy config that declares, for each nested hypervisor of
 * the stack, a guest behind each of its NICs and a device on the physical network of each port group
 * they sit on, with the flows between them — what the pack assumes implicitly, written out to edit.
 * The MACs are placeholders (locally administered, `02:…`) to replace with the guests' real ones.
 * The starter passes vsnet's own config checks before it is written.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { build } from "../../policies/analysis";
import { DECLARING_POLICY } from "../../policies/sharedConfig";
import type { Translation } from "../../translate";
import { checkOwnConfig } from "../config-validate";
import { CliError, EXIT, oneLine } from "../errors";
import { loadInput, ownAnalysis, warn } from "../inputs";
import { ALLOW_PARTIAL, flag, QUIET, str, type Command } from "../options";
import { jsonText } from "../sanitize";
import { nameFromUrn, rawResources } from "../stack-file";

interface Workload {
    name: string;
    nestedIn?: string;
    nic?: number;
    external?: string;
    mac: string;
}

const hex = (n: number): string => (n & 255).toString(16).padStart(2, "0");
/** A placeholder MAC, locally administered and unicast: `02:76:<kind>:<n>:<n>:<nic>`. */
const mac = (kind: number, n: number, nic: number): string => ["02", "76", hex(kind), hex(n >> 8), hex(n), hex(nic)].join(":");

/** The starter declarations from a stack's nested hypervisors (their implicit guests, as the pack sees them). */
export function starterConfig(t: Translation): { workloads: Workload[]; flows: Array<{ from: string; to: string }> } {
    const used = new Set<string>();
    const unique = (base: string): string => {
        let n = base;
        for (let i = 2; used.has(n); i++) n = `${base}-${i}`;
        used.add(n);
        return n;
    };
    const workloads: Workload[] = [];
    const flows: Array<{ from: string; to: string }> = [];
    const gateways = new Map<string, string>();
    const guestsOn = new Map<string, Array<{ name: string; vm: string }>>();
    let vmIndex = 0;
    const vmNumbers = new Map<string, number>();
    for (const [, e] of t.endpoints) {
        if (e.source !== "implicit" || !e.vmUrn || !e.portGroupId) continue;
        const vm = nameFromUrn(e.vmUrn);
        const nic = Number(/ nic (\d+) guest$/.exec(e.name.slice(vm.length))?.[1] ?? 0);
        if (!vmNumbers.has(vm)) vmNumbers.set(vm, ++vmIndex);
        const guest = unique(`${vm}-nic${nic}-guest`);
        workloads.push({ name: guest, nestedIn: vm, nic, mac: mac(1, vmNumbers.get(vm)!, nic) });
        const pg = t.objects.get(e.portGroupId);
        if (pg?.urn && !pg.inventory) {
            let gw = gateways.get(e.portGroupId);
            if (!gw) {
                gw = unique(`${pg.name}-gateway`);
                gateways.set(e.portGroupId, gw);
                workloads.push({ name: gw, external: pg.name, mac: mac(2, gateways.size, 0) });
            }
            flows.push({ from: guest, to: gw });
        }
        const peers = guestsOn.get(e.portGroupId) ?? [];
        for (const p of peers) if (p.vm !== vm) flows.push({ from: p.name, to: guest });
        guestsOn.set(e.portGroupId, [...peers, { name: guest, vm }]);
    }
    return { workloads, flows };
}

export const init: Command = {
    name: "init",
    summary: "write a starter policy config: a guest behind each NIC of each nested hypervisor of the stack, the physical network of their port groups, and the flows between them",
    synopsis: "<stack.json>",
    positionals: { min: 1, max: 1, names: ["stack.json"] },
    options: {
        output: { type: "string", short: "o", arg: "<policy-config.json>", help: "write it here (default: standard output); an existing file is kept unless --force" },
        force: { type: "boolean", help: "overwrite the --output file" },
        "allow-partial": ALLOW_PARTIAL,
        quiet: QUIET,
    },
    details: "The MACs are placeholders (02:76:…, locally administered): replace each with the MAC the guest really sends from, then check with `vsnet check <stack.json> --config <policy-config.json>`.",
    async run(args, ctx) {
        const stack = loadInput(args, args.positionals[0]);
        const out = str(args, "output");
        const target = out === undefined ? undefined : path.resolve(ctx.io.cwd, out);
        if (target && fs.existsSync(target) && !flag(args, "force")) throw new CliError(`--output ${out} exists; pass --force to overwrite it`, EXIT.USAGE);
        const decl = starterConfig(build(rawResources(stack), {}).translation);
        const config = { [DECLARING_POLICY]: decl };
        // What it writes passes vsnet's own checks (schema, names), or it is a bug.
        checkOwnConfig(config);
        ownAnalysis(stack, config, undefined);
        const text = jsonText(config);
        if (target) {
            try {
                fs.writeFileSync(target, text);
            } catch (e) {
                throw new CliError(`cannot write --output ${out}: ${oneLine(e)}`, EXIT.UNREADABLE);
            }
        } else ctx.io.out(text);
        const vms = new Set(decl.workloads.flatMap((w) => (w.nestedIn ? [w.nestedIn] : [])));
        warn(ctx, args, [
            ...stack.warnings,
            vms.size === 0
                ? "the stack has no nested hypervisor (a VM with nestedHvEnabled or a vmkernel guest id): the starter declares nothing; declare workloads by hand (README, Config reference)"
                : `${out ?? "the starter"}: ${decl.workloads.length} workloads in ${vms.size} nested hypervisor${vms.size === 1 ? "" : "s"} and their port groups, ${decl.flows.length} flows; the MACs are placeholders (02:76:…): replace each with the guest's real MAC`,
        ]);
        return EXIT.OK;
    },
};
