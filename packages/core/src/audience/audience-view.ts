// What attendees see, derived from the session (R-AUD-1, R-AUD-2, R-LIFE-4).

import type { AudienceView } from "../service/types.js";
import type { LiveSession } from "../session/model.js";

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
