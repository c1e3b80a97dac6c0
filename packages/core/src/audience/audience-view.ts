// What attendees see, derived from the session (R-AUD-1, R-AUD-2, R-LIFE-4).

import type { LivePhase, LiveSession, ReplayStatus, Stage } from "../session/model.js";

/** What an attendee sees (R-AUD-1, R-AUD-2, R-LIFE-4). */
export interface AudienceView {
  readonly sessionId: string;
  readonly title: string;
  readonly startsAt: string;
  readonly endsAt: string;
  readonly timeZone: string;
  readonly phase: LivePhase;
  /** What the screen shows: a single value a UI can switch on. */
  readonly screen: "waiting" | "live" | "replay-processing" | "replay" | "replay-unavailable";
  readonly delivery: "hls" | "subscribers";
  /** HLS playback URL, only once the broadcast plays. */
  readonly hlsUrl: string | null;
  /** Live with nothing on stage: show a holding slate (R-STAGE-2). */
  readonly holdingSlate: boolean;
  /**
   * With subscriber delivery, during the live: the streams on stage and their layout, the only
   * ones a player subscribes to (R-STAGE-1). Null otherwise (HLS is already composed).
   */
  readonly stage: Stage | null;
  readonly replay: ReplayStatus;
  /** Relative link that redirects to a fresh replay URL, when there is something to watch. */
  readonly replayPath: string | null;
  /** Server time, epoch milliseconds: clients must not trust their own clock. */
  readonly serverTime: number;
  /** Increases with every change; lets SSE clients resume. */
  readonly version: number;
}

export function audienceViewOf(
  session: LiveSession,
  now: number,
  delivery: "hls" | "subscribers",
  broadcastWarmupMs = 0,
): AudienceView {
  const { live } = session;
  const screen: AudienceView["screen"] =
    live.phase === "scheduled"
      ? "waiting"
      : live.phase === "live"
        ? "live"
        : live.replay === "processing"
          ? "replay-processing"
          : live.replay === "ready" || live.replay === "partial"
            ? "replay"
            : "replay-unavailable";
  const broadcast = live.broadcast;
  // R-AUD-1: a started broadcast plays only after the provider's warm-up.
  const playing =
    live.phase === "live" &&
    broadcast?.status === "started" &&
    (broadcast.startedAt === undefined ||
      now - Date.parse(broadcast.startedAt) >= broadcastWarmupMs);
  return {
    sessionId: session.id,
    title: session.title,
    startsAt: session.startsAt,
    endsAt: session.endsAt,
    timeZone: session.timeZone,
    phase: live.phase,
    screen,
    delivery,
    // R-AUD-1: the playback URL is shown only once the broadcast plays.
    hlsUrl: playing ? (broadcast?.hlsUrl ?? null) : null,
    holdingSlate: live.phase === "live" && live.stage.streamIds.length === 0,
    stage:
      delivery === "subscribers" && live.phase === "live"
        ? {
            streamIds: [...live.stage.streamIds],
            layout: live.stage.layout,
            focusStreamId: live.stage.focusStreamId,
          }
        : null,
    replay: live.replay,
    replayPath: screen === "replay" ? `/sessions/${encodeURIComponent(session.id)}/replay` : null,
    serverTime: now,
    version: session.version,
  };
}
