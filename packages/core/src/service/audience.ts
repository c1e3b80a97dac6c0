// The audience: what attendees see, the replay link, their presence leases (R-AUD-1, R-AUD-2,
// R-LIFE-4, R-LIFE-7).

import { audienceViewOf } from "../audience/audience-view.js";
import { LiveError } from "../errors.js";
import { requireWatchable } from "../lifecycle/join.js";
import { isWatchable } from "../lifecycle/recording-segments.js";
import type { PresenceLease } from "../ports/session-store.js";
import { describe, guardStore, need } from "./context.js";
import type { Parts } from "./live-service.js";
import type { LiveService, ReplayLink } from "./types.js";

export function createAudience(parts: Parts) {
  const { store, provider, changes, clock, logger, options, delivery, decideOptions, load } = parts;
  /** Audience leases renewed during this turn of the event loop, saved together per session. */
  const audienceRenewals = new Map<
    string,
    { readonly leases: PresenceLease[]; readonly saved: Promise<void> }
  >();

  const audience: Pick<
    LiveService,
    "audience" | "replayLink" | "touchAudience" | "leaveAudience" | "subscribe"
  > = {
    async audience(sessionId) {
      return audienceViewOf(
        requireWatchable(await load(sessionId)),
        clock.now(),
        delivery,
        decideOptions.broadcastWarmupMs,
      );
    },

    async replayLink(sessionId) {
      const session = requireWatchable(await load(sessionId));
      const { live } = session;
      if (live.phase !== "ended")
        throw new LiveError("REPLAY_NOT_READY", "The live has not ended yet.", { retriable: true });
      if (live.replay === "processing") {
        throw new LiveError(
          "REPLAY_NOT_READY",
          "The replay is being prepared; it will be available in a few minutes.",
          { retriable: true },
        );
      }
      if (live.replay !== "ready" && live.replay !== "partial") {
        throw new LiveError("REPLAY_UNAVAILABLE", "The replay of this live is unavailable.");
      }
      const segments: { index: number; url: string; duration: number | null }[] = [];
      for (const segment of live.segments.filter(isWatchable)) {
        const recordingId = need(segment.recordingId);
        // R-LIFE-7: provider links are short-lived, so a fresh one is asked for every viewer.
        const url = segment.uploaded
          ? await options.uploadedReplayUrl?.({
              sessionId,
              segmentIndex: segment.index,
              recordingId,
            })
          : (await provider.getRecording(recordingId)).url;
        if (url) segments.push({ index: segment.index, url, duration: segment.duration });
      }
      if (segments.length === 0)
        throw new LiveError("REPLAY_UNAVAILABLE", "The replay of this live is unavailable.");
      return { segments, status: live.replay } satisfies ReplayLink;
    },

    touchAudience(sessionId, viewerKey, connectionId) {
      let batch = audienceRenewals.get(sessionId);
      if (batch === undefined) {
        const leases: PresenceLease[] = [];
        const saved = Promise.resolve().then(() => {
          audienceRenewals.delete(sessionId);
          return guardStore(() => store.touchPresenceMany(sessionId, leases, clock.now()));
        });
        batch = { leases, saved };
        audienceRenewals.set(sessionId, batch);
      }
      batch.leases.push({ personKey: viewerKey, role: "attendee", connectionId });
      return batch.saved;
    },

    async leaveAudience(sessionId, connectionId) {
      await guardStore(() => store.dropPresence(sessionId, connectionId));
    },

    subscribe(sessionId, listener) {
      let lastVersion = -1;
      return changes.subscribe(sessionId, (change) => {
        if (change.version <= lastVersion) return;
        void store
          .get(sessionId)
          .then((session) => {
            if (session === null || session.version <= lastVersion) return;
            lastVersion = session.version;
            // R-AUD-2: a session moved back to draft (or off the live stream) has no audience view.
            if (session.status !== "published" || session.streamType !== "live") return;
            listener(
              audienceViewOf(session, clock.now(), delivery, decideOptions.broadcastWarmupMs),
            );
          })
          .catch((error: unknown) =>
            logger.warn({ sessionId, err: describe(error) }, "subscriber update failed"),
          );
      });
    },
  };
  return audience;
}
