// Throwaway Vonage application credentials for tests, generated in memory at test time, so that
// no private key is ever written to a repository.
import { generateKeyPairSync, randomBytes, randomUUID } from "node:crypto";

export interface VonageTestCredentials {
  readonly applicationId: string;
  /** PKCS#8 PEM, as the Vonage dashboard hands it out. */
  readonly privateKey: string;
  /** SPKI PEM, what Vonage keeps to check the application's request tokens. */
  readonly publicKey: string;
  /** The secret of the secure callbacks. */
  readonly signatureSecret: string;
}

export interface VonageTestCredentialsOptions {
  readonly applicationId?: string;
  /** RSA key size (default 2048, like Vonage's). */
  readonly modulusLength?: number;
}

/** A fresh key pair and secrets; takes tens of milliseconds, so share it across a test file. */
export function createVonageTestCredentials(
  options: VonageTestCredentialsOptions = {},
): VonageTestCredentials {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", {
    modulusLength: options.modulusLength ?? 2048,
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
    publicKeyEncoding: { type: "spki", format: "pem" },
  });
  return {
    applicationId: options.applicationId ?? randomUUID(),
    privateKey,
    publicKey,
    signatureSecret: randomBytes(24).toString("base64url"),
  };
}
