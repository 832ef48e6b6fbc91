#!/usr/bin/env node
/**
 * `vsnet`: the command line of the vsphere-nested-networking policy pack (package.json `bin`).
 * See `vsnet --help` and the README's "Command line (vsnet)" section.
 */
import { killAllPacks } from "./analyzer-client";
import { runCommand } from "./commands";
import { EXIT, oneLine } from "./errors";
import { processIo } from "./io";
import { safeLine } from "./sanitize";

// Whatever escapes (it should not): one line, never a stack trace. Exiting runs the exit hook that
// ends the pack process (analyzer-client.ts).
const fatal = (e: unknown): void => {
    process.stderr.write(`vsnet: internal error: ${safeLine(oneLine(e))} (please report this)\n`);
    killAllPacks();
    process.exit(EXIT.FAILED);
};
process.on("uncaughtException", fatal);
// A reader that stops early (`vsnet check ... | head`) is not an error.
process.stdout.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code === "EPIPE") process.exit(process.exitCode ?? 0);
    fatal(e);
});
process.on("unhandledRejection", fatal);
// Ctrl-C, a CI timeout, a closed terminal: end the pack process too, and exit as shells expect.
for (const [signal, code] of [["SIGINT", EXIT.SIGINT], ["SIGTERM", EXIT.SIGTERM], ["SIGHUP", EXIT.SIGHUP]] as const) {
    process.on(signal, () => {
        killAllPacks();
        process.stderr.write(`vsnet: error: interrupted by ${signal}\n`);
        process.exit(code);
    });
}

runCommand(process.argv.slice(2), { io: processIo() }).then((code) => {
    process.exitCode = code;
}, fatal);
