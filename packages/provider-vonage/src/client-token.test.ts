// Client tokens: same claims as the SDK's `generateClientToken`, roles per R-PERM-1, opaque and
// bounded connection data, short lifetimes.
import { verify } from "node:crypto";
import type { Role } from "@onair/core";
import { createTestClock, expectLiveError } from "@onair/testing";
import { createVonageTestCredentials } from "@onair/testing/vonage-msw";
import { Auth } from "@vonage/auth";
import { Vonage } from "@vonage/server-sdk";
import { describe, expect, it } from "vitest";
import { clientTokenSigningInput } from "./client-token.js";
import { createVonageProvider } from "./index.js";

const credentials = createVonageTestCredentials();
const roomId = "2_MX4roomForTokens";

const decode = (token: string) => {
  const [header = "", claims = "", signature = ""] = token.split(".");
  const json = (part: string) => JSON.parse(Buffer.from(part, "base64url").toString("utf8"));
  return { header: json(header), claims: json(claims) as Record<string, unknown>, signature };
};

const signedByTheApplication = (token: string) => {
  const [header, claims, signature = ""] = token.split(".");
  return verify(
    "sha256",
    Buffer.from(`${header}.${claims}`),
    credentials.publicKey,
    Buffer.from(signature, "base64url"),
  );
};

const providerWith = (overrides: { tokenLifetimeSeconds?: number } = {}) =>
  createVonageProvider({
    applicationId: credentials.applicationId,
    privateKey: credentials.privateKey,
    signatureSecret: credentials.signatureSecret,
    ...overrides,
  });

const sdkVideo = new Vonage(
  new Auth({ applicationId: credentials.applicationId, privateKey: credentials.privateKey }),
).video;

/** Claims that differ between any two tokens: unique ids and the signing second. */
const withoutVaryingClaims = ({ jti: _jti, iat: _iat, ...rest }: Record<string, unknown>) => rest;

