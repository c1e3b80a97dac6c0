// A route described as data: its method and path, who may call it, how its body is read, its
// rate limit and input schema, and the handler that asks the service. One pipeline (live-http.ts)
// runs every route's checks in the same order.
import type { AdminActor, LiveProvider, LiveService } from "@onair/core";
import type * as z from "zod/mini";
import type { LiveHttpReply, LiveHttpRequest } from "../neutral.js";
import type { RateLimitedAction, ResolvedSettings } from "../options.js";
import type { Call } from "../request/caller.js";
import type { AudienceHub } from "../sse/audience-hub.js";
import type { StreamQuota } from "../sse/stream-quota.js";

/**
 * Who may call a route: back-office `admin`s, any `signed-in` person (the service then decides
 * what their roles allow), the session's `audience` (as `authorizeAudience` says), `join`
 * (signed in, or an audience member), `anyone`, or the video `provider` (a verified webhook).
 */
export type RouteAccess = "admin" | "signed-in" | "audience" | "join" | "anyone" | "provider";

/**
 * `json`: a JSON body (or none), checked and read by the pipeline; `none`: any body is ignored
 * (reads); `raw`: the handler reads it.
 */
export type RouteBody = "json" | "none" | "raw";

export type RouteMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** A route's answer; `null` when the handler answered itself (an event stream). */
export interface RouteAnswer {
  readonly status: number;
  /** Sent as JSON; `undefined`: no body. */
  readonly json?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

/** What the shared pipeline, the route handlers and the edges share. */
export interface HttpContext {
  readonly service: LiveService;
  readonly provider: Pick<LiveProvider, "parseWebhook">;
  readonly settings: ResolvedSettings;
  readonly hub: AudienceHub;
  /** Open SSE streams, per caller and in all. */
  readonly streams: StreamQuota;
  /** Work that runs after the answer (webhook processing); awaited on close. */
  background(task: Promise<void>): void;
}

export interface RouteCall<Input> {
  readonly request: LiveHttpRequest;
  readonly reply: LiveHttpReply;
  readonly call: Call;
  /** The checked `:id` of the path ("" on routes without one). */
  readonly sessionId: string;
  /** The body, parsed with the route's schema (`json` routes). */
  readonly input: Input;
  /** Who acts, on admin routes (undefined: recorded as the system). */
  readonly actor: AdminActor | undefined;
}

export interface LiveRoute<Input = unknown> {
  readonly method: RouteMethod;
  /** Below the mount point; `:id` is the session id. */
  readonly path: string;
  readonly access: RouteAccess;
  readonly body: RouteBody;
  /** Schema of a `json` body (none: the body goes to the handler as parsed). */
  readonly input?: z.ZodMiniType<Input>;
  readonly limit?: RateLimitedAction;
  /** Sends `Cache-Control: no-store` with every answer. */
  readonly noStore?: boolean;
  /** Refused (503) once `close()` was called: new streams, webhook deliveries. */
  readonly whileOpen?: boolean;
  /** Checks that refuse a request before it spends a rate-limit token (declared sizes). */
  readonly precheck?: (request: LiveHttpRequest, ctx: HttpContext) => void;
  handle(call: RouteCall<Input>, ctx: HttpContext): Promise<RouteAnswer | null> | RouteAnswer;
}

/** Keeps a route's input type while it sits in a list of routes. */
export function defineRoute<Input>(route: LiveRoute<Input>): LiveRoute {
  return route as unknown as LiveRoute;
}
