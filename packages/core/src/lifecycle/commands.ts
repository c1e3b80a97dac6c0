// What `decide` takes (commands) and gives back (history events, provider effects, next state).
import type { ProviderEvent } from "../ports/live-provider.js";
import type { Actor, LiveEvent, LiveSession, Role, Stage } from "../session/model.js";

/** A person acting in a session, with the roles the server resolved from their verified email. */
export interface PersonActor {
  readonly kind: "person";
  readonly personKey: string;
  readonly roles: readonly Role[];
}

export type LiveCommand =
  | { readonly type: "start-live"; readonly actor: PersonActor }
  | { readonly type: "stop-live"; readonly actor: PersonActor }
  | { readonly type: "set-stage"; readonly actor: PersonActor; readonly stage: Stage }
  | { readonly type: "provider-event"; readonly event: ProviderEvent }
  /** Outcome of a `start-recording` effect. */
  | {
      readonly type: "recording-start-succeeded";
      readonly segmentIndex: number;
      readonly recordingId: string;
    }
  | {
      readonly type: "recording-start-failed";
      readonly segmentIndex: number;
      readonly reason: string;
    }
  /** Outcome of a `start-broadcast` effect. */
  | {
      readonly type: "broadcast-start-succeeded";
      readonly broadcastId: string;
      readonly hlsUrl: string | null;
    }
  | { readonly type: "broadcast-start-failed"; readonly reason: string }
  /**
   * The provider still records something onair no longer wants recorded (a stop lost in a crash):
   * stop it again, unless a stop was asked less than `graceMs` ago and may still be in flight.
   */
  | {
      readonly type: "stop-stray-recording";
      readonly recordingId: string;
      readonly graceMs: number;
    }
  /** An `apply-stage` effect the provider refused: the stage is applied again by `tick`. */
  | { readonly type: "stage-push-failed"; readonly reason: string }
  /**
   * A stop the provider refused or never answered: asked again by the next stop press or by the
   * tick (R-LIFE-6). One of `recordingId` and `broadcastId`.
   */
  | {
      readonly type: "output-stop-failed";
      readonly recordingId?: string;
      readonly broadcastId?: string;
      readonly reason: string;
      /**
       * The provider refused the stop for good (not a timeout or an outage): for a broadcast, which
       * the provider cannot be asked about, that means it no longer runs.
       */
      readonly definitive?: boolean;
    }
  /**
   * The tick of an ended live whose outputs are not all confirmed stopped, or whose replay is
   * still processing: stops are sent again, with a back-off saved in the state (R-LIFE-6).
   */
  | { readonly type: "settle-outputs" }
  /** Notifications the platform received: out of the outbox. */
  | { readonly type: "notifications-sent"; readonly ids: readonly string[] }
  /** Periodic check: idle alert (R-LIFE-8), segment rotation and recording restarts (R-LIFE-3). */
  | { readonly type: "tick" }
  /** Recordings deleted at the provider by the retention policy (R-DATA-1). */
  | { readonly type: "recordings-expired"; readonly recordingIds: readonly string[] };

export type DisconnectReason = "opened-elsewhere" | "access-revoked";

export type NotificationKind =
  | "idle-alert"
  | "replay-temporary-storage"
  | "replay-failed"
  /** Recordings deleted at the provider: the platform deletes its own stored copies (R-DATA-1). */
  | "recordings-deleted";

export type LiveEffect =
  | {
      readonly type: "start-recording";
      readonly segmentIndex: number;
      readonly name: string;
      readonly stage: Stage;
    }
  | { readonly type: "stop-recording"; readonly recordingId: string }
  | { readonly type: "start-broadcast"; readonly stage: Stage }
  | { readonly type: "stop-broadcast"; readonly broadcastId: string }
  | {
      readonly type: "apply-stage";
      readonly stage: Stage;
      readonly recordingId: string | null;
      readonly broadcastId: string | null;
    }
  | {
      readonly type: "disconnect";
      readonly connectionId: string;
      readonly reason: DisconnectReason;
    }
  | {
      readonly type: "notify";
      /** Set when the decision is saved: the id of its outbox entry (stable, for deduplication). */
      readonly id?: string;
      readonly kind: NotificationKind;
      readonly data: Readonly<Record<string, unknown>>;
    };

export interface Decision {
  /** History entries of the transition, in order (empty when nothing changes). */
  readonly events: readonly LiveEvent[];
  /** Provider calls and notifications to run once the new state is saved. */
  readonly effects: readonly LiveEffect[];
  /** The state after the transition (version untouched: the service bumps it when saving). */
  readonly session: LiveSession;
}

export interface DecideOptions {
  /** How attendees watch (R-AUD-1). Default "hls". */
  readonly audienceDelivery: "hls" | "subscribers";
  /** Nobody publishing for this long raises an alert (R-LIFE-8). Default 15 min. */
  readonly idleAlertMs: number;
  /** Start the next segment before the provider's maximum recording duration (Vonage: 4 h). */
  readonly segmentMaxMs: number;
  /** Streams the stage can hold: at most what the provider composes (Vonage: 16). */
  readonly maxStageStreams: number;
  /**
   * How long a provider start or stop may stay unanswered before it is taken as lost (a crash
   * between the saved intent and the provider's answer) and asked again.
   */
  readonly reconcileGraceMs: number;
  /** How long after a broadcast starts its URL plays (the provider's warm-up); 0: at once. */
  readonly broadcastWarmupMs: number;
}

export const defaultDecideOptions: DecideOptions = {
  audienceDelivery: "hls",
  idleAlertMs: 15 * 60_000,
  segmentMaxMs: 4 * 60 * 60_000 - 2 * 60_000,
  maxStageStreams: 16,
  reconcileGraceMs: 30_000,
  broadcastWarmupMs: 0,
};

export type { Actor };
