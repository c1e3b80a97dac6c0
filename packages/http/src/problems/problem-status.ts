// The one table from problem codes (every LiveErrorCode plus the few the HTTP layer raises itself)
// to HTTP statuses and titles. Adding a LiveErrorCode without a row here fails the type check.
import type { HttpProblemCode, ProblemCode } from "../contract.js";

export type { HttpProblemCode, ProblemCode };

interface ProblemRow {
  readonly status: number;
  readonly title: string;
}

export const problemTable = {
  SESSION_NOT_FOUND: { status: 404, title: "Session not found" },
  INVALID_INPUT: { status: 400, title: "Invalid input" },
  NO_MODERATOR: { status: 409, title: "A published live session needs a moderator" },
  NOT_A_PARTICIPANT: { status: 403, title: "Not a participant of this session" },
  FORBIDDEN: { status: 403, title: "Forbidden" },
  UNAUTHORIZED: { status: 401, title: "Authentication required" },
  NOT_PUBLISHED: { status: 409, title: "Session not published" },
  NOT_LIVE_STREAM: { status: 409, title: "Not a live session" },
  LIVE_IN_PROGRESS: { status: 409, title: "Live in progress" },
  LIVE_NOT_STARTED: { status: 409, title: "Live not started" },
  LIVE_ENDED: { status: 409, title: "Live ended" },
  REPLAY_NOT_READY: { status: 409, title: "Replay not ready" },
  REPLAY_UNAVAILABLE: { status: 404, title: "Replay unavailable" },
  CONFLICT: { status: 409, title: "Conflict" },
  PROVIDER_FAILED: { status: 502, title: "Video provider failed" },
  STORE_FAILED: { status: 503, title: "Storage unavailable" },
  UNSUPPORTED_CONTENT: { status: 422, title: "Unsupported content" },
  CONTENT_TOO_LARGE: { status: 413, title: "Content too large" },
  STAGE_FULL: { status: 409, title: "Stage full" },
  RATE_LIMITED: { status: 429, title: "Too many requests" },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, title: "Unsupported media type" },
  LENGTH_REQUIRED: { status: 411, title: "Length required" },
  SERVICE_UNAVAILABLE: { status: 503, title: "Service unavailable" },
  INTERNAL_ERROR: { status: 500, title: "Internal error" },
} as const satisfies Record<ProblemCode, ProblemRow>;

/** Codes whose own message may name internal systems: clients get a generic detail instead. */
export const genericDetail: Partial<Record<ProblemCode, string>> = {
  PROVIDER_FAILED: "The video provider did not answer as expected. Try again in a moment.",
  STORE_FAILED: "The service is temporarily unavailable. Try again in a moment.",
  INTERNAL_ERROR: "An unexpected error occurred.",
};

export function statusOf(code: ProblemCode): number {
  return problemTable[code].status;
}
