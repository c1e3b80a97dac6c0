// `parseWebhook` of the Vonage provider: verify the delivery first (R-SEC-1), then read its body.
// An unsigned or forged delivery is refused before a single byte of its body is interpreted.
// Every refusal carries a `reason` (`unsigned`, `signature`, `stale`, `body`) the core counts.

import type { KeyObject } from "node:crypto";
import type { Logger, ProviderEvent } from "@onair/core";
import { isLiveError, webhookRefusal } from "@onair/core";
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
        if (isLiveError(error)) {
          const { reason } = error as { reason?: unknown };
          options.logger.warn({ code: error.code, reason, why: error.message }, "webhook refused");
        }
        throw error;
      }
    }
    let payload: unknown;
    try {
      const text = typeof rawBody === "string" ? rawBody : decoder.decode(rawBody);
      payload = JSON.parse(text);
    } catch {
      throw webhookRefusal("INVALID_INPUT", "The Vonage callback body is not JSON.", "body");
    }
    let events: readonly ProviderEvent[];
    try {
      events = eventsOfCallback(payload);
    } catch (error) {
      // A verified body in a shape the provider does not know: counted as an unreadable body.
      if (!isLiveError(error)) throw error;
      throw webhookRefusal(error.code, error.message, "body", {
        issues: error.issues,
        cause: error.cause,
      });
    }
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
