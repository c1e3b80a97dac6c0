// The single error type of onair. Callers branch on `code`, never on the message.
import type { Advice } from "./preflight/advice.js";

export const LiveErrorCode = {
  SESSION_NOT_FOUND: "SESSION_NOT_FOUND",
  INVALID_INPUT: "INVALID_INPUT",
  NO_MODERATOR: "NO_MODERATOR",
  NOT_A_PARTICIPANT: "NOT_A_PARTICIPANT",
  FORBIDDEN: "FORBIDDEN",
  UNAUTHORIZED: "UNAUTHORIZED",
  NOT_PUBLISHED: "NOT_PUBLISHED",
  NOT_LIVE_STREAM: "NOT_LIVE_STREAM",
  LIVE_IN_PROGRESS: "LIVE_IN_PROGRESS",
  LIVE_NOT_STARTED: "LIVE_NOT_STARTED",
  LIVE_ENDED: "LIVE_ENDED",
  REPLAY_NOT_READY: "REPLAY_NOT_READY",
  REPLAY_UNAVAILABLE: "REPLAY_UNAVAILABLE",
  RECORDING_PROCESSING: "RECORDING_PROCESSING",
  CONFLICT: "CONFLICT",
  PROVIDER_FAILED: "PROVIDER_FAILED",
  STORE_FAILED: "STORE_FAILED",
  UNSUPPORTED_CONTENT: "UNSUPPORTED_CONTENT",
  CONTENT_TOO_LARGE: "CONTENT_TOO_LARGE",
  STAGE_FULL: "STAGE_FULL",
  RATE_LIMITED: "RATE_LIMITED",
} as const;

export type LiveErrorCode = (typeof LiveErrorCode)[keyof typeof LiveErrorCode];

/** One problem with a piece of input: where (`path`) and what. */
export interface InputIssue {
  readonly path: string;
  readonly message: string;
}

export interface LiveErrorOptions {
  /** True when the same call may succeed if tried again later. */
  readonly retriable?: boolean;
  /** What the user can do about it (localized items with stable codes). */
  readonly advice?: readonly Advice[];
  /** Field-level problems, for INVALID_INPUT. */
  readonly issues?: readonly InputIssue[];
  /** Seconds to wait before retrying, for RATE_LIMITED and RECORDING_PROCESSING. */
  readonly retryAfterSeconds?: number;
  readonly cause?: unknown;
}

export class LiveError extends Error {
  override readonly name = "LiveError";
  readonly code: LiveErrorCode;
  readonly retriable: boolean;
  readonly advice: readonly Advice[];
  readonly issues: readonly InputIssue[];
  readonly retryAfterSeconds: number | undefined;

  constructor(code: LiveErrorCode, message: string, options: LiveErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.retriable = options.retriable ?? false;
    this.advice = options.advice ?? [];
    this.issues = options.issues ?? [];
    this.retryAfterSeconds = options.retryAfterSeconds;
  }

  /** A plain, client-safe view: no stack, no cause. */
  toJSON(): {
    code: LiveErrorCode;
    message: string;
    retriable: boolean;
    advice: readonly Advice[];
    issues: readonly InputIssue[];
  } {
    return {
      code: this.code,
      message: this.message,
      retriable: this.retriable,
      advice: this.advice,
      issues: this.issues,
    };
  }
}

export function isLiveError(value: unknown, code?: LiveErrorCode): value is LiveError {
  return value instanceof LiveError && (code === undefined || value.code === code);
}
