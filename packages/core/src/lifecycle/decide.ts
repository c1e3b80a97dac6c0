// The pure heart of onair: given a session, a command and the time, what happens (SPEC §2–§4).
// No I/O here: the service saves the events and runs the effects. Each sub-domain has its file:
// start-stop, stage, segments (recordings and broadcast), presence (connections, streams), tick.
import type { ProviderEvent } from "../ports/live-provider.js";
import type { LiveSession } from "../session/model.js";
import {
  type DecideOptions,
  type Decision,
  defaultDecideOptions,
  type LiveCommand,
} from "./commands.js";
import { onNotificationsSent, queueNotifications } from "./outbox.js";
import {
  onConnectionCreated,
  onConnectionDestroyed,
  onRoomDestroyed,
  onStreamCreated,
  onStreamDestroyed,
} from "./presence.js";
import {
  onBroadcastFailed,
  onBroadcastStarted,
  onBroadcastStatus,
  onRecordingStarted,
  onRecordingStartFailed,
  onRecordingStatus,
  onRecordingsExpired,
  stopStray,
} from "./segments.js";
import { markSettling, onOutputStopFailed, onSettle } from "./settle.js";
import { onStagePushFailed, setStage } from "./stage.js";
import { startLive, stopLive } from "./start-stop.js";
import { onTick } from "./tick.js";
import { isoAt, Transition } from "./transition.js";

export function decide(
  session: LiveSession,
  command: LiveCommand,
  now: number,
  options: DecideOptions = defaultDecideOptions,
): Decision {
  const t = new Transition(session, isoAt(now));
  switch (command.type) {
    case "start-live":
      startLive(t, command.actor, options);
      break;
    case "stop-live":
      stopLive(t, command.actor, now);
      break;
    case "set-stage":
      setStage(t, command.actor, command.stage, options);
      break;
    case "provider-event":
      onProviderEvent(t, command.event, options, now);
      break;
    case "recording-start-succeeded":
      onRecordingStarted(t, command.segmentIndex, command.recordingId);
      break;
    case "recording-start-failed":
      onRecordingStartFailed(t, command.segmentIndex, command.reason);
      break;
    case "broadcast-start-succeeded":
      onBroadcastStarted(t, command.broadcastId, command.hlsUrl);
      break;
    case "broadcast-start-failed":
      onBroadcastFailed(t, command.reason);
      break;
    case "stop-stray-recording":
      stopStray(t, command.recordingId, command.graceMs, now);
      break;
    case "stage-push-failed":
      onStagePushFailed(t, command.reason);
      break;
    case "output-stop-failed":
      onOutputStopFailed(t, command, command.reason);
      break;
    case "settle-outputs":
      onSettle(t, now, options);
      break;
    case "notifications-sent":
      onNotificationsSent(t, command.ids);
      break;
    case "tick":
      onTick(t, now, options);
      break;
    case "recordings-expired":
      onRecordingsExpired(t, command.recordingIds);
      break;
  }
  if (t.events.length > 0) {
    queueNotifications(t);
    markSettling(t, now, options);
  }
  return t.result();
}

export function onProviderEvent(
  t: Transition,
  event: ProviderEvent,
  options: DecideOptions,
  now: number,
) {
  if (t.live.roomId !== event.roomId) return; // not this session's room: ignore
  switch (event.type) {
    case "recording":
      return onRecordingStatus(t, event);
    case "broadcast":
      return onBroadcastStatus(t, event);
    case "connection-created":
      return onConnectionCreated(t, event, options);
    case "connection-destroyed":
      return onConnectionDestroyed(t, event.connectionId, event.reason, event.connectionData);
    case "stream-created":
      return onStreamCreated(t, event, options, now);
    case "stream-destroyed":
      return onStreamDestroyed(t, event.streamId, event.reason);
    case "room-destroyed":
      return onRoomDestroyed(t);
  }
}
