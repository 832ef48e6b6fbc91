/**
 * Loaded into the policy-pack process (`node --require <this> run-policy-pack ...`) by
 * `startPack`: the pack ends when the process that started it is gone, however it went — even
 * SIGKILL, which runs no exit hook. Two signals, whichever comes first:
 * - standard input is a pipe from the parent: its end (EOF, or an error) means the parent closed it
 *   or died (the kernel closes a dead process's pipes);
 * - the parent's pid (`VSNET_PARENT_PID`), polled every second from a worker thread, no longer
 *   exists (this one works even while the pack is busy in a synchronous analysis).
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
    // Polled from a worker thread: the pack's own thread may be busy for minutes in one synchronous
    // analysis, and no timer of its own would run before it is done. A worker still runs, and a
    // SIGKILL of its own process ends the pack however busy it is (nothing to flush: the parent is gone).
    try {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const { Worker } = require("node:worker_threads") as typeof import("node:worker_threads");
        const poll = `const ppid = ${parentPid};
setInterval(() => {
    try { process.kill(ppid, 0); } catch (e) { if (e && e.code === "ESRCH") process.kill(process.pid, "SIGKILL"); }
}, 1000);`;
        // No execArgv: the worker must not preload this file again (`--require` is inherited by default).
        new Worker(poll, { eval: true, execArgv: [], stdout: false, stderr: false }).unref();
    } catch {
        // No worker threads: poll from this thread (ends the pack when it is next idle).
        setInterval(() => {
            try {
                process.kill(parentPid, 0);
            } catch (e) {
                if ((e as NodeJS.ErrnoException).code === "ESRCH") parentGone();
            }
        }, 1000).unref();
    }
}
