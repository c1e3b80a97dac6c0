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

type MaybePromise<T> = T | Promise<T>;

/** Whether a hook answered with a promise (an asynchronous hook) rather than the value itself. */
export function isThenable<T>(value: MaybePromise<T>): value is Promise<T> {
  return typeof (value as { then?: unknown } | null)?.then === "function";
}

function signedIn(found: Identity | null): Identity {
  if (found === null) throw new LiveError("UNAUTHORIZED", "Sign in to do this.");
  return found;
}

/**
 * One request's caller: each hook is asked at most once and its answer kept for the rest of the
 * request. Answers of synchronous hooks come back as values, without a promise: only an
 * asynchronous hook makes the request wait.
 */
export class Call {
  private identified: Identity | null | undefined;
  private identifying: Promise<Identity | null> | undefined;
  private emailKey: string | undefined;

  constructor(
    readonly request: LiveHttpRequest,
    private readonly hooks: CallerHooks,
  ) {}

  /** The signed-in user or null. */
  identity(): MaybePromise<Identity | null> {
    if (this.identified !== undefined) return this.identified;
    if (this.identifying !== undefined) return this.identifying;
    const { request } = this;
    const answer = this.hooks.identify(request, request.raw);
    if (isThenable(answer)) {
      this.identifying = answer.then((value) => {
        this.identified = checkedIdentity(value);
        return this.identified;
      });
      return this.identifying;
    }
    this.identified = checkedIdentity(answer);
    return this.identified;
  }

  /** The signed-in user; 401 when there is none. */
  requireIdentity(): MaybePromise<Identity> {
    const found = this.identity();
    return isThenable(found) ? found.then(signedIn) : signedIn(found);
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
  audienceAllowed(sessionId: string): MaybePromise<boolean> {
    const { authorizeAudience } = this.hooks;
    if (authorizeAudience === undefined) return true;
    const verdict = authorizeAudience(this.request, sessionId, this.request.raw);
    return isThenable(verdict) ? verdict.then((value) => value === true) : verdict === true;
  }

  /** Refuses audience routes the platform restricted: 401 when anonymous, 403 otherwise. */
  requireAudience(sessionId: string): MaybePromise<void> {
    const allowed = this.audienceAllowed(sessionId);
    if (isThenable(allowed)) return allowed.then((value) => this.refuseUnless(value));
    return this.refuseUnless(allowed);
  }

  private refuseUnless(allowed: boolean): MaybePromise<void> {
    if (allowed) return;
    const found = this.identity();
    if (isThenable(found)) return found.then(refuseAudience);
    refuseAudience(found);
  }

  /** Rate-limit key: the normalized email, or the address (IPv6: its /64) for anonymous requests. */
  rateKey(): MaybePromise<string> {
    const found = this.identity();
    if (isThenable(found)) return found.then((value) => this.rateKeyOf(value));
    return this.rateKeyOf(found);
  }

  private rateKeyOf(found: Identity | null): string {
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

function refuseAudience(found: Identity | null): never {
  if (found === null) throw new LiveError("UNAUTHORIZED", "Sign in to watch this session.");
  throw new LiveError("FORBIDDEN", "This session is reserved to its registered attendees.");
}

export type CallerHooks = Pick<
  LiveHttpOptions<unknown>,
  "identify" | "authorizeAdmin" | "authorizeAudience"
>;
