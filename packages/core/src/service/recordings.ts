// Reading and deleting recordings at the provider (R-DATA-1, R-LIFE-6).
import { isLiveError } from "../errors.js";
import type { RecordingInfo } from "../ports/live-provider.js";
import type { LiveSession, RecordingSegment } from "../session/model.js";
import { describe, type ServiceContext } from "./context.js";
import type { Effects, Notify } from "./live-service.js";

export function createRecordings(parts: ServiceContext & Effects & Notify) {
  const { provider, logger, notify } = parts;
  /** The recording; `undefined` when the provider refuses for good; "unknown" if it may be transient. */
  async function fetchRecording(
    recordingId: string,
  ): Promise<RecordingInfo | undefined | "unknown"> {
    try {
      return await provider.getRecording(recordingId);
    } catch (error) {
      logger.warn({ err: describe(error) }, "reconcile could not read a recording");
      return isLiveError(error) && !error.retriable ? undefined : "unknown";
    }
  }

  /**
   * Deletes recordings at the provider; one already gone is not an error, any other failure stops
   * here so that the caller can try again. The platform is told, to delete its own copies.
   */
  async function deleteRecordings(session: LiveSession, segments: readonly RecordingSegment[]) {
    const ids = new Set(segments.flatMap((s) => (s.recordingId === null ? [] : [s.recordingId])));
    // A start whose answer was lost may have recorded under the segment's name: found and deleted
    // too, so that nothing stays at the provider (R-DATA-1, R-LIFE-6).
    const unanswered = new Set(segments.filter((s) => s.recordingId === null).map((s) => s.name));
    const roomId = session.live.roomId;
    if (unanswered.size > 0 && roomId !== null) {
      for (const recording of await provider.listRecordings(roomId)) {
        if (recording.name !== null && unanswered.has(recording.name)) ids.add(recording.id);
      }
    }
    const deleted: string[] = [];
    for (const recordingId of ids) {
      // The provider treats an unknown recording as deleted; any failure leaves the session to
      // delete again.
      await provider.deleteRecording(recordingId);
      deleted.push(recordingId);
    }
    if (deleted.length > 0) {
      const uploaded = segments
        .filter((s) => s.uploaded && s.recordingId !== null)
        .map((s) => s.recordingId);
      await notify({
        id: `${session.id}:${session.version}:recordings-deleted`,
        kind: "recordings-deleted",
        sessionId: session.id,
        data: { recordingIds: deleted, uploaded },
      });
    }
  }
  return { fetchRecording, deleteRecordings };
}
