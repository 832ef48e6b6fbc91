/** The shapes of a waiver and of a finding it waived, shared by the waivers and the per-request ledger. */
import type { Glob } from "./glob";

export interface Waiver {
    index: number;
    policy: string;
    resource: string;
    workload?: string;
    reason: string;
    expires?: string;
    ticket?: string;
    /** The compiled `resource` glob, when it is one. */
    glob?: Glob;
}

export interface WaivedFinding {
    waiver: Waiver;
    policy: string;
    urn?: string;
    message: string;
}
