/**
 * Version strings: the Pulumi vSphere provider version (decides T2) and the DVS version (decides
 * whether MAC learning exists).
 */

export type Version = [number, number, number];

/** `4.15.0`, `v4.15.0`, `4.15.0-alpha.1+dev`, `6.6` → numbers; anything else → undefined. */
export function parseVersion(s: unknown): Version | undefined {
    if (typeof s !== "string" || s.length > 64) return undefined;
    const m = /^v?(\d{1,6})\.(\d{1,6})(?:\.(\d{1,6}))?(?:[-+].*)?$/.exec(s.trim());
    if (!m) return undefined;
    return [Number(m[1]), Number(m[2]), m[3] === undefined ? 0 : Number(m[3])];
}

export function compareVersions(a: Version, b: Version): number {
    for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] - b[i];
    return 0;
}

export function formatVersion(v: Version): string {
    return v.join(".");
}

/**
 * First Pulumi vSphere provider that sends an unset (or false) host port group security setting as
 * an explicit Reject (terraform-provider-vsphere 2.14.0, T2).
 */
export const T2_SINCE: Version = [4, 15, 0];

/** vDS 6.6.0 is the first switch version with native MAC learning (M1). */
export const MAC_LEARNING_SINCE: Version = [6, 6, 0];

/** Default providers are named `default_4_15_0`; the name tells the version when the props do not. */
export function versionFromDefaultProviderName(name: string): Version | undefined {
    const m = /^default_(\d+)_(\d+)_(\d+)(?:_|$)/.exec(name);
    return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
}
