// The video platform behind onair (Vonage in production, a mock in tests).
import type { Layout, ProviderRecordingStatus, Role, StreamVideoType } from "../session/model.js";

/** Provider-side role of a token (R-PERM-1): moderator → moderator, speaker → publisher, attendee → subscriber. */
export type ProviderRole = "moderator" | "publisher" | "subscriber";

export interface TokenRequest {
  readonly role: Role;
  /** Opaque connection data; never an email (R-DATA-1). At most 1,000 characters. */
  readonly connectionData: string;
  /** Epoch milliseconds. */
  readonly expiresAt: number;
}

/**
 * What a client needs to connect to a room, as the provider describes it: a tagged object, so that
 * each provider brings its own fields (a new provider is a new variant, not a breaking change).
 * Give it only to the user it was issued for: it holds their token.
 */
export type ProviderConnection = VonageConnection | MockConnection;

/** Vonage Video: the client SDK needs the application id, the session (room) id and the token. */
export interface VonageConnection {
  readonly provider: "vonage";
  readonly applicationId: string;
  readonly roomId: string;
  readonly token: string;
}

/** The mock provider of `@onair/testing`. */
export interface MockConnection {
  readonly provider: "mock";
  readonly applicationId: string;
  readonly roomId: string;
  readonly token: string;
}

/** A signed token and the connection details that go with it. */
export interface IssuedToken {
  readonly providerRole: ProviderRole;
  readonly connection: ProviderConnection;
}

/** The stage as the provider needs it: which streams, which layout, which one is large. */
export interface ProviderStage {
  readonly streamIds: readonly string[];
  readonly layout: Layout;
  readonly focusStreamId: string | null;
}

export interface RecordingInfo {
  readonly id: string;
  readonly roomId: string;
  readonly name: string | null;
  /** What the provider reports: every segment status but onair's own `starting`. */
  readonly status: ProviderRecordingStatus;
  /** Epoch milliseconds. */
  readonly createdAt: number;
  readonly duration: number | null;
  readonly reason: string | null;
  /** A fresh, possibly short-lived link (R-LIFE-7); only when `available`. */
  readonly url: string | null;
}

export interface BroadcastInfo {
  readonly id: string;
  readonly hlsUrl: string | null;
  readonly status: "started" | "stopped";
}

export interface StageOutputs {
  readonly recordingId: string | null;
  readonly broadcastId: string | null;
}

/** A verified event from the provider (a webhook delivery may hold several). */
export type ProviderEvent =
  | {
      readonly type: "recording";
      readonly roomId: string;
      readonly recordingId: string;
      readonly name: string | null;
      readonly status: RecordingInfo["status"];
      readonly reason: string | null;
      readonly duration: number | null;
      /** Epoch milliseconds of the event at the provider. */
      readonly at: number;
    }
  | {
      readonly type: "broadcast";
      readonly roomId: string;
      readonly broadcastId: string;
      readonly status: "started" | "stopped" | "failed";
      readonly reason: string | null;
      readonly hlsUrl: string | null;
      readonly at: number;
    }
  | {
      readonly type: "connection-created";
      readonly roomId: string;
      readonly connectionId: string;
      readonly connectionData: string | null;
      readonly at: number;
    }
  | {
      readonly type: "connection-destroyed";
      readonly roomId: string;
      readonly connectionId: string;
      readonly connectionData: string | null;
      readonly reason: string | null;
      readonly at: number;
    }
  | {
      readonly type: "stream-created";
      readonly roomId: string;
      readonly streamId: string;
      readonly connectionId: string;
      readonly connectionData: string | null;
      readonly videoType: StreamVideoType;
      /**
       * True for a stream with no video (a speaker with the camera off, a phone): still a stream,
       * on stage or not. Its `videoType` is then "camera". Absent means it has video.
       */
      readonly audioOnly?: boolean;
      readonly at: number;
    }
  | {
      readonly type: "stream-destroyed";
      readonly roomId: string;
      readonly streamId: string;
      readonly connectionId: string;
      readonly reason: string | null;
      readonly at: number;
    }
  | {
      /**
       * The provider ended the room's media session by itself (Vonage: `sessionDestroyed`, after
       * the last client left or when its media router failed). Every connection is gone; clients
       * may join again, as new connections. It never ends the live by itself (R-LIFE-3).
       */
      readonly type: "room-destroyed";
      readonly roomId: string;
      readonly at: number;
    };

/** What the provider can do at most; the service never asks for more. */
export interface ProviderLimits {
  /** Videos one composed output shows at once (Vonage: 16): the stage holds no more (R-STAGE-2). */
  readonly maxStageStreams: number;
}

export interface LiveProvider {
  /** The provider's limits; `maxStageStreams` caps the service option of the same name. */
  readonly limits: ProviderLimits;
  /**
   * How long after a broadcast starts its playback URL actually plays (Vonage: 15–20 s). The
   * audience is given the URL only then (R-AUD-1). Absent: at once.
   */
  readonly broadcastWarmupMs?: number;
  /** Creates a room (a routed Vonage session) and returns its id. */
  createRoom(sessionId: string): Promise<{ roomId: string }>;
  /**
   * Signs a client token and describes the connection it opens; the provider role follows
   * R-PERM-1.
   */
  issueToken(roomId: string, request: TokenRequest): Promise<IssuedToken>;
  startRecording(
    roomId: string,
    options: { name: string; stage: ProviderStage },
  ): Promise<RecordingInfo>;
  stopRecording(recordingId: string): Promise<RecordingInfo>;
  listRecordings(roomId: string): Promise<readonly RecordingInfo[]>;
  getRecording(recordingId: string): Promise<RecordingInfo>;
  deleteRecording(recordingId: string): Promise<void>;
  startBroadcast(roomId: string, stage: ProviderStage): Promise<BroadcastInfo>;
  stopBroadcast(broadcastId: string): Promise<BroadcastInfo>;
  /** Applies the stage to the running outputs (manual stream selection + layout classes). */
  setStage(roomId: string, stage: ProviderStage, outputs: StageOutputs): Promise<void>;
  /**
   * Force-disconnects a client (R-PERM-5, R-PERM-6). Unknown connections are not an error.
   * `reason` ("opened-elsewhere", "access-revoked") should reach the client when the provider can
   * tell it (e.g. a signal sent just before), so that its page can say why.
   */
  disconnect(roomId: string, connectionId: string, reason?: string): Promise<void>;
  /**
   * Verifies and parses a webhook delivery. Throws LiveError UNAUTHORIZED when it is forged,
   * unsigned or stale; returns [] for events onair does not use.
   */
  parseWebhook(
    headers: Readonly<Record<string, string | readonly string[] | undefined>>,
    rawBody: string | Uint8Array,
    now: number,
  ): Promise<readonly ProviderEvent[]>;
}

/** Maps an onair role to the provider role it gets (R-PERM-1). */
export function providerRoleOf(role: Role): ProviderRole {
  switch (role) {
    case "moderator":
      return "moderator";
    case "speaker":
      return "publisher";
    case "attendee":
      return "subscriber";
  }
}
