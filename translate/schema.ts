/**
 * JSON schema of the declarations, used as the `configSchema` of `nested-workloads-reachable`.
 * Only the draft-07 keywords Pulumi's config validation handles well (type, properties, items,
 * required, enum, minimum, maximum, additionalProperties, pattern, plus description). Patterns are
 * RE2-compatible: the CLI validates in Go. References (do names resolve?) are checked by
 * `translate()`, which reports them as `config` diagnostics.
 */
import { MAC_PATTERN } from "./mac";
import { WORKLOAD_KINDS } from "./vmk-workloads";
import { MAX_MTU, MIN_MTU } from "./mtu";

/** The structural subset of a JSON schema this pack writes; compatible with `@pulumi/policy`'s type. */
export interface JsonSchema {
    type?: "string" | "number" | "integer" | "boolean" | "object" | "array";
    description?: string;
    properties?: Record<string, JsonSchema>;
    items?: JsonSchema;
    required?: string[];
    enum?: string[];
    minimum?: number;
    maximum?: number;
    additionalProperties?: JsonSchema | boolean;
    pattern?: string;
}

const NON_EMPTY = "\\S";
const macString = (description: string): JsonSchema => ({ type: "string", pattern: MAC_PATTERN, description });

const workload: JsonSchema = {
    type: "object",
    description: "A workload to connect: exactly one of nestedIn, vm, external, vnic.",
    properties: {
        name: { type: "string", pattern: NON_EMPTY, description: "Unique name, used in flows." },
        nestedIn: { type: "string", pattern: NON_EMPTY, description: "VirtualMachine (Pulumi resource name) whose guest this is, e.g. a nested ESXi host." },
        vm: { type: "string", pattern: NON_EMPTY, description: "VirtualMachine (Pulumi resource name) whose own NIC this is." },
        external: { type: "string", pattern: NON_EMPTY, description: "Port group (Pulumi resource name) on whose physical network the device sits." },
        vnic: { type: "string", pattern: NON_EMPTY, description: "A host's VMkernel NIC: the Vnic's Pulumi resource name or its id (host-101_vmk1)." },
        kind: { type: "string", enum: [...WORKLOAD_KINDS], description: "For nestedIn: vmk for a nested ESXi's vmk1 or above (a MAC of its own); default guest." },
        nic: { type: "integer", minimum: 0, description: "NIC index of the VM; default 0." },
        mac: macString("The workload's MAC (required for nestedIn and external)."),
        effectiveMac: macString("For vm: the MAC the guest OS programs instead of the configured one."),
        vlan: { type: "integer", minimum: 0, maximum: 4094, description: "802.1Q VLAN the workload uses; default untagged (external: the port group's VLAN)." },
        mtu: { type: "integer", minimum: MIN_MTU, maximum: MAX_MTU, description: "The largest frame the workload sends (X2), e.g. 9000 for nested vSAN, 1600 for NSX tunnel endpoints; checked against every switch on the path. Default: not checked (1500 fits every switch)." },
    },
    required: ["name"],
    additionalProperties: false,
};

const flow: JsonSchema = {
    type: "object",
    description: "A two-way conversation between two declared workloads.",
    properties: {
        from: { type: "string", pattern: NON_EMPTY },
        to: { type: "string", pattern: NON_EMPTY },
        multicast: { type: "boolean", description: "A multicast flow (X3): each side sends to a group the other joined, instead of ARP and unicast. Default false." },
    },
    required: ["from", "to"],
    additionalProperties: false,
};

const macLearning: JsonSchema = {
    type: "object",
    description: "MAC learning set outside Pulumi on a distributed port group (vDS 6.6.0+).",
    properties: {
        enabled: { type: "boolean" },
        allowUnicastFlooding: { type: "boolean", description: "Default true." },
        limit: { type: "integer", minimum: 1, maximum: 4096, description: "MACs learned per port; default 4096." },
        limitPolicy: { type: "string", enum: ["drop", "allow"], description: "Past the limit; default drop." },
    },
    required: ["enabled"],
    additionalProperties: false,
};

const hostFacts: JsonSchema = {
    type: "object",
    description: "Facts about an ESXi host that no provider resource holds.",
    properties: {
        rpfCheckPromisc: { type: "boolean", description: "Net.ReversePathFwdCheckPromisc is 1: a promiscuous port gets one copy of each flooded frame, not one per uplink (U4)." },
        esxiVersion: { type: "string", pattern: "^v?[0-9]+\\.[0-9]+(\\.[0-9]+)?([-+].*)?$", description: "ESXi version, e.g. 8.0.3; decides the rpfCheckPromisc default (0 up to 8.0, 1 from 9.0) when it is not given." },
        portChannel: { type: "string", enum: ["none", "static", "lacp"], description: "What the physical switch runs on this host's ports: nothing, a static EtherChannel, or LACP (L1–L3)." },
        nativeVlan: { type: "integer", minimum: 0, maximum: 4094, description: "The native (untagged) VLAN of the host's physical switch ports (V7)." },
    },
    additionalProperties: false,
};

/** `configSchema` for the policy that owns the declarations (a `PolicyConfigSchema`). */
export const declarationsSchema: { properties: Record<string, JsonSchema>; required?: string[] } = {
    properties: {
        workloads: { type: "array", items: workload, description: "Workloads to connect: a nested guest or a nested ESXi's vmk (nestedIn), a VM's own NIC (vm), a device on the physical network (external), a host's VMkernel NIC (vnic)." },
        flows: { type: "array", items: flow, description: "Conversations that must work." },
        macLearning: {
            type: "object",
            additionalProperties: macLearning,
            description: "Port group (Pulumi resource name) → MAC learning policy set outside Pulumi.",
        },
        networks: {
            type: "object",
            additionalProperties: { type: "string", pattern: NON_EMPTY },
            description: "Network id not defined in the stack (a getNetwork result) → Pulumi resource name of its port group.",
        },
        hosts: {
            type: "object",
            additionalProperties: hostFacts,
            description: "Host id as the stack has it (hostSystemId, e.g. host-101), a Host resource's name, or * for every host → facts the stack cannot say.",
        },
        inventory: {
            description:
                "Inventories of networks the stack does not define: a path, or a list of paths, of `vsnet inventory` files or `pulumi stack export`s of the stack that owns the port groups (relative to the directory the preview runs in). Read from disk, never from the network.",
        },
        inventoryMaxAgeDays: { type: "number", minimum: 0, description: "An inventory taken longer ago than this many days gets an advisory. Default 30." },
        vcenter: {
            description:
                "The vCenter this stack's networks live in: its server name or its instance uuid (as `vsnet inventory` records them), or a list of names of that one vCenter. A vCenter inventory taken from another one is not used. Default: the server of the stack's vSphere provider (vsphereServer).",
        },
        providerVersion: {
            type: "string",
            pattern: "^v?[0-9]+\\.[0-9]+(\\.[0-9]+)?([-+].*)?$",
            description: "Pulumi vSphere provider version to assume when the stack does not say (decides T2).",
        },
    },
};
