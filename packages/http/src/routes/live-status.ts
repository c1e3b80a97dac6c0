// The reply to a control-room command: the live's state as the control room needs it, without
// the back-office data (participants' emails) that the full session carries.
import type { LiveSession } from "@onair/core";
import type { LiveStatus } from "../contract.js";

export function liveStatusOf(session: LiveSession): LiveStatus {
  const { live } = session;
  return {
    sessionId: session.id,
    version: session.version,
    phase: live.phase,
    startedAt: live.startedAt,
    endedAt: live.endedAt,
    replay: live.replay,
    stage: live.stage,
    streams: live.streams.map((stream) => ({
      streamId: stream.streamId,
      videoType: stream.videoType,
      personKey: stream.personKey,
    })),
  };
}

export type { LiveStatus };
