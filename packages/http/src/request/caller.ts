// Who is calling, asked at most once per request from the host platform's hooks: the identity
// (never from a body), the admin authorization, the audience authorization, the rate-limit key
// and the viewer key.
import { createHmac } from "node:crypto";
import { type AdminActor, type Identity, LiveError, normalizeEmail } from "@onair/core";
import type { LiveHttpRequest } from "../neutral.js";
import type { LiveHttpOptions } from "../options.js";
import { addressKeyOf } from "./address-key.js";

function keyOfEmail(email: string): string {
  try {
    return normalizeEmail(email);
  } catch {
    return email.trim().toLowerCase();
  }
}

function checkedIdentity(value: Identity | null | undefined): Identity | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== "object" || typeof value.email !== "string") {
    throw new TypeError("identify() must return { email } or null.");
  }
  return { email: value.email };
}

/** One request's caller: the hooks' answers are kept for the rest of the request. */
export class Call {
  private identified: Identity | null | undefined;
  private emailKey: string | undefined;

  constructor(
    readonly request: LiveHttpRequest,
    private readonly hooks: CallerHooks,
  ) {}

  /** The signed-in user or null. */
  async identity(): Promise<Identity | null> {
    if (this.identified === undefined) {
      const { request } = this;
      this.identified = checkedIdentity(await this.hooks.identify(request, request.raw));
    }
    return this.identified;
  }

  /** The signed-in user; 401 when there is none. */
  async requireIdentity(): Promise<Identity> {
    const found = await this.identity();
    if (found === null) throw new LiveError("UNAUTHORIZED", "Sign in to do this.");
    return found;
  }

  /** The admin actor to record (undefined: recorded as the system); 401 or 403 otherwise. */
  async requireAdmin(): Promise<AdminActor | undefined> {
    await this.requireIdentity();
    const verdict = await this.hooks.authorizeAdmin(this.request, this.request.raw);
    if (verdict === true) return undefined;
    if (typeof verdict === "object" && verdict !== null && typeof verdict.adminId === "string") {
      return { adminId: verdict.adminId };
    }
    throw new LiveError("FORBIDDEN", "This needs back-office access.");
  }

  /** Whether the platform lets this request watch (true without an `authorizeAudience` hook). */
  async audienceAllowed(sessionId: string): Promise<boolean> {
    const { authorizeAudience } = this.hooks;
    if (authorizeAudience === undefined) return true;
    return (await authorizeAudience(this.request, sessionId, this.request.raw)) === true;
  }

  /** Refuses audience routes the platform restricted: 401 when anonymous, 403 otherwise. */
  async requireAudience(sessionId: string): Promise<void> {
    if (await this.audienceAllowed(sessionId)) return;
    if ((await this.identity()) === null)
      throw new LiveError("UNAUTHORIZED", "Sign in to watch this session.");
    throw new LiveError("FORBIDDEN", "This session is reserved to its registered attendees.");
  }

  /** Rate-limit key: the normalized email, or the address (IPv6: its /64) for anonymous requests. */
  async rateKey(): Promise<string> {
    const found = await this.identity();
    if (found === null) return addressKeyOf(this.request.remoteAddress);
    this.emailKey ??= keyOfEmail(found.email);
    return `email:${this.emailKey}`;
  }

  /** An opaque, stable key for presence counts: a keyed hash of the email, never the email. */
  async viewerKey(secret: Uint8Array, connectionFallback: string): Promise<string> {
    const found = await this.identity();
    if (found === null) return connectionFallback;
    this.emailKey ??= keyOfEmail(found.email);
    return `v_${createHmac("sha256", secret).update(this.emailKey).digest("hex").slice(0, 32)}`;
  }
}

export type CallerHooks = Pick<
  LiveHttpOptions<unknown>,
  "identify" | "authorizeAdmin" | "authorizeAudience"
>;
