/**
 * What every diagnostic the pack returns must look like, whatever it was fed: a known policy of
 * this pack, a non-empty message of bounded size, an enforcement level the engine acts on
 * (advisory or mandatory), a URN that is empty or one the engine sent, never the SDK's "can't run
 * policy" advisory (our policies must not trip its unknown-value proxy), and none of the pack's
 * "this should not happen" texts (internal errors, an inconsistent model, a translation stopped).
 */
import type { Diag } from "../harness/analyzer";

export const PACK_NAME = "vsphere-nested-networking";

/** Longest message accepted: names are cut to 80 characters, lists to a few entries. */
export const MAX_MESSAGE = 20_000;

/** Texts the pack only writes when one of its own steps failed. */
const BUG_TEXTS: Array<[RegExp, string]> = [
    [/can't run policy/, "the SDK's can't-run advisory (a policy tripped the unknown-value proxy)"],
    [/Internal error checking/, "an internal error caught by isolate()"],
    [/network model is inconsistent/, "the translation built an inconsistent model"],
    [/Translation stopped early/, "the translation threw"],
    [/^Could not read .* \(\w*Error\)/m, "a reader threw inside ctx.guard()"],
];

export interface Expectation {
    policies: ReadonlySet<string>;
    /** Whether a diagnostic's URN is acceptable. */
    urnOk: (urn: string) => boolean;
}

export function problems(ds: readonly Diag[], e: Expectation): string[] {
    const out: string[] = [];
    for (const d of ds) {
        const head = `${d.policyName}: ${JSON.stringify(d.message.slice(0, 300))}`;
        if (!e.policies.has(d.policyName)) out.push(`unknown policy name in ${head}`);
        if (d.policyPackName !== PACK_NAME) out.push(`pack name ${JSON.stringify(d.policyPackName)} in ${head}`);
        if (typeof d.message !== "string" || d.message.trim() === "") out.push(`empty message from ${d.policyName}`);
        if (d.message.length > MAX_MESSAGE) out.push(`message of ${d.message.length} characters in ${head}`);
        if (d.enforcementLevel !== "advisory" && d.enforcementLevel !== "mandatory") out.push(`enforcement level ${d.enforcementLevel} in ${head}`);
        if (!e.urnOk(d.urn)) out.push(`URN ${JSON.stringify(d.urn.slice(0, 200))} is not one the engine sent, in ${head}`);
        for (const [re, what] of BUG_TEXTS) if (re.test(d.message)) out.push(`${what}: ${head}`);
    }
    return out;
}
