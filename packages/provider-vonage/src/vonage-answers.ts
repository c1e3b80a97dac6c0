// The Vonage REST answers onair reads (archives, broadcasts), checked and turned into the port's
// shapes. An answer of another shape is a provider failure, not a crash further down.
import type { BroadcastInfo, RecordingInfo } from "@onair/core";
import * as z from "zod";
import { unexpectedAnswer } from "./provider-errors.js";

// Vonage lists the streams of a manual-mode output as objects; some SDK types say strings.
const streamRefs = z
  .array(z.union([z.string(), z.object({ streamId: z.string() }).transform((s) => s.streamId)]))
  .nullish()
  .transform((streams) => streams ?? []);

const archiveAnswer = z.object({
  id: z.string().min(1),
  sessionId: z.string().min(1),
  name: z.string().nullish(),
  status: z.string(),
  reason: z.string().nullish(),
  createdAt: z.number().finite(),
  duration: z.number().finite().nullish(),
  url: z.string().nullish(),
  streams: streamRefs,
});

const broadcastAnswer = z.object({
  id: z.string().min(1),
  sessionId: z.string().min(1),
  status: z.string().nullish(),
  multiBroadcastTag: z.string().nullish(),
  broadcastUrls: z.object({ hls: z.string().nullish() }).nullish(),
  streams: streamRefs,
});

const answerList = z.object({
  count: z.number().int().nonnegative(),
  items: z.array(z.unknown()),
});

export type ArchiveAnswer = z.output<typeof archiveAnswer>;
export type BroadcastAnswer = z.output<typeof broadcastAnswer>;

function check<T>(schema: z.ZodType<T>, answer: unknown, operation: string): T {
  const result = schema.safeParse(answer);
  if (!result.success) throw unexpectedAnswer(operation);
  return result.data;
}

export const readArchive = (answer: unknown, operation: string) =>
  check(archiveAnswer, answer, operation);

export const readBroadcast = (answer: unknown, operation: string) =>
  check(broadcastAnswer, answer, operation);

export const readArchiveList = (answer: unknown, operation: string) =>
  check(answerList, answer, operation);

export const readBroadcastList = (answer: unknown, operation: string) =>
  check(answerList, answer, operation);

const statusOf: Readonly<Record<string, RecordingInfo["status"]>> = {
  started: "started",
  paused: "paused",
  stopped: "stopped",
  uploaded: "uploaded",
  available: "available",
  expired: "expired",
  failed: "failed",
  // A deleted archive is gone for good, like an expired one.
  deleted: "expired",
};

const orNull = (value: string | null | undefined) =>
  value === undefined || value === null || value === "" ? null : value;

export function recordingInfoOf(archive: ArchiveAnswer, operation: string): RecordingInfo {
  const status = statusOf[archive.status];
  if (status === undefined) throw unexpectedAnswer(operation);
  const recording = status === "started" || status === "paused";
  return {
    id: archive.id,
    roomId: archive.sessionId,
    name: orNull(archive.name),
    status,
    createdAt: archive.createdAt,
    duration: recording ? null : (archive.duration ?? null),
    reason: archive.status === "deleted" ? "deleted" : orNull(archive.reason),
    // Vonage's link is short-lived (R-LIFE-7): it is only given for a fresh read of `available`.
    url: status === "available" ? orNull(archive.url) : null,
  };
}

export function broadcastInfoOf(broadcast: BroadcastAnswer): BroadcastInfo {
  const stopped = broadcast.status === "stopped";
  return {
    id: broadcast.id,
    status: stopped ? "stopped" : "started",
    hlsUrl: stopped ? null : orNull(broadcast.broadcastUrls?.hls),
  };
}
