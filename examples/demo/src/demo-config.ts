// The demo's configuration, from the environment, checked at start-up: every bad value gets one
// message saying which variable, what is wrong and what is expected; nothing starts until all are
// fixed. Secrets are never repeated in a message.
import { existsSync, readFileSync } from "node:fs";

export interface DemoConfig {
  readonly port: number;
  /** PostgreSQL instead of the in-memory store and change feed. */
  readonly databaseUrl: string | null;
  /** Vonage instead of the mock provider. */
  readonly vonage: VonageDemoConfig | null;
}

export interface VonageDemoConfig {
  readonly applicationId: string;
  readonly privateKey: string;
  /** The secrets of the application's signed callbacks (one, or one per callback type). */
  readonly signatureSecrets: readonly string[];
  /** Where Vonage reaches this demo from the internet (no trailing slash). */
  readonly publicUrl: string;
}

/** Vonage's callbacks (session monitoring, archives, broadcasts) go to this path of the demo. */
export const webhookPath = "/api/webhooks/provider";

/** The URL to set for every callback of the Vonage application's Video capability. */
export function webhookUrlOf(publicUrl: string): string {
  return `${publicUrl}${webhookPath}`;
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

  const vonageWanted = applicationId !== null || inlineKey !== null || keyPath !== null;
  const signatureSecrets = readSignatureSecrets(env, vonageWanted, problems);
  const publicUrl = readPublicUrl(env, vonageWanted, problems);

  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    config: {
      port,
      databaseUrl,
      vonage:
        applicationId !== null &&
        privateKey !== null &&
        signatureSecrets !== null &&
        publicUrl !== null
          ? { applicationId, privateKey, signatureSecrets, publicUrl }
          : null,
    },
  };
}

/** The provider refuses a shorter signature secret (R-SEC-1); so does the demo, at start-up. */
const minSecretLength = 16;

function readSignatureSecrets(
  env: Env,
  vonageWanted: boolean,
  problems: string[],
): readonly string[] | null {
  const raw = set(env, "VONAGE_SIGNATURE_SECRET");
  if (raw === null) {
    if (vonageWanted) {
      problems.push(
        "VONAGE_SIGNATURE_SECRET must be set with Vonage: the signature secret of the application's signed callbacks (Vonage dashboard, Video capability), so the demo can verify them.",
      );
    }
    return null;
  }
  if (!vonageWanted) {
    problems.push("VONAGE_SIGNATURE_SECRET is set without VONAGE_APPLICATION_ID: set it too.");
    return null;
  }
  // One secret, or several separated by commas when each callback type has its own.
  const secrets = raw.split(",").map((secret) => secret.trim());
  if (secrets.some((secret) => secret.length < minSecretLength)) {
    // A secret is never repeated, not even a wrong one.
    problems.push(
      `VONAGE_SIGNATURE_SECRET must hold the signature secret of the signed callbacks (at least ${minSecretLength} characters; several separated by commas): a value is too short.`,
    );
    return null;
  }
  return secrets;
}

const localHosts = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\]|0\.0\.0\.0)$/i;

function readPublicUrl(env: Env, vonageWanted: boolean, problems: string[]): string | null {
  const raw = set(env, "PUBLIC_URL");
  if (raw === null) {
    if (vonageWanted) {
      problems.push(
        `PUBLIC_URL must be set with Vonage: the https address at which Vonage reaches this demo (for example a tunnel to its port); Vonage's callbacks go to PUBLIC_URL${webhookPath}.`,
      );
    }
    return null;
  }
  let url: URL | null = null;
  try {
    url = new URL(raw);
  } catch {
    url = null;
  }
  if (url === null || url.protocol !== "https:" || url.search !== "" || url.hash !== "") {
    problems.push(
      `PUBLIC_URL must be an https address without query or fragment (https://demo.example.com), not "${raw}".`,
    );
    return null;
  }
  if (url.username !== "" || url.password !== "") {
    problems.push("PUBLIC_URL must not carry a user name or password.");
    return null;
  }
  if (localHosts.test(url.hostname)) {
    problems.push(
      `PUBLIC_URL must be reachable from the internet: Vonage cannot call "${url.hostname}" (use a tunnel's https address).`,
    );
    return null;
  }
  return `${url.origin}${url.pathname}`.replace(/\/+$/, "");
}
