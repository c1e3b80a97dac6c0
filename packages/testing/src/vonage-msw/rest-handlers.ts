// msw handlers for the Vonage Video REST endpoints onair uses. Each request is authenticated
// like Vonage does, may meet an injected fault, is validated, then changes the emulated world.
import type { KeyObject } from "node:crypto";
import { delay, type HttpHandler, HttpResponse, http } from "msw";
import {
  type Body,
  badRequest,
  checkEncoding,
  checkLayout,
  checkRtmpTargets,
  checkStreamChange,
  maxBroadcastDuration,
  objectBody,
  optionalBoolean,
  optionalEnum,
  optionalString,
  requiredString,
  resolutions,
} from "./body-checks.js";
import { type EmulatedRtmpTarget, type EmulatedWorld, VonageApiError } from "./emulated-world.js";
import type { FaultPlan, VonageOperation } from "./fault-plan.js";
import { checkRequestAuth } from "./request-auth.js";

/** One request the emulator answered, for assertions. */
export interface RecordedRequest {
  readonly operation: VonageOperation;
  readonly method: string;
  /** Path and query, without the host. */
  readonly path: string;
  /** The parsed body: JSON, or the fields of a form; null when empty. */
  readonly body: unknown;
  readonly status: number;
  readonly at: number;
}

export interface RestContext {
  readonly world: EmulatedWorld;
  readonly faults: FaultPlan;
  readonly applicationId: string;
  readonly publicKey: KeyObject;
  readonly videoHost: string;
  readonly now: () => number;
  readonly record: (request: RecordedRequest) => void;
}

type Method = "get" | "post" | "put" | "patch" | "delete";

interface Incoming {
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  readonly body: unknown;
}

type Handle = (incoming: Incoming) => Response | Promise<Response>;

const failure = (status: number, message: string) =>
  HttpResponse.json({ code: status, message }, { status });

const noContent = () => new HttpResponse(null, { status: 204 });

function paramsOf(params: Readonly<Record<string, unknown>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(params)) {
    if (typeof value === "string") out[key] = decodeURIComponent(value);
  }
  return out;
}

async function bodyOf(request: Request): Promise<unknown> {
  const text = await request.text();
  if (text === "") return null;
  const type = request.headers.get("content-type") ?? "";
  if (type.includes("application/x-www-form-urlencoded")) {
    return Object.fromEntries(new URLSearchParams(text));
  }
  if (!type.includes("application/json")) {
    throw new VonageApiError(415, "Unsupported content type.");
  }
  try {
    return JSON.parse(text);
  } catch {
    throw badRequest("The request body is not valid JSON.");
  }
}

function pageOf<T>(query: URLSearchParams, items: readonly T[]): { count: number; items: T[] } {
  const offset = Number(query.get("offset") ?? "0");
  const count = Number(query.get("count") ?? "50");
  if (!Number.isInteger(offset) || offset < 0) throw badRequest("offset must be 0 or more.");
  if (!Number.isInteger(count) || count < 1 || count > 1000) {
    throw badRequest("count must be between 1 and 1000.");
  }
  return { count: items.length, items: items.slice(offset, offset + count) };
}

