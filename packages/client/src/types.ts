// The public shape of @onair/client: the typed API client, the stores a UI reads (audience
// follower, control room) and the preflight facts. Wire types come from the core.
import type {
  AudienceView,
  ContentCheck,
  ContentKind,
  JoinGrant,
  LiveError,
  PreflightOptions,
  PreflightReport,
  PreflightResult,
  PresenceCount,
  Role,
  StageInput,
} from "@onair/core";
import type { LiveStatus } from "@onair/http/contract";
import type { VideoClient } from "./video/video-client.js";

/** A store React's `useSyncExternalStore` can read: snapshots are immutable, the same object while unchanged. */
export interface ExternalStore<T> {
  getSnapshot(): T;
  subscribe(listener: () => void): () => void;
}

export type ClientLocale = "en" | "fr";

export interface LiveClientOptions {
  /** Where the HTTP API is mounted, e.g. "/api/live" or "https://example.com/api/live". */
  readonly baseUrl: string;
  /** Defaults to the global `fetch`. */
  readonly fetch?: typeof fetch;
  /** Language of the advice the server sends (`Accept-Language`). Default "en". */
  readonly locale?: ClientLocale;
  /** Cookies and credentials: "same-origin" (default) or "include" for an API on another origin. */
  readonly credentials?: RequestCredentials;
  /** Monotonic milliseconds, for the upload measure. Default `performance.now()`. */
  readonly clock?: { now(): number };
  /** How the audience follower waits before reconnecting (doubles up to the maximum). */
  readonly reconnect?: ReconnectOptions;
}

export interface ReconnectOptions {
  /** First delay; the server's `retry:` replaces it when larger. Default 1000 ms. */
  readonly minDelayMs?: number;
  /** Default 30000 ms. */
  readonly maxDelayMs?: number;
}

/** The JSON that `live/start`, `live/stop` and `stage` answer (no participant emails). */
export type { LiveStatus };

export interface MeasureUploadOptions {
  /** How many bytes to send (default 2 MB, at most the server's bound). */
  readonly bytes?: number;
  /** Give up after this long (default 5000 ms). */
  readonly timeoutMs?: number;
}

export interface LiveClient {
  join(sessionId: string): Promise<JoinGrant>;
  startLive(sessionId: string): Promise<LiveStatus>;
  stopLive(sessionId: string): Promise<LiveStatus>;
  setStage(sessionId: string, stage: StageInput): Promise<LiveStatus>;
  presence(sessionId: string): Promise<PresenceCount>;
  /** The control room's presence ping (R-PERM-6): keeps this person counted while connected. */
  renewPresence(sessionId: string): Promise<void>;
  /** Sends the file's bytes with its size; the server reads only the head. */
  checkContent(sessionId: string, file: Blob): Promise<ContentCheck>;
  preflight(report: PreflightReport): Promise<PreflightResult>;
  audience(sessionId: string): Promise<AudienceView>;
  /** The route that redirects to a fresh replay link (R-LIFE-7): use it as a `src` or `href`. */
  replayUrl(sessionId: string): string;
  /** Measured upload in Mbps, or null when it could not be measured. */
  measureUpload(options?: MeasureUploadOptions): Promise<number | null>;
  /** Follows the audience view over Server-Sent Events; resumes with Last-Event-ID. */
  followAudience(sessionId: string): AudienceFollower;
  controlRoom(sessionId: string, video: VideoClient, options?: ControlRoomOptions): ControlRoom;
  /**
   * The stage for an attendee with subscriber delivery (R-AUD-1): follows the audience view and
   * joins the room as a subscriber only while it is live with `delivery: "subscribers"`.
   */
  audienceRoom(sessionId: string, video: VideoClient, options?: AudienceRoomOptions): AudienceRoom;
}

/** A stream shown in an element: `attach(streamId, element)` of a control or audience room. */
export interface StreamAttachment {
  /** Settles once the stream shows (or could not be shown: a LiveError). */
  readonly shown: Promise<void>;
  /** Stops showing it (unsubscribes). Safe to call twice; fits a React effect's cleanup. */
  detach(): void;
}

export interface AudienceRoomOptions {
  /** The follower of the audience view to use; default `client.followAudience(sessionId)`, closed by `close()`. */
  readonly follower?: AudienceFollower;
  /** Wait before joining again after a network drop (default 2000 ms). */
  readonly reconnectDelayMs?: number;
}

export interface AudienceRoom extends ExternalStore<AudienceRoomState> {
  /** Shows a stream of the stage in an element (a subscription); see `StreamAttachment`. */
  attach(streamId: string, element: HTMLElement): StreamAttachment;
  /**
   * Silences or plays the stage's audio: the streams shown now and those shown later (R-AUD-2:
   * `muted` starts true, browsers block unmuted autoplay).
   */
  setMuted(muted: boolean): void;
  /** Leaves the room and stops following the audience view. */
  close(): void;
}

export interface AudienceRoomState extends AudienceState {
  /**
   * "idle" while the view is not live with subscriber delivery; "refused" when the join was
   * refused (see `error`); "closed" after `close()`.
   */
  readonly room: "idle" | "joining" | "connected" | "refused" | "closed";
  /** The streams on stage that the room has, the focused one first: what to show. */
  readonly streams: readonly string[];
  /** Whether the stage's audio is silenced: true until `setMuted(false)` (R-AUD-2). */
  readonly muted: boolean;
}

