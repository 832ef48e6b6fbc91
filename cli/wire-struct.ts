/**
 * Protocol bytes of a resource's properties (`google.protobuf.Struct`) written straight from the
 * JavaScript value into one buffer, without google-protobuf's `Struct` objects.
 *
 * Why: `Struct.fromJavaScript` makes a message object per value, and google-protobuf's writer then
 * holds every byte of the message in a JavaScript array; for an `AnalyzeStack` of a 13 MB stack that
 * was most of `vsnet check`'s memory (README, Limits). This writes the same bytes (map keys sorted,
 * as google-protobuf writes them; a test compares the two on random values) in two passes: sizes
 * first, then the bytes into a buffer of the exact size.
 *
 * One difference: a string holding a lone UTF-16 surrogate is written as U+FFFD (what the engine's
 * JSON decoder makes of it); google-protobuf drops or mis-encodes it.
 */

const LEN = 2; // wire type: length-delimited
const tag = (field: number, wire: number): number => (field << 3) | wire;

/** What the checks of `toJson` in analyzer-client.ts reject, with the same messages. */
function reject(v: unknown, at: string): never {
    if (typeof v === "object" && v !== null) throw new Error(`${at}: only plain objects can go on the wire`);
    throw new Error(`${at}: ${typeof v} cannot go on the wire`);
}

function isPlainObject(v: object): v is Record<string, unknown> {
    const proto = Object.getPrototypeOf(v);
    return proto === Object.prototype || proto === null;
}

function varintSize(n: number): number {
    let size = 1;
    while (n >= 0x80) {
        n = Math.floor(n / 128);
        size++;
    }
    return size;
}

/** The keys google-protobuf writes: defined entries, sorted as its map does (`Array.prototype.sort`). */
function keysOf(o: Record<string, unknown>): string[] {
    return Object.keys(o)
        .filter((k) => o[k] !== undefined)
        .sort();
}

/**
 * Pass 1: the size of each length-delimited part, in the order pass 2 writes them (a container's
 * slot is reserved before its children are sized).
 */
class Sizer {
    readonly sizes: number[] = [];

    /** Size of a `Value` message's content. */
    value(v: unknown, at: string): number {
        if (v === null || v === undefined) return 2; // null_value = 0
        switch (typeof v) {
            case "number":
                return 9;
            case "boolean":
                return 2;
            case "string": {
                const n = Buffer.byteLength(v, "utf8");
                return 1 + varintSize(n) + n;
            }
            case "object": {
                const slot = this.sizes.push(0) - 1;
                const n = Array.isArray(v) ? this.list(v, at) : isPlainObject(v) ? this.struct(v, at) : reject(v, at);
                this.sizes[slot] = n;
                return 1 + varintSize(n) + n;
            }
            default:
                return reject(v, at);
        }
    }

    /** Size of a `Struct` message's content. */
    struct(o: Record<string, unknown>, at: string): number {
        let size = 0;
        for (const k of keysOf(o)) {
            const slot = this.sizes.push(0) - 1;
            const key = Buffer.byteLength(k, "utf8");
            const value = this.value(o[k], `${at}.${k}`);
            const entry = 1 + varintSize(key) + key + 1 + varintSize(value) + value;
            this.sizes[slot] = entry;
            size += 1 + varintSize(entry) + entry;
        }
        return size;
    }

    /** Size of a `ListValue` message's content. */
    list(a: readonly unknown[], at: string): number {
        let size = 0;
        for (let i = 0; i < a.length; i++) {
            const value = this.value(a[i], `${at}[${i}]`);
            size += 1 + varintSize(value) + value;
        }
        return size;
    }
}

/** Pass 2: the bytes, into a buffer of the size pass 1 found. */
class Writer {
    private next = 0;

    constructor(
        readonly buf: Buffer,
        private readonly sizes: readonly number[],
        private pos: number,
    ) {}

    private byte(b: number): void {
        this.buf[this.pos++] = b;
    }

    private varint(n: number): void {
        this.pos = putVarint(this.buf, this.pos, n);
    }

    private string(field: number, s: string): void {
        this.byte(tag(field, LEN));
        this.varint(Buffer.byteLength(s, "utf8"));
        this.pos += this.buf.write(s, this.pos, "utf8");
    }

    value(v: unknown): void {
        if (v === null || v === undefined) {
            this.byte(tag(1, 0));
            this.byte(0);
            return;
        }
        switch (typeof v) {
            case "number":
                this.byte(tag(2, 1));
                this.pos = this.buf.writeDoubleLE(v, this.pos);
                return;
            case "string":
                this.string(3, v);
                return;
            case "boolean":
                this.byte(tag(4, 0));
                this.byte(v ? 1 : 0);
                return;
            default: {
                // Checked by the sizer: an array or a plain object.
                const array = Array.isArray(v);
                this.byte(tag(array ? 6 : 5, LEN));
                this.varint(this.sizes[this.next++]);
                if (array) this.list(v);
                else this.struct(v as Record<string, unknown>);
            }
        }
    }

    struct(o: Record<string, unknown>): void {
        for (const k of keysOf(o)) {
            this.byte(tag(1, LEN));
            this.varint(this.sizes[this.next++]);
            this.string(1, k);
            const v = o[k];
            this.byte(tag(2, LEN));
            this.varint(valueSize(v, this.sizes, this.next));
            this.value(v);
        }
    }

    list(a: readonly unknown[]): void {
        for (const v of a) {
            this.byte(tag(1, LEN));
            this.varint(valueSize(v, this.sizes, this.next));
            this.value(v);
        }
    }

    get written(): number {
        return this.pos;
    }
}

/** The content size of a `Value` about to be written (a container's is the next recorded size). */
function valueSize(v: unknown, sizes: readonly number[], next: number): number {
    if (v === null || v === undefined || typeof v === "boolean") return 2;
    if (typeof v === "number") return 9;
    if (typeof v === "string") {
        const n = Buffer.byteLength(v, "utf8");
        return 1 + varintSize(n) + n;
    }
    const n = sizes[next];
    return 1 + varintSize(n) + n;
}

function putVarint(buf: Buffer, pos: number, n: number): number {
    while (n >= 0x80) {
        buf[pos++] = (n % 128) | 0x80;
        n = Math.floor(n / 128);
    }
    buf[pos++] = n;
    return pos;
}

/**
 * `props` as a length-delimited field `field` of a message (tag, length, then the bytes of
 * `Struct.fromJavaScript(props)` as google-protobuf serializes it), ready to append to the message's
 * other bytes. Throws, naming the path under `at`, on a value that cannot go on the wire (a
 * function, a bigint, a class instance).
 */
export function structField(field: number, props: Record<string, unknown>, at: string): Buffer {
    const sizer = new Sizer();
    const size = sizer.struct(props, at);
    const head = varintSize(tag(field, LEN)) + varintSize(size);
    const buf = Buffer.allocUnsafe(head + size);
    putVarint(buf, putVarint(buf, 0, tag(field, LEN)), size);
    const w = new Writer(buf, sizer.sizes, head);
    w.struct(props);
    if (w.written !== buf.length) throw new Error(`${at}: encoded ${w.written - head} bytes, expected ${size}`);
    return buf;
}

/** A length-delimited field: tag, length and `bytes` (a message's bytes), to append to its parent's. */
export function lengthDelimited(field: number, bytes: Uint8Array): Buffer {
    const head = Buffer.allocUnsafe(varintSize(tag(field, LEN)) + varintSize(bytes.length));
    putVarint(head, putVarint(head, 0, tag(field, LEN)), bytes.length);
    return Buffer.concat([head, bytes]);
}
