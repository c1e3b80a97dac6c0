// `parseWebhook` of the Vonage provider: verify the delivery first (R-SEC-1), then read its body.
// An unsigned or forged delivery is refused before a single byte of its body is interpreted.

import type { KeyObject } from "node:crypto";
import type { Logger, ProviderEvent } from "@onair/core";
import { LiveError } from "@onair/core";
import { eventsOfCallback } from "./webhook-events.js";
import { type RawHeaders, verifyCallbackSignature } from "./webhook-signature.js";

export interface WebhookParserOptions {
  readonly applicationId: string;
  /** The signature secrets' keys (at least one); null when verification is explicitly off. */
  readonly keys: readonly KeyObject[] | null;
  readonly logger: Logger;
}

export type WebhookParser = (
  headers: RawHeaders,
  rawBody: string | Uint8Array,
  now: number,
) => Promise<readonly ProviderEvent[]>;

const decoder = new TextDecoder("utf-8", { fatal: true });

export function createWebhookParser(options: WebhookParserOptions): WebhookParser {
  return async (headers, rawBody, now) => {
    const bytes = typeof rawBody === "string" ? Buffer.from(rawBody, "utf8") : rawBody;
    if (options.keys !== null) {
      try {
        verifyCallbackSignature(headers, bytes, {
          keys: options.keys,
          applicationId: options.applicationId,
          now,
        });
      } catch (error) {
        if (error instanceof LiveError) {
          options.logger.warn({ code: error.code, why: error.message }, "webhook refused");
        }
        throw error;
      }
    }
    let payload: unknown;
    try {
      const text = typeof rawBody === "string" ? rawBody : decoder.decode(rawBody);
      payload = JSON.parse(text);
    } catch {
      throw new LiveError("INVALID_INPUT", "The Vonage callback body is not JSON.");
    }
    const events = eventsOfCallback(payload);
    if (events.length === 0) {
      const event = (payload as { event?: unknown }).event;
      options.logger.debug(
        { event: typeof event === "string" ? event.slice(0, 64) : null },
        "webhook ignored",
      );
    }
    return events;
  };
}
