import { describe, expect, it } from "vitest";
import { readDemoConfig } from "./demo-config.js";

const key = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBg\n-----END PRIVATE KEY-----\n";
const appId = "0d8f7a2e-3c1b-4e5f-9a6b-7c8d9e0f1a2b";
const noFiles = {
  read: (path: string) => (path === "/keys/app.key" ? key : "not a key"),
  exists: (path: string) => path === "/keys/app.key" || path === "/keys/other.txt",
};
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
    });
    expect(result).toEqual({
      ok: true,
      config: {
        port: 8080,
        databaseUrl: "postgres://demo:secret@localhost:5432/onair",
        vonage: { applicationId: appId, privateKey: key },
      },
    });
    const inline = read({
      VONAGE_APPLICATION_ID: appId,
      VONAGE_PRIVATE_KEY: key.replaceAll("\n", "\\n"),
    });
    expect(inline.ok && inline.config.vonage?.privateKey).toBe(key);
  });

  it("gives one clear message per bad value, all at once, and repeats no secret", () => {
    const result = read({
      PORT: "http",
      DATABASE_URL: "mysql://root:hunter2@db/onair",
      VONAGE_APPLICATION_ID: "my-app",
      VONAGE_PRIVATE_KEY_PATH: "/keys/other.txt",
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
    expect(problemsOf({ VONAGE_APPLICATION_ID: appId })).toEqual([
      "VONAGE_APPLICATION_ID is set without a private key: set VONAGE_PRIVATE_KEY_PATH (or VONAGE_PRIVATE_KEY) too.",
    ]);
    expect(problemsOf({ VONAGE_PRIVATE_KEY_PATH: "/keys/app.key" })).toEqual([
      "A Vonage private key is set without VONAGE_APPLICATION_ID: set it too.",
    ]);
    expect(
      problemsOf({ VONAGE_APPLICATION_ID: appId, VONAGE_PRIVATE_KEY_PATH: "/keys/missing.key" }),
    ).toEqual(['VONAGE_PRIVATE_KEY_PATH names a file that does not exist: "/keys/missing.key".']);
    expect(
      problemsOf({
        VONAGE_APPLICATION_ID: appId,
        VONAGE_PRIVATE_KEY_PATH: "/keys/app.key",
        VONAGE_PRIVATE_KEY: key,
      }),
    ).toEqual(["Set VONAGE_PRIVATE_KEY or VONAGE_PRIVATE_KEY_PATH, not both."]);
  });
});