export interface ControlRoomOptions {
  /**
   * Turns a checked file into a track to publish. Default `createContentSource` (images and PDF
   * pages on a canvas, an mp4 through a video element; pdf.js loaded lazily).
   */
  readonly contentSource?: ContentSourceFactory;
  /**
   * How often the connected room pings the server so that this person stays counted (R-PERM-6).
   * Default 30 s, well within the server's presence lease (90 s by default).
   */
  readonly presencePingMs?: number;
}

/** A file made into a publishable track, page by page. */
export interface ContentSource {
  readonly track: MediaStreamTrack;
  readonly pageCount: number;
  goTo(page: number): Promise<void>;
  stop(): void | Promise<void>;
}

export type ContentSourceFactory = (
  file: Blob,
  kind: Exclude<ContentKind, "screen">,
) => Promise<ContentSource>;

export interface AudienceFollower extends ExternalStore<AudienceState> {
  close(): void;
}

export interface AudienceState {
  readonly view: AudienceView | null;
  readonly connection: "connecting" | "open" | "reconnecting" | "closed";
  readonly error: LiveError | null;
}

export interface ControlRoom extends ExternalStore<ControlRoomState> {
  /** Asks a fresh grant on every (re)connect, connects, publishes the microphone with the camera off (R-PERM-3). */
  join(devices?: JoinDevices): Promise<void>;
  /** Every track stopped. */
  leave(): Promise<void>;
  /** Never creates a second camera publication. */
  setCamera(on: boolean): Promise<void>;
  setMicrophone(on: boolean): Promise<void>;
  shareScreen(): Promise<void>;
  /** Checked by the server first (`checkContent`). */
  shareContent(file: File): Promise<ContentShareHandle>;
  stopSharing(): Promise<void>;
  /** Moderators only (the server enforces it; a UI hides it). */
  startLive(): Promise<void>;
  stopLive(): Promise<void>;
  setStage(stage: StageInput): Promise<void>;
  refreshPresence(): Promise<void>;
  /**
   * Shows a stream of the room in an element: someone else's through a subscription, one's own
   * through its preview (muted). Detached by `detach()`, when the stream leaves the room, and on
   * leave.
   */
  attach(streamId: string, element: HTMLElement): StreamAttachment;
}

export interface JoinDevices {
  readonly videoDeviceId?: string;
  readonly audioDeviceId?: string;
}

export interface ControlRoomState {
  readonly status: "idle" | "joining" | "connected" | "reconnecting" | "left" | "refused";
  /** Role, roles and capabilities drive what the UI shows. */
  readonly grant: JoinGrant | null;
  /** The last refusal; cleared by the next successful action. */
  readonly error: LiveError | null;
  readonly camera: "on" | "off";
  readonly microphone: "on" | "off";
  readonly sharing: {
    readonly kind: ContentKind;
    readonly page: number;
    readonly pageCount: number;
  } | null;
  /** Every stream published in the room. */
  readonly streams: readonly RoomStream[];
  /** Last known live status (phase, stage, streams). */
  readonly live: LiveStatus | null;
  /** Moderators only. */
  readonly presence: PresenceCount | null;
}

export interface RoomStream {
  readonly streamId: string;
  readonly videoType: "camera" | "screen" | "custom" | null;
  readonly hasVideo: boolean;
  readonly hasAudio: boolean;
  readonly local: boolean;
  readonly onStage: boolean;
}

export interface ContentShareHandle {
  readonly kind: ContentKind;
  readonly pageCount: number;
  page(): number;
  goTo(page: number): Promise<void>;
  next(): Promise<void>;
  previous(): Promise<void>;
  stop(): Promise<void>;
}

export interface GatherPreflightOptions {
  readonly role: Role;
  /** Whether the page is the event's published site or its back-office preview (the host knows). */
  readonly context: "preview" | "published";
  /** For the measured upload; without it the upload is reported unmeasured. */
  readonly client?: LiveClient;
  readonly devices?: JoinDevices;
  /**
   * STUN/TURN servers to test UDP and relays against (R-PRE-5); without them both are reported
   * `unknown`. Use the servers your video provider's network test names.
   */
  readonly connectivity?: ConnectivityProbeOptions;
  /** Thresholds for the verdicts in `result` (the server's may differ: `client.preflight(report)`). */
  readonly preflightOptions?: PreflightOptions;
}

export interface ConnectivityProbeOptions {
  readonly iceServers: readonly RTCIceServer[];
  /** How long to gather candidates (default 3000 ms). */
  readonly timeoutMs?: number;
}

export interface PreflightFailure {
  /** Stable reason code, e.g. "camera-denied", "upload-timeout". */
  readonly code: string;
  readonly message: string;
}

export interface GatheredPreflight {
  readonly report: PreflightReport;
  /** The core's verdicts on the report (`evaluatePreflight`). */
  readonly result: PreflightResult;
  readonly devices: DeviceList;
  readonly failures: readonly PreflightFailure[];
}

export interface DeviceList {
  readonly cameras: readonly MediaDeviceSummary[];
  readonly microphones: readonly MediaDeviceSummary[];
}

export interface MediaDeviceSummary {
  readonly deviceId: string;
  readonly label: string;
}
