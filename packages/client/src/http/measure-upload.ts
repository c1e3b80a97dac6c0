// Upload bandwidth (R-PRE-3): a small probe, then a payload sized from it to take about two
// seconds, both to POST /preflight/bandwidth (which drains and discards them). The whole measure
// stays within the timeout (5 s by default), so a preflight never waits long.
import type { MeasureUploadOptions } from "../types.js";
import type { Transport } from "./live-client.js";
import { routes } from "./routes.js";

const probeBytes = 256 * 1024;
// The server reads at most 2 MiB by default (`limits.bandwidthProbeBytes`).
const defaultMaxBytes = 2 * 1024 * 1024;
const targetSeconds = 2;

/** Why an upload could not be measured, in the preflight report's terms. */
export type UnmeasuredReason = "timeout" | "blocked" | "error" | "unsupported";

export type UploadMeasure =
  | { readonly mbps: number }
  | { readonly mbps: null; readonly reason: UnmeasuredReason };

// Random bytes, so that nothing on the way can compress the payload.
function payload(size: number): Uint8Array {
  const bytes = new Uint8Array(size);
  for (let offset = 0; offset < size; offset += 65_536) {
    crypto.getRandomValues(bytes.subarray(offset, Math.min(size, offset + 65_536)));
  }
  return bytes;
}

async function timedSend(
  transport: Transport,
  bytes: Uint8Array,
  signal: AbortSignal,
): Promise<number> {
  const started = transport.now();
  const response = await transport.send(routes.bandwidth(), { body: bytes, signal });
  await response.body?.cancel();
  return Math.max(transport.now() - started, 1);
}

export async function measureUploadDetailed(
  transport: Transport,
  options: MeasureUploadOptions = {},
): Promise<UploadMeasure> {
  const maxBytes = Math.max(probeBytes, options.bytes ?? defaultMaxBytes);
  const timeoutMs = options.timeoutMs ?? 5_000;
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  const started = transport.now();
  try {
    const probeMs = await timedSend(transport, payload(probeBytes), controller.signal);
    const bytesPerMs = probeBytes / probeMs;
    const leftMs = timeoutMs - (transport.now() - started);
    // Sized to about two seconds, and to what is left of the time budget with a margin.
    const size = Math.floor(
      Math.min(maxBytes, bytesPerMs * Math.min(targetSeconds * 1000, leftMs * 0.6)),
    );
    if (size <= probeBytes) return { mbps: toMbps(probeBytes, probeMs) };
    try {
      const mainMs = await timedSend(transport, payload(size), controller.signal);
      return { mbps: toMbps(size, mainMs) };
    } catch (error) {
      // A server that reads less than asked refuses the payload: the probe's figure stands.
      if ((error as { code?: unknown }).code === "CONTENT_TOO_LARGE") {
        return { mbps: toMbps(probeBytes, probeMs) };
      }
      throw error;
    }
  } catch (error) {
    if (timedOut) return { mbps: null, reason: "timeout" };
    const code = (error as { code?: unknown }).code;
    if (code === "NETWORK_FAILED") return { mbps: null, reason: "blocked" };
    return { mbps: null, reason: "error" };
  } finally {
    clearTimeout(timer);
  }
}

function toMbps(bytes: number, ms: number): number {
  return Math.round(((bytes * 8) / (ms / 1000) / 1_000_000) * 100) / 100;
}

export async function measureUpload(
  transport: Transport,
  options?: MeasureUploadOptions,
): Promise<number | null> {
  return (await measureUploadDetailed(transport, options)).mbps;
}
