import { describe, expect, it } from "vitest";
import { readDemoConfig, webhookUrlOf } from "./demo-config.js";

const key = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBg\n-----END PRIVATE KEY-----\n";
const appId = "0d8f7a2e-3c1b-4e5f-9a6b-7c8d9e0f1a2b";
const noFiles = {
  read: (path: string) => (path === "/keys/app.key" ? key : "not a key"),
  exists: (path: string) => path === "/keys/app.key" || path === "/keys/other.txt",
};
const secret = "s3cret-of-the-callbacks";
const publicUrl = "https://demo.example.com";
/** What Vonage needs besides the application id and key: verified callbacks, and where to send them. */
const callbacks = { VONAGE_SIGNATURE_SECRET: secret, PUBLIC_URL: publicUrl };
const read = (env: Record<string, string>) => readDemoConfig(env, noFiles.read, noFiles.exists);

describe("the demo's configuration", () => {
  it("runs on the embedded defaults when nothing is set", () => {
    expect(read({})).toEqual({
      ok: true,
      config: { port: 3000, databaseUrl: null, vonage: null },
    });
  });

  it("takes PostgreSQL and Vonage when both are set correctly", () => {
    const result = read({
      PORT: "8080",
      DATABASE_URL: "postgres://demo:secret@localhost:5432/onair",
      VONAGE_APPLICATION_ID: appId,
      VONAGE_PRIVATE_KEY_PATH: "/keys/app.key",
      ...callbacks,
    });
    expect(result).toEqual({
      ok: true,
      config: {
        port: 8080,
        databaseUrl: "postgres://demo:secret@localhost:5432/onair",
        vonage: { applicationId: appId, privateKey: key, signatureSecrets: [secret], publicUrl },
      },
    });
    const inline = read({
      VONAGE_APPLICATION_ID: appId,
      VONAGE_PRIVATE_KEY: key.replaceAll("\n", "\\n"),
      ...callbacks,
    });
    expect(inline.ok && inline.config.vonage?.privateKey).toBe(key);
  });

  it("gives one clear message per bad value, all at once, and repeats no secret", () => {
    const result = read({
      PORT: "http",
      DATABASE_URL: "mysql://root:hunter2@db/onair",
      VONAGE_APPLICATION_ID: "my-app",
      VONAGE_PRIVATE_KEY_PATH: "/keys/other.txt",
      ...callbacks,
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toHaveLength(4);
    expect(result.problems[0]).toMatch(/^PORT must be a port number/);
    expect(result.problems[1]).toMatch(/^DATABASE_URL must be a PostgreSQL connection URL/);
    expect(result.problems[2]).toMatch(
      /^VONAGE_PRIVATE_KEY_PATH must name the application's private key/,
    );
    expect(result.problems[3]).toMatch(/^VONAGE_APPLICATION_ID must be the application's id/);
    expect(result.problems.join("\n")).not.toContain("hunter2");
  });

  it("refuses half a Vonage configuration, a missing key file and two keys", () => {
    const problemsOf = (env: Record<string, string>) => {
      const result = read(env);
      return result.ok ? [] : result.problems;
    };
    expect(problemsOf({ VONAGE_APPLICATION_ID: appId, ...callbacks })).toEqual([
      "VONAGE_APPLICATION_ID is set without a private key: set VONAGE_PRIVATE_KEY_PATH (or VONAGE_PRIVATE_KEY) too.",
    ]);
    expect(problemsOf({ VONAGE_PRIVATE_KEY_PATH: "/keys/app.key", ...callbacks })).toEqual([
      "A Vonage private key is set without VONAGE_APPLICATION_ID: set it too.",
    ]);
    expect(
      problemsOf({
        VONAGE_APPLICATION_ID: appId,
        VONAGE_PRIVATE_KEY_PATH: "/keys/missing.key",
        ...callbacks,
      }),
    ).toEqual(['VONAGE_PRIVATE_KEY_PATH names a file that does not exist: "/keys/missing.key".']);
    expect(
      problemsOf({
        VONAGE_APPLICATION_ID: appId,
        VONAGE_PRIVATE_KEY_PATH: "/keys/app.key",
        VONAGE_PRIVATE_KEY: key,
        ...callbacks,
      }),
    ).toEqual(["Set VONAGE_PRIVATE_KEY or VONAGE_PRIVATE_KEY_PATH, not both."]);
  });

  const vonage = { VONAGE_APPLICATION_ID: appId, VONAGE_PRIVATE_KEY_PATH: "/keys/app.key" };
  const problemsOf = (env: Record<string, string>) => {
    const result = read(env);
    return result.ok ? [] : result.problems;
  };

  it("VONAGE_SIGNATURE_SECRET: required with Vonage, long enough, one per callback type, never repeated", () => {
    expect(problemsOf({ ...vonage, PUBLIC_URL: publicUrl })).toEqual([
      "VONAGE_SIGNATURE_SECRET must be set with Vonage: the signature secret of the application's signed callbacks (Vonage dashboard, Video capability), so the demo can verify them.",
    ]);
    const short = problemsOf({ ...vonage, PUBLIC_URL: publicUrl, VONAGE_SIGNATURE_SECRET: "tiny" });
    expect(short).toEqual([
      "VONAGE_SIGNATURE_SECRET must hold the signature secret of the signed callbacks (at least 16 characters; several separated by commas): a value is too short.",
    ]);
    const oneShortOfTwo = problemsOf({
      ...vonage,
      PUBLIC_URL: publicUrl,
      VONAGE_SIGNATURE_SECRET: `${secret},tiny-one`,
    });
    expect(oneShortOfTwo).toHaveLength(1);
    expect(oneShortOfTwo.join("\n")).not.toContain("tiny-one");
    expect(problemsOf({ VONAGE_SIGNATURE_SECRET: secret })).toEqual([
      "VONAGE_SIGNATURE_SECRET is set without VONAGE_APPLICATION_ID: set it too.",
    ]);
    const two = read({
      ...vonage,
      PUBLIC_URL: publicUrl,
      VONAGE_SIGNATURE_SECRET: ` ${secret} , another-secret-of-archives `,
    });
    expect(two.ok && two.config.vonage?.signatureSecrets).toEqual([
      secret,
      "another-secret-of-archives",
    ]);
  });

  it("PUBLIC_URL: required with Vonage, an https address Vonage can reach, gives the webhook URL", () => {
    expect(problemsOf({ ...vonage, VONAGE_SIGNATURE_SECRET: secret })).toEqual([
      "PUBLIC_URL must be set with Vonage: the https address at which Vonage reaches this demo (for example a tunnel to its port); Vonage's callbacks go to PUBLIC_URL/api/webhooks/provider.",
    ]);
    const withUrl = (url: string) =>
      problemsOf({ ...vonage, VONAGE_SIGNATURE_SECRET: secret, PUBLIC_URL: url });
    expect(withUrl("demo.example.com")).toEqual([
      'PUBLIC_URL must be an https address without query or fragment (https://demo.example.com), not "demo.example.com".',
    ]);
    expect(withUrl("http://demo.example.com")).toHaveLength(1);
    expect(withUrl("https://demo.example.com/?a=1")).toHaveLength(1);
    expect(withUrl("https://user:pw@demo.example.com")).toEqual([
      "PUBLIC_URL must not carry a user name or password.",
    ]);
    expect(withUrl("https://localhost:3000")).toEqual([
      'PUBLIC_URL must be reachable from the internet: Vonage cannot call "localhost" (use a tunnel\'s https address).',
    ]);
    expect(withUrl("https://127.0.0.1")).toHaveLength(1);
    // Without Vonage the URL is still checked when given.
    expect(problemsOf({ PUBLIC_URL: "ftp://x" })).toHaveLength(1);

    const ok = read({
      ...vonage,
      VONAGE_SIGNATURE_SECRET: secret,
      PUBLIC_URL: "https://Tunnel.example.com/demo/",
    });
    const url = ok.ok ? (ok.config.vonage?.publicUrl ?? "") : "";
    expect(url).toBe("https://tunnel.example.com/demo");
    expect(webhookUrlOf(url)).toBe("https://tunnel.example.com/demo/api/webhooks/provider");
  });
});
