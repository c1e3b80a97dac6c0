// The back office: sessions and participants, their deletion (R-DATA-1) and the history.
import { isLiveError } from "../errors.js";
import { decideDeletion } from "../session/deletion-rules.js";
import type { LiveEvent, LiveSession } from "../session/model.js";
import {
  addParticipantTo,
  assertDeletable,
  createSessionFrom,
  publishSessionWith,
  type RuleResult,
  removeParticipantFrom,
  unpublishSessionWith,
  updateSessionWith,
} from "../session/session-rules.js";
import { guardStore } from "./context.js";
import type { Parts } from "./live-service.js";
import type { LiveService } from "./types.js";

export function createBackOffice(parts: Parts) {
  const {
    store,
    ids,
    maxRetries,
    pseudonymiserForOneDeletion,
    iso,
    clock,
    decideOptions,
    load,
    publishChange,
    commit,
    runEffect,
    adminActor,
    sessionContext,
    deleteRecordings,
  } = parts;
  async function edit(sessionId: string, change: (session: LiveSession) => RuleResult) {
    const { after, result } = await commit(sessionId, change);
    if (after.live.roomId === null) return after;
    for (const effect of result.effects) {
      // Not counted from now on, whether or not the provider obeys at once (tick asks again).
      await guardStore(() => store.dropPresence(sessionId, effect.connectionId));
      await runEffect(after, effect, 0);
    }
    return after;
  }

  const backOffice: Pick<
    LiveService,
    | "createSession"
    | "updateSession"
    | "publishSession"
    | "unpublishSession"
    | "addParticipant"
    | "removeParticipant"
    | "deleteSession"
    | "getSession"
    | "history"
  > = {
    async createSession(input, actor) {
      const created = createSessionFrom(input, { ...sessionContext(actor), id: ids.next("ses") });
      await guardStore(() => store.create(created.session, created.events));
      await publishChange(created.session, created.events);
      return created.session;
    },
    updateSession: (sessionId, input, actor) =>
      edit(sessionId, (session) => updateSessionWith(session, input, sessionContext(actor))),
    publishSession: (sessionId, actor) =>
      edit(sessionId, (session) => publishSessionWith(session, sessionContext(actor))),
    unpublishSession: (sessionId, actor) =>
      edit(sessionId, (session) => unpublishSessionWith(session, sessionContext(actor))),
    addParticipant: (sessionId, participant, actor) =>
      edit(sessionId, (session) => addParticipantTo(session, participant, sessionContext(actor))),
    removeParticipant: (sessionId, participant, actor) =>
      edit(sessionId, (session) =>
        removeParticipantFrom(session, participant, sessionContext(actor)),
      ),

    async deleteSession(sessionId, actor) {
      // A scheduled session is first taken off the site with compare-and-set: from then on no
      // start can slip in between the checks and the delete (R-PERM-5).
      const { after: session } = await commit(sessionId, (latest) => {
        assertDeletable(latest);
        if (latest.status !== "published" || latest.live.phase !== "scheduled") {
          return { session: latest, events: [] };
        }
        const event: LiveEvent = {
          sessionId,
          type: "session-unpublished",
          actor: adminActor(actor),
          at: iso(),
          reason: "being deleted",
          data: {},
        };
        return { session: { ...latest, status: "draft" as const }, events: [event] };
      });
      // What must go, or why not yet (a recording still processing: RECORDING_PROCESSING).
      const decision = decideDeletion(
        session,
        adminActor(actor),
        clock.now(),
        decideOptions.reconcileGraceMs,
      );
      // R-DATA-1: the recordings go first, so that a failure leaves the session to delete again.
      for (const effect of decision.effects) {
        if (effect.type === "delete-recordings") await deleteRecordings(session, effect.segments);
      }
      const events = decision.events;
      await guardStore(() => store.appendHistory(sessionId, events));
      for (let attempt = 0; ; attempt++) {
        const latest = await load(sessionId);
        assertDeletable(latest);
        try {
          await guardStore(() =>
            store.delete(sessionId, pseudonymiserForOneDeletion(), latest.version),
          );
          await publishChange({ ...latest, version: latest.version + 1 }, events);
          return;
        } catch (error) {
          if (!isLiveError(error, "CONFLICT") || attempt >= maxRetries) throw error;
        }
      }
    },

    getSession: load,

    async history(sessionId) {
      const entries = await guardStore(() => store.history(sessionId));
      // A deleted session keeps its (pseudonymised) history; an id never used has none.
      if (entries.length === 0) await load(sessionId);
      return entries;
    },
  };
  return backOffice;
}
