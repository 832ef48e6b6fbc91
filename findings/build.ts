/**
 * Findings from what the pack reported through the analyzer protocol (policy, level, URN,
 * message), linked to the in-process analysis when there is one (findings/link.ts).
 */
import { assignFingerprints, identityOf } from "./identity";
import type { Linker } from "./link";
import { firstSentence, messageBody, type Finding, type Level, type ResourceRef, type Severity } from "./model";
import { nameFromUrn, typeFromUrn } from "./urn";

/** One diagnostic as the pack sent it. */
export interface Reported {
    policyName: string;
    enforcementLevel: Level;
    severity?: Severity;
    /** The policy's description (the engine puts it before the message of a plain violation). */
    description: string;
    message: string;
    urn?: string;
}

export function resourceRef(urn: string): ResourceRef {
    return { urn, name: nameFromUrn(urn), type: typeFromUrn(urn) };
}

/** The findings of a run, in the order given, each with its identity and a fingerprint unique in the run. */
export function buildFindings(reported: readonly Reported[], linker?: Linker): Finding[] {
    return assignFingerprints(
        reported.map((d) => {
            const message = messageBody(d.message, d.description);
            const linked = linker?.link(d.policyName, d.urn, message);
            return {
                policy: d.policyName,
                level: d.enforcementLevel,
                severity: d.severity ?? null,
                message,
                title: firstSentence(message),
                resource: d.urn ? resourceRef(d.urn) : null,
                related: (linked?.related ?? []).map(resourceRef),
                identity: identityOf(d.policyName, d.urn, message, linked?.workloads),
                fingerprint: "",
            };
        }),
    );
}
