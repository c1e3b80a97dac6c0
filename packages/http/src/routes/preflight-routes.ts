// POST /preflight: the core's preflight rules on a report from the browser, advice localized.
// POST /preflight/bandwidth: an upload the browser times to measure its bandwidth (R-PRE-3); the
// body is read and dropped, never kept.
import { type Advice, evaluatePreflight, LiveError, localizeAdvice } from "@onair/core";
import type { LiveHttpRequest } from "../neutral.js";
import { localeOf } from "../request/negotiation.js";
import { defineRoute, type HttpContext, type LiveRoute } from "./route.js";

function checkProbeSize(request: LiveHttpRequest, { settings }: HttpContext): void {
  const declared = Number(request.headers["content-length"] ?? 0);
  if (declared > settings.limits.bandwidthProbeBytes) {
    throw new LiveError(
      "CONTENT_TOO_LARGE",
      `Bandwidth probes up to ${settings.limits.bandwidthProbeBytes} bytes are read.`,
    );
  }
}

export const preflightRoutes: readonly LiveRoute[] = [
  defineRoute({
    method: "POST",
    path: "/preflight",
    access: "anyone",
    body: "json",
    limit: "preflight",
    handle({ request, input }, { settings }) {
      const result = evaluatePreflight(input, settings.preflight);
      const locale = localeOf(request.headers["accept-language"]);
      const localize = (advice: readonly Advice[]) => localizeAdvice(advice, locale);
      return {
        status: 200,
        headers: { "Content-Language": locale, Vary: "Accept-Language" },
        json: {
          overall: result.overall,
          checks: result.checks.map((check) => ({ ...check, advice: localize(check.advice) })),
          advice: localize(result.advice),
        },
      };
    },
  }),
  defineRoute({
    method: "POST",
    path: "/preflight/bandwidth",
    access: "anyone",
    body: "raw",
    limit: "bandwidth",
    noStore: true,
    precheck: checkProbeSize,
    async handle({ request }, { settings }) {
      await request.body.discard(settings.limits.bandwidthProbeBytes);
      return { status: 204 };
    },
  }),
];
