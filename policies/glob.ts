/**
 * Waiver globs (`*` any run of characters, `?` one character), matched without backtracking.
 *
 * A glob is split on `*` into literal segments (where `?` matches any one character). The first
 * segment must match at the start and the last at the end of the text (the match is anchored at
 * both ends); the segments in between are found left to right, each at the first place it fits
 * after the previous one. Taking the leftmost fit is always right for a segment of fixed length,
 * so there is nothing to backtrack into: a match costs O(text × pattern), never exponential.
 */

export interface Glob {
    readonly source: string;
    test(text: string): boolean;
}

/** Does `seg` (with `?` wildcards) match `text` at `pos`? */
function fitsAt(text: string, pos: number, seg: string): boolean {
    for (let i = 0; i < seg.length; i++) {
        const c = seg.charCodeAt(i);
        if (c !== 63 /* ? */ && c !== text.charCodeAt(pos + i)) return false;
    }
    return true;
}

/** First position ≥ from where `seg` fits, ending at or before `end`; -1 when none. */
function find(text: string, seg: string, from: number, end: number, wild: boolean): number {
    const last = end - seg.length;
    if (last < from) return -1;
    if (!wild) {
        const at = text.indexOf(seg, from);
        return at >= 0 && at <= last ? at : -1;
    }
    for (let p = from; p <= last; p++) if (fitsAt(text, p, seg)) return p;
    return -1;
}

export function compileGlob(source: string): Glob {
    const parts = source.split("*");
    if (parts.length === 1) {
        const only = parts[0];
        return { source, test: (t) => t.length === only.length && fitsAt(t, 0, only) };
    }
    const first = parts[0];
    const lastSeg = parts[parts.length - 1];
    const middle = parts.slice(1, -1).filter((p) => p !== "");
    const middleWild = middle.map((p) => p.includes("?"));
    const minLength = parts.reduce((n, p) => n + p.length, 0);
    return {
        source,
        test(text) {
            if (text.length < minLength) return false;
            if (!fitsAt(text, 0, first)) return false;
            const end = text.length - lastSeg.length;
            if (!fitsAt(text, end, lastSeg)) return false;
            let pos = first.length;
            for (let i = 0; i < middle.length; i++) {
                const at = find(text, middle[i], pos, end, middleWild[i]);
                if (at < 0) return false;
                pos = at + middle[i].length;
            }
            return pos <= end;
        },
    };
}

export function isGlob(pattern: string): boolean {
    return pattern.includes("*") || pattern.includes("?");
}
