// The thresholds of the preflight rules, configurable by the platform and validated like any input.
import * as z from "zod/mini";
import { wholeNumber } from "./preflight-report.js";

const browserVersion = wholeNumber(10_000);

export const preflightOptionsSchema = z.strictObject({
  /** Upload bandwidth below which the live degrades (R-PRE-3). */
  minUploadMbps: z.optional(z.number().check(z.gt(0), z.lte(10_000))),
  /** Oldest supported major version per browser (R-PRE-4); unset browsers keep the defaults. */
  minBrowserVersions: z.optional(
    z.strictObject({
      chrome: z.optional(browserVersion),
      firefox: z.optional(browserVersion),
      edge: z.optional(browserVersion),
      safari: z.optional(browserVersion),
    }),
  ),
  /**
   * How attendees watch (R-AUD-1). Over HLS they need neither WebRTC nor UDP, so those checks are
   * only run for them when they watch as subscribers.
   */
  audienceDelivery: z.optional(z.enum(["hls", "subscribers"])),
});

export type PreflightOptions = z.input<typeof preflightOptionsSchema>;

export const defaultMinUploadMbps = 5;

/**
 * Conservative minimums: versions that shipped with the WebRTC features the video SDK relies on,
 * old enough not to warn people whose browser updates itself.
 */
export const defaultMinBrowserVersions = Object.freeze({
  chrome: 120,
  firefox: 115,
  edge: 120,
  safari: 16,
});
