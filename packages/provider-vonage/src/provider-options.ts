// The options of `createVonageProvider`, checked once at start-up so that a misconfiguration fails
// loudly before the first live, and never with a secret value in the message.
import { createPrivateKey, createSecretKey, type KeyObject } from "node:crypto";
import { availableParallelism } from "node:os";
import type { Clock, Logger } from "@onair/core";
import { LiveError, silentLogger, systemClock } from "@onair/core";
import * as z from "zod";

/** Output resolutions the Vonage Video API accepts for archives and broadcasts. */
export const vonageResolutions = [
  "640x480",
  "480x640",
  "1280x720",
  "720x1280",
  "1920x1080",
  "1080x1920",
] as const;

/** Layouts Vonage can switch to when someone shares a screen (only with the `bestFit` layout). */
export const screenshareLayouts = [
  "bestFit",
  "pip",
  "verticalPresentation",
  "horizontalPresentation",
] as const;

export type VonageResolution = (typeof vonageResolutions)[number];
export type ScreenshareLayout = (typeof screenshareLayouts)[number];

/** The longest broadcast Vonage allows (10 hours), and our default: a live never stops by itself. */
export const maxBroadcastDurationSeconds = 36_000;
/** Client tokens only need to live until the client connects (R-PERM-5). */
export const defaultTokenLifetimeSeconds = 300;
export const maxTokenLifetimeSeconds = 86_400;
/** The most client-token signing threads one provider may start. */
export const maxSigningThreads = 16;
/** Tokens a signing thread may have waiting before new ones are refused as retriable. */
export const defaultMaxPendingPerThread = 1_000;

const isLogger = (value: unknown): value is Logger =>
  typeof value === "object" &&
  value !== null &&
  ["debug", "info", "warn", "error"].every(
    (level) => typeof (value as Record<string, unknown>)[level] === "function",
  );

const isClock = (value: unknown): value is Clock =>
  typeof value === "object" &&
  value !== null &&
  typeof (value as Record<string, unknown>).now === "function";

const resolution = z.enum(vonageResolutions);

const signatureSecret = z
  .string()
  .min(16, "Expected the signature secret of the secure callbacks.");

export const vonageProviderOptionsSchema = z.strictObject({
  /** The Vonage application id (Video capability enabled). */
  applicationId: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,100}$/, "Expected the application id shown in the Vonage dashboard."),
  /** The application's private key: PEM text or its bytes (read the file yourself). */
  privateKey: z.union([z.string().min(1), z.instanceof(Uint8Array)]),
  /**
   * The signature secret of the application's secure callbacks (R-SEC-1), or a non-empty list of
   * them when session monitoring, archive and broadcast callbacks are signed with different
   * secrets (or while a secret is being rotated): a delivery passes if one of them verifies it.
   */
  signatureSecret: z
    .union([
      signatureSecret,
      z.array(signatureSecret).min(1, "Expected at least one signature secret."),
    ])
    .optional(),
  /** Verify webhook signatures (default). Turning it off also needs `insecureSkipWebhookVerification`. */
  verifyWebhooks: z.boolean().default(true),
  /** Development only: accept unsigned webhooks. Only read when `verifyWebhooks` is false. */
  insecureSkipWebhookVerification: z.boolean().default(false),
  /** Upper bound of a client token's lifetime, in seconds (default 300, at most 86,400). */
  tokenLifetimeSeconds: z
    .number()
    .int()
    .min(30)
    .max(maxTokenLifetimeSeconds)
    .default(defaultTokenLifetimeSeconds),
  /** Composed recordings (the replay). */
  recording: z
    .strictObject({
      resolution: resolution.default("1280x720"),
    })
    .default({ resolution: "1280x720" }),
  /** The HLS broadcast the audience watches (R-AUD-1). */
  broadcast: z
    .strictObject({
      resolution: resolution.default("1280x720"),
      /** Seconds after which Vonage stops the broadcast (default and maximum: 36,000). */
      maxDurationSeconds: z
        .number()
        .int()
        .min(60)
        .max(maxBroadcastDurationSeconds)
        .default(maxBroadcastDurationSeconds),
      /** Lower latency, at the cost of DVR; Vonage forbids both at once. */
      lowLatency: z.boolean().default(false),
      /** Lets viewers pause and rewind the live in players that support it. */
      dvr: z.boolean().default(false),
    })
    .refine((hls) => !(hls.lowLatency && hls.dvr), {
      message: "HLS low latency and DVR cannot be combined.",
    })
    .default({
      resolution: "1280x720",
      maxDurationSeconds: maxBroadcastDurationSeconds,
      lowLatency: false,
      dvr: false,
    }),
  /** Layout used when a screen is shared while the grid layout is on (default horizontalPresentation). */
  screenshareLayout: z.enum(screenshareLayouts).default("horizontalPresentation"),
  /** Another Vonage Video API host (a regional one, or an emulator in tests). */
  videoHost: z.url({ protocol: /^https?$/ }).optional(),
  /** Milliseconds before a Vonage call is abandoned as a retriable failure (default 15,000). */
  timeoutMs: z.number().int().min(50).max(120_000).default(15_000),
  /**
   * Where client tokens are signed. By default, when the machine has more than one core, on one
   * worker thread (started with the first token), so that a join storm does not queue every
   * request behind RSA signatures on the event loop; on a single core, on the calling thread.
   * `threads: 0` always signs on the calling thread. Each thread costs its own memory and holds
   * the private key.
   */
  signing: z
    .strictObject({
      threads: z.number().int().min(0).max(maxSigningThreads),
      /** Tokens a thread may have waiting before new ones are refused as retriable (default 1,000). */
      maxPendingPerThread: z.number().int().min(1).max(100_000).default(defaultMaxPendingPerThread),
    })
    .optional(),
  /** Where to log (pino-compatible). Secrets and tokens are never logged. */
  logger: z
    .custom<Logger>(isLogger, "Expected a logger with debug, info, warn and error.")
    .optional(),
  /** Time source for token times (default: the system clock). */
  clock: z.custom<Clock>(isClock, "Expected a clock with now().").optional(),
});

