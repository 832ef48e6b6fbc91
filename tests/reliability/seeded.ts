/**
 * Seeded fast-check runs shared by the fuzz, differential and reliability suites. Each suite has an
 * env prefix (FUZZ, DIFF, …): `<PREFIX>_RUNS` sets the number of cases, `<PREFIX>_SEED` the seed
 * (`random` for a fresh one), `<PREFIX>_PATH` replays one shrunk counterexample. On failure the
 * error starts with the exact variables that reproduce it.
 */
import fc from "fast-check";

export interface Seeded {
    prefix: string;
    runs: number;
    seed: number;
    path?: string;
}

export function seeded(prefix: string, defaultRuns: number, defaultSeed: number): Seeded {
    const runsEnv = process.env[`${prefix}_RUNS`];
    const seedEnv = process.env[`${prefix}_SEED`];
    const runs = runsEnv !== undefined && Number.isFinite(Number(runsEnv)) ? Math.max(1, Math.floor(Number(runsEnv))) : defaultRuns;
    const seed = seedEnv === "random" ? (Date.now() ^ Math.floor(Math.random() * 0x7fffffff)) | 0 : seedEnv !== undefined && Number.isFinite(Number(seedEnv)) ? Number(seedEnv) | 0 : defaultSeed;
    const path = process.env[`${prefix}_PATH`];
    return { prefix, runs, seed, ...(path ? { path } : {}) };
}

function params<T>(s: Seeded): fc.Parameters<T> {
    return { numRuns: s.runs, seed: s.seed, ...(s.path ? { path: s.path, endOnFailure: true } : {}), includeErrorInReport: true };
}

function failure<T>(s: Seeded, d: fc.RunDetails<T>): Error {
    const repro = `${s.prefix}_SEED=${d.seed}${d.counterexamplePath ? ` ${s.prefix}_PATH=${d.counterexamplePath}` : ""}`;
    return new Error(`Reproduce with ${repro}\n${fc.defaultReportMessage(d) ?? "property failed"}`);
}

/** Runs a synchronous property; returns how many cases ran. */
export function checkProperty<Ts extends [unknown, ...unknown[]]>(s: Seeded, prop: fc.IProperty<Ts>): number {
    const d = fc.check(prop, params<Ts>(s));
    if (d.failed) throw failure(s, d);
    return d.numRuns;
}

/** Runs an asynchronous property; returns how many cases ran. */
export async function checkAsyncProperty<Ts extends [unknown, ...unknown[]]>(s: Seeded, prop: fc.IAsyncProperty<Ts>): Promise<number> {
    const d = await fc.check(prop, params<Ts>(s));
    if (d.failed) throw failure(s, d);
    return d.numRuns;
}
