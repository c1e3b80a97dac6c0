// What a Vonage client SDK's connection checks in its token: signed RS256 by the application,
// for this session, not expired. The role then limits what the client may do (a subscriber
// cannot publish).
import { type KeyObject, verify } from "node:crypto";

export type ClientRole = "moderator" | "publisher" | "subscriber";

export interface ClientTokenClaims {
  readonly sessionId: string;
  readonly role: ClientRole;
  /** The connection data every client of the session will see. */
  readonly data: string;
  /** Epoch seconds. */
  readonly expiresAt: number;
}

/** Refusal of a client token, as a client SDK would report a failed connection. */
export class ClientTokenError extends Error {
  override readonly name = "ClientTokenError";
}

/** Vonage's token guide: a client token expires within 30 days of its creation. */
export const maxClientTokenLifetimeSeconds = 30 * 24 * 3600;
/** Vonage's token guide: connection data of at most 1,000 characters. */
export const maxConnectionData = 1000;

const roles: readonly string[] = ["moderator", "publisher", "subscriber"];

export function readClientToken(
  token: string,
  options: {
    readonly publicKey: KeyObject;
    readonly applicationId: string;
    readonly sessionId: string;
    /** Epoch milliseconds of the emulated world. */
    readonly now: number;
  },
): ClientTokenClaims {
  const parts = token.split(".");
  if (parts.length !== 3) throw new ClientTokenError("The token is not a JWT.");
  const [header = "", claims = "", signature = ""] = parts;
  const signed = verify(
    "sha256",
    Buffer.from(`${header}.${claims}`, "utf8"),
    options.publicKey,
    Buffer.from(signature, "base64url"),
  );
  if (!signed) throw new ClientTokenError("The token is not signed by the application.");
  let c: Record<string, unknown>;
  try {
    c = JSON.parse(Buffer.from(claims, "base64url").toString("utf8")) as Record<string, unknown>;
  } catch {
    throw new ClientTokenError("The token has no readable claims.");
  }
  if (c.application_id !== options.applicationId) {
    throw new ClientTokenError("The token is for another application.");
  }
  if (c.scope !== "session.connect" || c.session_id !== options.sessionId) {
    throw new ClientTokenError("The token is not for this session.");
  }
  if (typeof c.exp !== "number" || c.exp * 1000 <= options.now) {
    throw new ClientTokenError("The token has expired.");
  }
  // Vonage's token guide: "The expireTime value, if specified, must be within 30 days of the
  // creation time" (the token's `iat`; the connection time when it has none).
  const issuedAt = typeof c.iat === "number" ? c.iat : Math.floor(options.now / 1000);
  if (c.exp - issuedAt > maxClientTokenLifetimeSeconds) {
    throw new ClientTokenError("The token expires more than 30 days after it was made.");
  }
  // Vonage's token guide: connection data is at most 1,000 characters.
  if (typeof c.connection_data === "string" && c.connection_data.length > maxConnectionData) {
    throw new ClientTokenError("The token's connection data is over 1,000 characters.");
  }
  const role = typeof c.role === "string" && roles.includes(c.role) ? (c.role as ClientRole) : null;
  if (role === null) throw new ClientTokenError("The token has no valid role.");
  return {
    sessionId: options.sessionId,
    role,
    data: typeof c.connection_data === "string" ? c.connection_data : "",
    expiresAt: c.exp,
  };
}