export function restHandlers(context: RestContext): HttpHandler[] {
  const { world } = context;
  const project = `${context.videoHost}/v2/project/:appId`;

  function route(method: Method, path: string, operation: VonageOperation, handle: Handle) {
    return http[method](path, async ({ request, params }) => {
      const url = new URL(request.url);
      let status = 500;
      let body: unknown = null;
      try {
        const auth = checkRequestAuth(request.headers.get("authorization"), {
          publicKey: context.publicKey,
          applicationId: context.applicationId,
          now: Date.now(),
        });
        if (!auth.ok) {
          status = auth.status;
          return failure(auth.status, auth.message);
        }
        const p = paramsOf(params);
        if (p.appId !== undefined && p.appId !== context.applicationId) {
          status = 403;
          return failure(403, "The project in the path is not the token's application.");
        }
        const fault = context.faults.take(operation);
        if (fault?.delayMs !== undefined) await delay(fault.delayMs);
        if (fault?.networkError === true) {
          status = 0;
          return HttpResponse.error();
        }
        if (fault?.status !== undefined) {
          status = fault.status;
          return failure(fault.status, fault.message ?? "Injected failure.");
        }
        body = await bodyOf(request);
        const response = await handle({ params: p, query: url.searchParams, body });
        status = response.status;
        return response;
      } catch (error) {
        if (error instanceof VonageApiError) {
          status = error.status;
          return failure(error.status, error.message);
        }
        throw error;
      } finally {
        context.record({
          operation,
          method: request.method,
          path: `${url.pathname}${url.search}`,
          body,
          status,
          at: context.now(),
        });
      }
    });
  }

  const archive = (incoming: Incoming) => world.getArchive(incoming.params.archiveId ?? "");
  const broadcast = (incoming: Incoming) => world.getBroadcast(incoming.params.broadcastId ?? "");

  return [
    route("post", `${context.videoHost}/session/create`, "createSession", ({ body }) => {
      const form = (body ?? {}) as Record<string, string>;
      // Vonage's reference: p2p.preference is optional, "the default setting is disabled -- the
      // session uses the Vonage Video Media Router" (routed).
      const p2p = form["p2p.preference"] ?? "disabled";
      if (p2p !== "enabled" && p2p !== "disabled") {
        throw badRequest("p2p.preference must be enabled or disabled.");
      }
      const archiveMode = form.archiveMode ?? "manual";
      if (archiveMode !== "manual" && archiveMode !== "always") {
        throw badRequest("archiveMode must be manual or always.");
      }
      if (archiveMode === "always" && p2p === "enabled") {
        throw badRequest("Automatic archiving needs a routed session.");
      }
      // The SDK sends the text "null" when no location is given.
      const location =
        form.location === undefined || form.location === "null" ? null : form.location;
      const session = world.createSession({
        mediaMode: p2p === "disabled" ? "routed" : "relayed",
        archiveMode,
        location,
      });
      return HttpResponse.json([
        {
          session_id: session.id,
          project_id: context.applicationId,
          create_dt: new Date(session.createdAt).toUTCString(),
          media_server_url: "",
        },
      ]);
    }),

    route("post", `${project}/archive`, "startArchive", ({ body }) => {
      const b = objectBody(body);
      const outputMode = optionalEnum(b, "outputMode", ["composed", "individual"], "composed");
      if (outputMode === "individual" && b.layout !== undefined) {
        throw badRequest("Individual archives have no layout.");
      }
      // Reference: "If you set this property [resolution] and set the outputMode property to
      // 'individual', the call to the REST method results in an error."
      if (outputMode === "individual" && b.resolution !== undefined) {
        throw badRequest("Individual archives have no resolution.");
      }
      const hasAudio = optionalBoolean(b, "hasAudio", true);
      const hasVideo = optionalBoolean(b, "hasVideo", true);
      if (!hasAudio && !hasVideo) throw badRequest("An archive needs audio or video.");
      const started = world.startArchive({
        sessionId: requiredString(b, "sessionId"),
        name: optionalString(b, "name") ?? "",
        outputMode,
        resolution: optionalEnum(b, "resolution", resolutions, "640x480"),
        ...checkEncoding(b, { composed: outputMode === "composed", quantization: true }),
        multiArchiveTag: optionalString(b, "multiArchiveTag"),
        streamMode: optionalEnum(b, "streamMode", ["auto", "manual"], "auto"),
        hasAudio,
        hasVideo,
        layout: b.layout === undefined ? { type: "bestFit" } : checkLayout(b.layout),
      });
      return HttpResponse.json(world.archiveJson(started));
    }),

    route("get", `${project}/archive`, "listArchives", ({ query }) => {
      const sessionId = query.get("sessionId");
      // Vonage's reference: offset 0 is "the most recently started archive (excluding deleted
      // archive)": deleted archives are not listed.
      const items = [...world.archives.values()]
        .filter((a) => a.status !== "deleted")
        .filter((a) => sessionId === null || a.sessionId === sessionId)
        .sort((a, b) => b.createdAt - a.createdAt)
        .map((a) => world.archiveJson(a));
      return HttpResponse.json(pageOf(query, items));
    }),

    route("get", `${project}/archive/:archiveId`, "getArchive", (incoming) =>
      HttpResponse.json(world.archiveJson(archive(incoming))),
    ),

    route("post", `${project}/archive/:archiveId/stop`, "stopArchive", (incoming) =>
      HttpResponse.json(world.archiveJson(world.stopArchive(incoming.params.archiveId ?? ""))),
    ),

    route("delete", `${project}/archive/:archiveId`, "deleteArchive", (incoming) => {
      world.deleteArchive(incoming.params.archiveId ?? "");
      return noContent();
    }),

    route("patch", `${project}/archive/:archiveId/streams`, "updateArchiveStreams", (incoming) => {
      world.changeArchiveStreams(
        incoming.params.archiveId ?? "",
        checkStreamChange(objectBody(incoming.body)),
      );
      return noContent();
    }),

    route("put", `${project}/archive/:archiveId/layout`, "updateArchiveLayout", (incoming) => {
      world.setArchiveLayout(incoming.params.archiveId ?? "", checkLayout(incoming.body));
      return HttpResponse.json(world.archiveJson(archive(incoming)));
    }),

    route("post", `${project}/broadcast`, "startBroadcast", ({ body }) => {
      const b = objectBody(body);
      const started = world.startBroadcast({
        sessionId: requiredString(b, "sessionId"),
        ...checkOutputs(b),
        maxDuration: checkMaxDuration(b),
        resolution: optionalEnum(b, "resolution", resolutions, "640x480"),
        streamMode: optionalEnum(b, "streamMode", ["auto", "manual"], "auto"),
        multiBroadcastTag: optionalString(b, "multiBroadcastTag"),
        maxBitrate: checkEncoding(b, { composed: true, quantization: false }).maxBitrate,
        layout:
          b.layout === undefined
            ? { type: "bestFit" }
            : checkLayout(b.layout, { typeRequired: true }),
        hasAudio: optionalBoolean(b, "hasAudio", true),
        hasVideo: optionalBoolean(b, "hasVideo", true),
      });
      return HttpResponse.json(world.startedBroadcastJson(started));
    }),

    // Vonage lists the broadcasts in progress only: "completed broadcasts are not included".
    route("get", `${project}/broadcast`, "listBroadcasts", ({ query }) => {
      const sessionId = query.get("sessionId");
      const items = [...world.broadcasts.values()]
        .filter((b) => b.status === "started")
        .filter((b) => sessionId === null || b.sessionId === sessionId)
        .sort((a, b) => b.createdAt - a.createdAt)
        .map((b) => world.broadcastJson(b));
      return HttpResponse.json(pageOf(query, items));
    }),

    route("get", `${project}/broadcast/:broadcastId`, "getBroadcast", (incoming) =>
      HttpResponse.json(world.broadcastJson(broadcast(incoming))),
    ),

    route("post", `${project}/broadcast/:broadcastId/stop`, "stopBroadcast", (incoming) =>
      HttpResponse.json(
        world.startedBroadcastJson(world.stopBroadcast(incoming.params.broadcastId ?? "")),
      ),
    ),

    route(
      "patch",
      `${project}/broadcast/:broadcastId/streams`,
      "updateBroadcastStreams",
      (incoming) => {
        world.changeBroadcastStreams(
          incoming.params.broadcastId ?? "",
          checkStreamChange(objectBody(incoming.body)),
        );
        return noContent();
      },
    ),

    route(
      "put",
      `${project}/broadcast/:broadcastId/layout`,
      "updateBroadcastLayout",
      (incoming) => {
        world.setBroadcastLayout(incoming.params.broadcastId ?? "", checkLayout(incoming.body));
        return HttpResponse.json(world.broadcastJson(broadcast(incoming)));
      },
    ),

    route("put", `${project}/session/:sessionId/stream`, "setStreamClassLists", (incoming) => {
      const items = objectBody(incoming.body).items;
      if (!Array.isArray(items) || items.length === 0) {
        throw badRequest("items must list the streams to change.");
      }
      const changes = items.map((item: unknown) => {
        const i = objectBody(item);
        const classes = i.layoutClassList;
        if (!Array.isArray(classes) || !classes.every((c) => typeof c === "string")) {
          throw badRequest("layoutClassList must be an array of strings.");
        }
        return { id: requiredString(i, "id"), layoutClassList: classes as string[] };
      });
      world.setClassLists(incoming.params.sessionId ?? "", changes);
      return new HttpResponse(null, { status: 200 });
    }),

    route(
      "delete",
      `${project}/session/:sessionId/connection/:connectionId`,
      "disconnectClient",
      (incoming) => {
        world.forceDisconnect(incoming.params.sessionId ?? "", incoming.params.connectionId ?? "");
        return noContent();
      },
    ),

    route(
      "post",
      `${project}/session/:sessionId/connection/:connectionId/signal`,
      "sendSignal",
      (incoming) => {
        const b = objectBody(incoming.body);
        const type = requiredString(b, "type");
        // Reference, Signal body: `type` and `data` are both required (data may be empty).
        if (typeof b.data !== "string") throw badRequest("data is required.");
        const data = b.data;
        // Vonage's reference answers 413 when "the type string exceeds the maximum length (128
        // bytes), or the data string exceeds the maximum size (8 kB)"; other bad types are 400.
        if (Buffer.byteLength(type, "utf8") > 128 || Buffer.byteLength(data, "utf8") > 8192) {
          throw new VonageApiError(
            413,
            "The type string exceeds the maximum length (128 bytes), or the data string exceeds the maximum size (8 kB).",
          );
        }
        if (!/^[A-Za-z0-9_~-]+$/.test(type)) {
          throw badRequest("A signal type is made of letters, digits, '-', '_' or '~'.");
        }
        world.signal(
          incoming.params.sessionId ?? "",
          incoming.params.connectionId ?? null,
          type,
          data,
        );
        return noContent();
      },
    ),
  ];
}

