/**
 * Issue 11, secrets, through `vsnet`: a stack export (`--show-secrets`, so the values are readable)
 * with a secret in every property the pack reads — names, ids, NIC names, MACs, VLAN numbers and
 * ranges, private VLANs, every boolean setting, teaming keywords, versions, guest ids — through
 * `check` (text, JSON, SARIF, markdown), `trace` (text, JSON), `diff` (text, JSON, SARIF,
 * markdown) and `report` (HTML). No secret value may appear in any output; the output names the
 * properties and says "secret".
 *
 * And the stronger form: the same stack with *other* secret values (names renamed, numbers
 * changed, booleans flipped, keywords swapped) gives the very same output, so nothing printed
 * depends on a secret value — not a verdict, not a fix, not a piece of advice.
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { gunzipSync } from "node:zlib";
import { TYPE as T } from "../../translate/tokens";
import { show, vsnet, type Run } from "./run";

const SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/** The secret values of one variant. Strings keep their length and order between variants. */
interface Variant {
    /** In the file names (which are not secret). */
    key: string;
    /** Starts every secret string. */
    tag: string;
    bool: boolean;
    vlan: number;
    range: [number, number];
    secondary: number;
    mac: string;
    teaming: string;
    lacpMode: string;
    guestId: string;
    dvsVersion: string;
    providerVersion: string;
}

export const A: Variant = { key: "a", tag: "SECRETA", bool: true, vlan: 3917, range: [3900, 3923], secondary: 3931, mac: "02:5e:c7:e7:0a:01", teaming: "loadbalance_ip", lacpMode: "active", guestId: "vmkernel8Guest", dvsVersion: "8.0.0", providerVersion: "4.17.0" };
export const B: Variant = { key: "b", tag: "SECRETB", bool: false, vlan: 2477, range: [2401, 2489], secondary: 2433, mac: "02:5e:c7:e7:0b:01", teaming: "loadbalance_srcid", lacpMode: "passive", guestId: "ubuntu64Guest", dvsVersion: "6.5.0", providerVersion: "4.14.0" };

const urn = (type: string, name: string) => `urn:pulumi:lab::canary::${type}::${name}`;
const PROVIDER = urn(T.provider, "default");

/** A secret as `pulumi stack export --show-secrets` writes it. */
const S = (v: unknown) => ({ [SIG_KEY]: SECRET_SIG, plaintext: JSON.stringify(v) });

function resource(type: string, name: string, props: Record<string, unknown>, deps: Record<string, string[]> = {}, id = `${name}-id`): Record<string, unknown> {
    const r: Record<string, unknown> = { urn: urn(type, name), custom: true, id, type, inputs: props, outputs: props, dependencies: [...new Set(Object.values(deps).flat())], propertyDependencies: deps };
    if (type !== T.provider) r.provider = `${PROVIDER}::provider-id`;
    return r;
}

