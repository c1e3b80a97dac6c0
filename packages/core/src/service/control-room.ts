// The control room: join (who gets which grant), start, stop, stage, presence, content checks.
import { checkContent } from "../content/content-limits.js";
import { LiveError } from "../errors.js";
import type { PersonActor } from "../lifecycle/commands.js";
import { encodeConnectionData } from "../lifecycle/connection-data.js";
import { troubleshootingItems } from "../preflight/troubleshooting.js";
import { Capability, can, capabilitiesOf } from "../roles/capabilities.js";
import {
  isParticipant,
  requireCapability,
  requireParticipant,
} from "../roles/require-capability.js";
import { parseInput } from "../session/input.js";
import type { Role } from "../session/model.js";
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
    personOf,
    participantOf,
    watchable,
    renewControlRoomLeases,
  } = parts;
  const controlRoom: Pick<
    LiveService,
    "join" | "startLive" | "stopLive" | "setStage" | "validateContent" | "presence"
  > = {
    async join(sessionId, identity, joinOptions = {}) {
      let session = await load(sessionId);
      const actor: PersonActor =
        identity === null
          ? { kind: "person", personKey: ids.next("a"), roles: ["attendee"] }
          : personOf(session, identity);
      const participant = isParticipant(actor.roles);
      if (!participant) {
        // R-AUD-2: a draft does not exist for anyone but its participants, whatever the mode.
        watchable(session);
        // Attendees get a subscriber grant only when they watch as subscribers (R-AUD-1);
        // with HLS they need none, and the control room is refused with advice (R-PERM-2).
        if (delivery !== "subscribers" || joinOptions.audience === false) {
          if (identity === null) {
            throw new LiveError("UNAUTHORIZED", "Sign in on the event site to enter the live.", {
              advice: troubleshootingItems,
            });
          }
          requireParticipant(actor);
        }
        watchable(session);
      } else if (session.streamType !== "live") {
        throw new LiveError("NOT_LIVE_STREAM", "This session does not use the live stream type.");
      }
      session = await ensureRoom(session);
      const roomId = need(session.live.roomId);
      // The provider role follows the strongest role held (R-PERM-1).
      const role: Role = actor.roles.includes("moderator")
        ? "moderator"
        : actor.roles.includes("speaker")
          ? "speaker"
          : "attendee";
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
        roles: actor.roles,
        capabilities: capabilitiesOf(actor.roles),
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
      const actor = personOf(session, identity);
      requireParticipant(actor);
      const ready =
        can(actor.roles, Capability.startLive) &&
        session.live.phase === "scheduled" &&
        session.status === "published"
          ? await ensureRoom(session)
          : session;
      return execute(
        sessionId,
        (latest) => ({ type: "start-live", actor: participantOf(latest, identity) }),
        0,
        ready,
      );
    },

    async stopLive(sessionId, identity) {
      const session = await load(sessionId);
      participantOf(session, identity);
      return execute(
        sessionId,
        (latest) => ({ type: "stop-live", actor: participantOf(latest, identity) }),
        0,
        session,
      );
    },

    async setStage(sessionId, identity, stageInput) {
      const stage = parseInput(stageInputSchema, stageInput);
      const session = await load(sessionId);
      participantOf(session, identity);
      return execute(
        sessionId,
        (latest) => ({ type: "set-stage", actor: participantOf(latest, identity), stage }),
        0,
        session,
      );
    },

    async validateContent(sessionId, identity, file) {
      const actor = personOf(await load(sessionId), identity);
      requireCapability(actor, Capability.shareContent, "share content");
      return checkContent(file, contentLimits);
    },

    async presence(sessionId, identity) {
      const session = await load(sessionId);
      requireCapability(
        personOf(session, identity),
        Capability.viewPresence,
        "see who is connected",
      );
      await renewControlRoomLeases(session);
      return guardStore(() => store.countPresence(sessionId, clock.now(), presenceTtlMs));
    },
  };
  return controlRoom;
}
