// Checks the Authorization of a REST request as Vonage does: a Bearer JWT signed RS256 with the
// application's private key (checked with its public key), naming the application, not expired.
// Vonage's reference answers a failed authentication of the Video REST API with 403, never 401:
// so does the emulator.
import { type KeyObject, verify } from "node:crypto";

export type AuthVerdict =
  | { readonly ok: true; readonly applicationId: string }
  | { readonly ok: false; readonly status: 403; readonly message: string };

const segment = /^[A-Za-z0-9_-]+$/;

/** Vonage's JWT guide: at most 24 hours. */
export const maxRequestTokenLifetimeSeconds = 24 * 3600;

function json(part: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, "base64url").toString("utf8"));
    return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

const refuse = (message: string): AuthVerdict => ({ ok: false, status: 403, message });

/**
 * `now` is the real time in milliseconds: the token was signed by real code at real time, even
 * when the emulated world runs on a test clock.
 */
export function checkRequestAuth(
  authorization: string | null,
  options: { readonly publicKey: KeyObject; readonly applicationId: string; readonly now: number },
): AuthVerdict {
  const match = /^Bearer ([^\s]+)$/.exec(authorization ?? "");
  if (match === null) return refuse("Missing or malformed Authorization header.");
  const parts = (match[1] ?? "").split(".");
  if (parts.length !== 3 || !parts.every((part) => segment.test(part))) {
    return refuse("The Authorization token is not a JWT.");
  }
  const [encodedHeader = "", encodedClaims = "", signature = ""] = parts;
  const header = json(encodedHeader);
  if (header?.alg !== "RS256") return refuse("The Authorization token must be RS256.");
  const valid = verify(
    "sha256",
    Buffer.from(`${encodedHeader}.${encodedClaims}`, "utf8"),
    options.publicKey,
    Buffer.from(signature, "base64url"),
  );
  if (!valid) return refuse("Invalid Authorization token signature.");
  const claims = json(encodedClaims);
  if (claims === null) return refuse("The Authorization token has no claims.");
  const now = options.now / 1000;
  if (typeof claims.iat !== "number") return refuse("The Authorization token has no iat.");
  if (typeof claims.exp !== "number" || claims.exp <= now) {
    return refuse("The Authorization token has expired.");
  }
  // Vonage's JWT guide: an application token lives at most 24 hours, and one whose `nbf` (not
  // before) is still to come is not valid yet.
  if (claims.exp > now + maxRequestTokenLifetimeSeconds) {
    return refuse("The Authorization token expires more than 24 hours from now.");
  }
  if (claims.nbf !== undefined && (typeof claims.nbf !== "number" || claims.nbf > now)) {
    return refuse("The Authorization token is not valid yet (nbf).");
  }
  if (typeof claims.jti !== "string" || claims.jti === "") {
    return refuse("The Authorization token has no jti.");
  }
  if (claims.application_id !== options.applicationId) {
    return refuse("The Authorization token is for another application.");
  }
  return { ok: true, applicationId: options.applicationId };
}
