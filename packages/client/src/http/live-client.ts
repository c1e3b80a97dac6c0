// createLiveClient: one typed call per route of the HTTP API, problems as LiveError.
import type {
  AudienceView,
  ContentCheck,
  JoinGrant,
  PreflightReport,
  PreflightResult,
  PresenceCount,
  StageInput,
} from "@onair/core";
import type { PreflightAnswer } from "@onair/http/contract";
import { followAudience } from "../audience/audience-follower.js";
import { createAudienceRoom } from "../audience/audience-room.js";
import { createControlRoom } from "../control-room/control-room.js";
import type {
  AudienceRoomOptions,
  ClientLocale,
  ControlRoomOptions,
  LiveClient,
  LiveClientOptions,
  LiveStatus,
} from "../types.js";
import type { VideoClient } from "../video/video-client.js";
import { errorFromResponse, networkError } from "./client-errors.js";
import { measureUpload } from "./measure-upload.js";
import { type Route, routes } from "./routes.js";

export interface SendInit {
  readonly json?: unknown;
  readonly body?: Blob | Uint8Array;
  readonly headers?: Record<string, string>;
  readonly signal?: AbortSignal;
}

/** What the client's parts share: one way to send a request and read its answer. */
export interface Transport {
  readonly locale: ClientLocale;
  url(path: string): string;
  /** Sends the request; a problem or a network failure rejects with a LiveError. */
  send(route: Route, init?: SendInit): Promise<Response>;
  readonly fetch: typeof fetch;
  readonly credentials: RequestCredentials;
  now(): number;
}

export function createTransport(options: LiveClientOptions): Transport {
  const locale: ClientLocale = options.locale ?? "en";
  const fetchImpl = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const base = options.baseUrl.replace(/\/+$/, "");
  const credentials = options.credentials ?? "same-origin";
  const url = (path: string) => `${base}${path}`;
  return {
    locale,
    url,
    fetch: fetchImpl,
    credentials,
    now: options.clock === undefined ? () => performance.now() : () => options.clock!.now(),
    async send(route, init = {}) {
      const headers: Record<string, string> = {
        accept: "application/json",
        "accept-language": locale,
        ...init.headers,
      };
      let body: BodyInit | undefined;
      if (init.json !== undefined) {
        headers["content-type"] = "application/json";
        body = JSON.stringify(init.json);
      } else if (init.body !== undefined) {
        headers["content-type"] ??= "application/octet-stream";
        body = init.body as BodyInit;
      }
      let response: Response;
      try {
        response = await fetchImpl(url(route.path), {
          method: route.method,
          headers,
          credentials,
          ...(body === undefined ? {} : { body }),
          ...(init.signal === undefined ? {} : { signal: init.signal }),
        });
      } catch (cause) {
        throw networkError(cause, locale);
      }
      if (!response.ok) throw await errorFromResponse(response, locale);
      return response;
    },
  };
}

// The server localizes advice after Accept-Language (this client's locale): the one text stands
// for both languages, so the answer reads as the core's PreflightResult.
const asAdvice = (items: PreflightAnswer["advice"]) =>
  items.map((item) => ({ code: item.code, text: { en: item.message, fr: item.message } }));

function preflightResultOf(answer: PreflightAnswer): PreflightResult {
  return {
    overall: answer.overall,
    checks: answer.checks.map((check) => ({
      ...check,
      advice: asAdvice(check.advice),
    })) as unknown as PreflightResult["checks"],
    advice: asAdvice(answer.advice),
  };
}

async function json<T>(transport: Transport, route: Route, init?: SendInit): Promise<T> {
  const response = await transport.send(route, init);
  try {
    return (await response.json()) as T;
  } catch (cause) {
    throw networkError(cause, transport.locale);
  }
}

export function createLiveClient(options: LiveClientOptions): LiveClient {
  const transport = createTransport(options);
  const client: LiveClient = {
    join: (sessionId) => json<JoinGrant>(transport, routes.join(sessionId), { json: {} }),
    startLive: (sessionId) =>
      json<LiveStatus>(transport, routes.startLive(sessionId), { json: {} }),
    stopLive: (sessionId) => json<LiveStatus>(transport, routes.stopLive(sessionId), { json: {} }),
    setStage: (sessionId, stage: StageInput) =>
      json<LiveStatus>(transport, routes.setStage(sessionId), { json: stage }),
    presence: (sessionId) => json<PresenceCount>(transport, routes.presence(sessionId)),
    renewPresence: async (sessionId) => {
      await transport.send(routes.renewPresence(sessionId), { json: {} });
    },
    // The route reads the declared size (Content-Length, which fetch sets from the Blob) and the
    // first bytes, then answers and closes the connection rather than receive the rest.
    checkContent: (sessionId, file) =>
      json<ContentCheck>(transport, routes.content(sessionId), { body: file }),
    preflight: async (report: PreflightReport) =>
      preflightResultOf(
        await json<PreflightAnswer>(transport, routes.preflight(), { json: report }),
      ),
    audience: (sessionId) => json<AudienceView>(transport, routes.audience(sessionId)),
    replayUrl: (sessionId) => transport.url(routes.replay(sessionId).path),
    measureUpload: (measureOptions) => measureUpload(transport, measureOptions),
    followAudience: (sessionId) => followAudience(transport, sessionId, options.reconnect),
    controlRoom: (sessionId: string, video: VideoClient, roomOptions?: ControlRoomOptions) =>
      createControlRoom(client, sessionId, video, roomOptions),
    audienceRoom: (sessionId: string, video: VideoClient, roomOptions?: AudienceRoomOptions) =>
      createAudienceRoom(client, sessionId, video, roomOptions),
  };
  return client;
}
