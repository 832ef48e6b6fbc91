/**
 * A minimal, read-only vSphere Web Services (vim25 SOAP) client over `node:https`: the six calls an
 * inventory needs (RetrieveServiceContent, Login, CreateContainerView, RetrievePropertiesEx,
 * ContinueRetrievePropertiesEx, Logout). No WSDL: envelopes are written by hand, and since XML does
 * not say what is an array, `ARRAY_ELEMENTS` lists the elements that are (readers also go through
 * `list()`). TLS is verified by default, per connection (a CA file, or a pinned certificate
 * thumbprint); verification is never switched off for the process. The password is sent once, in
 * the Login body, and appears in no error message.
 */
import * as crypto from "node:crypto";
import * as https from "node:https";
import * as net from "node:net";
import * as tls from "node:tls";

/** The API version asked for: vCenter serialises for it, and hides newer properties (MAC learning, 6.7+) from older clients. */
export const API_VERSION = "8.0.3.0";

/** Elements that are arrays wherever they appear in the responses the inventory reads. */
export const ARRAY_ELEMENTS: ReadonlySet<string> = new Set([
    "objects", "propSet", "missingSet", "ManagedObjectReference", "vswitch", "portgroup", "pnic", "proxySwitch", "pnicSpec",
    "activeNic", "standbyNic", "host", "uplinkPortName", "pvlanConfig", "activeUplinkPort", "standbyUplinkPort", "device",
    "uplinkPortgroup", "lacpGroupConfig", "nicDevice", "vlanId",
]);

export type SoapErrorKind = "unreachable" | "timeout" | "tls" | "login" | "permission" | "fault" | "protocol";

export class SoapError extends Error {
    constructor(
        readonly kind: SoapErrorKind,
        message: string,
    ) {
        super(message);
        this.name = "SoapError";
    }
}

export interface ConnectOptions {
    /** Host name or address, optionally with :port; or an https URL. */
    server: string;
    timeoutMs: number;
    /** PEM of the CA(s) to trust instead of the system's. */
    ca?: string;
    /** Pinned SHA-256 (64 hex) or SHA-1 (40 hex) fingerprint of the server's certificate; colons optional. */
    thumbprint?: string;
    /** VSPHERE_ALLOW_UNVERIFIED_SSL / --insecure: accept any certificate, for this client only. */
    insecure?: boolean;
    /** Sees every response body (tests record fixtures with it). */
    onResponse?(method: string, xml: string): void;
}

export interface Parsed {
    [k: string]: unknown;
}

type XmlParser = { parse(xml: string): unknown };

/** A value that may be one element or several. */
export function list<T = unknown>(v: unknown): T[] {
    return v === undefined || v === null || v === "" ? [] : Array.isArray(v) ? (v as T[]) : [v as T];
}

/** The text of a leaf parsed with attributes (`{ "#text": "x", "@_type": … }`) or plain. */
export function text(v: unknown): string | undefined {
    if (typeof v === "string") return v;
    if (typeof v === "number" || typeof v === "boolean") return String(v);
    if (v && typeof v === "object" && "#text" in v) return String((v as Record<string, unknown>)["#text"]);
    return undefined;
}

export function xmlEscape(s: string): string {
    return s.replace(/[<>&"']/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&apos;" })[c]!);
}

function normaliseThumbprint(t: string): string {
    return t.replace(/[:\s]/g, "").toUpperCase();
}

function fingerprint(raw: Buffer, hex: string): string {
    return crypto.createHash(hex.length === 40 ? "sha1" : "sha256").update(raw).digest("hex").toUpperCase();
}

export function parseServer(server: string): { host: string; port: number; path: string } {
    const withScheme = /^[a-z]+:\/\//i.test(server) ? server : `https://${server}`;
    let u: URL;
    try {
        u = new URL(withScheme);
    } catch {
        throw new SoapError("protocol", `server ${JSON.stringify(server.slice(0, 80))} is not a host name or https URL`);
    }
    if (u.protocol !== "https:") throw new SoapError("protocol", `server must be reached over https, not ${u.protocol.replace(":", "")}`);
    const path = u.pathname && u.pathname !== "/" ? u.pathname : "/sdk";
    return { host: u.hostname.replace(/^\[(.*)\]$/, "$1"), port: u.port ? Number(u.port) : 443, path };
}

