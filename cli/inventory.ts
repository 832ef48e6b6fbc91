/**
 * `vsnet inventory`: reads a vCenter (or ESXi host) read-only and writes an inventory file; and the
 * `--inventory FILE` option of check, trace and diff, which hands inventories to the pack through
 * the config of `nested-workloads-reachable` (absolute paths; the pack reads them from disk).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { describeUnreadable, InventoryError } from "../inventory/format";
import { loadInventoryFile } from "../inventory/load";
import { SoapError, vimParserOptions, VimClient } from "../inventory/soap";
import { readVcenter, toInventory } from "../inventory/vcenter";
import { translate } from "../translate";
import type { PolicyPackConfig } from "./analyzer-client";
import { CliError, EXIT, type ExitCode } from "./errors";
import type { Io } from "./io";

const DECLARING = "nested-workloads-reachable";

function inventoryExit(e: InventoryError): ExitCode {
    return /: (no such file|cannot be read|not a file)/.test(e.message) ? EXIT.UNREADABLE : /: not valid JSON/.test(e.message) ? EXIT.MALFORMED : EXIT.UNRECOGNISED;
}

/**
 * Adds `--inventory` files to the config (after those the config already lists), every path made
 * absolute against `cwd` so the pack process finds them. Each file is read once here, so a missing,
 * truncated or hand-edited one stops the command with one line.
 */
export function applyInventories(config: PolicyPackConfig, files: readonly string[], cwd: string): PolicyPackConfig {
    const own = (config[DECLARING] ?? {}) as Record<string, unknown>;
    const listed = own.inventory === undefined ? [] : Array.isArray(own.inventory) ? own.inventory : [own.inventory];
    if (files.length === 0 && listed.length === 0) return config;
    const all = [...listed.map((f) => (typeof f === "string" ? path.resolve(cwd, f) : f)), ...files.map((f) => path.resolve(cwd, f))];
    for (const f of all) {
        if (typeof f !== "string") continue;
        try {
            loadInventoryFile(f, (rs) => translate(rs, {}));
        } catch (e) {
            if (e instanceof InventoryError) throw new CliError(`inventory ${e.message}`, inventoryExit(e));
            throw e;
        }
    }
    return { ...config, [DECLARING]: { ...own, inventory: all } };
}

export interface InventoryArgs {
    server?: string;
    user?: string;
    passwordEnv?: string;
    insecure: boolean;
    caFile?: string;
    thumbprint?: string;
    timeoutSeconds?: string;
    output?: string;
}

const truthy = (v: string | undefined): boolean => v !== undefined && /^(1|true|yes)$/i.test(v.trim());

/** Runs `vsnet inventory`. The password is read from the environment and never printed or written. */
export async function runInventory(a: InventoryArgs, io: Io, env: NodeJS.ProcessEnv, isTTY: boolean): Promise<number> {
    const server = a.server ?? env.VSPHERE_SERVER;
    if (!server) throw new CliError("vsnet inventory needs --server <host> (or VSPHERE_SERVER)", EXIT.USAGE);
    const user = a.user ?? env.VSPHERE_USER;
    if (!user) throw new CliError("vsnet inventory needs --user <name> (or VSPHERE_USER)", EXIT.USAGE);
    const passwordVar = a.passwordEnv ?? "VSPHERE_PASSWORD";
    const password = env[passwordVar];
    if (!password) throw new CliError(`vsnet inventory reads the password from the environment variable ${passwordVar}, which is not set`, EXIT.USAGE);
    const timeout = a.timeoutSeconds === undefined ? 60 : Number(a.timeoutSeconds);
    if (!Number.isFinite(timeout) || timeout <= 0) throw new CliError(`--timeout must be a number of seconds, not ${JSON.stringify(a.timeoutSeconds)}`, EXIT.USAGE);
    if (a.thumbprint && a.caFile) throw new CliError("give either --ca-file or --thumbprint, not both", EXIT.USAGE);
    const insecure = a.insecure || truthy(env.VSPHERE_ALLOW_UNVERIFIED_SSL);
    let ca: string | undefined;
    if (a.caFile) {
        try {
            ca = fs.readFileSync(path.resolve(io.cwd, a.caFile), "utf8");
        } catch (e) {
            throw new CliError(`--ca-file ${a.caFile} cannot be read (${(e as NodeJS.ErrnoException).code ?? "error"})`, EXIT.UNREADABLE);
        }
        if (!/-----BEGIN CERTIFICATE-----/.test(ca)) throw new CliError(`--ca-file ${a.caFile} holds no PEM certificate`, EXIT.UNRECOGNISED);
    }
    if (insecure && !a.thumbprint && !ca) io.err("vsnet: warning: the vCenter's certificate is not verified (--insecure / VSPHERE_ALLOW_UNVERIFIED_SSL); prefer --ca-file or --thumbprint\n");

    // Loaded here only: the pack itself never talks to the network.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { XMLParser } = require("fast-xml-parser") as typeof import("fast-xml-parser");
    const parser = new XMLParser(vimParserOptions());
    const started = new Date();
    let client: VimClient | undefined;
    try {
        client = await VimClient.connect({ server, timeoutMs: timeout * 1000, ...(ca ? { ca } : {}), ...(a.thumbprint ? { thumbprint: a.thumbprint } : {}), insecure: insecure && !a.thumbprint && !ca }, parser);
        const read = await readVcenter(client, {
            user,
            password,
            progress: isTTY ? (n) => io.err(`\rvsnet: read ${n} objects from ${server}…`) : undefined,
        });
        if (isTTY) io.err("\n");
        const inv = toInventory(read, server, started);
        // One line per object, at most five; the inventory records them all (`unreadable`).
        const hidden = Object.entries(inv.unreadable ?? {});
        for (const [moid, u] of hidden.slice(0, 5)) io.err(`vsnet: warning: not readable with this user: ${u.type} ${moid}${u.name ? ` (${u.name})` : ""}: ${describeUnreadable(u)}\n`);
        if (hidden.length > 5) io.err(`vsnet: warning: …and ${hidden.length - 5} more objects not readable with this user\n`);
        if (hidden.length) io.err(`vsnet: warning: the inventory records them under "unreadable"; the pack checks what depends on them as unknown (give the user the read-only role on the vCenter root to read them)\n`);
        const json = JSON.stringify(inv, null, 2) + "\n";
        if (a.output && a.output !== "-") {
            const out = path.resolve(io.cwd, a.output);
            try {
                fs.writeFileSync(`${out}.tmp`, json, { mode: 0o644 });
                fs.renameSync(`${out}.tmp`, out);
            } catch (e) {
                throw new CliError(`cannot write ${a.output} (${(e as NodeJS.ErrnoException).code ?? "error"})`, EXIT.UNREADABLE);
            }
            const n = (o: object): number => Object.keys(o).length;
            io.err(`vsnet: wrote ${a.output}: ${n(inv.switches)} switches, ${n(inv.portGroups)} port groups, ${n(inv.hosts)} hosts, ${n(inv.vms)} VMs from ${server}\n`);
        } else io.out(json);
        return EXIT.OK;
    } catch (e) {
        if (e instanceof SoapError) {
            const code = e.kind === "login" || e.kind === "permission" ? EXIT.AUTH : e.kind === "fault" || e.kind === "protocol" ? EXIT.FAILED : EXIT.CONNECTION;
            // Never the password: messages are built from codes and fault names only.
            throw new CliError(`${server}: ${e.message.split(password).join("***")}`, code);
        }
        throw e;
    } finally {
        client?.close();
    }
}
