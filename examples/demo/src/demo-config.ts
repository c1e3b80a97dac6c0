// The demo's configuration, from the environment, checked at start-up: every bad value gets one
// message saying which variable, what is wrong and what is expected; nothing starts until all are
// fixed. Secrets are never repeated in a message.
import { existsSync, readFileSync } from "node:fs";

export interface DemoConfig {
  readonly port: number;
  /** PostgreSQL instead of the in-memory store and change feed. */
  readonly databaseUrl: string | null;
  /** Vonage instead of the mock provider. */
  readonly vonage: { readonly applicationId: string; readonly privateKey: string } | null;
}

export type DemoConfigResult =
  | { readonly ok: true; readonly config: DemoConfig }
  | { readonly ok: false; readonly problems: readonly string[] };

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const keyPattern = /-----BEGIN (RSA )?PRIVATE KEY-----[\s\S]+-----END (RSA )?PRIVATE KEY-----/;

type Env = Readonly<Record<string, string | undefined>>;

function set(env: Env, name: string): string | null {
  const value = env[name]?.trim();
  return value === undefined || value === "" ? null : value;
}

export function readDemoConfig(
  env: Env,
  readFile: (path: string) => string = (path) => readFileSync(path, "utf8"),
  fileExists: (path: string) => boolean = existsSync,
): DemoConfigResult {
  const problems: string[] = [];

  let port = 3000;
  const rawPort = set(env, "PORT");
  if (rawPort !== null) {
    port = Number(rawPort);
    if (!/^\d+$/.test(rawPort) || port > 65_535) {
      problems.push(`PORT must be a port number from 0 to 65535, not "${rawPort}".`);
    }
  }

  const databaseUrl = set(env, "DATABASE_URL");
  if (databaseUrl !== null) {
    let protocol: string | null = null;
    try {
      protocol = new URL(databaseUrl).protocol;
    } catch {
      protocol = null;
    }
    if (protocol !== "postgres:" && protocol !== "postgresql:") {
      // The value may hold a password: it is not repeated.
      problems.push(
        "DATABASE_URL must be a PostgreSQL connection URL (postgres://user:password@host:5432/database).",
      );
    }
  }

  const applicationId = set(env, "VONAGE_APPLICATION_ID");
  const inlineKey = set(env, "VONAGE_PRIVATE_KEY");
  const keyPath = set(env, "VONAGE_PRIVATE_KEY_PATH");
  let privateKey: string | null = null;
  if (inlineKey !== null && keyPath !== null) {
    problems.push("Set VONAGE_PRIVATE_KEY or VONAGE_PRIVATE_KEY_PATH, not both.");
  } else if (keyPath !== null) {
    if (!fileExists(keyPath)) {
      problems.push(`VONAGE_PRIVATE_KEY_PATH names a file that does not exist: "${keyPath}".`);
    } else {
      privateKey = readFile(keyPath);
      if (!keyPattern.test(privateKey)) {
        problems.push(
          `VONAGE_PRIVATE_KEY_PATH must name the application's private key file (PEM, "-----BEGIN PRIVATE KEY-----"): "${keyPath}" is not one.`,
        );
      }
    }
  } else if (inlineKey !== null) {
    privateKey = inlineKey.replaceAll("\\n", "\n");
    if (!keyPattern.test(privateKey)) {
      problems.push(
        'VONAGE_PRIVATE_KEY must hold the application\'s private key (PEM, "-----BEGIN PRIVATE KEY-----").',
      );
    }
  }
  if (applicationId !== null && !uuidPattern.test(applicationId)) {
    problems.push(
      `VONAGE_APPLICATION_ID must be the application's id (a UUID, as the Vonage dashboard shows it), not "${applicationId}".`,
    );
  }
  if (applicationId !== null && privateKey === null && inlineKey === null && keyPath === null) {
    problems.push(
      "VONAGE_APPLICATION_ID is set without a private key: set VONAGE_PRIVATE_KEY_PATH (or VONAGE_PRIVATE_KEY) too.",
    );
  }
  if (applicationId === null && (inlineKey !== null || keyPath !== null)) {
    problems.push("A Vonage private key is set without VONAGE_APPLICATION_ID: set it too.");
  }

  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    config: {
      port,
      databaseUrl,
      vonage: applicationId !== null && privateKey !== null ? { applicationId, privateKey } : null,
    },
  };
}
