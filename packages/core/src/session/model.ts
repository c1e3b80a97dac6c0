// The data onair keeps for one live session: what the back office edits and what the live does.
import type { NotificationKind } from "../lifecycle/commands.js";

export type Role = "moderator" | "speaker" | "attendee";
/** The roles a back-office participant can hold (attendees are not listed participants). */
export type ParticipantRole = Exclude<Role, "attendee">;

export interface Participant {
  /** Normalized email (see `normalizeEmail`): the identity key. */
  readonly email: string;
  readonly role: ParticipantRole;
  /** Opaque, stable id of the person in this session; what the provider sees instead of the email. */
  readonly personKey: string;
}

export type SessionStatus = "draft" | "published";
/** onair handles `live`; other stream types are stored but have no live. */
export type StreamType = "live" | "video" | "external" | "none";

export type LivePhase = "scheduled" | "live" | "ended";
export type ReplayStatus = "none" | "processing" | "ready" | "partial" | "failed";

/**
 * Every status of a recording segment: the one list the core, the providers and the test kit
 * read. The provider reports all but onair's own `starting`.
 */
export const recordingStatuses = [
  "starting",
  "started",
  "paused",
  "stopped",
  "uploaded",
  "available",
  "expired",
  "failed",
] as const;

/** Status of one recording segment, as the provider reports it (plus our own `starting`). */
export type RecordingStatus = (typeof recordingStatuses)[number];

/** What a provider can report of a recording: every status but onair's own `starting`. */
export type ProviderRecordingStatus = Exclude<RecordingStatus, "starting">;

/** Whether `value` is a recording status a provider may report. */
export function isProviderRecordingStatus(value: unknown): value is ProviderRecordingStatus {
  return value !== "starting" && (recordingStatuses as readonly unknown[]).includes(value);
}

/** One continuous recording at the provider. The replay is the ordered list of segments. */
export interface RecordingSegment {
  readonly index: number;
  /** Deterministic name given to the provider, so a crash can adopt the recording. */
  readonly name: string;
  readonly recordingId: string | null;
  readonly status: RecordingStatus;
  readonly requestedAt: string;
  readonly startedAt: string | null;
  readonly stoppedAt: string | null;
  /** Why the provider stopped or failed it (e.g. idle, max duration). */
  readonly reason: string | null;
  /** Seconds, once known. */
  readonly duration: number | null;
  /** True once it lives on the platform's own storage (provider status `uploaded`). */
  readonly uploaded: boolean;
  /** When onair asked the provider to stop it; lets reconcile tell a lost stop from one in flight. */
  readonly stopRequestedAt: string | null;
  /** The last stop call failed: a stop press or the tick asks again (R-LIFE-6). */
  readonly stopFailed?: boolean;
}

export type ContentKind = "screen" | "video" | "image" | "pdf";
export type StreamVideoType = "camera" | "screen" | "custom";

/** A stream currently published in the room. */
export interface LiveStream {
  readonly streamId: string;
  readonly connectionId: string;
  readonly personKey: string | null;
  readonly videoType: StreamVideoType;
  /** A stream without video (camera off, a phone): still a stream, on stage or not. */
  readonly audioOnly?: boolean;
  readonly createdAt: string;
}

export type Layout = "grid" | "focus" | "pip";

/** What the audience and the replay see: streams put on screen by a moderator, and a layout. */
export interface Stage {
  readonly streamIds: readonly string[];
  readonly layout: Layout;
  /** The stream shown large in `focus` and `pip` layouts; must be on stage. */
  readonly focusStreamId: string | null;
}

export type BroadcastStatus = "starting" | "started" | "stopped" | "failed";

export interface BroadcastState {
  readonly broadcastId: string | null;
  readonly status: BroadcastStatus;
  readonly hlsUrl: string | null;
  readonly requestedAt: string;
  readonly reason: string | null;
  /** The broadcast this one replaces (stopped by the provider): its late events are not ours. */
  readonly replacesId: string | null;
  /** When the provider reported it started; its URL plays a warm-up later (R-AUD-1). */
  readonly startedAt?: string;
  /** Set by the first tick after the warm-up: the change that gives followers the URL. */
  readonly playable?: boolean;
  /** When onair last asked the provider to stop it. */
  readonly stopRequestedAt?: string;
  /** The last stop call failed: a stop press or the tick asks again (R-LIFE-6). */
  readonly stopFailed?: boolean;
  /** How many asks in a row have not started (absent: the first); spaces the tick's retries. */
  readonly attempts?: number;
}

