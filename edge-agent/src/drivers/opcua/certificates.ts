import { createHash, X509Certificate } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { OPCUACertificateManager } from "node-opcua";

/**
 * The agent's OPC UA PKI, in `<dataDir>/pki` (node-opcua's layout: own/ for the agent's
 * certificate, created on first use; trusted/ and rejected/ for servers). Always an explicit
 * folder: node-opcua's default is a directory under $HOME shared by every program on the machine.
 */
export function pkiDirOf(dataDir: string): string {
  return join(dataDir, "pki");
}

/**
 * A view of the store as it is on disk now. No file watchers: node-opcua-pki's watchers start in
 * the background and can miss a certificate that `onramp-agent trust` (another process) moves in
 * while they start, leaving a trusted server refused until restart. Trust decisions therefore use
 * a store opened for the decision (`withFreshStore`); the long-lived one only serves the agent's
 * own certificate and key to the clients.
 */
export async function openCertificateManager(dataDir: string): Promise<OPCUACertificateManager> {
  const manager = new OPCUACertificateManager({
    rootFolder: pkiDirOf(dataDir),
    // Never: a server certificate is trusted by `onramp-agent trust` or tofu=1, both explicit.
    automaticallyAcceptUnknownCertificate: false,
    disableFileWatchers: true,
  });
  await manager.initialize();
  return manager;
}

export async function withFreshStore<T>(
  dataDir: string,
  use: (store: OPCUACertificateManager) => Promise<T>,
): Promise<T> {
  const store = await openCertificateManager(dataDir);
  try {
    return await use(store);
  } finally {
    await store.dispose();
  }
}

/** The leaf certificate of a DER chain (OPC 10000-6 §6.2.3 lets a server send its chain concatenated). */
export function leafCertificate(der: Buffer): Buffer {
  // SEQUENCE, definite length: short form, or long form with 1–4 length bytes.
  if (der[0] !== 0x30 || der.length < 2) return der;
  const first = der[1] ?? 0;
  if (first < 0x80) return der.subarray(0, 2 + first);
  const lengthBytes = first & 0x7f;
  let length = 0;
  for (let i = 0; i < lengthBytes; i++) length = length * 256 + (der[2 + i] ?? 0);
  return der.subarray(0, 2 + lengthBytes + length);
}

export interface CertificateSummary {
  /** SHA-256 of the leaf certificate's DER, lower-case hex (what `trust --thumbprint` takes). */
  readonly thumbprint: string;
  readonly subject: string;
  readonly applicationUri: string | undefined;
  readonly validTo: string;
}

export function summariseCertificate(der: Buffer): CertificateSummary {
  const leaf = leafCertificate(der);
  const thumbprint = createHash("sha256").update(leaf).digest("hex");
  try {
    const x509 = new X509Certificate(leaf);
    const uri = /URI:([^,\s]+)/.exec(x509.subjectAltName ?? "")?.[1];
    return {
      thumbprint,
      subject: x509.subject.replace(/\n/g, ", "),
      applicationUri: uri,
      validTo: x509.validTo,
    };
  } catch {
    return {
      thumbprint,
      subject: "(unparseable certificate)",
      applicationUri: undefined,
      validTo: "unknown",
    };
  }
}

/** `3f2a…` → `3F:2A:…`, the notation certificate dialogs (UaExpert, browsers) show. */
export function colonHex(thumbprint: string): string {
  return thumbprint.toUpperCase().replace(/(..)(?!$)/g, "$1:");
}

/**
 * Trust-on-first-use pins: endpoint URL → SHA-256 thumbprint of the certificate trusted the
 * first time. A later, different certificate is refused: that is what makes TOFU safer than
 * trusting whatever comes.
 */
export class TofuPins {
  readonly #file: string;

  constructor(dataDir: string) {
    this.#file = join(pkiDirOf(dataDir), "tofu-pins.json");
  }

  async get(endpointUrl: string): Promise<string | undefined> {
    return (await this.#read())[endpointUrl];
  }

  async set(endpointUrl: string, thumbprint: string): Promise<void> {
    const pins = { ...(await this.#read()), [endpointUrl]: thumbprint };
    await mkdir(join(this.#file, ".."), { recursive: true });
    const tmp = `${this.#file}.${process.pid}.tmp`;
    await writeFile(tmp, `${JSON.stringify(pins, null, 2)}\n`);
    await rename(tmp, this.#file);
  }

  /** A missing file is "no pins"; a corrupt one throws: it must never read as "nothing pinned yet". */
  async #read(): Promise<Record<string, string>> {
    let text: string;
    try {
      text = await readFile(this.#file, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return {};
      throw error;
    }
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
      throw new Error(`${this.#file} is not a JSON object of endpoint → thumbprint`);
    }
    return parsed as Record<string, string>;
  }
}
