// Client tokens signed on worker threads (`signing: { threads }`): the same tokens as inline ones,
// valid and distinct under load, a stopped thread replaced, `close()` final, the key never shown.

import { spawnSync } from "node:child_process";
import { generateKeyPairSync, verify } from "node:crypto";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import type { Worker } from "node:worker_threads";
import { LiveError, type TokenRequest } from "@onair/core";
import { createTestClock, expectLiveError } from "@onair/testing";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createVonageProvider, type VonageProvider, type VonageProviderOptions } from "./index.js";

// Every signing thread the provider starts, so that a test can stop one or check they all ended.
const started = vi.hoisted(() => [] as Worker[]);
vi.mock("node:worker_threads", async (importOriginal) => {
  const actual = await importOriginal<typeof import("node:worker_threads")>();
  class RecordedWorker extends actual.Worker {
    constructor(...args: ConstructorParameters<typeof actual.Worker>) {
      super(...args);
      started.push(this);
    }
  }
  return { ...actual, Worker: RecordedWorker };
});

const { privateKey, publicKey } = generateKeyPairSync("rsa", {
  modulusLength: 2048,
  privateKeyEncoding: { type: "pkcs8", format: "pem" },
  publicKeyEncoding: { type: "spki", format: "pem" },
});
const applicationId = "app-signing-pool";
const roomId = "2_MX4roomForSigningThreads";

const recordingLogger = () => {
  const lines: unknown[][] = [];
  const keep =
    (level: string) =>
    (...args: unknown[]) => {
      lines.push([level, ...args]);
    };
  return {
    lines,
    debug: keep("debug"),
    info: keep("info"),
    warn: keep("warn"),
    error: keep("error"),
  };
};

const open: VonageProvider[] = [];
const providerWith = (overrides: Partial<VonageProviderOptions> = {}) => {
  const provider = createVonageProvider({
    applicationId,
    privateKey,
    signatureSecret: "signature-secret-of-the-tests",
    ...overrides,
  });
  open.push(provider);
  return provider;
};

afterEach(async () => {
  await Promise.all(open.splice(0).map((provider) => provider.close()));
  started.length = 0;
});

const request = (n: number): TokenRequest => ({
  role: "speaker",
  connectionData: `onair1|pk_${n}|speaker|g_${n}`,
  expiresAt: Date.now() + 120_000,
});

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
    publicKey,
    Buffer.from(signature, "base64url"),
  );
};

const settle = <T>(calls: readonly Promise<T>[]) => Promise.allSettled(calls);