/** A control-room connection (moderators and speakers; one per person, R-PERM-6). */
export interface ControlRoomConnection {
  readonly connectionId: string;
  readonly personKey: string;
  readonly role: ParticipantRole;
  readonly grantId: string | null;
  /** When the provider opened it (the provider's clock, so that connections compare fairly). */
  readonly at: string;
  /** When onair last asked the provider to disconnect it, its access being gone (R-PERM-5). */
  readonly revokedAt?: string;
}

export interface LiveState {
  readonly phase: LivePhase;
  readonly roomId: string | null;
  readonly startedAt: string | null;
  readonly startedBy: string | null;
  readonly endedAt: string | null;
  readonly endedBy: string | null;
  readonly segments: readonly RecordingSegment[];
  readonly broadcast: BroadcastState | null;
  readonly stage: Stage;
  readonly streams: readonly LiveStream[];
  readonly connections: readonly ControlRoomConnection[];
  readonly replay: ReplayStatus;
  readonly replayReason: string | null;
  /** Last time someone was publishing (or the start); drives the idle alert (R-LIFE-8). */
  readonly lastPublishingAt: string | null;
  readonly idleAlertedAt: string | null;
  /**
   * The provider refused the last stage change (R-STAGE-1): the outputs may still show what the
   * moderator took off; `tick` applies the stage again until it succeeds.
   */
  readonly stagePushFailedAt?: string;
  /** When the stage last changed: an output asked to start before it needs the new stage. */
  readonly stageChangedAt?: string;
  /**
   * Connections the provider reported ended, newest last (bounded): a late or repeated
   * `connection-created` of one of them never brings it back (R-PERM-6).
   */
  readonly endedConnectionIds?: readonly string[];
  /** Streams the provider reported ended, newest last (bounded), for the same reason. */
  readonly endedStreamIds?: readonly string[];
  /**
   * Set while an ended live still has outputs not confirmed stopped, or a replay processing
   * (R-LIFE-6): when the tick next settles them with the provider. The store lists these sessions
   * (`settlingSessionIds`), so any instance's `tickAll` settles them.
   */
  readonly settleDueAt?: string;
  /** How many times the tick has settled them so far: the back-off grows with it. */
  readonly settleAttempts?: number;
  /**
   * Platform notifications saved with the change that raised them and not yet confirmed sent: sent
   * after the save, then removed; the tick sends again those left (at least once, R-LIFE-6).
   */
  readonly outbox?: readonly PendingNotification[];
}

/** A platform notification waiting to be sent (see `LiveState.outbox`). */
export interface PendingNotification {
  /** Stable across every sending: the platform deduplicates on it. */
  readonly id: string;
  readonly kind: NotificationKind;
  readonly data: Readonly<Record<string, unknown>>;
  /** When it was raised (ISO 8601). */
  readonly at: string;
}

export interface LiveSession {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly room: string;
  /** ISO 8601 instants in UTC. */
  readonly startsAt: string;
  readonly endsAt: string;
  /** IANA time zone of the event, for display. */
  readonly timeZone: string;
  readonly status: SessionStatus;
  readonly streamType: StreamType;
  readonly participants: readonly Participant[];
  /** Compare-and-set version; every saved change increments it. */
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly live: LiveState;
}

/** Who did something, as recorded in the history. Never an email for users: a person key. */
export type Actor =
  | { readonly kind: "person"; readonly personKey: string; readonly roles: readonly Role[] }
  | { readonly kind: "admin"; readonly id: string }
  | { readonly kind: "provider" }
  | { readonly kind: "system" };

export type LiveEventType =
  | "session-created"
  | "session-updated"
  | "session-published"
  | "session-unpublished"
  | "session-deleted"
  | "participant-added"
  | "participant-removed"
  | "room-created"
  | "live-started"
  | "live-stopped"
  | "recording-requested"
  | "recording-stop-requested"
  | "output-stop-failed"
  | "outputs-checked"
  | "notification-sent"
  | "recording-started"
  | "recording-status"
  | "recording-failed"
  | "recording-gap"
  | "broadcast-requested"
  | "broadcast-stop-requested"
  | "broadcast-started"
  | "broadcast-playable"
  | "broadcast-stopped"
  | "broadcast-failed"
  | "stage-changed"
  | "stage-push-failed"
  | "stream-created"
  | "stream-destroyed"
  | "connection-created"
  | "connection-destroyed"
  | "connection-replaced"
  | "replay-status"
  | "replay-temporary-storage"
  | "idle-alert";

/** One entry of a session's history: what happened, who did it, when and why. */
export interface LiveEvent {
  readonly sessionId: string;
  readonly type: LiveEventType;
  readonly actor: Actor;
  /** ISO 8601 instant. */
  readonly at: string;
  readonly reason: string | null;
  /** Event details (ids, statuses); may hold emails only for participant events. */
  readonly data: Readonly<Record<string, unknown>>;
}
