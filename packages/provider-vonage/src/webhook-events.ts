// Vonage callback payloads (archive, broadcast, session monitoring) and the core events they
// mean. Mapping is stateless: the same delivery always gives the same events, so duplicates and
// deliveries out of order are the core's business (it deduplicates and never moves backwards).
import type { ProviderEvent, StreamVideoType } from "@onair/core";
import { isProviderRecordingStatus, LiveError } from "@onair/core";
import * as z from "zod";

const id = z.string().min(1);
const time = z.number().finite().nonnegative();
const text = z.string().nullish();

const archiveCallback = z.object({
  event: z.literal("archive"),
  id,
  sessionId: id,
  status: z.string().min(1),
  name: text,
  reason: text,
  duration: z.number().finite().nonnegative().nullish(),
  createdAt: time,
  updatedAt: time.optional(),
});

const broadcastCallback = z
  .object({
    event: z.literal("broadcast"),
    id,
    sessionId: id,
    status: z.string().min(1),
    reason: text,
    createdAt: time.optional(),
    updatedAt: time.optional(),
    timestamp: time.optional(),
    broadcastUrls: z.object({ hls: text }).nullish(),
  })
  .refine((b) => (b.updatedAt ?? b.createdAt ?? b.timestamp) !== undefined, {
    message: "A broadcast callback needs a time.",
    path: ["updatedAt"],
  });

const connection = z.object({ id, createdAt: time.optional(), data: text });

const connectionCallback = z.object({
  event: z.enum(["connectionCreated", "connectionDestroyed"]),
  sessionId: id,
  timestamp: time,
  reason: text,
  connection,
});

const streamCallback = z.object({
  event: z.enum(["streamCreated", "streamDestroyed"]),
  sessionId: id,
  timestamp: time,
  reason: text,
  stream: z.object({ id, connection, createdAt: time.optional(), videoType: text }),
});

const sessionCallback = z.object({
  event: z.literal("sessionDestroyed"),
  sessionId: id,
  timestamp: time,
});

const eventName = z.object({ event: z.string() });

const broadcastStatuses: ReadonlySet<string> = new Set(["started", "stopped", "failed"]);

/** Vonage writes "" where it has nothing to say. */
const orNull = (value: string | null | undefined) =>
  value === undefined || value === null || value === "" ? null : value;

/**
 * Audio-only publishers have no video type (Vonage sends none): they publish from a camera
 * publisher, and the event says `audioOnly`.
 */
const hasNoVideoType = (value: string | null | undefined) =>
  value === undefined || value === null || value === "";

/** Vonage's video types; an audio-only stream counts as a camera. */
function videoTypeOf(value: string | null | undefined): StreamVideoType {
  if (value === "screen") return "screen";
  if (value === "custom") return "custom";
  if (value === undefined || value === null || value === "" || value === "camera") return "camera";
  return "custom";
}

function parse<T>(schema: z.ZodType<T>, payload: unknown, kind: string): T {
  const result = schema.safeParse(payload);
  if (result.success) return result.data;
  throw new LiveError("INVALID_INPUT", `The Vonage ${kind} callback is malformed.`, {
    issues: result.error.issues.map((issue) => ({
      path: issue.path.map(String).join("."),
      message: issue.message,
    })),
  });
}

/**
 * Maps one verified callback body to the events onair uses. Unknown event types and statuses
 * give [] (Vonage adds some over time); a known event with a wrong shape is INVALID_INPUT.
 */
export function eventsOfCallback(payload: unknown): readonly ProviderEvent[] {
  if (typeof payload !== "object" || payload === null || Array.isArray(payload)) {
    throw new LiveError("INVALID_INPUT", "The Vonage callback body is not a JSON object.");
  }
  const named = eventName.safeParse(payload);
  if (!named.success) return [];
  switch (named.data.event) {
    case "archive": {
      const a = parse(archiveCallback, payload, "archive");
      const status = a.status;
      if (!isProviderRecordingStatus(status)) return [];
      const recording = status === "started" || status === "paused";
      return [
        {
          type: "recording",
          roomId: a.sessionId,
          recordingId: a.id,
          name: orNull(a.name),
          status,
          reason: orNull(a.reason),
          // Vonage reports 0 while recording; the duration is only known once stopped.
          duration: recording ? null : (a.duration ?? null),
          at: a.updatedAt ?? a.createdAt,
        },
      ];
    }
    case "broadcast": {
      const b = parse(broadcastCallback, payload, "broadcast");
      if (!broadcastStatuses.has(b.status)) return [];
      const status = b.status as "started" | "stopped" | "failed";
      return [
        {
          type: "broadcast",
          roomId: b.sessionId,
          broadcastId: b.id,
          status,
          reason: orNull(b.reason),
          hlsUrl: status === "started" ? orNull(b.broadcastUrls?.hls) : null,
          at: b.updatedAt ?? b.createdAt ?? b.timestamp ?? 0,
        },
      ];
    }
    case "connectionCreated":
    case "connectionDestroyed": {
      const c = parse(connectionCallback, payload, "connection");
      const base = {
        roomId: c.sessionId,
        connectionId: c.connection.id,
        connectionData: orNull(c.connection.data),
        at: c.timestamp,
      };
      return c.event === "connectionCreated"
        ? [{ type: "connection-created", ...base }]
        : [{ type: "connection-destroyed", ...base, reason: orNull(c.reason) }];
    }
    case "streamCreated":
    case "streamDestroyed": {
      const s = parse(streamCallback, payload, "stream");
      const base = {
        roomId: s.sessionId,
        streamId: s.stream.id,
        connectionId: s.stream.connection.id,
        at: s.timestamp,
      };
      return s.event === "streamCreated"
        ? [
            {
              type: "stream-created",
              ...base,
              connectionData: orNull(s.stream.connection.data),
              videoType: videoTypeOf(s.stream.videoType),
              ...(hasNoVideoType(s.stream.videoType) ? { audioOnly: true } : {}),
            },
          ]
        : [{ type: "stream-destroyed", ...base, reason: orNull(s.reason) }];
    }
    case "sessionDestroyed": {
      // Vonage's session monitoring: the session ended at Vonage (all clients gone, or its media
      // router failed, every connection then closed with forceDisconnected).
      const d = parse(sessionCallback, payload, "session");
      return [{ type: "room-destroyed", roomId: d.sessionId, at: d.timestamp }];
    }
    default:
      return [];
  }
}
