// The preflight's code loads with its first run: a page that never checks a connection (an
// event page) does not carry it.
import type { GatheredPreflight, GatherPreflightOptions } from "../types.js";

/**
 * Gathers the preflight facts (secure context, WebRTC, permissions, devices, browser, upload,
 * UDP/relay hints) and the core's verdicts on them (`evaluatePreflight`).
 */
export async function gatherPreflightReport(
  options: GatherPreflightOptions,
): Promise<GatheredPreflight> {
  return (await import("./gather-preflight.js")).gatherPreflightReport(options);
}
