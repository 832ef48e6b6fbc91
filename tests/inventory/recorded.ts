/**
 * Recorded vCenter answers, replayed: `readVcenter` runs its real calls against a client that answers
 * each method with a response the project's vcsim (tools/vcsim) gave, parsed by the real response
 * parser (faults included). tests/fixtures/inventory/ holds them:
 *
 * - RetrievePropertiesEx.xml: the full inventory read by a user with every right;
 * - RetrievePropertiesEx-restricted.xml: the same read by vcsim's restricted user, denied host-31,
 *   dvportgroup-13 and vm-39 (`-restricted-user limited -deny host-31,dvportgroup-13,vm-39`);
 * - QueryNetworkHint-cdp.xml: host-23's NICs with the CDP neighbour vcsim announces for
 *   `-native-vlan host-23=20`;
 * - QueryOptions-invalid-name.xml: vcsim does not know Net.ReversePathFwdCheckPromisc (InvalidName).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { XMLParser } from "fast-xml-parser";
import { toInventory, readVcenter, type ReadResult } from "../../inventory/vcenter";
import { parseResponse, vimParserOptions, type VimClient } from "../../inventory/soap";
import type { Inventory } from "../../inventory/format";

export const ROOT = path.resolve(__dirname, "../../..");
export const FIX = path.join(ROOT, "tests/fixtures/inventory");

const DEFAULT_FILES: Record<string, string> = {
    RetrieveServiceContent: "RetrieveServiceContent.xml",
    Login: "Login.xml",
    CreateContainerView: "CreateContainerView.xml",
    RetrievePropertiesEx: "RetrievePropertiesEx.xml",
    QueryOptions: "QueryOptions-invalid-name.xml",
    QueryNetworkHint: "QueryNetworkHint-cdp.xml",
    Logout: "Logout.xml",
};

/** A client that answers each method with its recorded response; `calls` lists what was asked. */
export function replayClient(files: Record<string, string> = {}): { client: VimClient; calls: string[] } {
    const parser = new XMLParser(vimParserOptions());
    const all = { ...DEFAULT_FILES, ...files };
    const calls: string[] = [];
    const client = {
        async call(method: string, inner: string): Promise<unknown> {
            calls.push(`${method} ${inner.slice(0, 200)}`);
            const file = all[method];
            if (!file) throw new Error(`no recorded answer for ${method}`);
            const xml = fs.readFileSync(path.join(FIX, file), "utf8");
            return parseResponse(parser, method, xml, /<soapenv:Fault>/.test(xml) ? 500 : 200, "vc01.lab.example:443");
        },
        close() {},
    } as unknown as VimClient;
    return { client, calls };
}

/** `readVcenter` over recorded answers, then the mapping: what `vsnet inventory` writes. */
export async function recordedInventory(files: Record<string, string> = {}, takenAt = new Date()): Promise<{ read: ReadResult; inventory: Inventory; calls: string[] }> {
    const { client, calls } = replayClient(files);
    const read = await readVcenter(client, { user: "reader", password: "not-used" });
    return { read, inventory: toInventory(read, "vc01.lab.example", takenAt), calls };
}

/** A VM resource of the lab stack on a network id the stack does not define. */
export function labVm(name: string, networkId: string, opts: { host?: string; mac?: string; nested?: boolean } = {}) {
    const nested = opts.nested ?? true;
    return {
        urn: `urn:pulumi:lab::vc-lab::vsphere:index/virtualMachine:VirtualMachine::${name}`,
        type: "vsphere:index/virtualMachine:VirtualMachine",
        name,
        props: {
            name,
            guestId: nested ? "vmkernel8Guest" : "ubuntu64Guest",
            nestedHvEnabled: nested,
            networkInterfaces: [{ networkId, ...(opts.mac ? { macAddress: opts.mac, useStaticMac: true } : {}) }],
            ...(opts.host ? { hostSystemId: opts.host } : {}),
        },
        propertyDependencies: {},
        dependencies: [],
    };
}

/** The lab's vSphere provider, talking to `server`. */
export function labProvider(server: string) {
    return {
        urn: "urn:pulumi:lab::vc-lab::pulumi:providers:vsphere::default",
        type: "pulumi:providers:vsphere",
        name: "default",
        props: { vsphereServer: server, version: "4.17.0" },
        propertyDependencies: {},
        dependencies: [],
    };
}
