// POST /webhooks/provider (R-SEC-1): the raw body goes to the provider's verification; a delivery
// that does not verify is 401 and changes nothing. Accepted deliveries are acknowledged at once
// and processed afterwards (the service makes them idempotent).
import { isLiveError, LiveError, type ProviderEvent } from "@onair/core";
import type { Router } from "express";
import express from "express";
import { describeError } from "../problems/problem-responder.js";
import type { RouterContext } from "../router-context.js";

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
    express.raw({ type: () => true, limit: settings.limits.webhookBodyBytes, inflate: false }),
    async (req, res) => {
      const body: Uint8Array = Buffer.isBuffer(req.body) ? req.body : new Uint8Array(0);
      let events: readonly ProviderEvent[];
      try {
        events = await provider.parseWebhook(req.headers, body, settings.clock.now());
      } catch (error) {
        if (isLiveError(error)) throw error;
        // A delivery the provider cannot even read is one we cannot verify.
        logger.warn({ error: describeError(error) }, "onair webhook could not be parsed");
        throw new LiveError("UNAUTHORIZED", "The webhook delivery could not be verified.");
      }
      res.status(204).end();
      ctx.background(process(events));
    },
  );
}