describe("client tokens signed on worker threads", () => {
  it("have the inline token's header and claims (but their unique id), signed with the application's key", async () => {
    const clock = createTestClock();
    const inline = providerWith({ clock, signing: { threads: 0 } });
    const pooled = providerWith({ clock, signing: { threads: 2 } });
    const ask: TokenRequest = {
      role: "moderator",
      connectionData: "onair1|pk_1|moderator|g_1",
      expiresAt: clock.now() + 60_000,
    };
    const a = await inline.issueToken(roomId, ask);
    const b = await pooled.issueToken(roomId, ask);

    expect(b.providerRole).toBe(a.providerRole);
    expect(b.connection.applicationId).toBe(a.connection.applicationId);
    expect(decode(b.connection.token).header).toEqual(decode(a.connection.token).header);
    const { jti: jtiA, ...claimsA } = decode(a.connection.token).claims;
    const { jti: jtiB, ...claimsB } = decode(b.connection.token).claims;
    expect(Object.keys(decode(b.connection.token).claims)).toEqual(
      Object.keys(decode(a.connection.token).claims),
    );
    expect(claimsB).toEqual(claimsA);
    expect(jtiB).not.toBe(jtiA);
    expect(signedByTheApplication(b.connection.token)).toBe(true);
    expect(signedByTheApplication(a.connection.token)).toBe(true);
  });

  it("hands out 500 concurrent tokens from 2 threads, all valid and all distinct", async () => {
    const provider = providerWith({ signing: { threads: 2 } });
    const grants = await Promise.all(
      Array.from({ length: 500 }, (_, n) => provider.issueToken(roomId, request(n))),
    );
    const tokens = grants.map((grant) => grant.connection.token);
    expect(new Set(tokens).size).toBe(500);
    expect(new Set(tokens.map((token) => decode(token).claims.jti)).size).toBe(500);
    expect(tokens.every(signedByTheApplication)).toBe(true);
    grants.forEach((grant, n) => {
      expect(decode(grant.connection.token).claims.connection_data).toBe(
        `onair1|pk_${n}|speaker|g_${n}`,
      );
    });
    expect(started).toHaveLength(2);
  });

  it("refuses what a stopped thread was signing as a retriable PROVIDER_FAILED, then signs on a new one", async () => {
    const logger = recordingLogger();
    const provider = providerWith({ signing: { threads: 2 }, logger });
    // Both threads are up and have signed once.
    await Promise.all([0, 1].map((n) => provider.issueToken(roomId, request(n))));
    const [crashing] = started;

    const calls = Array.from({ length: 40 }, (_, n) => provider.issueToken(roomId, request(n)));
    void crashing?.terminate();
    const outcomes = await settle(calls);

    const refused = outcomes.filter((outcome) => outcome.status === "rejected");
    expect(refused.length).toBeGreaterThan(0);
    for (const outcome of refused) {
      expect(outcome.reason).toBeInstanceOf(LiveError);
      expect(outcome.reason).toMatchObject({ code: "PROVIDER_FAILED", retriable: true });
    }
    for (const outcome of outcomes) {
      if (outcome.status === "fulfilled")
        expect(signedByTheApplication(outcome.value.connection.token)).toBe(true);
    }
    expect(logger.lines.some(([level]) => level === "warn")).toBe(true);

    const later = await Promise.all(
      Array.from({ length: 20 }, (_, n) => provider.issueToken(roomId, request(100 + n))),
    );
    expect(later.every((grant) => signedByTheApplication(grant.connection.token))).toBe(true);
    expect(started).toHaveLength(3); // the stopped thread was replaced
  });

  it("close() stops every thread and refuses later calls and tokens still waiting", async () => {
    const provider = providerWith({ signing: { threads: 2 } });
    await provider.issueToken(roomId, request(0));
    const waiting = expectLiveError(provider.issueToken(roomId, request(1)), "PROVIDER_FAILED");
    await provider.close();

    const error = await waiting;
    expect(error.retriable).toBe(false);
    expect(started.length).toBeGreaterThan(0);
    expect(started.every((worker) => worker.threadId === -1)).toBe(true);

    expect(
      (await expectLiveError(provider.issueToken(roomId, request(2)), "PROVIDER_FAILED")).retriable,
    ).toBe(false);
    await expectLiveError(provider.createRoom("ses_1"), "PROVIDER_FAILED");
    await provider.close(); // idempotent
  });

  it("refuses tokens beyond maxPendingPerThread as retriable instead of queueing without bound", async () => {
    const provider = providerWith({ signing: { threads: 1, maxPendingPerThread: 2 } });
    const outcomes = await settle([0, 1, 2].map((n) => provider.issueToken(roomId, request(n))));
    expect(outcomes.map((outcome) => outcome.status)).toEqual([
      "fulfilled",
      "fulfilled",
      "rejected",
    ]);
    expect((outcomes[2] as PromiseRejectedResult).reason).toMatchObject({
      code: "PROVIDER_FAILED",
      retriable: true,
    });
  });

  it("never shows the private key in a log line or an error", async () => {
    const logger = recordingLogger();
    const provider = providerWith({ signing: { threads: 2 }, logger });
    await provider.issueToken(roomId, request(0));
    const calls = Array.from({ length: 10 }, (_, n) => provider.issueToken(roomId, request(n)));
    void started[0]?.terminate();
    const errors: unknown[] = (await settle(calls)).flatMap((outcome) =>
      outcome.status === "rejected" ? [outcome.reason] : [],
    );
    await provider.close();
    errors.push(await provider.issueToken(roomId, request(1)).catch((error: unknown) => error));
    errors.push(
      await Promise.resolve()
        .then(() => providerWith({ signing: { threads: 17 } }))
        .catch((error: unknown) => error),
    );

    expect(errors.length).toBeGreaterThan(2);
    expect(logger.lines.length).toBeGreaterThan(0);
    const keyBody = privateKey.split("\n")[5] ?? "";
    expect(keyBody.length).toBeGreaterThan(40);
    const shown =
      JSON.stringify(logger.lines) +
      errors.map((error) => {
        const e = error as LiveError;
        return `${e.message} ${JSON.stringify(e.cause)} ${JSON.stringify(e.issues)} ${e.stack}`;
      });
    expect(shown).not.toContain(keyBody);
    expect(shown).not.toContain("PRIVATE KEY");
  });

  it("signs on one thread by default when the machine has a core to spare, started with the first token", async () => {
    const provider = providerWith();
    expect(started).toHaveLength(0);
    const grants = await Promise.all(
      Array.from({ length: 20 }, (_, n) => provider.issueToken(roomId, request(n))),
    );
    expect(grants.every((grant) => signedByTheApplication(grant.connection.token))).toBe(true);
    expect(started).toHaveLength(availableParallelism() > 1 ? 1 : 0);
    await provider.close();
    expect(started.every((worker) => worker.threadId === -1)).toBe(true);
  });

  it("signs on the calling thread with threads: 0", async () => {
    const provider = providerWith({ signing: { threads: 0 } });
    const grants = await Promise.all(
      Array.from({ length: 5 }, (_, n) => provider.issueToken(roomId, request(n))),
    );
    expect(grants.every((grant) => signedByTheApplication(grant.connection.token))).toBe(true);
    expect(started).toHaveLength(0);
  });

  it("starts no thread for a provider that never signs", async () => {
    const provider = providerWith({ signing: { threads: 4 } });
    await expectLiveError(provider.issueToken("", request(0)), "INVALID_INPUT");
    expect(started).toHaveLength(0);
    await provider.close();
  });

  it.each([
    ["signing: { threads: 2 }", "signing: { threads: 2 },"],
    ["the default signing", ""],
  ])("lets the process end while its threads are idle (%s)", (_name, signing) => {
    const source = fileURLToPath(new URL("./index.ts", import.meta.url));
    const script = `
      const { generateKeyPairSync } = await import("node:crypto");
      const { createVonageProvider } = await import(${JSON.stringify(source)});
      const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
      const provider = createVonageProvider({
        applicationId: "app", privateKey: privateKey.export({ type: "pkcs8", format: "pem" }),
        signatureSecret: "signature-secret-of-the-tests", ${signing}
      });
      const grant = await provider.issueToken("room", {
        role: "attendee", connectionData: "x", expiresAt: Date.now() + 60000,
      });
      console.log(grant.connection.token.split(".").length);`;
    const child = spawnSync(
      process.execPath,
      ["--import", "tsx", "--conditions=@onair/source", "--input-type=module", "-e", script],
      { encoding: "utf8", timeout: 8_000 },
    );
    expect(child.error).toBeUndefined();
    expect(child.stdout.trim()).toBe("3");
    expect(child.status).toBe(0);
  });
});
