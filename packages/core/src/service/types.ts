// The public shape of the live service: what adapters (HTTP, React) call.

import type { AudienceView } from "../audience/audience-view.js";
import type { ContentCheck } from "../content/content-limits.js";
import type { ProviderConnection, ProviderEvent, ProviderRole } from "../ports/live-provider.js";
import type { HistoryEntry, PresenceCount } from "../ports/session-store.js";
import type { Advice } from "../preflight/advice.js";
import type { Capability } from "../roles/capabilities.js";
import type { LiveSession, ParticipantRole, ReplayStatus, Role, Stage } from "../session/model.js";
import type {
  CreateSessionInput,
  ParticipantInput,
  StageInput,
  UpdateSessionInput,
} from "../session/schemas.js";
import type { WebhookHealth, WebhookRefusalReason } from "./webhook-health.js";

/** The logged-in user as the host platform's `identify` hook reports it (a verified email). */
export interface Identity {
  readonly email: string;
}

/** Who runs a back-office (admin) command; recorded in the history. */
export interface AdminActor {
  /**
   * An opaque id of the admin (never an email). Personal data all the same (R-DATA-1): it never
   * travels in notifications and is pseudonymised when the session is deleted.
   */
  readonly adminId: string;
}

export interface JoinOptions {
  /** Whether this caller may watch as an attendee (default true). */
  readonly audience?: boolean;
}

/** What a user gets to connect to the live room (R-PERM-1, R-PERM-3, R-PERM-5). */
export interface JoinGrant {
  readonly sessionId: string;
  /** The role used for this connection (moderator wins over speaker). */
  readonly role: Role;
  /** Every role the person holds in the session. */
  readonly roles: readonly Role[];
  readonly capabilities: readonly Capability[];
  readonly providerRole: ProviderRole;
  /**
   * How the client connects, as the provider describes it (tagged by `provider`; Vonage: the
   * application id, the room id and the token). Holds the token: give it only to this user.
   */
  readonly connection: ProviderConnection;
  /** Ties the coming connection to this grant: a newer grant takes over (R-PERM-6). */
  readonly grantId: string;
  /** Epoch milliseconds; ask a fresh grant on every (re)connect. */
  readonly expiresAt: number;
  /** Everyone enters with the camera off (R-PERM-3). */
  readonly camera: "off";
  readonly microphone: "on";
  /** Backstage until a moderator puts their stream on stage (R-STAGE-1). */
  readonly onStage: false;
}

export interface ReplayLink {
  readonly segments: readonly {
    readonly index: number;
    readonly url: string;
    readonly duration: number | null;
  }[];
  readonly status: ReplayStatus;
}

/** What `service.health()` reports (this instance's view). */
export interface ServiceHealth {
  readonly webhooks: WebhookHealth;
}

export interface LiveService {
  createSession(input: CreateSessionInput, actor?: AdminActor): Promise<LiveSession>;
  updateSession(
    sessionId: string,
    input: UpdateSessionInput,
    actor?: AdminActor,
  ): Promise<LiveSession>;
  publishSession(sessionId: string, actor?: AdminActor): Promise<LiveSession>;
  unpublishSession(sessionId: string, actor?: AdminActor): Promise<LiveSession>;
  deleteSession(sessionId: string, actor?: AdminActor): Promise<void>;
  addParticipant(
    sessionId: string,
    participant: ParticipantInput,
    actor?: AdminActor,
  ): Promise<LiveSession>;
  removeParticipant(
    sessionId: string,
    participant: ParticipantInput,
    actor?: AdminActor,
  ): Promise<LiveSession>;
  getSession(sessionId: string): Promise<LiveSession>;
  /**
   * A grant to connect: the control room for moderators and speakers; with subscriber delivery,
   * a subscriber grant for the audience unless `options.audience` is false (the platform keeps
   * this caller out of the audience), in which case nothing is created or signed for them.
   */
  join(sessionId: string, identity: Identity | null, options?: JoinOptions): Promise<JoinGrant>;
  audience(sessionId: string): Promise<AudienceView>;
  replayLink(sessionId: string): Promise<ReplayLink>;
  startLive(sessionId: string, identity: Identity): Promise<LiveSession>;
  stopLive(sessionId: string, identity: Identity): Promise<LiveSession>;
  setStage(sessionId: string, identity: Identity, stage: StageInput): Promise<LiveSession>;
  /** Validates a file before sharing from its first bytes and declared size (R-PERM-4). */
  validateContent(
    sessionId: string,
    identity: Identity,
    file: { readonly headBytes: Uint8Array; readonly size: number },
  ): Promise<ContentCheck>;
  presence(sessionId: string, identity: Identity): Promise<PresenceCount>;
  /**
   * The control-room client's presence ping (moderators and speakers, R-PERM-6): renews the
   * leases of the caller's live connections, the only evidence besides provider events that keeps
   * them counted. Call it well within `presenceTtlMs` (e.g. every 30 s) while connected.
   */
  renewPresence(sessionId: string, identity: Identity): Promise<void>;
  /**
   * Renews an audience viewer's lease (SSE connections, players). Calls made for one session in
   * the same turn of the event loop are saved together, in one `touchPresenceMany`.
   */
  touchAudience(sessionId: string, viewerKey: string, connectionId: string): Promise<void>;
  leaveAudience(sessionId: string, connectionId: string): Promise<void>;
  handleProviderEvent(event: ProviderEvent): Promise<void>;
  reconcile(sessionId: string): Promise<LiveSession>;
  /**
   * Deletes at the provider the recordings of an ended live older than `recordingRetentionMs`
   * (R-DATA-1); the replay then shows as unavailable. Call it periodically for ended sessions.
   */
  applyRetention(sessionId: string): Promise<LiveSession>;
  /** Raises due alerts (idle live, R-LIFE-8) and restarts recording when allowed; call periodically. */
  tick(sessionId: string): Promise<LiveSession>;
  /**
   * Ticks every session whose live is on, as the store lists them (`liveSessionIds`): lives started
   * on any instance, or before this one restarted. Ended lives still settling
   * (`settlingSessionIds`: an output not confirmed stopped, a replay processing) are ticked too,
   * each when its back-off is due, so a stop that failed or was lost in a crash is completed
   * (R-LIFE-6). Call it on a timer (e.g. every 30 s on each instance; ticks are idempotent, an
   * alert is raised once). Returns how many lives (phase `live`) were ticked.
   */
  tickAll(): Promise<number>;
  history(sessionId: string): Promise<readonly HistoryEntry[]>;
  /**
   * Records how one provider webhook delivery was answered: `"accepted"` or the refusal's reason
   * (`webhookRefusalReasonOf(error)`). Past `webhookHealth.alertThreshold` refusals within the
   * window, the platform is told once (a logger warning and a `webhook-deliveries-failing`
   * notification naming the likely cause). The HTTP adapters call it on every delivery.
   */
  recordWebhookDelivery(result: "accepted" | WebhookRefusalReason): Promise<void>;
  /** This instance's webhook delivery health: counts by reason, last times, the alert. */
  health(): ServiceHealth;
  /** Listens to a session's changes (through the change feed: every instance sees every change). */
  subscribe(sessionId: string, listener: (view: AudienceView) => void): () => void;
}

export type { Advice, AudienceView, ContentCheck, ParticipantRole, Stage };
