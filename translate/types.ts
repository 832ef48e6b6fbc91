/**
 * The translation layer's contract: Pulumi resources (as plain data) and the pack's config in,
 * the simulator's neutral model and the conversations to check out, with diagnostics for whatever
 * could not be read. Policies and the CLI both go through this one path.
 */
import type { ConversationSpec, Model } from "../sim/model/model";

/**
 * One resource as the engine hands it over, with the SDK's unknown-checking proxy already peeled
 * off: unknown values are still their sentinel strings (see `unknowns.ts`), secrets are unwrapped.
 */
export interface RawResource {
    urn: string;
    type: string;
    /** The name in the URN (the Pulumi resource name). */
    name: string;
    props: Record<string, unknown>;
    /** Property name → URNs the property was computed from. */
    propertyDependencies: Record<string, string[]>;
    dependencies: string[];
    /** Provider reference `<provider urn>::<id>`, when the engine gave one. */
    provider?: string;
}

/** A workload declared in config (`nested-workloads-reachable.workloads[]`). Exactly one of nestedIn / vm / external / vnic. */
export interface WorkloadDecl {
    name: string;
    nestedIn?: string;
    vm?: string;
    external?: string;
    /** A host's VMkernel NIC (K1): a Vnic's Pulumi resource name or its id. */
    vnic?: string;
    /** With nestedIn: `vmk` for a nested ESXi's vmk1 and above (K2); default `guest`. */
    kind?: "guest" | "vmk";
    nic?: number;
    mac?: string;
    effectiveMac?: string;
    vlan?: number;
    /** X2: the largest frame the workload sends. */
    mtu?: number;
}

export interface FlowDecl {
    from: string;
    to: string;
    /** X3: a group frame each way instead of ARP and unicast. */
    multicast?: boolean;
}

export interface MacLearningDecl {
    enabled: boolean;
    allowUnicastFlooding?: boolean;
    limit?: number;
    limitPolicy?: "drop" | "allow";
}

/** Facts about one host that no provider resource holds (`hosts` config). */
export interface HostFactsDecl {
    /** Net.ReversePathFwdCheckPromisc (U4). */
    rpfCheckPromisc?: boolean;
    /** ESXi version ("8.0.3"); decides the RPF-promisc default when `rpfCheckPromisc` is not given. */
    esxiVersion?: string;
    /** The physical side of the host's links (L1–L3). */
    portChannel?: "none" | "static" | "lacp";
    /** Native VLAN of the host's physical switch ports (V7). */
    nativeVlan?: number;
}

/** The shared declarations, written once in the config of `nested-workloads-reachable`. */
export interface Declarations {
    workloads?: WorkloadDecl[];
    flows?: FlowDecl[];
    /** Port group (Pulumi resource name) → its MAC learning policy, set outside Pulumi (T4). */
    macLearning?: Record<string, MacLearningDecl>;
    /** Network id not defined in the stack (a `getNetwork` result) → Pulumi resource name of the port group. */
    networks?: Record<string, string>;
    /** Host id (`host-101`), Host resource name, or `*` → facts the stack cannot say. */
    hosts?: Record<string, HostFactsDecl>;
    /** Provider version to assume for T2 when the stack does not say (e.g. "4.17.0"). */
    providerVersion?: string;
    /**
     * Inventories of the networks the stack does not define: paths of `vsnet inventory` files or
     * `pulumi stack export`s (relative to the working directory), or parsed inventories.
     */
    inventory?: string | Array<string | Record<string, unknown>>;
    /** An inventory taken longer ago than this gets an advisory; default 30. */
    inventoryMaxAgeDays?: number;
    /**
     * The vCenter this stack's networks live in: its server name or instance uuid (one, or a list
     * of names of the same vCenter). A vCenter inventory of another one is not used.
     */
    vcenter?: string | string[];
}

export type DiagnosticKind =
    | "unknown" // a value not known during preview that the pack could not resolve
    | "unmanaged-network" // a NIC on a network no resource in the stack defines
    | "config" // a declaration that is malformed or names nothing
    | "property" // a resource property of the wrong type or form
    | "reference" // a reference to something missing
    | "inventory"; // an inventory (config `inventory`) that is unreadable, stale, of another vCenter, or disagrees with the stack

export interface Diagnostic {
    kind: DiagnosticKind;
    message: string;
    /** Resource the diagnostic is about, when there is one. */
    urn?: string;
    /** Property path on that resource (`networkInterfaces[1].macAddress`). */
    property?: string;
    /** Config path (`workloads[2].nestedIn`). */
    configPath?: string;
}

export type ObjectKind =
    | "host"
    | "hostVirtualSwitch"
    | "hostPortGroup"
    | "distributedVirtualSwitch"
    | "distributedPortGroup"
    | "virtualMachine"
    | "vnic" // a host's VMkernel NIC (K1)
    | "implicit"; // made up by the translation (a switch not in the stack, a placeholder host)

/** Which resource a model object came from, for wording messages. */
export interface ObjectInfo {
    kind: ObjectKind;
    /** Pulumi resource name, or a description for implicit objects. */
    name: string;
    urn?: string;
    type?: string;
    /** Read from an inventory, not defined by this stack: where it lives ("vCenter inventory vc01", "stack platform/prod"). */
    inventory?: string;
    /** The same, as data: where a change to it is made. */
    inventoryRef?: InventoryRef;
}

/** Where an object read from an inventory really lives, so advice names the place to change it. */
export interface InventoryRef {
    source: "vcenter" | "stack";
    /** The vCenter server (`vc01.example.com`) or the stack (`platform-net/prod`). */
    where: string;
    /** Its id there (`dvportgroup-13`, a DVS uuid, `host-21/VM Network`) and its name. */
    id: string;
    name: string;
    /** The resource in that stack (stack exports). */
    urn?: string;
    /** VMs the inventory shows on this port group that are not of this stack (their needs are not declared here). */
    others?: string[];
    /** VMs the inventory could not read, which may be on it. */
    unreadableVms?: string[];
}

export interface EndpointInfo {
    /** Workload name as declared, or a made-up name for implicit guests and VMs. */
    name: string;
    source: "declared" | "implicit" | "vm";
    /** The resource that owns its port: the VM (the nested hypervisor for a guest), or the Vnic of a host's VMkernel NIC. */
    vmUrn?: string;
    /** The port group it sits on (for externals: the port group named in `external`). */
    portGroupId?: string;
    /** K3: a host VMkernel NIC's TCP/IP stack (`netstack`; "default" when unset); layer 3 only. */
    netstack?: string;
}

export interface ConversationInfo extends ConversationSpec {
    source: "declared" | "implicit";
    /** Index in `flows[]` for declared conversations. */
    flowIndex?: number;
}

/** A declared workload that was skipped, and the port groups it may sit on (undefined: cannot tell). */
export interface SkippedWorkload {
    name: string;
    configPath: string;
    portGroupIds?: string[];
}

export interface Translation {
    model: Model;
    conversations: ConversationInfo[];
    diagnostics: Diagnostic[];
    /** Model object id (host, switch, port group, port) → where it came from. */
    objects: Map<string, ObjectInfo>;
    endpoints: Map<string, EndpointInfo>;
    /** Declared workloads that were skipped, and the port groups they may sit on (undefined: cannot tell). */
    skipped: SkippedWorkload[];
    /** Provider version used for T2, and where it came from ("provider resource", "config", "assumed current"). */
    providerVersion: { version?: string; source: string; inheritsUnset: boolean };
}
