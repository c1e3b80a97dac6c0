// Signed webhook deliveries of the mock provider (R-SEC-1): HMAC-SHA256 over the issuer, a
// timestamp and the raw body, through Web Crypto so the kit also runs in browsers.
import type { ProviderEvent } from "@onair/core";
import { isProviderRecordingStatus, type WebhookRefusalReason, webhookRefusal } from "@onair/core";

/** Deliveries signed longer ago (or further ahead) than this are refused as stale. */
export const webhookTolerance = 5 * 60_000;

export const webhookHeaders = {
  application: "x-mock-application",
  timestamp: "x-mock-timestamp",
  signature: "x-mock-signature",
} as const;

export interface SignedDelivery {
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export type RawHeaders = Readonly<Record<string, string | readonly string[] | undefined>>;

const encoder = new TextEncoder();

async function keyOf(secret: string): Promise<CryptoKey> {
  return globalThis.crypto.subtle.importKey(
    "raw",
    encoder.encode(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign", "verify"],
  );
}

const signedText = (applicationId: string, timestamp: string, body: string) =>
  `${applicationId}.${timestamp}.${body}`;

/** Builds a delivery; `secret: null` leaves it unsigned (to test refusals). */
export async function signDelivery(
  events: readonly ProviderEvent[],
  options: {
    readonly applicationId: string;
    readonly secret: string | null;
    readonly signedAt: number;
  },
): Promise<SignedDelivery> {
  const body = JSON.stringify({ events });
  const timestamp = String(options.signedAt);
  const headers: Record<string, string> = {
    "content-type": "application/json",
    [webhookHeaders.application]: options.applicationId,
    [webhookHeaders.timestamp]: timestamp,
  };
  if (options.secret !== null) {
    const key = await keyOf(options.secret);
    const mac = await globalThis.crypto.subtle.sign(
      "HMAC",
      key,
      encoder.encode(signedText(options.applicationId, timestamp, body)),
    );
    headers[webhookHeaders.signature] = `v1=${toHex(new Uint8Array(mac))}`;
  }
  return { headers, body };
}

/** Verifies a delivery and returns the events onair uses; refusals never echo header values. */
export async function verifyDelivery(
  rawHeaders: RawHeaders,
  rawBody: string | Uint8Array,
  options: { readonly applicationId: string; readonly secret: string; readonly now: number },
): Promise<readonly ProviderEvent[]> {
  const application = headerOf(rawHeaders, webhookHeaders.application);
  const timestamp = headerOf(rawHeaders, webhookHeaders.timestamp);
  const signature = headerOf(rawHeaders, webhookHeaders.signature);
  if (application === null || timestamp === null || signature === null) {
    throw unauthorized("The webhook delivery is not signed.", "unsigned");
  }
  if (application !== options.applicationId) {
    throw unauthorized("The webhook delivery comes from another application.");
  }
  const signedAt = /^\d{1,16}$/.test(timestamp) ? Number(timestamp) : Number.NaN;
  if (!Number.isFinite(signedAt) || Math.abs(options.now - signedAt) > webhookTolerance) {
    throw unauthorized("The webhook delivery is stale or from the future.", "stale");
  }
  const mac = /^v1=([0-9a-f]{64})$/.exec(signature)?.[1];
  const body = typeof rawBody === "string" ? rawBody : new TextDecoder().decode(rawBody);
  const valid =
    mac !== undefined &&
    (await globalThis.crypto.subtle.verify(
      "HMAC",
      await keyOf(options.secret),
      fromHex(mac),
      encoder.encode(signedText(application, timestamp, body)),
    ));
  if (!valid) throw unauthorized("The webhook signature does not match.");
  return parseEvents(body);
}

function parseEvents(body: string): readonly ProviderEvent[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (cause) {
    throw unreadable("The webhook body is not JSON.", cause);
  }
  const events = (parsed as { events?: unknown } | null)?.events;
  if (!Array.isArray(events)) throw unreadable("The webhook body has no events.");
  const known: ProviderEvent[] = [];
  for (const event of events) {
    const checked = checkEvent(event);
    if (checked === "malformed") {
      throw unreadable("A webhook event is malformed.");
    }
    if (checked !== "unknown") known.push(checked);
  }
  return known;
}

const str = (value: unknown): value is string => typeof value === "string";
const strOrNull = (value: unknown): value is string | null => value === null || str(value);
const numOrNull = (value: unknown): value is number | null =>
  value === null || (typeof value === "number" && Number.isFinite(value));

/** Events of types onair does not use are ignored, as a real provider adds types over time. */
function checkEvent(value: unknown): ProviderEvent | "unknown" | "malformed" {
  if (typeof value !== "object" || value === null) return "malformed";
  const e = value as Record<string, unknown>;
  if (!str(e.type)) return "malformed";
  const base = str(e.roomId) && typeof e.at === "number" && Number.isFinite(e.at);
  switch (e.type) {
    case "recording":
      return base &&
        str(e.recordingId) &&
        strOrNull(e.name) &&
        isProviderRecordingStatus(e.status) &&
        strOrNull(e.reason) &&
        numOrNull(e.duration)
        ? (e as unknown as ProviderEvent)
        : "malformed";
    case "broadcast":
      return base &&
        str(e.broadcastId) &&
        (e.status === "started" || e.status === "stopped" || e.status === "failed") &&
        strOrNull(e.reason) &&
        strOrNull(e.hlsUrl)
        ? (e as unknown as ProviderEvent)
        : "malformed";
    case "connection-created":
      return base && str(e.connectionId) && strOrNull(e.connectionData)
        ? (e as unknown as ProviderEvent)
        : "malformed";
    case "connection-destroyed":
      return base && str(e.connectionId) && strOrNull(e.connectionData) && strOrNull(e.reason)
        ? (e as unknown as ProviderEvent)
        : "malformed";
    case "stream-created":
      return base &&
        str(e.streamId) &&
        str(e.connectionId) &&
        strOrNull(e.connectionData) &&
        (e.videoType === "camera" || e.videoType === "screen" || e.videoType === "custom") &&
        (e.audioOnly === undefined || typeof e.audioOnly === "boolean")
        ? (e as unknown as ProviderEvent)
        : "malformed";
    case "stream-destroyed":
      return base && str(e.streamId) && str(e.connectionId) && strOrNull(e.reason)
        ? (e as unknown as ProviderEvent)
        : "malformed";
    case "room-destroyed":
      return base ? (e as unknown as ProviderEvent) : "malformed";
    default:
      return "unknown";
  }
}

function headerOf(headers: RawHeaders, name: string): string | null {
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== name) continue;
    if (typeof value === "string") return value;
    // Several values for one header are ambiguous: refuse rather than pick one.
    if (Array.isArray(value) && value.length === 1 && typeof value[0] === "string") return value[0];
    return null;
  }
  return null;
}

/** Refusals carry the reason the core counts (`service.health()`), as the Vonage provider's do. */
const unauthorized = (message: string, reason: WebhookRefusalReason = "signature") =>
  webhookRefusal("UNAUTHORIZED", message, reason);
const unreadable = (message: string, cause?: unknown) =>
  webhookRefusal("INVALID_INPUT", message, "body", cause === undefined ? {} : { cause });

function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

function fromHex(hex: string): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++)
    bytes[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}
