import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from "node:crypto";
import { mkdir, open, readFile } from "node:fs/promises";
import { dirname } from "node:path";
import { type Ed25519PublicJwk, publicJwk } from "@onramp/contract";

export interface CmdKey {
  privateKey: KeyObject;
  publicJwk: Ed25519PublicJwk;
}

/**
 * The cloud's Ed25519 key for signing `cmd` frames; gateways receive its public JWK at enrollment
 * (`cmdKeys`). Kept in a PEM file (mode 0600), created on first start: instances of one
 * deployment must share the file (mount the same secret), never generate their own.
 */
export async function loadOrCreateCmdKey(path: string): Promise<CmdKey> {
  try {
    const privateKey = createPrivateKey(await readFile(path, "utf8"));
    if (privateKey.asymmetricKeyType !== "ed25519") throw new Error(`${path} is not an Ed25519 private key`);
    return { privateKey, publicJwk: publicJwk(createPublicKey(privateKey)) };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  await mkdir(dirname(path), { recursive: true });
  // "wx": never overwrite a key another instance created meanwhile; 0600 from creation.
  const file = await open(path, "wx", 0o600);
  try {
    await file.writeFile(privateKey.export({ format: "pem", type: "pkcs8" }));
    await file.sync();
  } finally {
    await file.close();
  }
  return { privateKey, publicJwk: publicJwk(publicKey) };
}