describe("client tokens", () => {
  const cases: readonly [Role, string][] = [
    ["moderator", "moderator"],
    ["speaker", "publisher"],
    ["attendee", "subscriber"],
  ];

  it.each(cases)(
    "R-PERM-1: a %s token has the SDK's claims, name for name, with the %s role",
    async (role, vonageRole) => {
      const provider = providerWith();
      const expireTime = Math.floor(Date.now() / 1000) + 120;
      const data = `onair1|pk_1|${role}|g_1`;
      const ours = await provider.issueToken(roomId, {
        role,
        connectionData: data,
        expiresAt: expireTime * 1000,
      });
      const sdk = sdkVideo.generateClientToken(roomId, { role: vonageRole, data, expireTime });
      const a = decode(ours.connection.token);
      const b = decode(sdk);

      expect(a.header).toEqual(b.header);
      expect(a.header).toEqual({ alg: "RS256", typ: "JWT" });
      expect(Object.keys(a.claims).sort()).toEqual(Object.keys(b.claims).sort());
      expect(withoutVaryingClaims(a.claims)).toEqual(withoutVaryingClaims(b.claims));
      expect(a.claims).toMatchObject({
        role: vonageRole,
        session_id: roomId,
        connection_data: data,
        exp: expireTime,
        application_id: credentials.applicationId,
      });
      expect(Math.abs(Number(a.claims.iat) - Number(b.claims.iat))).toBeLessThanOrEqual(1);
      expect(a.claims.jti).toMatch(/^[0-9a-f-]{36}$/);
      expect(a.claims.jti).not.toBe(b.claims.jti);
      expect(signedByTheApplication(ours.connection.token)).toBe(true);
      expect(ours).toMatchObject({
        providerRole: vonageRole,
        connection: { provider: "vonage", applicationId: credentials.applicationId, roomId },
      });
    },
  );

  it("R-PERM-1: a speaker's token never carries the moderator role", async () => {
    const grant = await providerWith().issueToken(roomId, {
      role: "speaker",
      connectionData: "onair1|pk_s|speaker|g_2",
      expiresAt: Date.now() + 60_000,
    });
    expect(grant.providerRole).toBe("publisher");
    expect(decode(grant.connection.token).claims.role).toBe("publisher");
  });

  it("leaves connection_data out when there is none, as the SDK does", async () => {
    const expireTime = Math.floor(Date.now() / 1000) + 60;
    const ours = await providerWith().issueToken(roomId, {
      role: "attendee",
      connectionData: "",
      expiresAt: expireTime * 1000,
    });
    const sdk = sdkVideo.generateClientToken(roomId, { role: "subscriber", expireTime });
    expect("connection_data" in decode(ours.connection.token).claims).toBe(false);
    expect(withoutVaryingClaims(decode(ours.connection.token).claims)).toEqual(
      withoutVaryingClaims(decode(sdk).claims),
    );
  });

  it("R-PERM-5: caps the lifetime at tokenLifetimeSeconds (5 minutes by default)", async () => {
    const clock = createTestClock();
    const provider = createVonageProvider({
      applicationId: credentials.applicationId,
      privateKey: credentials.privateKey,
      signatureSecret: credentials.signatureSecret,
      clock,
    });
    const now = Math.floor(clock.now() / 1000);
    const long = await provider.issueToken(roomId, {
      role: "speaker",
      connectionData: "onair1|pk|speaker|g",
      expiresAt: clock.now() + 24 * 3600_000,
    });
    expect(decode(long.connection.token).claims).toMatchObject({ iat: now, exp: now + 300 });
    const short = await provider.issueToken(roomId, {
      role: "speaker",
      connectionData: "onair1|pk|speaker|g",
      expiresAt: clock.now() + 90_000,
    });
    expect(decode(short.connection.token).claims.exp).toBe(now + 90);
  });

  it("refuses an expiry that is not in the future, instead of the SDK's silent 15 minutes", async () => {
    const clock = createTestClock();
    const provider = createVonageProvider({
      applicationId: credentials.applicationId,
      privateKey: credentials.privateKey,
      signatureSecret: credentials.signatureSecret,
      clock,
    });
    const error = await expectLiveError(
      provider.issueToken(roomId, {
        role: "attendee",
        connectionData: "x",
        expiresAt: clock.now() - 1,
      }),
      "INVALID_INPUT",
    );
    expect(error.issues.map((issue) => issue.path)).toEqual(["expiresAt"]);
  });

  it("refuses connection data over 1,000 characters", async () => {
    const provider = providerWith();
    const request = (length: number) =>
      provider.issueToken(roomId, {
        role: "attendee",
        connectionData: "a".repeat(length),
        expiresAt: Date.now() + 60_000,
      });
    await expect(request(1000)).resolves.toMatchObject({ providerRole: "subscriber" });
    await expectLiveError(request(1001), "INVALID_INPUT");
  });

  it("R-DATA-1: refuses connection data that looks like an email", async () => {
    await expectLiveError(
      providerWith().issueToken(roomId, {
        role: "speaker",
        connectionData: "ada@example.org",
        expiresAt: Date.now() + 60_000,
      }),
      "INVALID_INPUT",
    );
  });

  it("refuses an unknown role and a missing room", async () => {
    const provider = providerWith();
    await expectLiveError(
      provider.issueToken(roomId, {
        role: "owner" as Role,
        connectionData: "x",
        expiresAt: Date.now() + 60_000,
      }),
      "INVALID_INPUT",
    );
    await expectLiveError(
      provider.issueToken("", {
        role: "attendee",
        connectionData: "x",
        expiresAt: Date.now() + 60_000,
      }),
      "INVALID_INPUT",
    );
  });
});

describe("client token claims", () => {
  it("are the JSON of the SDK's claim object, key for key and in its order, whatever the values hold", () => {
    const data = 'onair1|"quoted"\\back\u00e9\u2028|speaker|g_1';
    const input = {
      sessionId: 'room "x"',
      role: "publisher" as const,
      data,
      issuedAt: 1_767_258_000,
      expiresAt: 1_767_258_300,
      initialLayoutClassList: ["focus", "full"],
    };
    const signed = clientTokenSigningInput("app_1", input);
    const [, claims = ""] = signed.split(".");
    const text = Buffer.from(claims, "base64url").toString("utf8");
    const parsed = JSON.parse(text) as Record<string, unknown>;
    expect(text).toBe(
      JSON.stringify({
        scope: "session.connect",
        session_id: 'room "x"',
        role: "publisher",
        initial_layout_class_list: "focus full",
        exp: 1_767_258_300,
        sub: "video",
        acl: { paths: { "/session/**": {} } },
        connection_data: data,
        jti: parsed.jti,
        iat: 1_767_258_000,
        application_id: "app_1",
      }),
    );
    const bare = clientTokenSigningInput("app_1", {
      ...input,
      data: "",
      initialLayoutClassList: [],
    });
    const bareClaims = JSON.parse(
      Buffer.from(bare.split(".")[1] ?? "", "base64url").toString("utf8"),
    ) as Record<string, unknown>;
    expect("connection_data" in bareClaims).toBe(false);
    expect(bareClaims.initial_layout_class_list).toBe("");
    expect(() => clientTokenSigningInput("app_1", { ...input, expiresAt: 1.5 })).toThrow(
      RangeError,
    );
  });
});
