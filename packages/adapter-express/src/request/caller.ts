// Who is calling, asked once per request from the host platform's hooks: the identity (never from
// a body), the admin authorization, the audience authorization and the rate-limit key.

import { createHash } from "node:crypto";
import { type AdminActor, type Identity, LiveError, normalizeEmail } from "@onair/core";
import type { Request } from "express";
import type { LiveRouterOptions } from "../router-options.js";
import { addressKeyOf } from "./address-key.js";

export interface Caller {
  /** The signed-in user or null (memoized per request). */
  identity(req: Request): Promise<Identity | null>;
  /** The signed-in user; 401 when there is none. */
  requireIdentity(req: Request): Promise<Identity>;
  /** The admin actor to record (undefined: recorded as the system); 401 or 403 otherwise. */
  requireAdmin(req: Request): Promise<AdminActor | undefined>;
  /** Refuses audience routes the platform restricted: 401 when anonymous, 403 otherwise. */
  requireAudience(req: Request, sessionId: string): Promise<void>;
  /** Whether the platform lets this request watch (true without an `authorizeAudience` hook). */
  audienceAllowed(req: Request, sessionId: string): Promise<boolean>;
  /** Rate-limit key: the normalized email, or the address (IPv6: its /64) for anonymous requests. */
  rateKey(req: Request): Promise<string>;
  /** An opaque, stable key for presence counts: never the email itself. */
  viewerKey(req: Request, connectionFallback: string): Promise<string>;
}

function keyOfEmail(email: string): string {
  try {
    return normalizeEmail(email);
  } catch {
    return email.trim().toLowerCase();
  }
}

export function createCaller(
  options: Pick<LiveRouterOptions, "identify" | "authorizeAdmin" | "authorizeAudience">,
): Caller {
  const identities = new WeakMap<Request, Promise<Identity | null>>();

  const identity = (req: Request) => {
    let found = identities.get(req);
    if (found === undefined) {
      found = Promise.resolve(options.identify(req)).then((value) => {
        if (value === null || value === undefined) return null;
        if (typeof value !== "object" || typeof value.email !== "string") {
          throw new TypeError("identify() must return { email } or null.");
        }
        return { email: value.email };
      });
      identities.set(req, found);
    }
    return found;
  };

  const requireIdentity = async (req: Request) => {
    const found = await identity(req);
    if (found === null) throw new LiveError("UNAUTHORIZED", "Sign in to do this.");
    return found;
  };

  const audienceAllowed = async (req: Request, sessionId: string) =>
    options.authorizeAudience === undefined
      ? true
      : (await options.authorizeAudience(req, sessionId)) === true;

  return {
    identity,
    requireIdentity,
    async requireAdmin(req) {
      await requireIdentity(req);
      const verdict = await options.authorizeAdmin(req);
      if (verdict === true) return undefined;
      if (typeof verdict === "object" && verdict !== null && typeof verdict.adminId === "string") {
        return { adminId: verdict.adminId };
      }
      throw new LiveError("FORBIDDEN", "This needs back-office access.");
    },
    audienceAllowed,
    async requireAudience(req, sessionId) {
      if (await audienceAllowed(req, sessionId)) return;
      if ((await identity(req)) === null)
        throw new LiveError("UNAUTHORIZED", "Sign in to watch this session.");
      throw new LiveError("FORBIDDEN", "This session is reserved to its registered attendees.");
    },
    async rateKey(req) {
      const found = await identity(req);
      return found === null
        ? addressKeyOf(req.ip ?? req.socket.remoteAddress ?? "unknown")
        : `email:${keyOfEmail(found.email)}`;
    },
    async viewerKey(req, connectionFallback) {
      const found = await identity(req);
      if (found === null) return connectionFallback;
      return `v_${createHash("sha256").update(keyOfEmail(found.email)).digest("hex").slice(0, 32)}`;
    },
  };
}