function describeNetError(e: NodeJS.ErrnoException, where: string): SoapError {
    const code = e.code ?? "";
    if (/CERT|SELF_SIGNED|UNABLE_TO|ERR_TLS|HOSTNAME|ALTNAME|SSL/.test(code) || /certificate/i.test(e.message)) {
        return new SoapError("tls", `the certificate of ${where} does not verify (${code || e.message.split("\n")[0]}); pass --ca-file with its CA, or --thumbprint with its SHA-256 fingerprint`);
    }
    if (code === "ENOTFOUND" || code === "EAI_AGAIN") return new SoapError("unreachable", `cannot resolve ${where} (${code})`);
    if (code === "ECONNREFUSED" || code === "EHOSTUNREACH" || code === "ENETUNREACH" || code === "ECONNRESET" || code === "EPIPE") return new SoapError("unreachable", `cannot connect to ${where} (${code})`);
    return new SoapError("unreachable", `cannot talk to ${where} (${code || e.message.split("\n")[0]})`);
}

/** Fetches the server's certificate without sending anything, to compare it with a pinned thumbprint. */
async function peerCertificate(host: string, port: number, timeoutMs: number): Promise<Buffer> {
    return new Promise((resolve, reject) => {
        const socket = tls.connect({ host, port, servername: net.isIP(host) ? undefined : host, rejectUnauthorized: false }, () => {
            const cert = socket.getPeerCertificate();
            socket.destroy();
            if (!cert || !cert.raw) reject(new SoapError("tls", `${host}:${port} sent no certificate`));
            else resolve(cert.raw);
        });
        socket.setTimeout(timeoutMs, () => {
            socket.destroy();
            reject(new SoapError("timeout", `${host}:${port} did not answer within ${Math.round(timeoutMs / 1000)} s`));
        });
        socket.on("error", (e) => reject(describeNetError(e, `${host}:${port}`)));
    });
}

export class VimClient {
    private cookie?: string;
    private agent?: https.Agent;
    private readonly target: { host: string; port: number; path: string };
    private readonly where: string;

    private constructor(
        private readonly opts: ConnectOptions,
        private readonly parser: XmlParser,
    ) {
        this.target = parseServer(opts.server);
        this.where = `${this.target.host}:${this.target.port}`;
    }

    static async connect(opts: ConnectOptions, parser: XmlParser): Promise<VimClient> {
        const c = new VimClient(opts, parser);
        await c.makeAgent();
        return c;
    }

    private async makeAgent(): Promise<void> {
        const { host, port } = this.target;
        const base: https.AgentOptions = { keepAlive: true, maxSockets: 1 };
        if (this.opts.thumbprint) {
            const pin = normaliseThumbprint(this.opts.thumbprint);
            if (!/^([0-9A-F]{40}|[0-9A-F]{64})$/.test(pin)) throw new SoapError("protocol", "--thumbprint must be a SHA-256 (64 hex digits) or SHA-1 (40 hex digits) fingerprint");
            const raw = await peerCertificate(host, port, this.opts.timeoutMs);
            const got = fingerprint(raw, pin);
            if (got !== pin) throw new SoapError("tls", `the certificate of ${this.where} has thumbprint ${got.replace(/(..)(?!$)/g, "$1:")}, not the pinned one`);
            // Trust exactly that certificate, and check the pin again on every connection.
            const pem = `-----BEGIN CERTIFICATE-----\n${raw.toString("base64").replace(/(.{64})/g, "$1\n")}\n-----END CERTIFICATE-----\n`;
            this.agent = new https.Agent({
                ...base,
                ca: pem,
                checkServerIdentity: (_h, cert) => (fingerprint(cert.raw, pin) === pin ? undefined : new Error("certificate thumbprint changed")),
            });
            return;
        }
        if (this.opts.insecure) this.agent = new https.Agent({ ...base, rejectUnauthorized: false });
        else this.agent = new https.Agent({ ...base, ...(this.opts.ca ? { ca: this.opts.ca } : {}) });
    }

    close(): void {
        this.agent?.destroy();
    }

