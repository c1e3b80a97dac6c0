// Small builders for the core's own tests (the published builders live in @onair/testing).
import type { PersonActor } from "../src/lifecycle/commands.js";
import { encodeConnectionData } from "../src/lifecycle/connection-data.js";
import type { ProviderEvent } from "../src/ports/live-provider.js";
import { initialLiveState } from "../src/session/live-state.js";
import type { LiveSession, LiveState, Role } from "../src/session/model.js";

export const T0 = Date.parse("2026-03-02T09:00:00.000Z");
export const ROOM = "room-1";

export function liveState(overrides: Partial<LiveState> = {}): LiveState {
  return { ...initialLiveState(), roomId: ROOM, ...overrides };
}

export function aSession(
  overrides: Partial<Omit<LiveSession, "live">> & { live?: Partial<LiveState> } = {},
): LiveSession {
  const { live, ...rest } = overrides;
  return {
    id: "ses-1",
    title: "Opening keynote",
    description: "",
    room: "Main hall",
    startsAt: "2026-03-02T09:00:00.000Z",
    endsAt: "2026-03-02T10:00:00.000Z",
    timeZone: "Europe/Paris",
    status: "published",
    streamType: "live",
    participants: [
      { email: "mod@example.com", role: "moderator", personKey: "p-mod" },
      { email: "speaker@example.com", role: "speaker", personKey: "p-spk" },
      { email: "both@example.com", role: "moderator", personKey: "p-both" },
      { email: "both@example.com", role: "speaker", personKey: "p-both" },
    ],
    version: 1,
    createdAt: "2026-03-01T09:00:00.000Z",
    updatedAt: "2026-03-01T09:00:00.000Z",
    live: liveState(live),
    ...rest,
  };
}

export const moderator: PersonActor = { kind: "person", personKey: "p-mod", roles: ["moderator"] };
export const speaker: PersonActor = { kind: "person", personKey: "p-spk", roles: ["speaker"] };
export const attendee: PersonActor = { kind: "person", personKey: "a-1", roles: ["attendee"] };

export function data(personKey: string, role: Role, grantId = "g1"): string {
  return encodeConnectionData({ personKey, role, grantId });
}

export function connected(
  connectionId: string,
  personKey: string,
  role: Role,
  grantId = "g1",
): ProviderEvent {
  return {
    type: "connection-created",
    roomId: ROOM,
    connectionId,
    connectionData: data(personKey, role, grantId),
    at: T0,
  };
}

export function published(
  streamId: string,
  connectionId: string,
  personKey = "p-spk",
  role: Role = personKey === "p-spk" ? "speaker" : "moderator",
): Extract<ProviderEvent, { type: "stream-created" }> {
  return {
    type: "stream-created",
    roomId: ROOM,
    streamId,
    connectionId,
    connectionData: data(personKey, role),
    videoType: "camera",
    at: T0,
  };
}

export function recording(
  recordingId: string,
  status: Extract<ProviderEvent, { type: "recording" }>["status"],
  extra: { name?: string | null; reason?: string | null } = {},
): ProviderEvent {
  return {
    type: "recording",
    roomId: ROOM,
    recordingId,
    name: extra.name ?? null,
    status,
    reason: extra.reason ?? null,
    duration: null,
    at: T0,
  };
}
