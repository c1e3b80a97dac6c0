// POST /webhooks/provider (R-SEC-1): the raw body and headers go to the provider's verification;
// a delivery that does not verify is 401, one verified but unreadable 400, and neither changes
// anything. Accepted deliveries are acknowledged at once and processed afterwards (the service
// makes them idempotent). A closed API refuses deliveries (503) so that they are sent again.
import { isLiveError, LiveError, type ProviderEvent } from "@onair/core";
import { describeError } from "../problems/problem-responder.js";
import { defineRoute, type HttpContext, type LiveRoute } from "./route.js";

// The unauthenticated caller learns that the delivery was refused, never which check failed.
const notVerified = "The delivery could not be verified.";
const unreadable = "The delivery's body could not be read.";

async function processEvents(ctx: HttpContext, events: readonly ProviderEvent[]): Promise<void> {
  for (const event of events) {
    try {
      await ctx.service.handleProviderEvent(event);
    } catch (error) {
      ctx.settings.logger.error(
        { type: event.type, roomId: event.roomId, error: describeError(error) },
        "onair provider event could not be processed",
      );
    }
  }
}

export const webhookRoute: LiveRoute = defineRoute({
  method: "POST",
  path: "/webhooks/provider",
  access: "provider",
  body: "raw",
  whileOpen: true,
  async handle({ request }, ctx) {
    const { provider, settings } = ctx;
    const { logger } = settings;
    const body = await request.body.bytes(settings.limits.webhookBodyBytes);
    let events: readonly ProviderEvent[];
    try {
      events = await provider.parseWebhook(request.distinctHeaders(), body, settings.clock.now());
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
    ctx.background(processEvents(ctx, events));
    return { status: 204 };
  },
});
