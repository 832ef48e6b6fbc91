/**
 * `npm run test:vcenter`: `vsnet inventory` against govmomi's vCenter simulator (tools/vcsim), seeded
 * through the SOAP API itself, then `vsnet check` of a lab whose VMs sit on the simulator's port
 * groups. Not part of `npm test` (it needs Go and golang-github-vmware-govmomi-dev).
 */
import * as assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { XMLParser } from "fast-xml-parser";
import { runCommand } from "../../cli/commands";
import { EXIT } from "../../cli/errors";
import { VimClient, vimParserOptions } from "../../inventory/soap";
import type { Inventory } from "../../inventory/format";

const ROOT = path.resolve(__dirname, "../../..");
const BIN = path.join(ROOT, "dist/tools/vcsim/vcsim");
const PASSWORD = "vcsim-Passw0rd!";

interface Sim {
    url: string;
    caFile: string;
    sha256: string;
}

async function cli(args: string[], cwd: string, env: Record<string, string | undefined> = {}): Promise<{ code: number; out: string; err: string }> {
    let out = "";
    let err = "";
    const saved = { ...process.env };
    Object.assign(process.env, env);
    try {
        const code = await runCommand(args, { io: { out: (t) => void (out += t), err: (t) => void (err += t), color: false, cwd } });
        return { code, out, err };
    } finally {
        for (const k of Object.keys(env)) if (saved[k] === undefined) delete process.env[k];
        Object.assign(process.env, saved);
    }
}

