/**
 * security-settings-explicit: a switch or port group that leaves a security setting unset gets a
 * value the user may not expect (T1–T3); an explicit `false` on a distributed port group is ignored.
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { PROPERTY, SETTING_WORDS } from "./naming";
import { isolate, listSome, reporter } from "./report";
import { unproxy } from "../translate/peel";
import { TYPE } from "../translate/tokens";
import { readBool } from "../translate/unknowns";
import { compareVersions, parseVersion, T2_SINCE } from "../translate/version";
import type { SecuritySetting } from "../sim";
import { POLICY_URL, scg8 } from "./frameworks";

const TYPES = {
    [TYPE.vss]: "HostVirtualSwitch",
    [TYPE.hpg]: "HostPortGroup",
    [TYPE.dvs]: "DistributedVirtualSwitch",
    [TYPE.dvpg]: "DistributedPortGroup",
} as const;
type Kind = (typeof TYPES)[keyof typeof TYPES];

const SETTINGS: SecuritySetting[] = ["promiscuous", "forgedTransmits", "macChanges"];
const T1: Record<SecuritySetting, boolean> = { promiscuous: false, forgedTransmits: true, macChanges: true };

/** What an unset setting really becomes, and why. */
function unsetMeaning(kind: Kind, s: SecuritySetting, inheritsUnset: boolean): string {
    switch (kind) {
        case "HostVirtualSwitch":
            return `${T1[s] ? "Accept" : "Reject"} (the provider's default for an unset ${PROPERTY[s]} is ${T1[s]}, T1)`;
        case "HostPortGroup":
            return inheritsUnset
                ? "inherited from the virtual switch (provider older than 4.15.0, T2)"
                : "Reject, sent as an explicit override: the provider docs say it inherits from the switch, but since 4.15.0 an unset value is sent as false (T2)";
        case "DistributedVirtualSwitch":
            return "Reject (the vCenter default for a distributed switch, S4)";
        case "DistributedPortGroup":
            return "inherited from the distributed switch (T3)";
    }
}

export const securitySettingsExplicit: ResourceValidationPolicy = {
    name: "security-settings-explicit",
    description:
        "Switches and host port groups set allowPromiscuous, allowForgedTransmits and allowMacChanges explicitly, so the value vSphere applies is the one the code shows; a distributed port group does not set one to false, which the provider ignores (it inherits the switch's value).",
    enforcementLevel: "advisory",
    severity: "low",
    tags: ["vsphere", "networking", "hardening", "security"],
    url: POLICY_URL.explicit,
    framework: scg8(["promiscuous", "forgedTransmits", "macChanges"]),
    remediationSteps:
        "Set all three of allowPromiscuous, allowForgedTransmits and allowMacChanges on each switch and host port group. On a DistributedPortGroup leave them unset to inherit the switch, or set true where needed: `false` does not override the switch (the provider treats it as unset), so set the switch to false and only the port groups that need it to true.",
    validateResource: (args, rv) => {
        const kind = TYPES[args.type as keyof typeof TYPES];
        if (!kind) return;
        const r = reporter("security-settings-explicit", rv);
        isolate(rv, `security settings of ${args.name}`, () => {
            const props = unproxy(args.props);
            const version = args.provider ? parseVersion(unproxy(args.provider.props).version) : undefined;
            const inheritsUnset = version ? compareVersions(version, T2_SINCE) < 0 : false;
            const unset: string[] = [];
            const ignored: string[] = [];
            for (const s of SETTINGS) {
                const r = readBool(props, [PROPERTY[s]]);
                // A distributed port group that leaves a setting unset inherits it from its switch, which
                // states it (or is flagged for not doing so): that is the explicit way to say false (T3).
                if (r.kind === "absent" && kind !== "DistributedPortGroup") unset.push(`${PROPERTY[s]} (${SETTING_WORDS[s]}) will be ${unsetMeaning(kind, s, inheritsUnset)}`);
                if (kind === "DistributedPortGroup" && r.kind === "value" && r.value === false) ignored.push(PROPERTY[s]);
            }
            if (unset.length) {
                r.violation(`${kind} ${args.name} leaves ${unset.length === 1 ? "a security setting" : `${unset.length} security settings`} implicit:\n- ${unset.join("\n- ")}\nSet ${listSome(unset.map((u) => u.split(" ")[0]))} explicitly.`, args.urn);
            }
            if (ignored.length) {
                r.violation(`${kind} ${args.name} sets ${ignored.join(", ")} to false, which the provider ignores (it treats false as unset, T3): the port group inherits the distributed switch's value, which may be true. Set false on the switch instead, and true only on the port groups that need it.`, args.urn);
            }
        });
    },
};