/** The canary lab: every property the pack reads holds a secret somewhere. */
export function stack(v: Variant, opts: { after?: boolean } = {}): unknown {
    const s = (x: string) => `${v.tag}-${x}`;
    const host1 = s("host-11");
    const host2 = s("host-12");
    const dvs = resource(T.dvs, "lab-vds", {
        name: S(s("vds-name")),
        version: S(v.dvsVersion),
        hosts: [
            { hostSystemId: S(host1), devices: S([s("vmnic1"), s("vmnic2")]) },
            { hostSystemId: S(host2), devices: [S(s("vmnic1")), "vmnic9"] },
        ],
        uplinks: S([s("up1"), s("up2")]),
        activeUplinks: S([s("up1")]),
        standbyUplinks: [S(s("up2"))],
        teamingPolicy: S(v.teaming),
        notifySwitches: S(v.bool),
        checkBeacon: S(!v.bool),
        lacpEnabled: S(v.bool),
        lacpMode: S(v.lacpMode),
        allowPromiscuous: S(v.bool),
        allowForgedTransmits: S(!v.bool),
        allowMacChanges: S(v.bool),
        blockAllPorts: S(!v.bool),
        pvlanMappings: S([{ primaryVlanId: v.vlan - 1, secondaryVlanId: v.secondary, pvlanType: "isolated" }]),
    });
    const pg = resource(
        T.dvpg,
        "lab-pg",
        {
            name: S(s("pg-name")),
            distributedVirtualSwitchUuid: S(s("dvs-uuid")),
            vlanId: S(v.vlan),
            key: S(s("pg-key")),
            allowPromiscuous: S(v.bool),
            allowForgedTransmits: S(!v.bool),
            allowMacChanges: S(v.bool),
            activeUplinks: S([s("up1")]),
            standbyUplinks: S([s("up2")]),
            teamingPolicy: S(v.teaming),
            notifySwitches: S(v.bool),
            checkBeacon: S(v.bool),
            lacpEnabled: S(v.bool),
            blockAllPorts: S(v.bool),
        },
        { distributedVirtualSwitchUuid: [urn(T.dvs, "lab-vds")] },
    );
    const trunk = resource(T.dvpg, "trunk-pg", { name: "trunk-pg", distributedVirtualSwitchUuid: S(s("dvs-uuid")), vlanRanges: S([{ minVlan: v.range[0], maxVlan: v.range[1] }]), allowForgedTransmits: true }, { distributedVirtualSwitchUuid: [urn(T.dvs, "lab-vds")] });
    const pvlan = resource(T.dvpg, "pvlan-pg", { name: "pvlan-pg", distributedVirtualSwitchUuid: S(s("dvs-uuid")), portPrivateSecondaryVlanId: S(v.secondary) }, { distributedVirtualSwitchUuid: [urn(T.dvs, "lab-vds")] });
    const vm = (name: string, host: string, net: string, extra: Record<string, unknown> = {}) =>
        resource(T.vm, name, { name: S(s(`${name}-vmname`)), guestId: S(v.guestId), nestedHvEnabled: S(v.bool), hostSystemId: S(host), networkInterfaces: [{ networkId: S(s(`net-${net}`)), useStaticMac: S(v.bool), macAddress: S(name === "esxi-01" ? v.mac : `02:00:00:00:00:0${name.length}`) }], ...extra }, { networkInterfaces: [urn(T.dvpg, net)] });
    // (A resource id is never secret in Pulumi: the Host's is plain.)
    const host = resource(T.host, "esx-a", { hostname: "esx-a.lab" }, {}, "host-99");
    const vss = resource(T.vss, "lab-vswitch", { name: S(s("vSwitch1")), hostSystemId: S(s("host-21")), networkAdapters: S([s("vmnic5")]), activeNics: S([s("vmnic5")]), standbyNics: S([s("vmnic6")]), teamingPolicy: S(v.teaming === "loadbalance_ip" ? "failover_explicit" : "loadbalance_srcmac"), notifySwitches: S(v.bool), checkBeacon: S(v.bool), allowPromiscuous: S(v.bool), allowForgedTransmits: S(v.bool), allowMacChanges: S(!v.bool) });
    const hpg = resource(T.hpg, "nested-pg", { name: S(s("hpg-name")), hostSystemId: S(s("host-21")), virtualSwitchName: S(s("vSwitch1")), vlanId: S(v.vlan + 1), key: S(s("hpg-key")), allowPromiscuous: S(v.bool), allowForgedTransmits: S(v.bool), allowMacChanges: S(v.bool), activeNics: S([s("vmnic5")]), standbyNics: [], teamingPolicy: S("failover_explicit"), notifySwitches: S(!v.bool), checkBeacon: S(v.bool) }, { virtualSwitchName: [urn(T.vss, "lab-vswitch")] });
    const vmk = resource(T.vnic, "lab-vmk", { host: S(host1), distributedSwitchPort: S(s("dvs-uuid")), distributedPortGroup: S(s("pg-key")), netstack: S(s("netstack")), mac: S(v.mac.replace(/01$/, "07")), mtu: S(v.bool ? 9000 : 1500) }, { distributedSwitchPort: [urn(T.dvs, "lab-vds")], distributedPortGroup: [urn(T.dvpg, "lab-pg")] });
    const provider = resource(T.provider, "default", { version: S(v.providerVersion), password: S(s("password")) }, {}, "provider-id");
    const resources = [
        { urn: urn("pulumi:pulumi:Stack", "canary-lab"), custom: false, type: "pulumi:pulumi:Stack", inputs: {}, outputs: {} },
        provider,
        host,
        dvs,
        pg,
        trunk,
        pvlan,
        vm("esxi-01", host1, "lab-pg"),
        vm("esxi-02", host2, "lab-pg"),
        vm("esxi-03", s("host-21"), "nested-pg"),
        vm("trunk-vm", host1, "trunk-pg"),
        vm("pvlan-vm", host2, "pvlan-pg"),
        vss,
        hpg,
        vmk,
        // A plain port group and VM whose names and VLAN look like the secrets: they are not secret.
        resource(T.dvpg, "plain-pg", { name: "plain-pg", distributedVirtualSwitchUuid: S(s("dvs-uuid")), vlanId: 3917 }, { distributedVirtualSwitchUuid: [urn(T.dvs, "lab-vds")] }),
        resource(T.vm, "web-3917", { name: "web-3917", hostSystemId: S(host1), networkInterfaces: [{ networkId: "plain-net" }] }, { networkInterfaces: [urn(T.dvpg, "plain-pg")] }),
    ];
    // The change `diff` sees: the trunk stops accepting forged transmits (the trunked guest breaks).
    if (opts.after) trunk.outputs = trunk.inputs = { ...(trunk.inputs as Record<string, unknown>), allowForgedTransmits: false };
    return { version: 3, deployment: { manifest: { time: "2026-01-01T00:00:00Z", magic: "m", version: "v3.200.0" }, resources } };
}

