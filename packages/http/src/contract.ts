// @onair/http/contract — what a browser client needs to speak the onair HTTP API: the route
// table's methods and paths, and the wire types of every request, answer, problem document and
// event. Types only come from the core: importing this entry pulls no server code.
import type {
  AudienceView,
  ContentCheck,
  CreateSessionInput,
  HistoryEntry,
  JoinGrant,
  Layout,
  LiveErrorCode,
  LivePhase,
  LiveSession,
  ParticipantInput,
  PreflightOverall,
  PreflightReport,
  PresenceCount,
  ReplayLink,
  ReplayStatus,
  ServiceHealth,
  Stage,
  StageInput,
  StreamVideoType,
  UpdateSessionInput,
} from "@onair/core";

/** Every route of the API: method and path below the mount point (`:id` is the session id). */
export const liveHttpRoutes = {
  createSession: { method: "POST", path: "/sessions" },
  getSession: { method: "GET", path: "/sessions/:id" },
  updateSession: { method: "PATCH", path: "/sessions/:id" },
  publishSession: { method: "POST", path: "/sessions/:id/publish" },
  unpublishSession: { method: "POST", path: "/sessions/:id/unpublish" },
  addParticipant: { method: "POST", path: "/sessions/:id/participants" },
  removeParticipant: { method: "DELETE", path: "/sessions/:id/participants" },
  deleteSession: { method: "DELETE", path: "/sessions/:id" },
  history: { method: "GET", path: "/sessions/:id/history" },
  audience: { method: "GET", path: "/sessions/:id/audience" },
  events: { method: "GET", path: "/sessions/:id/events" },
  replay: { method: "GET", path: "/sessions/:id/replay" },
  join: { method: "POST", path: "/sessions/:id/join" },
  startLive: { method: "POST", path: "/sessions/:id/live/start" },
  stopLive: { method: "POST", path: "/sessions/:id/live/stop" },
  setStage: { method: "PUT", path: "/sessions/:id/stage" },
  presence: { method: "GET", path: "/sessions/:id/presence" },
  renewPresence: { method: "POST", path: "/sessions/:id/presence" },
  validateContent: { method: "POST", path: "/sessions/:id/content" },
  preflight: { method: "POST", path: "/preflight" },
  bandwidthProbe: { method: "POST", path: "/preflight/bandwidth" },
  providerWebhook: { method: "POST", path: "/webhooks/provider" },
  webhookHealth: { method: "GET", path: "/health/webhooks" },
} as const;

export type LiveHttpRouteName = keyof typeof liveHttpRoutes;

/** The path of a route for a session (the id is percent-encoded). */
export function liveHttpPath(name: LiveHttpRouteName, sessionId = ""): string {
  return liveHttpRoutes[name].path.replace(":id", encodeURIComponent(sessionId));
}

/** Problems only the HTTP layer can meet (transport, not product rules). */
export type HttpProblemCode =
  | "UNSUPPORTED_MEDIA_TYPE"
  | "LENGTH_REQUIRED"
  | "SERVICE_UNAVAILABLE"
  | "INTERNAL_ERROR";

export type ProblemCode = LiveErrorCode | HttpProblemCode;

/** Every failure, as `application/problem+json` (RFC 9457). */
export interface ProblemDocument {
  readonly type: string;
  readonly code: ProblemCode;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly retriable: boolean;
  /** Localized (Accept-Language: en or fr). */
  readonly advice?: readonly { readonly code: string; readonly message: string }[];
  /** Field-level input issues (at most 10, each bounded). */
  readonly issues?: readonly { readonly path: string; readonly message: string }[];
}

/** The reply to start, stop and stage: the live's state, without participants' emails. */
export interface LiveStatus {
  readonly sessionId: string;
  readonly version: number;
  readonly phase: LivePhase;
  readonly startedAt: string | null;
  readonly endedAt: string | null;
  readonly replay: ReplayStatus;
  readonly stage: Stage;
  readonly streams: readonly {
    readonly streamId: string;
    readonly videoType: StreamVideoType;
    readonly personKey: string | null;
  }[];
}

/** `POST /preflight`: the core's verdicts, advice localized. */
export interface PreflightAnswer {
  readonly overall: PreflightOverall;
  readonly checks: readonly {
    readonly id: string;
    readonly verdict: string;
    readonly advice: readonly { readonly code: string; readonly message: string }[];
  }[];
  readonly advice: readonly { readonly code: string; readonly message: string }[];
}

/** Request bodies by route (routes not listed take an empty JSON object or none). */
export interface LiveHttpRequestBodies {
  readonly createSession: CreateSessionInput;
  readonly updateSession: UpdateSessionInput;
  readonly addParticipant: ParticipantInput;
  readonly removeParticipant: ParticipantInput;
  readonly setStage: StageInput;
  readonly preflight: PreflightReport;
  /** The file's bytes (only the first ones are read), with its Content-Length. */
  readonly validateContent: Blob | ArrayBuffer | Uint8Array;
  /** Any bytes, up to 2 MiB by default: the browser times the upload. */
  readonly bandwidthProbe: Blob | ArrayBuffer | Uint8Array;
}

/** Answer bodies by route (`null`: 204 without a body; `replay` answers JSON on `Accept: application/json`). */
export interface LiveHttpAnswers {
  readonly createSession: LiveSession;
  readonly getSession: LiveSession;
  readonly updateSession: LiveSession;
  readonly publishSession: LiveSession;
  readonly unpublishSession: LiveSession;
  readonly addParticipant: LiveSession;
  readonly removeParticipant: LiveSession;
  readonly deleteSession: null;
  readonly history: readonly HistoryEntry[];
  readonly audience: AudienceView;
  readonly replay: ReplayLink;
  readonly join: JoinGrant;
  readonly startLive: LiveStatus;
  readonly stopLive: LiveStatus;
  readonly setStage: LiveStatus;
  readonly presence: PresenceCount;
  readonly validateContent: ContentCheck;
  readonly preflight: PreflightAnswer;
  readonly bandwidthProbe: null;
  readonly providerWebhook: null;
  /** This instance's webhook delivery health (`service.health()`). */
  readonly webhookHealth: ServiceHealth;
}

/**
 * `GET /sessions/:id/events`: each event's `id:` is the view's version (send it back as
 * `Last-Event-ID` to resume) and its `data:` one `AudienceView` as JSON. Comments: `heartbeat`,
 * and `resumed` when the client already holds the latest version.
 */
export interface AudienceEvent {
  readonly id: string;
  readonly data: AudienceView;
}

export type { Layout };
