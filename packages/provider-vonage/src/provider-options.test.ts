// Options are checked at start-up: webhook verification stays on unless explicitly turned off
// (R-SEC-1), and refusals name fields, never secret values.
import { generateKeyPairSync } from "node:crypto";
import { availableParallelism } from "node:os";
import { expectLiveError } from "@onair/testing";
import { createVonageTestCredentials } from "@onair/testing/vonage-msw";
import { describe, expect, it } from "vitest";
import { resolveVonageSettings, type VonageProviderOptions } from "./provider-options.js";

const credentials = createVonageTestCredentials();
const base: VonageProviderOptions = {
  applicationId: credentials.applicationId,
  privateKey: credentials.privateKey,
  signatureSecret: credentials.signatureSecret,
};

const refusal = async (options: VonageProviderOptions) =>
  expectLiveError(() => resolveVonageSettings(options), "INVALID_INPUT");

describe("provider options", () => {
  it("fills safe defaults: verification on, 5-minute tokens, 1280x720 manual outputs, 10 h HLS", () => {
    const settings = resolveVonageSettings(base);
    expect(settings.webhookKeys).not.toBeNull();
    expect(settings.tokenLifetimeSeconds).toBe(300);
    expect(settings.recording).toEqual({ resolution: "1280x720" });
    expect(settings.broadcast).toEqual({
      resolution: "1280x720",
      maxDurationSeconds: 36_000,
      lowLatency: false,
      dvr: false,
    });
    expect(settings.privateKey.asymmetricKeyType).toBe("rsa");
  });

  it("takes the private key as bytes too", () => {
    const settings = resolveVonageSettings({
      ...base,
      privateKey: Buffer.from(credentials.privateKey),
    });
    expect(settings.privateKeyPem).toBe(credentials.privateKey);
  });

  it("R-SEC-1: refuses to turn webhook verification off without the explicit development flag", async () => {
    const error = await refusal({ ...base, verifyWebhooks: false });
    expect(error.issues.map((issue) => issue.path)).toEqual(["verifyWebhooks"]);
  });

  it("R-SEC-1: turns verification off only with verifyWebhooks: false and insecureSkipWebhookVerification: true", () => {
    const { signatureSecret: _unused, ...withoutSecret } = base;
    expect(
      resolveVonageSettings({
        ...withoutSecret,
        verifyWebhooks: false,
        insecureSkipWebhookVerification: true,
      }).webhookKeys,
    ).toBeNull();
    // The flag alone changes nothing: verification stays on.
    expect(
      resolveVonageSettings({ ...base, insecureSkipWebhookVerification: true }).webhookKeys,
    ).not.toBeNull();
  });

  it("R-SEC-1: needs the signature secret while verification is on", async () => {
    const { signatureSecret: _unused, ...withoutSecret } = base;
    const error = await refusal(withoutSecret);
    expect(error.issues.map((issue) => issue.path)).toEqual(["signatureSecret"]);
  });

  it("R-SEC-1: takes several signature secrets (one per callback type), each checked like one", async () => {
    const secrets = [credentials.signatureSecret, "archive-callbacks-secret-01"];
    expect(resolveVonageSettings({ ...base, signatureSecret: secrets }).webhookKeys).toHaveLength(
      2,
    );
    expect(resolveVonageSettings(base).webhookKeys).toHaveLength(1);
    const empty = await refusal({ ...base, signatureSecret: [] as unknown as [string] });
    expect(empty.issues.map((issue) => issue.path)).toEqual(["signatureSecret"]);
    const short = await refusal({ ...base, signatureSecret: [secrets[0] ?? "", "short"] });
    expect(short.issues.map((issue) => issue.path)).toEqual(["signatureSecret.1"]);
    expect(JSON.stringify(short.toJSON())).not.toContain(credentials.signatureSecret);
  });

  it("refuses a key that is not a PEM private key, without echoing it", async () => {
    const notAKey =
      "-----BEGIN PRIVATE KEY-----\nc2VjcmV0LWJ1dC1ub3QtYS1rZXk=\n-----END PRIVATE KEY-----";
    const error = await refusal({ ...base, privateKey: notAKey });
    expect(error.issues.map((issue) => issue.path)).toEqual(["privateKey"]);
    expect(JSON.stringify(error.toJSON())).not.toContain("c2VjcmV0");
    expect(error.cause).toBeUndefined();
  });

  it("refuses a key that is not RSA", async () => {
    const { privateKey } = generateKeyPairSync("ec", {
      namedCurve: "P-256",
      privateKeyEncoding: { type: "pkcs8", format: "pem" },
      publicKeyEncoding: { type: "spki", format: "pem" },
    });
    await refusal({ ...base, privateKey });
  });

  it("refuses unknown options (a typo must not silently weaken a setting)", async () => {
    const error = await refusal({ ...base, verifyWebhook: false } as VonageProviderOptions);
    expect(error.issues[0]?.message).toContain("verifyWebhook");
  });

  it("keeps limits: tokens at most a day, broadcasts at most 36,000 s, no low latency with DVR", async () => {
    await refusal({ ...base, tokenLifetimeSeconds: 86_401 });
    await refusal({ ...base, broadcast: { maxDurationSeconds: 36_001 } });
    await refusal({ ...base, broadcast: { lowLatency: true, dvr: true } });
    await refusal({ ...base, recording: { resolution: "800x600" as "640x480" } });
  });

  it("signs tokens on one thread by default when a core is to spare, inline on one core", () => {
    const oneThread = { threads: 1, maxPendingPerThread: 1_000 };
    expect(resolveVonageSettings(base, 2).signing).toEqual(oneThread);
    expect(resolveVonageSettings(base, 8).signing).toEqual(oneThread);
    expect(resolveVonageSettings(base, 1).signing).toBeNull();
    // Without a count, the machine's own.
    expect(resolveVonageSettings(base).signing).toEqual(
      availableParallelism() > 1 ? oneThread : null,
    );
  });

  it("signs inline with threads: 0, whatever the cores", () => {
    for (const cores of [1, 2, 16]) {
      expect(resolveVonageSettings({ ...base, signing: { threads: 0 } }, cores).signing).toBeNull();
    }
    expect(
      resolveVonageSettings({ ...base, signing: { threads: 0, maxPendingPerThread: 5 } }, 4)
        .signing,
    ).toBeNull();
  });

  it("takes 0 to 16 signing threads, with a bounded queue", async () => {
    expect(resolveVonageSettings({ ...base, signing: { threads: 2 } }).signing).toEqual({
      threads: 2,
      maxPendingPerThread: 1_000,
    });
    expect(resolveVonageSettings({ ...base, signing: { threads: 3 } }, 1).signing).toEqual({
      threads: 3,
      maxPendingPerThread: 1_000,
    });
    for (const threads of [-1, 17, 1.5]) {
      const error = await refusal({ ...base, signing: { threads } });
      expect(error.issues.map((issue) => issue.path)).toEqual(["signing.threads"]);
    }
    await refusal({ ...base, signing: { threads: 2, maxPendingPerThread: 0 } });
    await refusal({ ...base, signing: {} as { threads: number } });
  });

  it("names the faulty fields without their values", async () => {
    const error = await refusal({
      ...base,
      applicationId: "not an id!",
      signatureSecret: "short",
      videoHost: "ftp://video.example",
    });
    expect(error.issues.map((issue) => issue.path).sort()).toEqual([
      "applicationId",
      "signatureSecret",
      "videoHost",
    ]);
    const shown = JSON.stringify(error.toJSON());
    expect(shown).not.toContain("short");
    expect(shown).not.toContain(credentials.privateKey.slice(40, 80));
  });
});
