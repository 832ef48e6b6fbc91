/**
 * Reading inventories from disk: inventory files (`vsnet-inventory/1`) and `pulumi stack export`s of
 * the stack that owns the network. Synchronous and local only (a policy pack must not do network
 * I/O during a preview). Each file is parsed once per process and modification, then shared.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { INVENTORY_FORMAT, InventoryError, validateInventory, type Inventory } from "./format";
import { inventoryFromStackExport, isStackExport, type TranslateFn } from "./stack-export";

export interface LoadedInventory {
    inventory: Inventory;
    /** The path as given (or "(inline)"), for messages. */
    file: string;
    kind: "inventory" | "stack-export";
}

const cache = new Map<string, { mtimeMs: number; size: number; loaded: LoadedInventory }>();

/** Same limit as for saved stacks: 64 MiB, or `VSNET_MAX_FILE_MB`. */
function sizeLimit(env: NodeJS.ProcessEnv = process.env): number {
    const mb = Number(env.VSNET_MAX_FILE_MB);
    return env.VSNET_MAX_FILE_MB && Number.isFinite(mb) && mb > 0 ? Math.floor(mb * 1024 * 1024) : 64 * 1024 * 1024;
}

/**
 * Where a relative path is: the working directory, else the shell's (`PWD`, which `pulumi preview`
 * passes on to the pack even when the pack runs elsewhere).
 */
export function resolveInventoryPath(file: string, cwd = process.cwd(), env: NodeJS.ProcessEnv = process.env): string {
    if (path.isAbsolute(file)) return file;
    const first = path.resolve(cwd, file);
    if (fs.existsSync(first) || !env.PWD || path.resolve(env.PWD) === path.resolve(cwd)) return first;
    const second = path.resolve(env.PWD, file);
    return fs.existsSync(second) ? second : first;
}

/** Parsed JSON → an inventory, whichever of the two kinds it is. Throws `InventoryError`. */
export function inventoryFromJson(data: unknown, file: string, mtime: Date, translateFn: TranslateFn): LoadedInventory {
    if (isStackExport(data)) return { inventory: inventoryFromStackExport(data, file, mtime, translateFn), file, kind: "stack-export" };
    if (typeof data === "object" && data !== null && "format" in data) return { inventory: validateInventory(data, file), file, kind: "inventory" };
    throw new InventoryError(`${file}: neither an inventory ("format": "${INVENTORY_FORMAT}", from \`vsnet inventory\`) nor a \`pulumi stack export\``);
}

/** Reads one inventory file or stack export. Throws `InventoryError` with one line naming the file. */
export function loadInventoryFile(file: string, translateFn: TranslateFn, cwd?: string): LoadedInventory {
    const full = resolveInventoryPath(file, cwd);
    let st: fs.Stats;
    try {
        st = fs.statSync(full);
    } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        throw new InventoryError(`${file}: ${code === "ENOENT" ? "no such file" : `cannot be read (${code ?? "error"})`}`);
    }
    if (!st.isFile()) throw new InventoryError(`${file}: not a file`);
    const limit = sizeLimit();
    if (st.size > limit) throw new InventoryError(`${file}: is ${Math.ceil(st.size / 1048576)} MiB, over the ${Math.round(limit / 1048576)} MiB limit for an input file (VSNET_MAX_FILE_MB raises it)`);
    const hit = cache.get(full);
    if (hit && hit.mtimeMs === st.mtimeMs && hit.size === st.size) return hit.loaded;
    let text: string;
    try {
        text = fs.readFileSync(full, "utf8");
    } catch (e) {
        throw new InventoryError(`${file}: cannot be read (${(e as NodeJS.ErrnoException).code ?? "error"})`);
    }
    let data: unknown;
    try {
        data = JSON.parse(text);
    } catch (e) {
        const why = e instanceof Error ? e.message.split("\n")[0] : "invalid";
        throw new InventoryError(`${file}: not valid JSON (${text.trim() === "" ? "empty" : /end of JSON|Unterminated|Unexpected end/i.test(why) ? "truncated" : why})`);
    }
    const loaded = inventoryFromJson(data, file, st.mtime, translateFn);
    cache.set(full, { mtimeMs: st.mtimeMs, size: st.size, loaded });
    return loaded;
}
