// POST /preflight: the core's preflight rules on a report from the browser, advice localized.
import { type Advice, evaluatePreflight, localizeAdvice, type PreflightReport } from "@onair/core";
import type { Router } from "express";
import { localeOf } from "../problems/problem-responder.js";
import { jsonBody, requireJson } from "../request/request-guards.js";
import type { RouterContext } from "../router-context.js";

export function mountPreflightRoute(router: Router, ctx: RouterContext): void {
  router.post(
    "/preflight",
    ctx.limit("preflight"),
    requireJson,
    jsonBody(ctx.settings.limits.jsonBodyBytes),
    (req, res) => {
      const result = evaluatePreflight(req.body, ctx.settings.preflight);
      const locale = localeOf(req);
      // The report passed validation above, so its browser is one of the known names.
      const browser = (req.body as PreflightReport).browser.name;
      const localize = (advice: readonly Advice[]) => localizeAdvice(advice, locale, browser);
      res.setHeader("Content-Language", locale);
      res.setHeader("Vary", "Accept-Language");
      res.json({
        overall: result.overall,
        checks: result.checks.map((check) => ({ ...check, advice: localize(check.advice) })),
        advice: localize(result.advice),
      });
    },
  );
}
