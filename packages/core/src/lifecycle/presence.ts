// Connections and streams the provider reports, and who is sent away (R-PERM-5, R-PERM-6,
// R-STAGE-2).
import type { ProviderEvent } from "../ports/live-provider.js";
import type { ControlRoomConnection } from "../session/model.js";
import { holdsRole } from "../session/session-rules.js";
import { withoutStreams } from "../stage/stage-rules.js";
import type { DecideOptions, DisconnectReason } from "./commands.js";
import { decodeConnectionData } from "./connection-data.js";
import { activeSegment } from "./recording-segments.js";
import { requestBroadcast, requestSegment } from "./segments.js";
import { pushStage } from "./stage.js";
import { provider, system, type Transition } from "./transition.js";

export function onConnectionCreated(
  t: Transition,
  event: Extract<ProviderEvent, { type: "connection-created" }>,
  options: DecideOptions,
) {
  const who = decodeConnectionData(event.connectionData);
  if (who === null || who.role === "attendee") return; // audience connections are counted, not tracked
  if (t.live.connections.some((c) => c.connectionId === event.connectionId)) return; // duplicate
  // R-PERM-6: a connection reported ended stays ended, whatever the order of delivery.
  if (hasEnded(t.live.endedConnectionIds, event.connectionId)) return;
  const participant = t.session.participants.find(
    (p) => p.personKey === who.personKey && p.role === who.role,
  );
  if (participant === undefined) {
    // R-PERM-5: access was removed or changed after the grant: out at once.
    sendAway(t, event.connectionId, null, "access-revoked");
    return;
  }
  // R-PERM-6: one control-room connection per person; the newest takes over.
  const older = t.live.connections.filter((c) => c.personKey === who.personKey);
  if (older.some((c) => event.at < Date.parse(c.at))) {
    // A late (or repeated) delivery: this connection opened before the one kept, so it is the
    // older one and goes, never the newer.
    sendAway(t, event.connectionId, who.personKey, "opened-elsewhere");
    return;
  }
  const connection: ControlRoomConnection = {
    connectionId: event.connectionId,
    personKey: who.personKey,
    role: participant.role,
    grantId: who.grantId,
    at: new Date(event.at).toISOString(),
  };
  t.set({
    connections: [...t.live.connections.filter((c) => c.personKey !== who.personKey), connection],
  });
  t.record("connection-created", provider, {
    connectionId: event.connectionId,
    personKey: who.personKey,
    role: participant.role,
  });
  for (const old of older) sendAway(t, old.connectionId, old.personKey, "opened-elsewhere");
  resumeOutputs(t, options);
}

/** R-LIFE-3: a client is back, so the provider allows recording (and broadcasting) again. */
export function resumeOutputs(t: Transition, options: DecideOptions) {
  if (t.live.phase !== "live") return;
  if (activeSegment(t.live.segments) === undefined) requestSegment(t, "a client is back");
  const broadcast = t.live.broadcast;
  if (
    options.audienceDelivery === "hls" &&
    (broadcast === null || broadcast.status === "stopped" || broadcast.status === "failed")
  ) {
    requestBroadcast(t);
  }
}

/** How many ended ids the state remembers, per kind: enough for any live, bounded all the same. */
export const endedIdsKept = 500;

function hasEnded(ended: readonly string[] | undefined, id: string): boolean {
  return ended?.includes(id) === true;
}

function withEnded(ended: readonly string[] | undefined, id: string): readonly string[] {
  const list = [...(ended ?? []).filter((e) => e !== id), id];
  return list.length > endedIdsKept ? list.slice(list.length - endedIdsKept) : list;
}

export function onConnectionDestroyed(
  t: Transition,
  connectionId: string,
  reason: string | null,
  connectionData: string | null = null,
) {
  const connection = t.live.connections.find((c) => c.connectionId === connectionId);
  if (connection === undefined) {
    // R-PERM-6: an end delivered before its start (or a repeat) is remembered, so the start that
    // arrives later is a ghost. Audience connections are not tracked (they are counted by leases).
    const who = decodeConnectionData(connectionData);
    if (who?.role === "attendee" || hasEnded(t.live.endedConnectionIds, connectionId)) return;
    t.set({ endedConnectionIds: withEnded(t.live.endedConnectionIds, connectionId) });
    t.record("connection-destroyed", provider, { connectionId }, reason);
    return;
  }
  t.set({
    connections: t.live.connections.filter((c) => c.connectionId !== connectionId),
    endedConnectionIds: withEnded(t.live.endedConnectionIds, connectionId),
  });
  t.record(
    "connection-destroyed",
    provider,
    { connectionId, personKey: connection.personKey },
    reason,
  );
  const streams = t.live.streams.filter((s) => s.connectionId === connectionId);
  for (const stream of streams) onStreamDestroyed(t, stream.streamId, reason);
}

