/** The parts of a Pulumi URN (`urn:pulumi:<stack>::<project>::<type>::<name>`; names may contain "::"). */

/** The name part of a URN. */
export function nameFromUrn(urn: string): string {
    const parts = urn.split("::");
    if (parts.length >= 4) return parts.slice(3).join("::");
    return parts[parts.length - 1];
}

/** The resource type of a URN (the last of a parent chain `a$b`), or null when it has none. */
export function typeFromUrn(urn: string): string | null {
    const parts = urn.split("::");
    return parts.length >= 4 ? (parts[2].split("$").pop() ?? null) : null;
}
