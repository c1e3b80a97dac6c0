// Turns what the server answers (RFC 9457 problem documents) and what the network does into
// LiveError, so callers branch on `code` whatever went wrong.
import { LiveError, type LiveErrorCode } from "@onair/core/browser";
import type { ClientLocale } from "../types.js";

/**
 * Codes a client meets besides the core's: the HTTP layer's own problems, and `NETWORK_FAILED`
 * when no answer came (offline, DNS, CORS, timeout). The core has no code for these: they are
 * carried by a `LiveError` all the same; read them with `clientErrorCode(error)`.
 */
export type TransportErrorCode =
  | "NETWORK_FAILED"
  | "SERVICE_UNAVAILABLE"
  | "INTERNAL_ERROR"
  | "UNSUPPORTED_MEDIA_TYPE"
  | "LENGTH_REQUIRED";

export type ClientErrorCode = LiveErrorCode | TransportErrorCode;

/** The error's code, typed to include the transport codes only a client meets. */
export function clientErrorCode(error: LiveError): ClientErrorCode {
  return error.code;
}

const texts = {
  NETWORK_FAILED: {
    en: "The server could not be reached. Check the connection and try again.",
    fr: "Le serveur est injoignable. Vérifiez la connexion et réessayez.",
  },
  BAD_ANSWER: {
    en: "The server gave an unexpected answer. Try again in a moment.",
    fr: "Le serveur a donné une réponse inattendue. Réessayez dans un instant.",
  },
} as const;

export function clientText(key: keyof typeof texts, locale: ClientLocale): string {
  return texts[key][locale];
}

function transportError(
  code: TransportErrorCode,
  message: string,
  options: { retriable: boolean; cause?: unknown; retryAfterSeconds?: number },
): LiveError {
  // The one place a code outside LiveErrorCode is given to a LiveError (see TransportErrorCode).
  return new LiveError(code as LiveErrorCode, message, {
    retriable: options.retriable,
    ...(options.cause === undefined ? {} : { cause: options.cause }),
    ...(options.retryAfterSeconds === undefined
      ? {}
      : { retryAfterSeconds: options.retryAfterSeconds }),
  });
}

export function networkError(cause: unknown, locale: ClientLocale): LiveError {
  return transportError("NETWORK_FAILED", clientText("NETWORK_FAILED", locale), {
    retriable: true,
    cause,
  });
}

const adviceItem = (value: unknown): value is { code: string; message: string } =>
  typeof value === "object" &&
  value !== null &&
  typeof (value as { code?: unknown }).code === "string" &&
  typeof (value as { message?: unknown }).message === "string";

const issueItem = (value: unknown): value is { path: string; message: string } =>
  typeof value === "object" &&
  value !== null &&
  typeof (value as { path?: unknown }).path === "string" &&
  typeof (value as { message?: unknown }).message === "string";

function retryAfterOf(response: Response): number | undefined {
  const header = response.headers.get("retry-after");
  if (header === null || !/^\d{1,6}$/.test(header.trim())) return undefined;
  return Number(header.trim());
}

/** The LiveError for a response that is not a success. */
export async function errorFromResponse(
  response: Response,
  locale: ClientLocale,
): Promise<LiveError> {
  const retryAfterSeconds = retryAfterOf(response);
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  const problem = (typeof body === "object" && body !== null ? body : {}) as Record<
    string,
    unknown
  >;
  if (typeof problem.code === "string" && /^[A-Z][A-Z0-9_]{0,63}$/.test(problem.code)) {
    // The server localized the advice after Accept-Language (this client's locale): the same
    // text stands for both languages, so localizeAdvice(error.advice, locale) reads it back.
    const advice = (Array.isArray(problem.advice) ? problem.advice.filter(adviceItem) : []).map(
      (item) => ({ code: item.code, text: { en: item.message, fr: item.message } }),
    );
    const issues = Array.isArray(problem.issues) ? problem.issues.filter(issueItem) : [];
    const detail =
      typeof problem.detail === "string" && problem.detail !== ""
        ? problem.detail
        : typeof problem.title === "string"
          ? problem.title
          : clientText("BAD_ANSWER", locale);
    return new LiveError(problem.code as LiveErrorCode, detail, {
      retriable:
        typeof problem.retriable === "boolean" ? problem.retriable : response.status >= 500,
      advice,
      issues,
      ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
    });
  }
  // Not a problem document (a proxy's error page, a gateway timeout): keep what the status says.
  const code: TransportErrorCode =
    response.status === 503 || response.status === 502 || response.status === 504
      ? "SERVICE_UNAVAILABLE"
      : "INTERNAL_ERROR";
  return transportError(code, clientText("BAD_ANSWER", locale), {
    retriable: response.status >= 500 || response.status === 429,
    cause: { status: response.status },
    ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
  });
}
