/**
 * MAC address parsing and canonicalisation. The simulator compares MACs as opaque strings, so every
 * MAC that enters the model goes through here first: lower case, colon separated.
 *
 * Reasons never echo the input: a malformed "MAC" could be anything the user pasted.
 */

export type MacResult = { ok: true; mac: string } | { ok: false; reason: string };

const HEX = "[0-9A-Fa-f]";
/** The accepted spellings, also used (RE2-compatible, no back-references) in the config schema. */
export const MAC_PATTERN =
    `^(${HEX}{2}:){5}${HEX}{2}$|^(${HEX}{2}-){5}${HEX}{2}$|^(${HEX}{4}\\.){2}${HEX}{4}$|^${HEX}{12}$`;
const MAC_RE = new RegExp(MAC_PATTERN);

export const MAC_FORMS = "00:50:56:aa:00:01, 00-50-56-AA-00-01, 0050.56aa.0001 or 005056aa0001";

/** Parses any accepted spelling into `xx:xx:xx:xx:xx:xx`. */
export function parseMac(input: unknown): MacResult {
    if (typeof input !== "string") return { ok: false, reason: "is not a string" };
    const s = input.trim();
    // Cheap guard before the regex: the longest accepted form is 17 characters.
    if (s.length === 0) return { ok: false, reason: "is empty" };
    if (s.length > 17 || !MAC_RE.test(s)) return { ok: false, reason: `is not a MAC address (use ${MAC_FORMS})` };
    const hex = s.replace(/[:.-]/g, "").toLowerCase();
    return { ok: true, mac: hex.match(/../g)!.join(":") };
}

/**
 * A MAC usable as the address of one endpoint: not multicast/broadcast (I/G bit set) and not all
 * zeros, neither of which a NIC can own.
 */
export function parseUnicastMac(input: unknown): MacResult {
    const r = parseMac(input);
    if (!r.ok) return r;
    if (r.mac === "00:00:00:00:00:00") return { ok: false, reason: "is all zeros, which no interface can own" };
    if (r.mac === "ff:ff:ff:ff:ff:ff") return { ok: false, reason: "is the broadcast address" };
    if (parseInt(r.mac.slice(0, 2), 16) & 1) return { ok: false, reason: `is a multicast address (${r.mac}), not a unicast one` };
    return r;
}