export const CONFIG = {
    "nested-workloads-reachable": {
        workloads: [
            { name: "inner", nestedIn: "esxi-01", mac: "00:50:56:aa:00:01" },
            { name: "gw", external: "lab-pg", mac: "00:11:22:33:44:55" },
            { name: "trunked", nestedIn: "trunk-vm", mac: "00:50:56:aa:00:02", vlan: 30 },
        ],
        flows: [{ from: "inner", to: "gw" }, { from: "trunked", to: "gw" }],
        waivers: [{ policy: "duplicate-mac-addresses", resource: "esxi-*", reason: "reviewed" }],
    },
};

/** The HTML report as it can be read: the page, and its data chunks inflated (report/data.ts: gzip, base64). */
function reportText(page: string): string {
    const m = /<script type="application\/json" id="vsnet-data">([^<]*)<\/script>/.exec(page);
    assert.ok(m, "the report's data");
    const { z } = JSON.parse(m[1]) as { z: string[] };
    return [page, ...z.map((chunk) => gunzipSync(Buffer.from(chunk, "base64")).toString("utf8"))].join("\n");
}

/** Every secret string of a variant, and its numbers as whole tokens. */
function leaks(v: Variant, text: string): string[] {
    const out: string[] = [];
    if (text.includes(v.tag)) out.push(`${v.tag}…: ${text.slice(Math.max(0, text.indexOf(v.tag) - 120), text.indexOf(v.tag) + 60)}`);
    for (const m of [v.mac, v.mac.replace(/01$/, "07")]) for (const mac of [m, m.toUpperCase(), m.replace(/:/g, "-")]) if (text.includes(mac)) out.push(mac);
    for (const n of [v.vlan, v.vlan + 1, ...v.range, v.secondary, v.vlan - 1]) {
        const m = new RegExp(`(?<![0-9])${n}(?![0-9])`).exec(text);
        // 3917 is also the plain port group's VLAN: only the secret variant B's numbers are unique.
        if (m && !(v === A && n === 3917)) out.push(`${n}: ${text.slice(Math.max(0, m.index - 120), m.index + 60)}`);
    }
    return out;
}

/** What may differ between the variants' outputs: the file names and the time of the report. */
function normalised(text: string, v: Variant): string {
    return text
        .split(`canary-${v.key}`)
        .join("canary-X")
        .replace(/report-[ab]\.html/g, "report-X.html")
        .replace(/\d{4}-\d\d-\d\d \d\d:\d\d UTC/g, "<time>")
        .replace(/"(startTimeUtc|endTimeUtc)": "[^"]*"/g, '"$1": ""');
}

