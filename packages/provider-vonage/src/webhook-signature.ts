// Verification of Vonage secure callbacks (R-SEC-1): an HS256 JWT in the Authorization header,
// signed with one of the application's signature secrets (Vonage lets session monitoring, archive
// and broadcast callbacks each have their own), issued within 5 minutes of the clock.
// Refusals say what was wrong, never what the header held.
import { createHash, createHmac, type KeyObject, timingSafeEqual } from "node:crypto";
import { type WebhookRefusalReason, webhookRefusal } from "@onair/core";
import * as z from "zod";

/** Deliveries signed longer ago (or further ahead) than this are refused. */
export const webhookTolerance = 5 * 60_000;

/** The issuer Vonage writes in the tokens of its signed callbacks. */
export const vonageIssuer = "Vonage";

export type RawHeaders = Readonly<Record<string, string | readonly string[] | undefined>>;

const claimsSchema = z.object({
  iat: z.number().finite(),
  exp: z.number().finite().optional(),
  nbf: z.number().finite().optional(),
  iss: z.string().optional(),
  application_id: z.string().optional(),
  payload_hash: z.string().optional(),
});

const headerSchema = z.object({ alg: z.string(), typ: z.string().optional() });

const segment = /^[A-Za-z0-9_-]+$/;

/** A refusal with the reason the core counts (`service.health()`): never a header value. */
const unauthorized = (message: string, reason: WebhookRefusalReason = "signature") =>
  webhookRefusal("UNAUTHORIZED", message, reason);

/** Reads one header by name, whatever its case; several values for one header are refused. */
export function headerOf(headers: RawHeaders, name: string): string | null {
  let found: string | null = null;
  let seen = false;
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== name) continue;
    // The same header under two spellings is as ambiguous as two values: neither is chosen.
    if (seen) return null;
    seen = true;
    if (typeof value === "string") found = value;
    else if (Array.isArray(value) && value.length === 1 && typeof value[0] === "string")
      found = value[0];
    else return null;
  }
  return found;
}

function decodeJson(part: string): unknown {
  try {
    return JSON.parse(Buffer.from(part, "base64url").toString("utf8"));
  } catch {
    return undefined;
  }
}

/**
 * Whether `signature` is the HS256 signature of `signingInput` under one of `keys`. Every key is
 * compared, each in constant time, whatever the outcome of the others: the time taken does not
 * tell which secret (if any) matched.
 */
function signedWithOneOf(
  keys: readonly KeyObject[],
  signingInput: string,
  signature: Buffer,
): boolean {
  let matched = false;
  for (const key of keys) {
    const expected = createHmac("sha256", key).update(signingInput, "utf8").digest();
    const equal = signature.length === expected.length && timingSafeEqual(signature, expected);
    matched = equal || matched;
  }
  return matched;
}

/**
 * Throws LiveError UNAUTHORIZED (its `reason`: `unsigned`, `stale` for the times, else
 * `signature`) unless `headers` carry a token signed with one of `keys`, issued
 * within 5 minutes of `now`, for this application, and (when the token says so) for exactly this
 * body.
 */
export function verifyCallbackSignature(
  headers: RawHeaders,
  body: Uint8Array,
  options: {
    readonly keys: readonly KeyObject[];
    readonly applicationId: string;
    readonly now: number;
  },
): void {
  const authorization = headerOf(headers, "authorization");
  if (authorization === null || authorization.trim() === "") {
    throw unauthorized("The webhook delivery is not signed.", "unsigned");
  }
  const token = authorization.trim().replace(/^bearer\s+/i, "");
  const parts = token.split(".");
  if (parts.length !== 3 || !parts.every((part) => segment.test(part))) {
    throw unauthorized("The webhook signature is not a JWT.");
  }
  const [encodedHeader = "", encodedClaims = "", encodedSignature = ""] = parts;
  const header = headerSchema.safeParse(decodeJson(encodedHeader));
  // Only HS256: a token choosing its own algorithm ("none", RS256 with the secret as a public key)
  // must never pass.
  if (!header.success || header.data.alg !== "HS256") {
    throw unauthorized("The webhook signature does not use HS256.");
  }
  const given = Buffer.from(encodedSignature, "base64url");
  if (!signedWithOneOf(options.keys, `${encodedHeader}.${encodedClaims}`, given)) {
    throw unauthorized("The webhook signature does not match any signature secret.");
  }
  const claims = claimsSchema.safeParse(decodeJson(encodedClaims));
  if (!claims.success) throw unauthorized("The webhook token has no valid issue time.");
  const { iat, exp, nbf, iss, application_id, payload_hash } = claims.data;
  if (Math.abs(options.now - iat * 1000) > webhookTolerance) {
    throw unauthorized("The webhook token was not issued within 5 minutes of now.", "stale");
  }
  if (exp !== undefined && options.now > exp * 1000) {
    throw unauthorized("The webhook token has expired.", "stale");
  }
  if (nbf !== undefined && options.now + webhookTolerance < nbf * 1000) {
    throw unauthorized("The webhook token is not valid yet.", "stale");
  }
  if (iss !== undefined && iss !== vonageIssuer) {
    throw unauthorized("The webhook token was not issued by Vonage.");
  }
  if (application_id !== undefined && application_id !== options.applicationId) {
    throw unauthorized("The webhook token is for another application.");
  }
  if (payload_hash !== undefined) {
    const actual = createHash("sha256").update(body).digest();
    const claimed = /^[0-9a-fA-F]{64}$/.test(payload_hash)
      ? Buffer.from(payload_hash, "hex")
      : Buffer.alloc(0);
    if (claimed.length !== actual.length || !timingSafeEqual(claimed, actual)) {
      throw unauthorized("The webhook body does not match its signature.");
    }
  }
}