describe("vCenter simulator (vcsim)", function () {
    this.timeout(300000);
    let proc: ChildProcess;
    let sim: Sim;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "vsnet-vcsim-"));

    before(async function () {
        if (!fs.existsSync(BIN)) this.skip();
        // A second user that may not read host-31, dvportgroup-13 and vm-39; host-23's NICs announce native VLAN 20 over CDP.
        proc = spawn(BIN, ["-cert-dir", dir, "-restricted-user", "vsnet-limited", "-deny", "host-31,dvportgroup-13,vm-39", "-native-vlan", "host-23=20"], {
            env: { ...process.env, VCSIM_PASSWORD: PASSWORD },
            stdio: ["pipe", "pipe", "inherit"],
        });
        sim = await new Promise<Sim>((resolve, reject) => {
            let buf = "";
            proc.stdout!.on("data", (d: Buffer) => {
                buf += d.toString();
                const line = buf.split("\n")[0];
                if (buf.includes("\n")) resolve(JSON.parse(line) as Sim);
            });
            proc.on("exit", (c) => reject(new Error(`vcsim exited ${c}`)));
        });
        // Seed through the SOAP API: VLAN 20, forged transmits, MAC learning on DC0_DVPG0 (vcsim fills no policy by itself).
        const client = await VimClient.connect({ server: sim.url, timeoutMs: 10000, ca: fs.readFileSync(sim.caFile, "utf8") }, new XMLParser(vimParserOptions()));
        await client.call("Login", `<_this type="SessionManager">SessionManager</_this><userName>vsnet-reader</userName><password>${PASSWORD}</password>`);
        await client.call(
            "ReconfigureDVPortgroup_Task",
            `<_this type="DistributedVirtualPortgroup">dvportgroup-13</_this><spec><configVersion>0</configVersion><defaultPortConfig xsi:type="VMwareDVSPortSetting">` +
                `<vlan xsi:type="VmwareDistributedVirtualSwitchVlanIdSpec"><inherited>false</inherited><vlanId>20</vlanId></vlan>` +
                `<securityPolicy><inherited>false</inherited><allowPromiscuous><inherited>false</inherited><value>false</value></allowPromiscuous><macChanges><inherited>false</inherited><value>false</value></macChanges><forgedTransmits><inherited>false</inherited><value>true</value></forgedTransmits></securityPolicy>` +
                `<macManagementPolicy><inherited>false</inherited><allowPromiscuous>false</allowPromiscuous><macChanges>false</macChanges><forgedTransmits>true</forgedTransmits>` +
                `<macLearningPolicy><inherited>false</inherited><enabled>true</enabled><allowUnicastFlooding>true</allowUnicastFlooding><limit>4096</limit><limitPolicy>DROP</limitPolicy></macLearningPolicy></macManagementPolicy>` +
                `</defaultPortConfig></spec>`,
        );
        // Two hosts join the switch; one host says Net.ReversePathFwdCheckPromisc = 1.
        const hosts = ["host-23", "host-31"];
        await client.call(
            "ReconfigureDvs_Task",
            `<_this type="DistributedVirtualSwitch">dvs-9</_this><spec xsi:type="DVSConfigSpec"><configVersion>0</configVersion>` +
                hosts.map((h) => `<host><operation>add</operation><host type="HostSystem">${h}</host></host>`).join("") +
                `</spec>`,
        );
        const got = (await client.call(
            "RetrievePropertiesEx",
            `<_this type="PropertyCollector">propertyCollector</_this><specSet><propSet><type>HostSystem</type><pathSet>configManager.advancedOption</pathSet></propSet>` +
                `<objectSet><obj type="HostSystem">host-23</obj></objectSet></specSet><options/>`,
        )) as { objects: Array<{ propSet: Array<{ val: { "#text": string } }> }> };
        const om = got.objects[0].propSet[0].val["#text"];
        await client.call(
            "UpdateOptions",
            `<_this type="OptionManager">${om}</_this><changedValue><key>Net.ReversePathFwdCheckPromisc</key><value xsi:type="xsd:string">1</value></changedValue>`,
        );
        await client.call("Logout", `<_this type="SessionManager">SessionManager</_this>`);
        client.close();
    });

    after(() => {
        proc?.stdin?.end();
        proc?.kill();
    });

    it("reads the seeded port group with a CA file and with a pinned thumbprint", async () => {
        const out = path.join(dir, "inv.json");
        const r = await cli(["inventory", "-s", sim.url, "--user", "vsnet-reader", "--ca-file", sim.caFile, "-o", out], dir, { VSPHERE_PASSWORD: PASSWORD });
        assert.equal(r.code, 0, r.err);
        assert.ok(!r.err.includes(PASSWORD) && !fs.readFileSync(out, "utf8").includes(PASSWORD));
        const inv = JSON.parse(fs.readFileSync(out, "utf8")) as Inventory;
        const pg = inv.portGroups["dvportgroup-13"];
        assert.deepEqual(pg.vlan, { kind: "vlan", id: 20 });
        assert.equal(pg.security.allowForgedTransmits, true);
        assert.equal(pg.security.allowPromiscuous, false);
        assert.deepEqual(pg.macLearning, { enabled: true, allowUnicastFlooding: true, limit: 4096, limitPolicy: "drop" });
        const dvs = inv.switches[pg.switch];
        assert.deepEqual(dvs.hosts.map((h) => h.host).sort(), ["host-23", "host-31"]);
        assert.equal(inv.hosts["host-23"].rpfCheckPromisc, true);
        assert.deepEqual(inv.hosts["host-23"].nativeVlan, { vmnic0: 20, vmnic1: 20 }, "the native VLAN the CDP neighbours announce (V7)");
        assert.equal(inv.hosts["host-31"].nativeVlan, undefined, "no CDP: unknown, not 0");
        assert.equal(inv.unreadable, undefined, "a user with every right reads everything");
        const pinned = await cli(["inventory", "-s", sim.url, "--user", "vsnet-reader", "--thumbprint", sim.sha256], dir, { VSPHERE_PASSWORD: PASSWORD });
        assert.equal(pinned.code, 0, pinned.err);
    });

    it("wrong password, unverified certificate, wrong pin, unreachable: one line, its exit code, no password", async () => {
        const cases: Array<[string[], Record<string, string>, number, RegExp]> = [
            [["--ca-file", sim.caFile], { VSPHERE_PASSWORD: "not-the-password" }, EXIT.AUTH, /InvalidLogin/],
            [[], { VSPHERE_PASSWORD: PASSWORD }, EXIT.CONNECTION, /certificate .* does not verify/],
            [["--thumbprint", "AA".repeat(32)], { VSPHERE_PASSWORD: PASSWORD }, EXIT.CONNECTION, /not the pinned one/],
        ];
        for (const [extra, env, code, re] of cases) {
            const r = await cli(["inventory", "-s", sim.url, "--user", "vsnet-reader", ...extra], dir, env);
            assert.equal(r.code, code, r.err);
            assert.match(r.err, re);
            assert.equal(r.err.trim().split("\n").length, 1);
            assert.ok(!r.err.includes(PASSWORD) && !r.err.includes("not-the-password"));
        }
        const down = await cli(["inventory", "-s", "https://127.0.0.1:9/sdk", "--user", "x", "--timeout", "5"], dir, { VSPHERE_PASSWORD: PASSWORD });
        assert.equal(down.code, EXIT.CONNECTION);
    });

    it("vsnet check of a lab on the simulator's port groups gives verdicts from the inventory", async () => {
        const out = path.join(dir, "inv.json");
        const inv = JSON.parse(fs.readFileSync(out, "utf8")) as Inventory;
        const host = Object.keys(inv.hosts)[0];
        const server = new URL(sim.url).hostname;
        const T = "2026-12-01T00:00:00Z";
        const prov = "urn:pulumi:lab::vc-lab::pulumi:providers:vsphere::default";
        const vm = (name: string, net: string, mac: string) => {
            const props = { name, guestId: "vmkernel8Guest", nestedHvEnabled: true, hostSystemId: host, networkInterfaces: [{ networkId: net, macAddress: mac, useStaticMac: true }] };
            return { urn: `urn:pulumi:lab::vc-lab::vsphere:index/virtualMachine:VirtualMachine::${name}`, custom: true, id: `${name}-id`, type: "vsphere:index/virtualMachine:VirtualMachine", inputs: props, outputs: props, provider: `${prov}::p1`, created: T, modified: T };
        };
        const stack = {
            version: 3,
            deployment: {
                manifest: { time: T },
                resources: [
                    { urn: "urn:pulumi:lab::vc-lab::pulumi:pulumi:Stack::vc-lab-lab", custom: false, type: "pulumi:pulumi:Stack" },
                    { urn: prov, custom: true, id: "p1", type: "pulumi:providers:vsphere", inputs: { vsphereServer: server }, outputs: { vsphereServer: server, version: "4.17.0" } },
                    vm("esxi-a", "dvportgroup-13", "00:50:56:01:00:01"),
                    vm("esxi-b", "dvportgroup-13", "00:50:56:01:00:02"),
                    vm("esxi-c", "network-7", "00:50:56:01:00:03"),
                ],
            },
        };
        fs.writeFileSync(path.join(dir, "lab.json"), JSON.stringify(stack));
        const before = await cli(["check", path.join(dir, "lab.json"), "--format", "json", "--fail-on", "never"], dir);
        assert.match(before.out, /no port group in this stack defines/, before.err);
        const r = await cli(["check", path.join(dir, "lab.json"), "--inventory", "inv.json", "--format", "json", "--fail-on", "never"], dir);
        assert.equal(r.code, 0, r.err);
        assert.doesNotMatch(r.out, /no port group in this stack defines/);
        assert.match(r.out, /from vCenter inventory/);
        if (process.env.VSNET_DEBUG) console.log(r.out);
        // Another vCenter than the one the config names (by the instance uuid vcsim reports): not used, and said.
        assert.match(inv.source.kind === "vcenter" ? (inv.source.instanceUuid ?? "") : "", /^[0-9a-f-]{36}$/i);
        fs.writeFileSync(path.join(dir, "other-vc.json"), JSON.stringify({ "nested-workloads-reachable": { vcenter: "00000000-1111-2222-3333-444444444444" } }));
        const other = await cli(["check", path.join(dir, "lab.json"), "--config", path.join(dir, "other-vc.json"), "--inventory", "inv.json", "--format", "json", "--fail-on", "never"], dir);
        assert.equal(other.code, 0, other.err);
        assert.match(other.out, /but this stack's networks live in instance 00000000-1111-2222-3333-444444444444 \(config vcenter\)/);
        assert.match(other.out, /no port group in this stack defines/);
    });

    it("a user without read rights on part of the inventory: recorded, warned, and checked as unknown", async () => {
        const out = path.join(dir, "limited.json");
        const r = await cli(["inventory", "-s", sim.url, "--user", "vsnet-limited", "--ca-file", sim.caFile, "-o", out], dir, { VSPHERE_PASSWORD: PASSWORD });
        assert.equal(r.code, 0, r.err);
        assert.match(r.err, /not readable with this user: DistributedVirtualPortgroup dvportgroup-13: no read permission \(NoPermission/);
        assert.match(r.err, /not readable with this user: HostSystem host-31: no read permission/);
        assert.ok(!r.err.includes(PASSWORD));
        const inv = JSON.parse(fs.readFileSync(out, "utf8")) as Inventory;
        assert.deepEqual(Object.keys(inv.unreadable ?? {}).sort(), ["dvportgroup-13", "host-31", "vm-39"]);
        assert.equal(inv.portGroups["dvportgroup-13"], undefined);

        const server = new URL(sim.url).hostname;
        const T = "2026-12-01T00:00:00Z";
        const prov = "urn:pulumi:lab::vc-lab::pulumi:providers:vsphere::default";
        const vm = (name: string, net: string, host: string, mac: string) => {
            const props = { name, guestId: "vmkernel8Guest", nestedHvEnabled: true, hostSystemId: host, networkInterfaces: [{ networkId: net, macAddress: mac, useStaticMac: true }] };
            return { urn: `urn:pulumi:lab::vc-lab::vsphere:index/virtualMachine:VirtualMachine::${name}`, custom: true, id: `${name}-id`, type: "vsphere:index/virtualMachine:VirtualMachine", inputs: props, outputs: props, provider: `${prov}::p1`, created: T, modified: T };
        };
        const stack = {
            version: 3,
            deployment: {
                manifest: { time: T },
                resources: [
                    { urn: "urn:pulumi:lab::vc-lab::pulumi:pulumi:Stack::vc-lab-lab", custom: false, type: "pulumi:pulumi:Stack" },
                    { urn: prov, custom: true, id: "p1", type: "pulumi:providers:vsphere", inputs: { vsphereServer: server }, outputs: { vsphereServer: server, version: "4.17.0" } },
                    vm("esxi-a", "dvportgroup-13", "host-23", "00:50:56:02:00:01"),
                    vm("esxi-b", "network-7", "host-31", "00:50:56:02:00:02"),
                    vm("esxi-c", "network-7", "host-23", "00:50:56:02:00:03"),
                ],
            },
        };
        fs.writeFileSync(path.join(dir, "limited-lab.json"), JSON.stringify(stack));
        const c = await cli(["check", path.join(dir, "limited-lab.json"), "--inventory", "limited.json", "--format", "json", "--fail-on", "never"], dir);
        assert.equal(c.code, 0, c.err);
        const messages = (JSON.parse(c.out) as { violations: Array<{ message: string; resource: { name: string } | null }> }).violations;
        const about = (name: string) => messages.filter((v) => v.resource?.name === name).map((v) => v.message).join("\n");
        assert.match(about("esxi-a"), /NIC 0 of esxi-a is on dvportgroup-13, which vCenter inventory .* could not read: no read permission .* unknown \(undetermined\), not defaults/);
        assert.match(about("esxi-b"), /on host host-31, whose network configuration vCenter inventory .* could not read: no read permission/);
        assert.doesNotMatch(about("esxi-c"), /could not read/, "the readable host's port group is checked");
    });
});
