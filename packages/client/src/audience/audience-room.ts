// The stage for an attendee with subscriber delivery (R-AUD-1): a store that follows the audience
// view, joins the room with an attendee grant only while the view is live with
// `delivery: "subscribers"`, and lists the streams on stage that the room has, focus first.
import type { AudienceView } from "@onair/core";
import { isLiveError, LiveError } from "@onair/core/browser";
import type { AudienceRoom, AudienceRoomOptions, AudienceRoomState, LiveClient } from "../types.js";
import { createAttachments } from "../video/attachments.js";
import type { DisconnectReason, VideoClient, VideoRoom } from "../video/video-client.js";

const wantsRoom = (view: AudienceView | null) =>
  view !== null && view.screen === "live" && view.delivery === "subscribers";

/** The streams to show: those of the stage the room has, the focused one first. */
function stageStreams(view: AudienceView | null, present: ReadonlySet<string>): string[] {
  const stage = view?.stage;
  if (!wantsRoom(view) || stage == null) return [];
  const focus = stage.focusStreamId ?? null;
  const ordered =
    focus === null ? stage.streamIds : [focus, ...stage.streamIds.filter((id) => id !== focus)];
  return ordered.filter((id) => present.has(id));
}

const sameList = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((id, index) => id === b[index]);

function asLiveError(error: unknown): LiveError {
  if (isLiveError(error)) return error;
  const message = error instanceof Error ? error.message : "The video connection failed.";
  return new LiveError("PROVIDER_FAILED", message, { retriable: true, cause: error });
}

export function createAudienceRoom(
  client: LiveClient,
  sessionId: string,
  video: VideoClient,
  options: AudienceRoomOptions = {},
): AudienceRoom {
  const ownFollower = options.follower === undefined;
  const follower = options.follower ?? client.followAudience(sessionId);
  const listeners = new Set<() => void>();
  const present = new Set<string>();
  let room: VideoRoom | null = null;
  // Bumped on every join and leave: answers and events of an older connection are ignored.
  let generation = 0;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let roomError: LiveError | null = null;
  let status: AudienceRoomState["room"] = "idle";
  // R-AUD-2: the stage starts muted; the person unmutes.
  let muted = true;
  let state: AudienceRoomState = {
    ...follower.getSnapshot(),
    room: status,
    streams: [],
    muted,
  };

  const attachments = createAttachments(async (streamId, element) => {
    if (room === null) throw new LiveError("INVALID_INPUT", "The stage is not live.");
    return room.subscribe(streamId, element, { audio: !muted });
  });

  const publish = () => {
    const followed = follower.getSnapshot();
    const streams = stageStreams(followed.view, present);
    const error = roomError ?? followed.error;
    if (
      state.view === followed.view &&
      state.connection === followed.connection &&
      state.error === error &&
      state.room === status &&
      state.muted === muted &&
      sameList(state.streams, streams)
    ) {
      return;
    }
    state = {
      view: followed.view,
      connection: followed.connection,
      error,
      room: status,
      streams: sameList(state.streams, streams) ? state.streams : streams,
      muted,
    };
    for (const listener of [...listeners]) listener();
  };

  const leaveRoom = (next: AudienceRoomState["room"]) => {
    generation += 1;
    if (retryTimer !== null) clearTimeout(retryTimer);
    retryTimer = null;
    attachments.detachAll();
    present.clear();
    const current = room;
    room = null;
    status = next;
    void current?.leave().catch(() => undefined);
  };

  const retryLater = () => {
    retryTimer = setTimeout(() => {
      retryTimer = null;
      follow();
    }, options.reconnectDelayMs ?? 2_000);
  };

  const onDisconnected = (reason: DisconnectReason) => {
    if (reason === "left") return;
    leaveRoom("idle");
    if (reason === "forced") {
      // The provider removed this connection: no automatic way back in (the page may reload).
      status = "refused";
      roomError = new LiveError("PROVIDER_FAILED", "The live connection was closed.");
      publish();
      return;
    }
    // A network drop: a fresh grant and a fresh connection, a little later.
    publish();
    retryLater();
  };

  const join = async () => {
    const mine = ++generation;
    status = "joining";
    roomError = null;
    publish();
    try {
      // An attendee grant: the server gives a subscriber connection with this delivery (R-AUD-1).
      const grant = await client.join(sessionId);
      if (mine !== generation) return;
      const connected = await video.connect(grant.connection, {
        streamAdded: (stream) => {
          if (mine !== generation) return;
          present.add(stream.streamId);
          publish();
        },
        streamRemoved: (streamId) => {
          if (mine !== generation) return;
          present.delete(streamId);
          attachments.detachStream(streamId);
          publish();
        },
        disconnected: (reason) => {
          if (mine === generation) onDisconnected(reason);
        },
      });
      if (mine !== generation) {
        await connected.leave();
        return;
      }
      room = connected;
      status = "connected";
      publish();
    } catch (error) {
      if (mine !== generation) return;
      const liveError = asLiveError(error);
      // A refusal (not allowed to watch, R-AUD-2) waits for a new view; a failure is retried.
      leaveRoom(liveError.retriable ? "idle" : "refused");
      roomError = liveError;
      if (liveError.retriable) retryLater();
      publish();
    }
  };

  /** Joins or leaves as the view asks; a refused join waits for a new version of the view. */
  const follow = () => {
    const { view } = follower.getSnapshot();
    if (status === "closed") return;
    if (!wantsRoom(view)) {
      if (status !== "idle" || room !== null || retryTimer !== null) leaveRoom("idle");
      roomError = null;
    } else if (status === "idle" && retryTimer === null) {
      void join();
    } else if (status === "refused" && view?.version !== state.view?.version) {
      void join();
    }
    publish();
  };

  const unsubscribe = follower.subscribe(follow);
  follow();

  return {
    getSnapshot: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    attach: (streamId, element) => attachments.attach(streamId, element),
    setMuted(next) {
      if (next === muted) return;
      muted = next;
      attachments.setAudio(!muted);
      publish();
    },
    close() {
      if (status === "closed") return;
      unsubscribe();
      leaveRoom("closed");
      if (ownFollower) follower.close();
      publish();
    },
  };
}