/**
 * The provider ended the room's media session (Vonage: `sessionDestroyed`, a media-router crash):
 * every connection and stream is gone; the live goes on (R-LIFE-3) and whoever reconnects comes
 * back as a new connection.
 */
export function onRoomDestroyed(t: Transition) {
  for (const c of t.live.connections) onConnectionDestroyed(t, c.connectionId, "room-destroyed");
  for (const s of t.live.streams) onStreamDestroyed(t, s.streamId, "room-destroyed");
}

export function onStreamCreated(
  t: Transition,
  event: Extract<ProviderEvent, { type: "stream-created" }>,
  options: DecideOptions,
  now: number,
) {
  if (t.live.streams.some((s) => s.streamId === event.streamId)) return;
  // R-PERM-6: an ended stream (or one of an ended connection) never comes back.
  if (
    hasEnded(t.live.endedStreamIds, event.streamId) ||
    hasEnded(t.live.endedConnectionIds, event.connectionId)
  ) {
    return;
  }
  const who = decodeConnectionData(event.connectionData);
  // Only moderators and speakers of the session publish: a stream from anyone else (a grant
  // revoked meanwhile, a connection onair does not know) can never reach the stage (R-PERM-1).
  const entitled =
    who === null
      ? t.live.connections.some((c) => c.connectionId === event.connectionId)
      : holdsRole(t.session, who.personKey, who.role);
  if (!entitled) return;
  t.set({
    streams: [
      ...t.live.streams,
      {
        streamId: event.streamId,
        connectionId: event.connectionId,
        personKey: who?.personKey ?? null,
        videoType: event.videoType,
        ...(event.audioOnly === true ? { audioOnly: true } : {}),
        createdAt: t.at,
      },
    ],
    lastPublishingAt: new Date(now).toISOString(),
    idleAlertedAt: null,
  });
  // R-STAGE-1: a new stream stays backstage until a moderator puts it on stage.
  t.record("stream-created", provider, {
    streamId: event.streamId,
    connectionId: event.connectionId,
    videoType: event.videoType,
    ...(event.audioOnly === true ? { audioOnly: true } : {}),
  });
  resumeOutputs(t, options);
}

// R-STAGE-2: an ended stream leaves the stage and the layout is rebuilt from what remains.
export function onStreamDestroyed(t: Transition, streamId: string, reason: string | null) {
  if (hasEnded(t.live.endedStreamIds, streamId)) return;
  const endedStreamIds = withEnded(t.live.endedStreamIds, streamId);
  if (!t.live.streams.some((s) => s.streamId === streamId)) {
    // R-PERM-6: an end delivered before its start is remembered; the late start is a ghost.
    t.set({ endedStreamIds });
    t.record("stream-destroyed", provider, { streamId }, reason);
    return;
  }
  const streams = t.live.streams.filter((s) => s.streamId !== streamId);
  t.set({ streams, endedStreamIds, ...(streams.length === 0 ? { lastPublishingAt: t.at } : {}) });
  t.record("stream-destroyed", provider, { streamId }, reason);
  const stage = withoutStreams(t.live.stage, new Set([streamId]));
  if (stage !== t.live.stage) {
    t.set({ stage, stageChangedAt: t.at });
    t.record(
      "stage-changed",
      system,
      { streamIds: stage.streamIds, layout: stage.layout, focusStreamId: stage.focusStreamId },
      "stream ended",
    );
    pushStage(t);
  }
}

/**
 * R-PERM-5: a connection whose access was removed is disconnected at once by the edit; while the
 * provider has not reported it gone, the disconnect is asked again, once per grace period.
 */
export function revokeAgain(t: Transition, now: number, options: DecideOptions) {
  const revoked = t.live.connections.filter(
    (c) =>
      !holdsRole(t.session, c.personKey, c.role) &&
      (c.revokedAt === undefined || now - Date.parse(c.revokedAt) >= options.reconcileGraceMs),
  );
  if (revoked.length === 0) return;
  const ids = new Set(revoked.map((c) => c.connectionId));
  t.set({
    connections: t.live.connections.map((c) =>
      ids.has(c.connectionId) ? { ...c, revokedAt: t.at } : c,
    ),
  });
  for (const c of revoked) sendAway(t, c.connectionId, c.personKey, "access-revoked");
}

/** Records why a connection is sent away (R-PERM-5, R-PERM-6) and asks the provider to cut it. */
export function sendAway(
  t: Transition,
  connectionId: string,
  personKey: string | null,
  reason: DisconnectReason,
) {
  t.record(
    "connection-replaced",
    system,
    personKey === null ? { connectionId } : { connectionId, personKey },
    reason,
  );
  // R-PERM-6: a connection onair cut never comes back, even if its start is delivered again.
  t.set({ endedConnectionIds: withEnded(t.live.endedConnectionIds, connectionId) });
  t.effects.push({ type: "disconnect", connectionId, reason });
}