    private post(body: string, action: string): Promise<{ status: number; text: string }> {
        const { host, port, path } = this.target;
        return new Promise((resolve, reject) => {
            const req = https.request(
                {
                    host,
                    port,
                    path,
                    method: "POST",
                    agent: this.agent,
                    servername: net.isIP(host) ? undefined : host,
                    headers: {
                        "Content-Type": "text/xml; charset=utf-8",
                        SOAPAction: `urn:vim25/${API_VERSION}`,
                        "Content-Length": Buffer.byteLength(body),
                        ...(this.cookie ? { Cookie: this.cookie } : {}),
                    },
                    timeout: this.opts.timeoutMs,
                },
                (res) => {
                    const set = res.headers["set-cookie"];
                    const session = set?.map((c) => c.split(";")[0]).find((c) => /^vmware_soap_session=/.test(c));
                    if (session) this.cookie = session;
                    const chunks: Buffer[] = [];
                    res.on("data", (d: Buffer) => chunks.push(d));
                    res.on("end", () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }));
                    res.on("error", (e) => reject(describeNetError(e, this.where)));
                },
            );
            req.on("timeout", () => req.destroy(new SoapError("timeout", `${this.where} did not answer ${action} within ${Math.round(this.opts.timeoutMs / 1000)} s (--timeout)`)));
            req.on("error", (e) => reject(e instanceof SoapError ? e : describeNetError(e, this.where)));
            req.end(body);
        });
    }

    /** Calls a method; returns the parsed `<returnval>` (undefined when none). Faults become `SoapError`. */
    async call(method: string, inner: string): Promise<unknown> {
        const envelope =
            `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" ` +
            `xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema">` +
            `<soapenv:Body><${method} xmlns="urn:vim25">${inner}</${method}></soapenv:Body></soapenv:Envelope>`;
        const { status, text: xml } = await this.post(envelope, method);
        this.opts.onResponse?.(method, xml);
        return parseResponse(this.parser, method, xml, status, this.where);
    }
}

/** A response body → the method's `<returnval>`; a SOAP fault or anything else → `SoapError`. */
export function parseResponse(parser: XmlParser, method: string, xml: string, status: number, where: string): unknown {
    let doc: Parsed;
    try {
        doc = parser.parse(xml) as Parsed;
    } catch {
        throw new SoapError("protocol", `${where} answered ${method} with something that is not XML (HTTP ${status})`);
    }
    const body = (doc?.Envelope as Parsed | undefined)?.Body as Parsed | undefined;
    if (!body) throw new SoapError("protocol", `${where} answered ${method} with HTTP ${status} and no SOAP body; is it a vCenter or ESXi SDK endpoint?`);
    const fault = body.Fault as Parsed | undefined;
    if (fault) throw faultError(method, fault);
    const resp = body[`${method}Response`] as Parsed | undefined;
    if (resp === undefined) throw new SoapError("protocol", `${where} answered ${method} without a ${method}Response`);
    return typeof resp === "object" ? resp.returnval : undefined;
}

function faultError(method: string, fault: Parsed): SoapError {
    const detail = fault.detail as Parsed | undefined;
    const first = detail && typeof detail === "object" ? Object.keys(detail).find((k) => !k.startsWith("@_")) : undefined;
    const inner = first ? (detail![first] as Parsed) : undefined;
    const type = (inner && typeof inner === "object" ? text(inner["@_type"]) : undefined) ?? first?.replace(/Fault$/, "") ?? "";
    const msg = text(fault.faultstring) ?? "";
    if (type === "InvalidLogin" || /InvalidLogin/.test(msg)) return new SoapError("login", "the vCenter refused the user name or password (InvalidLogin)");
    if (type === "NoPermission" || type === "NotAuthenticated") return new SoapError("permission", `the user may not ${method === "CreateContainerView" ? "browse the inventory" : `call ${method}`} (${type}); it needs the read-only role on the vCenter root`);
    return new SoapError("fault", `${method} failed: ${type || "fault"}${msg ? ` (${msg.split("\n")[0].slice(0, 160)})` : ""}`);
}

/** The XML parser for vim25 responses (fast-xml-parser, loaded by the caller). */
export function vimParserOptions(): Record<string, unknown> {
    return {
        ignoreAttributes: false,
        attributeNamePrefix: "@_",
        removeNSPrefix: true,
        parseTagValue: false,
        parseAttributeValue: false,
        trimValues: true,
        processEntities: true,
        isArray: (name: string) => ARRAY_ELEMENTS.has(name),
    };
}