export type VonageProviderOptions = z.input<typeof vonageProviderOptionsSchema>;

/** What the provider runs with, once checked: keys parsed, defaults filled. */
export interface VonageSettings {
  readonly applicationId: string;
  /** PEM text, for the SDK's own request signing. */
  readonly privateKeyPem: string;
  /** The same key parsed once, for client tokens. */
  readonly privateKey: KeyObject;
  /** One key per signature secret (at least one); null when verification is explicitly off. */
  readonly webhookKeys: readonly KeyObject[] | null;
  readonly tokenLifetimeSeconds: number;
  readonly recording: { readonly resolution: VonageResolution };
  readonly broadcast: {
    readonly resolution: VonageResolution;
    readonly maxDurationSeconds: number;
    readonly lowLatency: boolean;
    readonly dvr: boolean;
  };
  readonly screenshareLayout: ScreenshareLayout;
  readonly videoHost: string | undefined;
  readonly timeoutMs: number;
  /** Null: tokens are signed on the calling thread (`threads: 0`, or one core and no choice). */
  readonly signing: { readonly threads: number; readonly maxPendingPerThread: number } | null;
  readonly logger: Logger;
  readonly clock: Clock;
}

const invalid = (path: string, message: string) =>
  new LiveError("INVALID_INPUT", `Invalid Vonage provider options: ${path}: ${message}`, {
    issues: [{ path, message }],
  });

/**
 * Where tokens are signed: as asked, or by default one thread when there is a core to spare for it
 * (`cores` is `os.availableParallelism()`).
 */
function signingOf(
  asked: { threads: number; maxPendingPerThread: number } | undefined,
  cores: number,
): VonageSettings["signing"] {
  if (asked === undefined) {
    return cores > 1 ? { threads: 1, maxPendingPerThread: defaultMaxPendingPerThread } : null;
  }
  return asked.threads === 0 ? null : asked;
}

/**
 * Checks the options; throws LiveError INVALID_INPUT naming the fields, never their values.
 * `cores` (default `os.availableParallelism()`) decides the default of `signing`.
 */
export function resolveVonageSettings(
  options: VonageProviderOptions,
  cores: number = availableParallelism(),
): VonageSettings {
  const parsed = vonageProviderOptionsSchema.safeParse(options);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => ({
      path: issue.path.map(String).join(".") || "(options)",
      message: issue.message,
    }));
    throw new LiveError(
      "INVALID_INPUT",
      `Invalid Vonage provider options: ${issues.map((issue) => issue.path).join(", ")}.`,
      { issues },
    );
  }
  const o = parsed.data;
  const privateKeyPem =
    typeof o.privateKey === "string" ? o.privateKey : Buffer.from(o.privateKey).toString("utf8");
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(privateKeyPem);
  } catch {
    // The parser's own message is not shown: only that the key did not parse.
    throw invalid("privateKey", "Expected the application's PEM private key.");
  }
  if (privateKey.asymmetricKeyType !== "rsa") {
    throw invalid("privateKey", "Expected an RSA private key (Vonage signs with RS256).");
  }
  const verify = o.verifyWebhooks || !o.insecureSkipWebhookVerification;
  if (!o.verifyWebhooks && !o.insecureSkipWebhookVerification) {
    throw invalid(
      "verifyWebhooks",
      "Webhook verification can only be turned off with insecureSkipWebhookVerification: true (development only).",
    );
  }
  if (verify && o.signatureSecret === undefined) {
    throw invalid("signatureSecret", "Required to verify webhooks (R-SEC-1).");
  }
  return {
    applicationId: o.applicationId,
    privateKeyPem,
    privateKey,
    webhookKeys:
      verify && o.signatureSecret !== undefined
        ? [o.signatureSecret].flat().map((secret) => createSecretKey(Buffer.from(secret, "utf8")))
        : null,
    tokenLifetimeSeconds: o.tokenLifetimeSeconds,
    recording: o.recording,
    broadcast: o.broadcast,
    screenshareLayout: o.screenshareLayout,
    videoHost: o.videoHost,
    timeoutMs: o.timeoutMs,
    signing: signingOf(o.signing, cores),
    logger: o.logger ?? silentLogger,
    clock: o.clock ?? systemClock,
  };
}
