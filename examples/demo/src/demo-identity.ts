// The demo's sign-in: a cookie holding the chosen email, signed with a per-process secret so the
// browser cannot edit it. The live router learns who is calling only through `identify`, which
// reads this cookie; an email sent in a request body is never taken as the caller's identity.
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { Identity } from "@onair/core";
import type { Request, Response } from "express";

export const identityCookie = "onair_demo_user";

export interface DemoIdentity {
  /** The signed-in user, or null (no cookie, or a cookie that does not verify). */
  identify(req: Request): Identity | null;
  /** Signs in with an email that is already normalized. */
  signIn(res: Response, email: string): void;
  signOut(res: Response): void;
}

export function createDemoIdentity(secret: Uint8Array = randomBytes(32)): DemoIdentity {
  const sign = (payload: string) =>
    createHmac("sha256", secret).update(payload).digest("base64url");

  const verify = (value: string): string | null => {
    const dot = value.lastIndexOf(".");
    if (dot <= 0) return null;
    const payload = value.slice(0, dot);
    const given = Buffer.from(value.slice(dot + 1), "base64url");
    const expected = Buffer.from(sign(payload), "base64url");
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    const email = Buffer.from(payload, "base64url").toString("utf8");
    return email === "" ? null : email;
  };

  return {
    identify(req) {
      const value = readCookie(req.headers.cookie, identityCookie);
      const email = value === null ? null : verify(value);
      return email === null ? null : { email };
    },
    signIn(res, email) {
      const payload = Buffer.from(email, "utf8").toString("base64url");
      res.cookie(identityCookie, `${payload}.${sign(payload)}`, {
        httpOnly: true,
        sameSite: "lax",
        path: "/",
      });
    },
    signOut(res) {
      res.clearCookie(identityCookie, { httpOnly: true, sameSite: "lax", path: "/" });
    },
  };
}

/** One cookie's raw value from a `Cookie` header, or null. */
export function readCookie(header: string | undefined, name: string): string | null {
  if (header === undefined) return null;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
    const raw = part.slice(eq + 1).trim();
    try {
      return decodeURIComponent(raw);
    } catch {
      return null;
    }
  }
  return null;
}
