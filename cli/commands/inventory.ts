/** `vsnet inventory`: a vCenter's networks, read-only, into an inventory file for --inventory. */
import { runInventory } from "../inventory";
import { flag, str, type Command } from "../options";

export const inventory: Command = {
    name: "inventory",
    summary: "read a vCenter's switches, port groups, hosts and VM NICs (read-only) into an inventory file for --inventory",
    synopsis: "",
    positionals: { min: 0, max: 0, names: [] },
    options: {
        server: { type: "string", short: "s", arg: "<host>", help: "vCenter or ESXi host name, or https URL (default: VSPHERE_SERVER)" },
        user: { type: "string", arg: "<name>", help: "user name (default: VSPHERE_USER); a read-only role is enough" },
        "password-env": { type: "string", arg: "<VAR>", help: "environment variable holding the password (default VSPHERE_PASSWORD); never a command-line argument" },
        "ca-file": { type: "string", arg: "<pem>", help: "trust this CA (PEM) instead of the system's" },
        thumbprint: { type: "string", arg: "<sha256>", help: "pin the server certificate's SHA-256 (or SHA-1) fingerprint" },
        insecure: { type: "boolean", help: "do not verify the certificate (as VSPHERE_ALLOW_UNVERIFIED_SSL=true); this connection only" },
        timeout: { type: "string", arg: "<seconds>", help: "per request (default 60)" },
        output: { type: "string", short: "o", arg: "<file>", help: "write the inventory here (default: standard output)" },
    },
    details:
        "Connects like the vSphere provider (VSPHERE_SERVER, VSPHERE_USER, VSPHERE_PASSWORD, VSPHERE_ALLOW_UNVERIFIED_SSL). Exit codes: 0 written; 2 usage; 3 a file cannot be read or written; 10 cannot connect, timed out or the certificate does not verify; 11 login refused or no permission; 7 the server answered something unexpected.",
    async run(args, ctx) {
        const b = (n: string): boolean => flag(args, n);
        return runInventory(
            {
                server: str(args, "server"),
                user: str(args, "user"),
                passwordEnv: str(args, "password-env"),
                insecure: b("insecure"),
                caFile: str(args, "ca-file"),
                thumbprint: str(args, "thumbprint"),
                timeoutSeconds: str(args, "timeout"),
                output: str(args, "output"),
            },
            ctx.io,
            process.env,
            ctx.io.status?.isTTY === true && ctx.io.color,
        );
    },
};

