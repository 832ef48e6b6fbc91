#!/usr/bin/env node
/**
 * `vsnet`: the command line of the vsphere-nested-networking policy pack (package.json `bin`).
 * See `vsnet --help` and the README's "Command line (vsnet)" section.
 */
import { runCommand } from "./commands";
import { oneLine } from "./errors";
import { processIo } from "./io";

// Whatever escapes (it should not): one line, never a stack trace.
const fatal = (e: unknown): void => {
    process.stderr.write(`vsnet: internal error: ${oneLine(e)} (please report this)\n`);
    process.exit(7);
};
process.on("uncaughtException", fatal);
// A reader that stops early (`vsnet check ... | head`) is not an error.
process.stdout.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code === "EPIPE") process.exit(process.exitCode ?? 0);
    fatal(e);
});
process.on("unhandledRejection", fatal);

runCommand(process.argv.slice(2), { io: processIo() }).then((code) => {
    process.exitCode = code;
}, fatal);
