// The control room: join (who gets which grant), start, stop, stage, presence, content checks.
import { checkContent } from "../content/content-limits.js";
import type { PersonActor } from "../lifecycle/commands.js";
import { encodeConnectionData } from "../lifecycle/connection-data.js";
import { decideJoin } from "../lifecycle/join.js";
import { Capability, can } from "../roles/capabilities.js";
import { requireCapability, requireParticipant } from "../roles/require-capability.js";
import { parseInput } from "../session/input.js";
import { stageInputSchema } from "../session/schemas.js";
import { guardStore, need } from "./context.js";
import type { Parts } from "./live-service.js";
import type { JoinGrant, LiveService } from "./types.js";

export function createControlRoom(parts: Parts) {
  const {
    store,
    provider,
    clock,
    ids,
    delivery,
    tokenTtlMs,
    presenceTtlMs,
    contentLimits,
    load,
    ensureRoom,
    execute,
    callerKeyOf,
    personOf,
    participantOf,
    renewOwnLeases,
  } = parts;
  const controlRoom: Pick<
    LiveService,
    | "join"
    | "startLive"
    | "stopLive"
    | "setStage"
    | "validateContent"
    | "presence"
    | "renewPresence"
  > = {
    async join(sessionId, identity, joinOptions = {}) {
      let session = await load(sessionId);
      const actor: PersonActor =
        identity === null
          ? { kind: "person", personKey: ids.next("a"), roles: ["attendee"] }
          : personOf(session, callerKeyOf(identity));
      const [grant] = decideJoin(session, {
        actor,
        anonymous: identity === null,
        delivery,
        audience: joinOptions.audience !== false,
      }).effects;
      const { role } = grant;
      session = await ensureRoom(session);
      const roomId = need(session.live.roomId);
      const grantId = ids.next("g");
      const expiresAt = clock.now() + tokenTtlMs;
      const issued = await provider.issueToken(roomId, {
        role,
        connectionData: encodeConnectionData({ personKey: actor.personKey, role, grantId }),
        expiresAt,
      });
      return {
        sessionId,
        role,
        roles: grant.roles,
        capabilities: grant.capabilities,
        providerRole: issued.providerRole,
        connection: issued.connection,
        grantId,
        expiresAt,
        camera: "off",
        microphone: "on",
        onStage: false,
      } satisfies JoinGrant;
    },

    async startLive(sessionId, identity) {
      const session = await load(sessionId);
      const caller = callerKeyOf(identity);
      const actor = personOf(session, caller);
      requireParticipant(actor);
      const ready =
        can(actor.roles, Capability.startLive) &&
        session.streamType === "live" &&
        session.live.phase === "scheduled" &&
        session.status === "published"
          ? await ensureRoom(session)
          : session;
      return execute(
        sessionId,
        (latest) => ({ type: "start-live", actor: participantOf(latest, caller) }),
        0,
        ready,
      );
    },

    async stopLive(sessionId, identity) {
      const session = await load(sessionId);
      const caller = callerKeyOf(identity);
      participantOf(session, caller);
      return execute(
        sessionId,
        (latest) => ({ type: "stop-live", actor: participantOf(latest, caller) }),
        0,
        session,
      );
    },

    async setStage(sessionId, identity, stageInput) {
      const stage = parseInput(stageInputSchema, stageInput);
      const session = await load(sessionId);
      const caller = callerKeyOf(identity);
      participantOf(session, caller);
      return execute(
        sessionId,
        (latest) => ({ type: "set-stage", actor: participantOf(latest, caller), stage }),
        0,
        session,
      );
    },

    async validateContent(sessionId, identity, file) {
      const actor = personOf(await load(sessionId), callerKeyOf(identity));
      requireCapability(actor, Capability.shareContent, "share content");
      return checkContent(file, contentLimits);
    },

    async renewPresence(sessionId, identity) {
      const session = await load(sessionId);
      await renewOwnLeases(session, participantOf(session, callerKeyOf(identity)).personKey);
    },

    async presence(sessionId, identity) {
      const session = await load(sessionId);
      const actor = personOf(session, callerKeyOf(identity));
      // The call is also the client's presence ping (speakers' too, who cannot see the counts).
      await renewOwnLeases(session, actor.personKey);
      requireCapability(actor, Capability.viewPresence, "see who is connected");
      return guardStore(() => store.countPresence(sessionId, clock.now(), presenceTtlMs));
    },
  };
  return controlRoom;
}
