// Webhook deliveries signed as Vonage's secure callbacks are: an HS256 JWT in the Authorization
// header (issuer "Vonage", the application, a hash of the body), with the signature secret.
import { createHash, createHmac, randomUUID } from "node:crypto";

/** An HTTP delivery as it reaches the platform: headers and the raw body. */
export interface SignedCallback {
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export interface CallbackSigningOptions {
  /** Signing secret; `null` sends the delivery unsigned. Default: the application's secret. */
  readonly secret?: string | null;
  /** When the token was issued (epoch milliseconds). Default: the emulator's clock. */
  readonly signedAt?: number;
  /** Claims added to (or replacing) the usual ones; `undefined` removes one. */
  readonly claims?: Readonly<Record<string, unknown>>;
  /** Write "Bearer " before the token (default true). */
  readonly bearer?: boolean;
}

const encode = (value: unknown) => Buffer.from(JSON.stringify(value), "utf8").toString("base64url");

export function signCallback(
  payload: object | string,
  options: CallbackSigningOptions & {
    readonly applicationId: string;
    readonly defaultSecret: string;
    readonly now: number;
  },
): SignedCallback {
  const body = typeof payload === "string" ? payload : JSON.stringify(payload);
  const headers: Record<string, string> = { "content-type": "application/json" };
  const secret = options.secret === undefined ? options.defaultSecret : options.secret;
  if (secret !== null) {
    const signedAt = options.signedAt ?? options.now;
    const claims = {
      iat: Math.floor(signedAt / 1000),
      jti: randomUUID(),
      iss: "Vonage",
      application_id: options.applicationId,
      payload_hash: createHash("sha256").update(body, "utf8").digest("hex"),
      ...options.claims,
    };
    const signed = `${encode({ alg: "HS256", typ: "JWT" })}.${encode(claims)}`;
    const signature = createHmac("sha256", secret).update(signed, "utf8").digest("base64url");
    headers.authorization = `${options.bearer === false ? "" : "Bearer "}${signed}.${signature}`;
  }
  return { headers, body };
}
