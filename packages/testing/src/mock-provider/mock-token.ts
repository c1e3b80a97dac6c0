// Client tokens of the mock provider: readable JSON (no signature), so tests can check what a
// grant would let a client do without any provider SDK.
import type { ProviderRole, Role } from "@onair/core";
import { LiveError } from "@onair/core";

const prefix = "mock.";

/** What a mock token says: the claims a real provider token would carry. */
export interface MockTokenClaims {
  readonly applicationId: string;
  readonly roomId: string;
  readonly role: Role;
  readonly providerRole: ProviderRole;
  readonly connectionData: string;
  /** Epoch milliseconds. */
  readonly expiresAt: number;
  readonly issuedAt: number;
  /** Makes every token distinct, as real tokens are. */
  readonly nonce: number;
}

export function encodeMockToken(claims: MockTokenClaims): string {
  return `${prefix}${toBase64Url(JSON.stringify(claims))}`;
}

/** Reads a token issued by `createMockLiveProvider`; throws LiveError INVALID_INPUT for anything else. */
export function decodeMockToken(token: string): MockTokenClaims {
  if (!token.startsWith(prefix)) {
    throw new LiveError("INVALID_INPUT", "Not a token of the mock provider.");
  }
  let claims: unknown;
  try {
    claims = JSON.parse(fromBase64Url(token.slice(prefix.length)));
  } catch (cause) {
    throw new LiveError("INVALID_INPUT", "The mock token could not be read.", { cause });
  }
  if (!isClaims(claims)) throw new LiveError("INVALID_INPUT", "The mock token is incomplete.");
  return claims;
}

function isClaims(value: unknown): value is MockTokenClaims {
  if (typeof value !== "object" || value === null) return false;
  const claims = value as Record<string, unknown>;
  return (
    typeof claims.applicationId === "string" &&
    typeof claims.roomId === "string" &&
    (claims.role === "moderator" || claims.role === "speaker" || claims.role === "attendee") &&
    (claims.providerRole === "moderator" ||
      claims.providerRole === "publisher" ||
      claims.providerRole === "subscriber") &&
    typeof claims.connectionData === "string" &&
    typeof claims.expiresAt === "number" &&
    typeof claims.issuedAt === "number" &&
    typeof claims.nonce === "number"
  );
}

// btoa/atob work on "binary strings"; going through UTF-8 bytes keeps any connection data intact.
function toBase64Url(text: string): string {
  let binary = "";
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

function fromBase64Url(text: string): string {
  const binary = atob(text.replaceAll("-", "+").replaceAll("_", "/"));
  return new TextDecoder("utf-8", { fatal: true }).decode(
    Uint8Array.from(binary, (char) => char.charCodeAt(0)),
  );
}