function checkMaxDuration(body: Body): number {
  const value = body.maxDuration;
  if (value === undefined) return 14_400;
  if (
    typeof value !== "number" ||
    !Number.isInteger(value) ||
    value < 60 ||
    value > maxBroadcastDuration
  ) {
    throw badRequest(
      `maxDuration must be a whole number of seconds from 60 to ${maxBroadcastDuration}.`,
    );
  }
  return value;
}

function checkOutputs(body: Body): {
  readonly hls: { readonly lowLatency: boolean; readonly dvr: boolean } | null;
  readonly rtmp: readonly EmulatedRtmpTarget[];
} {
  const outputs = objectBody(body.outputs ?? null);
  const rtmp = checkRtmpTargets(outputs.rtmp);
  let hls: { lowLatency: boolean; dvr: boolean } | null = null;
  if (outputs.hls !== undefined) {
    const h = objectBody(outputs.hls);
    hls = {
      lowLatency: optionalBoolean(h, "lowLatency", false),
      dvr: optionalBoolean(h, "dvr", false),
    };
    if (hls.lowLatency && hls.dvr) throw badRequest("HLS lowLatency and dvr cannot be combined.");
  }
  if (hls === null && rtmp.length === 0) throw badRequest("A broadcast needs at least one output.");
  return { hls, rtmp };
}
