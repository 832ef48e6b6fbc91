/**
 * The pack's last step before a message leaves: every secret name, id or MAC seen in this request
 * or its run (sdkMemo.ts records them) is replaced by `[secret <property>]`, where it stands alone
 * (translate/secrets.ts `Redactor`). Secret settings, numbers and keywords are never printed: the
 * translation does not use them.
 */
import { Redactor } from "../translate/secrets";
import { currentRequest, type RequestContext } from "./requestContext";

/** Key of the request's redactor in its slots, rebuilt when a new secret was recorded. */
const SLOT = {};

interface Cached {
    size: number;
    redactor: Redactor;
}

function redactorFor(ctx: RequestContext): Redactor | undefined {
    const size = ctx.secrets.size + ctx.run.secrets.size;
    if (size === 0) return undefined;
    const cached = ctx.slots.get(SLOT) as Cached | undefined;
    if (cached && cached.size === size) return cached.redactor;
    // This request's secrets first, in the order of its resources (the numbering of `[secret x #2]`
    // then depends on the stack only); then those of the run's other requests.
    const all = new Map(ctx.secrets);
    for (const [k, v] of ctx.run.secrets) if (!all.has(k)) all.set(k, v);
    const redactor = new Redactor(all.values());
    ctx.slots.set(SLOT, { size, redactor });
    return redactor;
}

export function redactSecrets(message: string): string {
    const r = redactorFor(currentRequest());
    return r ? r.text(message) : message;
}
