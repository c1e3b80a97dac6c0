// Client tokens for the Vonage Video client SDKs, signed with a private key parsed once.
// `generateClientToken` of @vonage/video parses the PEM on every call; the claims here are the
// same, name for name (a test decodes both to prove it), so clients cannot tell them apart.
import { type KeyObject, randomUUID, sign } from "node:crypto";
import type { ProviderRole } from "@onair/core";

export interface ClientTokenClaimsInput {
  readonly sessionId: string;
  readonly role: ProviderRole;
  /** Opaque connection data; left out when empty, as the SDK does. */
  readonly data: string;
  /** Epoch seconds. */
  readonly issuedAt: number;
  /** Epoch seconds; must be after `issuedAt` (the SDK would silently replace it otherwise). */
  readonly expiresAt: number;
  readonly initialLayoutClassList?: readonly string[];
}

export type ClientTokenSigner = (input: ClientTokenClaimsInput) => string;

const encode = (value: unknown) => Buffer.from(JSON.stringify(value), "utf8").toString("base64url");

// The header the SDK's JWT library writes for RS256.
const header = encode({ alg: "RS256", typ: "JWT" });

/**
 * The signed part of a client token (`header.claims`, base64url), built on the calling thread so
 * that inline and signing-thread tokens carry the same claims by construction. The claims' JSON
 * is written in one template, in the SDK's order, with only the varying values escaped.
 */
export function clientTokenSigningInput(
  applicationId: string,
  input: ClientTokenClaimsInput,
): string {
  const layout = input.initialLayoutClassList?.join(" ") ?? "";
  const data = input.data === "" ? "" : `,"connection_data":${JSON.stringify(input.data)}`;
  const claims = `{"scope":"session.connect","session_id":${JSON.stringify(input.sessionId)},"role":${JSON.stringify(input.role)},"initial_layout_class_list":${JSON.stringify(layout)},"exp":${wholeNumber(input.expiresAt)},"sub":"video","acl":{"paths":{"/session/**":{}}}${data},"jti":"${randomUUID()}","iat":${wholeNumber(input.issuedAt)},"application_id":${JSON.stringify(applicationId)}}`;
  return `${header}.${Buffer.from(claims, "utf8").toString("base64url")}`;
}

/** A time in whole seconds, as JSON writes it; anything else is a bug of the caller. */
function wholeNumber(seconds: number): number {
  if (!Number.isSafeInteger(seconds)) throw new RangeError("Token times are whole seconds.");
  return seconds;
}

export function createClientTokenSigner(
  applicationId: string,
  privateKey: KeyObject,
): ClientTokenSigner {
  return (input) => {
    const signed = clientTokenSigningInput(applicationId, input);
    // RS256 is RSASSA-PKCS1-v1_5 over SHA-256, node's default padding for RSA keys.
    const signature = sign("sha256", Buffer.from(signed, "utf8"), privateKey);
    return `${signed}.${signature.toString("base64url")}`;
  };
}
