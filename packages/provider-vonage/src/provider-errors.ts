// Turns whatever the Vonage SDK throws into LiveError PROVIDER_FAILED with a `retriable` flag.
// The SDK's errors carry the request they failed on, Authorization header (a signed JWT)
// included, so they are never kept as a cause nor copied into a message.
import { LiveError } from "@onair/core";

/** Network error codes of node's fetch (undici) and sockets: worth another try. */
const networkCodes = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ETIMEDOUT",
  "EPIPE",
  "ENETUNREACH",
  "EHOSTUNREACH",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
  "UND_ERR_SOCKET",
  "UND_ERR_CLOSED",
]);

/** The HTTP status of a failed SDK call, when Vonage answered at all. */
export function httpStatusOf(error: unknown): number | null {
  if (typeof error !== "object" || error === null) return null;
  const response = (error as { response?: unknown }).response;
  if (typeof response !== "object" || response === null) return null;
  const status = (response as { status?: unknown }).status;
  return typeof status === "number" && Number.isInteger(status) ? status : null;
}

function isTimeout(error: unknown): boolean {
  const name = (error as { name?: unknown } | null)?.name;
  return name === "AbortError" || name === "TimeoutError";
}

function isNetworkFailure(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 4; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && networkCodes.has(code)) return true;
    if (e instanceof TypeError && /fetch/i.test(e.message)) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

export type FailureKind = "http" | "timeout" | "network" | "unexpected" | "closed" | "partial";

/** Whether a failure may pass if tried again: 5xx, 408, 429, timeouts and network errors. */
export function isRetriableStatus(status: number): boolean {
  return status >= 500 || status === 429 || status === 408;
}

/** A LiveError for a failed Vonage call; `operation` names the call, never its arguments. */
export function providerFailure(operation: string, error: unknown, timeoutMs: number): LiveError {
  if (error instanceof LiveError) return error;
  const status = httpStatusOf(error);
  if (status !== null) {
    const retriable = isRetriableStatus(status);
    const message = retriable
      ? `Vonage failed on ${operation} (HTTP ${status}); it may pass if tried again.`
      : `Vonage refused ${operation} (HTTP ${status}).`;
    return new LiveError("PROVIDER_FAILED", message, {
      retriable,
      cause: { operation, kind: "http" satisfies FailureKind, status },
    });
  }
  if (isTimeout(error)) {
    return new LiveError(
      "PROVIDER_FAILED",
      `Vonage did not answer ${operation} within ${timeoutMs} ms.`,
      { retriable: true, cause: { operation, kind: "timeout" satisfies FailureKind } },
    );
  }
  if (isNetworkFailure(error)) {
    return new LiveError("PROVIDER_FAILED", `Vonage could not be reached for ${operation}.`, {
      retriable: true,
      cause: { operation, kind: "network" satisfies FailureKind },
    });
  }
  return new LiveError("PROVIDER_FAILED", `Vonage ${operation} failed unexpectedly.`, {
    retriable: false,
    cause: { operation, kind: "unexpected" satisfies FailureKind },
  });
}

/** For answers that do not have the shape the Vonage API documents. */
export function unexpectedAnswer(operation: string): LiveError {
  return new LiveError("PROVIDER_FAILED", `Vonage answered ${operation} unexpectedly.`, {
    retriable: false,
    cause: { operation, kind: "unexpected" satisfies FailureKind },
  });
}

/** For any call after `close()`: the provider is shutting down, trying again will not help. */
export function providerClosed(operation: string): LiveError {
  return new LiveError(
    "PROVIDER_FAILED",
    `The Vonage provider is closed; ${operation} was refused.`,
    {
      retriable: false,
      cause: { operation, kind: "closed" satisfies FailureKind },
    },
  );
}

/** What a failed part of a call was, as kept in the cause of a `partialFailure`. */
function partOf(failure: LiveError): Readonly<Record<string, unknown>> {
  const cause = failure.cause as Readonly<Record<string, unknown>> | undefined;
  return { ...cause, retriable: failure.retriable };
}

/**
 * One PROVIDER_FAILED for a call made of several Vonage calls that were all attempted, some of
 * which failed: retriable when any failed part was. It names the failed calls and their HTTP
 * statuses, nothing else.
 */
export function partialFailure(operation: string, failures: readonly LiveError[]): LiveError {
  const retriable = failures.some((failure) => failure.retriable);
  const parts = failures.map(partOf);
  const named = parts
    .map((part) =>
      typeof part.status === "number"
        ? `${String(part.operation)} (HTTP ${part.status})`
        : `${String(part.operation)} (${String(part.kind)})`,
    )
    .join(", ");
  return new LiveError(
    "PROVIDER_FAILED",
    `Vonage ${operation} was only partly applied; failed: ${named}.${
      retriable ? " It may pass if tried again." : ""
    }`,
    { retriable, cause: { operation, kind: "partial" satisfies FailureKind, parts } },
  );
}
