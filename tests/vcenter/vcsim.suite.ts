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
        proc = spawn(BIN, ["-cert-dir", dir], { env: { ...process.env, VCSIM_PASSWORD: PASSWORD }, stdio: ["pipe", "pipe", "inherit"] });
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
    });
});
