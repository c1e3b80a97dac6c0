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

/**
 * The mark every LiveError carries. `Symbol.for` gives the same symbol to every copy of this module
 * (the ESM and the CommonJS build, or two versions in one app), so errors are recognised across them.
 */
const liveErrorBrand: unique symbol = Symbol.for("@onair/core.LiveError") as never;

export class LiveError extends Error {
  override readonly name = "LiveError";
  /** Recognised across copies of `@onair/core`: see `isLiveError`. */
  readonly [liveErrorBrand] = true;

  /**
   * `error instanceof LiveError` also answers true for a LiveError from another copy of the module
   * (it reads the shared mark); subclasses keep the ordinary prototype check.
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the class on the right of instanceof (a subclass or LiveError).
    if (this !== LiveError) return Function.prototype[Symbol.hasInstance].call(this, value);
    return carriesLiveErrorMark(value);
  }
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

function carriesLiveErrorMark(value: unknown): boolean {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as { [liveErrorBrand]?: unknown })[liveErrorBrand] === true
  );
}

/**
 * True for a LiveError made by any copy of `@onair/core` (ESM or CommonJS build, another version),
 * not only this one: it reads the shared mark instead of relying on `instanceof` alone.
 */
export function isLiveError(value: unknown, code?: LiveErrorCode): value is LiveError {
  return carriesLiveErrorMark(value) && (code === undefined || (value as LiveError).code === code);
}
