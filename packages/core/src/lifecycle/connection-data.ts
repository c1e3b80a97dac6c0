// The opaque data a provider connection carries: who it is in onair terms, never an email (R-DATA-1).
import type { Role } from "../session/model.js";

export interface ConnectionIdentity {
  readonly personKey: string;
  readonly role: Role;
  readonly grantId: string;
}

const prefix = "onair1";
const roles: readonly Role[] = ["moderator", "speaker", "attendee"];
const safe = /^[A-Za-z0-9_.:-]{1,120}$/;

export function encodeConnectionData(identity: ConnectionIdentity): string {
  for (const part of [identity.personKey, identity.grantId]) {
    if (!safe.test(part)) throw new RangeError("Connection data parts must be short opaque ids.");
  }
  return `${prefix}|${identity.personKey}|${identity.role}|${identity.grantId}`;
}

/** Reads connection data back; anything not made by `encodeConnectionData` gives null. */
export function decodeConnectionData(data: string | null | undefined): ConnectionIdentity | null {
  if (typeof data !== "string") return null;
  const parts = data.split("|");
  if (parts.length !== 4 || parts[0] !== prefix) return null;
  const [, personKey = "", role = "", grantId = ""] = parts;
  if (!safe.test(personKey) || !safe.test(grantId)) return null;
  const known = roles.find((candidate) => candidate === role);
  return known === undefined ? null : { personKey, role: known, grantId };
}
