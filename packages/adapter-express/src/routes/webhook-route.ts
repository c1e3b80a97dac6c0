// POST /webhooks/provider (R-SEC-1): the raw body and headers go to the provider's verification;
// a delivery that does not verify is 401, one verified but unreadable 400, and neither changes
// anything. Accepted deliveries are acknowledged at once and processed afterwards (the service
// makes them idempotent). A closed router refuses deliveries (503) so that they are sent again.
import { isLiveError, LiveError, type ProviderEvent } from "@onair/core";
import type { Request, Router } from "express";
import express from "express";
import { describeError } from "../problems/problem-responder.js";
import type { RouterContext } from "../router-context.js";

type DeliveryHeaders = Record<string, string | readonly string[]>;

/**
 * The delivery's headers with repeated ones kept apart: Node's `req.headers` keeps only the first
 * Authorization (and joins others), so a second, different signature would go unseen. Headers
 * received once stay plain strings; repeated ones are arrays, which providers refuse.
 */
function deliveryHeaders(req: Request): DeliveryHeaders {
  const headers: DeliveryHeaders = {};
  for (const [name, values] of Object.entries(req.headersDistinct)) {
    if (values === undefined || values.length === 0) continue;
    headers[name] = values.length === 1 ? (values[0] as string) : values;
  }
  return headers;
}

// The unauthenticated caller learns that the delivery was refused, never which check failed.
const notVerified = "The delivery could not be verified.";
const unreadable = "The delivery's body could not be read.";

export function mountWebhookRoute(router: Router, ctx: RouterContext): void {
  const { provider, service, settings } = ctx;
  const { logger } = settings;

  const process = async (events: readonly ProviderEvent[]) => {
    for (const event of events) {
      try {
        await service.handleProviderEvent(event);
      } catch (error) {
        logger.error(
          { type: event.type, roomId: event.roomId, error: describeError(error) },
          "onair provider event could not be processed",
        );
      }
    }
  };

  router.post(
    "/webhooks/provider",
    ctx.whileOpen,
    express.raw({ type: () => true, limit: settings.limits.webhookBodyBytes, inflate: false }),
    async (req, res) => {
      const body: Uint8Array = Buffer.isBuffer(req.body) ? req.body : new Uint8Array(0);
      let events: readonly ProviderEvent[];
      try {
        events = await provider.parseWebhook(deliveryHeaders(req), body, settings.clock.now());
      } catch (error) {
        if (isLiveError(error) && error.code === "UNAUTHORIZED") {
          // The provider says why (and may log it); the caller only learns that it was refused.
          logger.debug({ why: error.message.slice(0, 200) }, "onair webhook refused");
          throw new LiveError("UNAUTHORIZED", notVerified);
        }
        if (isLiveError(error) && error.code === "INVALID_INPUT") {
          // Verified, but not in a shape the provider knows: worth a warning, and a short answer
          // without the parser's issues.
          logger.warn(
            { code: error.code, why: error.message.slice(0, 200) },
            "onair webhook body could not be read",
          );
          throw new LiveError("INVALID_INPUT", unreadable);
        }
        if (isLiveError(error)) throw error;
        // A delivery the provider cannot even read is one we cannot verify.
        logger.warn({ error: describeError(error) }, "onair webhook could not be parsed");
        throw new LiveError("UNAUTHORIZED", notVerified);
      }
      res.status(204).end();
      ctx.background(process(events));
    },
  );
}
