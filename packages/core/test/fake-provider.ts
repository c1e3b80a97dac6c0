// A minimal recording LiveProvider for the core's own service tests (the full mock with
// Vonage-like timing lives in @onair/testing, which depends on this package).
import { LiveError } from "../src/errors.js";
import type { LiveProvider, ProviderEvent, RecordingInfo } from "../src/ports/live-provider.js";
import { providerRoleOf } from "../src/ports/live-provider.js";
import { ROOM } from "./fixtures.js";

export type Method = Exclude<keyof LiveProvider, "parseWebhook">;

export function fakeProvider() {
  const calls: { method: Method; args: unknown[] }[] = [];
  const recordings = new Map<string, RecordingInfo>();
  const failures = new Map<Method, number>();
  let counter = 0;

  function enter(method: Method, args: unknown[]) {
    calls.push({ method, args });
    const left = failures.get(method) ?? 0;
    if (left > 0) {
      failures.set(method, left - 1);
      throw new LiveError("PROVIDER_FAILED", `The provider refused ${method}.`, {
        retriable: true,
      });
    }
  }

  function find(id: string): RecordingInfo {
    const info = recordings.get(id);
    if (info === undefined) throw new LiveError("PROVIDER_FAILED", "No such recording.");
    return info;
  }

  const provider: LiveProvider = {
    limits: { maxStageStreams: 16 },
    async createRoom(sessionId) {
      enter("createRoom", [sessionId]);
      return { roomId: ROOM };
    },
    async issueToken(roomId, request) {
      enter("issueToken", [roomId, request]);
      return {
        providerRole: providerRoleOf(request.role),
        connection: {
          provider: "mock",
          applicationId: "app-1",
          roomId,
          token: `token-${++counter}`,
        },
      };
    },
    async startRecording(roomId, options) {
      enter("startRecording", [roomId, options]);
      const info: RecordingInfo = {
        id: `rec-${++counter}`,
        roomId,
        name: options.name,
        status: "started",
        createdAt: 0,
        duration: null,
        reason: null,
        url: null,
      };
      recordings.set(info.id, info);
      return info;
    },
    async stopRecording(id) {
      enter("stopRecording", [id]);
      const info = { ...find(id), status: "stopped" as const };
      recordings.set(id, info);
      return info;
    },
    async listRecordings(roomId) {
      enter("listRecordings", [roomId]);
      return [...recordings.values()].filter((r) => r.roomId === roomId);
    },
    async getRecording(id) {
      enter("getRecording", [id]);
      const info = find(id);
      return {
        ...info,
        url: info.status === "available" ? `https://media.example/${id}?sig=${++counter}` : null,
      };
    },
    async deleteRecording(id) {
      enter("deleteRecording", [id]);
      recordings.delete(id);
    },
    async startBroadcast(roomId, stage) {
      enter("startBroadcast", [roomId, stage]);
      return {
        id: `b-${++counter}`,
        hlsUrl: `https://hls.example/${counter}.m3u8`,
        status: "started",
      };
    },
    async stopBroadcast(id) {
      enter("stopBroadcast", [id]);
      return { id, hlsUrl: null, status: "stopped" };
    },
    async setStage(roomId, stage, outputs) {
      enter("setStage", [roomId, stage, outputs]);
    },
    async disconnect(roomId, connectionId) {
      enter("disconnect", [roomId, connectionId]);
    },
    async parseWebhook() {
      throw new LiveError("UNAUTHORIZED", "Not used in these tests.");
    },
  };

  return {
    provider,
    calls,
    recordings,
    callsTo: (method: Method) => calls.filter((c) => c.method === method),
    failNext: (method: Method, times = 1) => failures.set(method, times),
    /** Changes a recording at the "provider" and returns the matching event to deliver. */
    setStatus(
      id: string,
      status: RecordingInfo["status"],
      reason: string | null = null,
    ): ProviderEvent {
      const info = { ...find(id), status, reason };
      recordings.set(id, info);
      return {
        type: "recording",
        roomId: info.roomId,
        recordingId: id,
        name: info.name,
        status,
        reason,
        duration: 60,
        at: 0,
      };
    },
  };
}
