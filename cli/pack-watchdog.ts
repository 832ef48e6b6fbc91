/**
 * Loaded into the policy-pack process (`node --require <this> run-policy-pack ...`) by
 * `startPack`: the pack ends when the process that started it is gone, however it went — even
 * SIGKILL, which runs no exit hook. Two signals, whichever comes first:
 * - standard input is a pipe from the parent: its end (EOF, or an error) means the parent closed it
 *   or died (the kernel closes a dead process's pipes);
 * - the parent's pid (`VSNET_PARENT_PID`), polled every second, no longer exists.
 * Plain JavaScript semantics only (no imports from the project), so it loads in any pack.
 */
export {};

const parentPid = Number(process.env.VSNET_PARENT_PID);
delete process.env.VSNET_PARENT_PID;

let ending = false;
function parentGone(): void {
    if (ending) return;
    ending = true;
    process.exit(0);
}

if (!process.stdin.isTTY) {
    process.stdin.on("end", parentGone);
    process.stdin.on("close", parentGone);
    process.stdin.on("error", parentGone);
    process.stdin.resume();
}

if (Number.isInteger(parentPid) && parentPid > 1) {
    setInterval(() => {
        try {
            process.kill(parentPid, 0);
        } catch (e) {
            if ((e as NodeJS.ErrnoException).code === "ESRCH") parentGone();
        }
    }, 1000).unref();
}
