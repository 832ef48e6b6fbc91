/** cli/report.ts and the report/ formatters (and the layout library) load only when asked for. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const lazyReport = (): typeof import("../report") => require("../report") as typeof import("../report");