describe("vsnet: secrets in every property the pack reads", function () {
    this.timeout(600_000);
    let tmp: string;
    const runs: Record<string, Run> = {};
    const html: Record<string, string> = {};

    before(async () => {
        tmp = fs.mkdtempSync(path.join(os.tmpdir(), "vsnet-secrets-"));
        const config = path.join(tmp, "config.json");
        fs.writeFileSync(config, JSON.stringify(CONFIG));
        const jobs: Array<Promise<void>> = [];
        for (const v of [A, B]) {
            const file = path.join(tmp, `canary-${v.key}.json`);
            const after = path.join(tmp, `canary-${v.key}-after.json`);
            fs.writeFileSync(file, JSON.stringify(stack(v), null, 2));
            fs.writeFileSync(after, JSON.stringify(stack(v, { after: true }), null, 2));
            const cases: Record<string, string[]> = {
                checkText: ["check", file, "--config", config],
                checkJson: ["check", file, "--config", config, "--format", "json"],
                checkSarif: ["check", file, "--config", config, "--format", "sarif"],
                checkMarkdown: ["check", file, "--config", config, "--format", "markdown"],
                traceText: ["trace", file, "--config", config, "--from", "inner", "--to", "gw"],
                traceJson: ["trace", file, "--config", config, "--from", "trunked", "--to", "gw", "--format", "json"],
                traceUnknown: ["trace", file, "--config", config, "--from", "inner", "--to", "nobody"],
                diffText: ["diff", file, after, "--config", config],
                diffJson: ["diff", file, after, "--config", config, "--format", "json"],
                diffSarif: ["diff", file, after, "--config", config, "--format", "sarif"],
                diffMarkdown: ["diff", file, after, "--config", config, "--format", "markdown"],
                report: ["report", file, "--config", config, "-o", path.join(tmp, `report-${v.key}.html`)],
            };
            for (const [name, args] of Object.entries(cases)) {
                jobs.push(
                    vsnet(args, { cwd: tmp }).then((r) => {
                        runs[`${v.tag}:${name}`] = r;
                    }),
                );
            }
        }
        await Promise.all(jobs);
        for (const v of [A, B]) html[v.tag] = reportText(fs.readFileSync(path.join(tmp, `report-${v.key}.html`), "utf8"));
    });
    after(() => fs.rmSync(tmp, { recursive: true, force: true }));

    const names = ["checkText", "checkJson", "checkSarif", "checkMarkdown", "traceText", "traceJson", "traceUnknown", "diffText", "diffJson", "diffSarif", "diffMarkdown", "report"];

    it("every command ran (findings exit 1, the unknown workload 2)", () => {
        for (const v of [A, B]) {
            for (const n of names) {
                const r = runs[`${v.tag}:${n}`];
                assert.ok(r.code === 0 || r.code === 1 || (n === "traceUnknown" && r.code === 2), show(r));
            }
        }
        assert.ok(runs[`${A.tag}:checkJson`].stdout.length > 2000, "the check says enough to leak if it would");
    });

    it("no secret value in any output: check, trace, diff (every format), report (HTML), warnings and errors", () => {
        for (const v of [A, B]) {
            const found: string[] = [];
            for (const n of names) {
                const r = runs[`${v.tag}:${n}`];
                for (const l of leaks(v, r.stdout + r.stderr)) found.push(`${n}: ${l}`);
            }
            for (const l of leaks(v, html[v.tag])) found.push(`report.html: ${l}`);
            assert.deepEqual(found, [], `variant ${v.tag}`);
        }
    });

    it("the outputs name the secret properties and say they are secret", () => {
        const j = JSON.parse(runs[`${A.tag}:checkJson`].stdout) as { violations: Array<{ message: string }> };
        const all = j.violations.map((x) => x.message).join("\n");
        // Names the pack uses are shown by property; settings, numbers and keywords it does not use are listed.
        for (const p of ["hostSystemId", "networkInterfaces[0].macAddress", "networkInterfaces[0].networkId"]) assert.match(all, new RegExp(`\\[secret ${p.replace(/[[\].]/g, "\\$&")}( #\\d+)?\\]`), p);
        for (const p of ["allowPromiscuous", "allowForgedTransmits", "allowMacChanges", "vlanId", "teamingPolicy", "lacpMode", "version", "guestId", "nestedHvEnabled", "vlanRanges", "portPrivateSecondaryVlanId", "pvlanMappings", "blockAllPorts", "notifySwitches", "checkBeacon", "lacpEnabled", "mtu"]) {
            assert.match(all, new RegExp(`\\b${p}\\b[^\\n]* secret\\. The pack does not use a secret setting`), p);
        }
        assert.match(runs[`${A.tag}:traceText`].stdout, /\[secret [^\]]+\]|secret: the pack does not use its value/);
        assert.match(html[A.tag], /\[secret [^\]]+\]/);
    });

    it("a plain port group's VLAN and names that merely look like a secret are still shown", () => {
        // plain-pg has VLAN 3917, the secret VLAN of variant A: nothing is redacted by value but names.
        const j = runs[`${A.tag}:traceJson`].stdout + runs[`${A.tag}:checkMarkdown`].stdout + html[A.tag];
        assert.match(j, /plain-pg/);
        assert.match(j, /web-3917/);
        assert.match(j, /VLAN 3917/);
    });

    it("the output is the same whatever the secret values are (B renames every secret name, changes every number, flips every boolean)", () => {
        for (const n of names) {
            const a = runs[`${A.tag}:${n}`];
            const b = runs[`${B.tag}:${n}`];
            assert.equal(a.code, b.code, n);
            assert.equal(normalised(b.stdout, B), normalised(a.stdout, A), `${n}: stdout`);
            assert.equal(normalised(b.stderr, B), normalised(a.stderr, A), `${n}: stderr`);
        }
        assert.equal(normalised(html[B.tag], B), normalised(html[A.tag], A), "report.html");
    });
});
