// The live service: loads a session, asks `decide`, saves with compare-and-set (the intent before
// any provider call), then runs the provider effects and records their outcome (R-LIFE-5, R-LIFE-6).
import { audienceViewOf } from "../audience/audience-view.js";
import {
  type ContentLimits,
  checkContent,
  defaultContentLimits,
} from "../content/content-limits.js";
import { isLiveError, LiveError } from "../errors.js";
import {
  type DecideOptions,
  defaultDecideOptions,
  type LiveCommand,
  type LiveEffect,
  type NotificationKind,
  type PersonActor,
} from "../lifecycle/commands.js";
import { decodeConnectionData, encodeConnectionData } from "../lifecycle/connection-data.js";
import { decide } from "../lifecycle/decide.js";
import { isFinal, isWatchable } from "../lifecycle/recording-segments.js";
import type { ChangeFeed } from "../ports/change-feed.js";
import { type Clock, systemClock } from "../ports/clock.js";
import { type IdGenerator, randomIds } from "../ports/ids.js";
import type { LiveProvider, ProviderEvent, RecordingInfo } from "../ports/live-provider.js";
import { type Logger, silentLogger } from "../ports/logger.js";
import type { PresenceLease, SessionStore } from "../ports/session-store.js";
import { troubleshootingItems } from "../preflight/troubleshooting.js";
import { Capability, can, capabilitiesOf } from "../roles/capabilities.js";
import { normalizeEmail } from "../session/email.js";
import { parseInput } from "../session/input.js";
import type { Actor, LiveEvent, LiveSession, RecordingSegment, Role } from "../session/model.js";
import { stageInputSchema } from "../session/schemas.js";
import {
  addParticipantTo,
  assertDeletable,
  createSessionFrom,
  holdsRole,
  personKeyOf,
  publishSessionWith,
  removeParticipantFrom,
  rolesOf,
  unpublishSessionWith,
  updateSessionWith,
} from "../session/session-rules.js";
import type { AdminActor, Identity, JoinGrant, LiveService, ReplayLink } from "./types.js";

/** Something the platform must be told about (also logged and kept in the history). */
/** Notifications that say something went wrong or needs a person now: logged as warnings. */
const alertKinds: ReadonlySet<NotificationKind> = new Set<NotificationKind>([
  "idle-alert",
  "replay-failed",
]);

export interface LiveNotification {
  readonly kind: NotificationKind;
  readonly sessionId: string;
  readonly data: Readonly<Record<string, unknown>>;
}

export interface LiveServiceOptions {
  /** How attendees watch: an HLS broadcast (any audience size, default) or as subscribers. */
  readonly audienceDelivery?: "hls" | "subscribers";
  /** Nobody publishing this long during a live raises an alert (R-LIFE-8). Default 15 min. */
  readonly idleAlertMs?: number;
  /** A recording segment is rotated before this age (the provider's cap is 4 h). */
  readonly segmentMaxMs?: number;
  /** Streams the stage can hold (Vonage composes at most 16). */
  readonly maxStageStreams?: number;
  /**
   * How long a provider start or stop may stay unanswered before `reconcile` and `tick` take it as
   * lost and ask again (default 30 s). Shorter risks a duplicate call while one is in flight.
   */
  readonly reconcileGraceMs?: number;
  /** How long a grant allows a connection (R-PERM-5). Default 5 min. */
  readonly tokenTtlMs?: number;
  /** How long a presence lease lasts without renewal. Default 90 s. */
  readonly presenceTtlMs?: number;
  readonly contentLimits?: Partial<ContentLimits>;
  /** Compare-and-set retries before a command gives up with CONFLICT. Default 10. */
  readonly maxConflictRetries?: number;
  /** Alerts and replay notices for the platform (R-LIFE-7, R-LIFE-8, R-LIFE-4). */
  readonly onNotification?: (notification: LiveNotification) => void | Promise<void>;
  /** Replaces emails in the history of a deleted session (R-DATA-1). */
  readonly pseudonymise?: (email: string) => string;
  /**
   * How long recordings are kept at the provider after they stop (R-DATA-1); `applyRetention`
   * deletes older ones. Default: kept until the session is deleted.
   */
  readonly recordingRetentionMs?: number;
  /** Link to a segment the provider uploaded to the platform's own storage (status `uploaded`). */
  readonly uploadedReplayUrl?: (segment: {
    sessionId: string;
    segmentIndex: number;
    recordingId: string;
  }) => string | null | Promise<string | null>;
}

export interface CreateLiveServiceOptions {
  readonly store: SessionStore;
  readonly provider: LiveProvider;
  readonly changes: ChangeFeed;
  readonly clock?: Clock;
  readonly ids?: IdGenerator;
  readonly logger?: Logger;
  readonly options?: LiveServiceOptions;
}

const maxEffectDepth = 8;

export function createLiveService(config: CreateLiveServiceOptions): LiveService {
  const { store, provider, changes } = config;
  if (store === undefined || provider === undefined || changes === undefined) {
    throw new LiveError(
      "INVALID_INPUT",
      "createLiveService needs a store, a provider and a change feed.",
    );
  }
  const clock = config.clock ?? systemClock;
  const ids = config.ids ?? randomIds;
  const logger = config.logger ?? silentLogger;
  const options = config.options ?? {};
  const delivery = options.audienceDelivery ?? "hls";
  const decideOptions: DecideOptions = {
    audienceDelivery: delivery,
    idleAlertMs: options.idleAlertMs ?? defaultDecideOptions.idleAlertMs,
    segmentMaxMs: options.segmentMaxMs ?? defaultDecideOptions.segmentMaxMs,
    maxStageStreams: stageLimitOf(options.maxStageStreams),
    stalledAfterMs: options.reconcileGraceMs ?? defaultDecideOptions.stalledAfterMs,
    broadcastWarmupMs: provider.broadcastWarmupMs ?? defaultDecideOptions.broadcastWarmupMs,
  };
  const tokenTtlMs = options.tokenTtlMs ?? 5 * 60_000;
  const presenceTtlMs = options.presenceTtlMs ?? 90_000;
  const contentLimits: ContentLimits = { ...defaultContentLimits, ...options.contentLimits };
  const maxRetries = options.maxConflictRetries ?? 10;
  /** R-DATA-1: by default each deletion gives its emails random pseudonyms, linked to nothing. */
  const pseudonymiserForOneDeletion = (): ((email: string) => string) => {
    if (options.pseudonymise !== undefined) return options.pseudonymise;
    const given = new Map<string, string>();
    return (email) => {
      let pseudonym = given.get(email);
      if (pseudonym === undefined) {
        pseudonym = `deleted-${ids.next("x")}`;
        given.set(email, pseudonym);
      }
      return pseudonym;
    };
  };

  const iso = () => new Date(clock.now()).toISOString();

  async function load(sessionId: string): Promise<LiveSession> {
    const session = await guardStore(() => store.get(sessionId));
    if (session === null) throw new LiveError("SESSION_NOT_FOUND", "This session does not exist.");
    return session;
  }

  async function publishChange(session: LiveSession, events: readonly LiveEvent[]) {
    try {
      await changes.publish(session.id, {
        sessionId: session.id,
        version: session.version,
        events,
      });
    } catch (error) {
      logger.warn({ sessionId: session.id, err: describe(error) }, "change feed publish failed");
    }
  }

  /**
   * Applies `change` to the latest version with compare-and-set, retrying on CONFLICT: two
   * instances can never both save a transition from the same version (R-LIFE-5).
   */
  async function commit<T extends { session: LiveSession; events: readonly LiveEvent[] }>(
    sessionId: string,
    change: (session: LiveSession) => T,
    known?: LiveSession,
  ): Promise<{ before: LiveSession; after: LiveSession; result: T }> {
    // `known` is a state this instance just saved or read: deciding on it spares a read, and the
    // compare-and-set still refuses it if it is stale. A no-op is only trusted on a fresh read.
    let candidate = known;
    for (let attempt = 0; ; attempt++) {
      const before = candidate ?? (await load(sessionId));
      const trusted = candidate === undefined;
      candidate = undefined;
      const result = change(before);
      if (result.events.length === 0) {
        if (trusted) return { before, after: before, result };
        attempt--;
        continue;
      }
      const after: LiveSession = {
        ...result.session,
        version: before.version + 1,
        updatedAt: iso(),
      };
      try {
        await guardStore(() => store.update(after, before.version, result.events));
      } catch (error) {
        if (isLiveError(error, "CONFLICT") && attempt < maxRetries) continue;
        throw error;
      }
      await publishChange(after, result.events);
      return { before, after, result };
    }
  }

  /**
   * Decides and saves one command. A command built from the session (`(session) => command`) is
   * rebuilt on every compare-and-set attempt, so who may act is judged on the state it changes.
   */
  async function execute(
    sessionId: string,
    command: LiveCommand | ((session: LiveSession) => LiveCommand),
    depth = 0,
    known?: LiveSession,
  ): Promise<LiveSession> {
    const { after, result } = await commit(
      sessionId,
      (session) =>
        decide(
          session,
          typeof command === "function" ? command(session) : command,
          clock.now(),
          decideOptions,
        ),
      known,
    );
    if (result.events.length === 0) return after;
    return runEffects(after, result.effects, depth);
  }

  async function runEffects(session: LiveSession, effects: readonly LiveEffect[], depth: number) {
    let latest = session;
    if (depth >= maxEffectDepth) {
      logger.error({ sessionId: session.id }, "effect chain too deep; left for reconcile");
      return latest;
    }
    for (const effect of effects) {
      const next = await runEffect(latest, effect, depth);
      if (next !== null) latest = next;
    }
    return latest;
  }

  async function runEffect(latest: LiveSession, effect: LiveEffect, depth: number) {
    const sessionId = latest.id;
    const roomId = latest.live.roomId;
    const log = { sessionId, effect: effect.type };
    switch (effect.type) {
      case "start-recording": {
        let command: LiveCommand;
        try {
          const info = await provider.startRecording(need(roomId), {
            name: effect.name,
            stage: effect.stage,
          });
          command = {
            type: "recording-start-succeeded",
            segmentIndex: effect.segmentIndex,
            recordingId: info.id,
          };
        } catch (error) {
          logger.warn({ ...log, err: describe(error) }, "recording did not start");
          command = {
            type: "recording-start-failed",
            segmentIndex: effect.segmentIndex,
            reason: reasonOf(error),
          };
        }
        return execute(sessionId, command, depth + 1, latest);
      }
      case "stop-recording": {
        try {
          const info = await provider.stopRecording(effect.recordingId);
          return execute(
            sessionId,
            { type: "provider-event", event: recordingEvent(need(roomId), info, clock.now()) },
            depth + 1,
            latest,
          );
        } catch (error) {
          // The provider may have stopped it already; reconcile settles what is left.
          logger.warn({ ...log, err: describe(error) }, "recording did not stop");
          return null;
        }
      }
      case "start-broadcast": {
        let command: LiveCommand;
        try {
          const info = await provider.startBroadcast(need(roomId), effect.stage);
          command = {
            type: "broadcast-start-succeeded",
            broadcastId: info.id,
            hlsUrl: info.hlsUrl,
          };
        } catch (error) {
          logger.warn({ ...log, err: describe(error) }, "broadcast did not start");
          command = { type: "broadcast-start-failed", reason: reasonOf(error) };
        }
        return execute(sessionId, command, depth + 1, latest);
      }
      case "stop-broadcast": {
        try {
          const info = await provider.stopBroadcast(effect.broadcastId);
          const event: ProviderEvent = {
            type: "broadcast",
            roomId: need(roomId),
            broadcastId: info.id,
            status: info.status,
            reason: "stopped by onair",
            hlsUrl: info.hlsUrl,
            at: clock.now(),
          };
          return execute(sessionId, { type: "provider-event", event }, depth + 1, latest);
        } catch (error) {
          logger.warn({ ...log, err: describe(error) }, "broadcast did not stop");
          return null;
        }
      }
      case "apply-stage":
        try {
          await provider.setStage(need(roomId), effect.stage, {
            recordingId: effect.recordingId,
            broadcastId: effect.broadcastId,
          });
          return null;
        } catch (error) {
          // R-STAGE-1: what the audience sees may still hold a stream taken off the stage.
          logger.warn({ ...log, err: describe(error) }, "stage not applied; tick applies it again");
          return execute(
            sessionId,
            { type: "stage-push-failed", reason: reasonOf(error) },
            depth + 1,
            latest,
          );
        }
      case "disconnect":
        await attempt(log, () =>
          provider.disconnect(need(roomId), effect.connectionId, effect.reason),
        );
        return null;
      case "notify":
        await notify({ kind: effect.kind, sessionId, data: effect.data });
        return null;
    }
  }

  async function attempt(log: Record<string, unknown>, call: () => Promise<unknown>) {
    try {
      await call();
    } catch (error) {
      logger.warn({ ...log, err: describe(error) }, "provider call failed");
    }
  }

  async function notify(notification: LiveNotification) {
    // Alerts are warnings; the normal course of a live (a replay to fetch, copies to delete) is not.
    const level = alertKinds.has(notification.kind) ? "warn" : "info";
    logger[level](
      { sessionId: notification.sessionId, notification: notification.kind, ...notification.data },
      "live notification",
    );
    try {
      await options.onNotification?.(notification);
    } catch (error) {
      logger.error(
        { sessionId: notification.sessionId, err: describe(error) },
        "notification handler failed",
      );
    }
  }

  function adminActor(actor?: AdminActor): Actor {
    return actor === undefined ? { kind: "system" } : { kind: "admin", id: actor.adminId };
  }

  function sessionContext(actor?: AdminActor) {
    return { now: iso(), actor: adminActor(actor), newPersonKey: () => ids.next("p") };
  }

  /** Runs a back-office edit and force-disconnects people whose access it removed (R-PERM-5). */
  async function edit(
    sessionId: string,
    change: (session: LiveSession) => {
      session: LiveSession;
      events: LiveEvent[];
      revoked: string[];
    },
  ) {
    const { after, result } = await commit(sessionId, change);
    const revoked = new Set(result.revoked);
    if (revoked.size > 0 && after.live.roomId !== null) {
      for (const connection of after.live.connections.filter((c) => revoked.has(c.personKey))) {
        // Not counted from now on, whether or not the provider obeys at once (tick asks again).
        await guardStore(() => store.dropPresence(sessionId, connection.connectionId));
        await runEffect(
          after,
          { type: "disconnect", connectionId: connection.connectionId, reason: "access-revoked" },
          0,
        );
      }
    }
    return after;
  }

  /** Resolves who is acting from the host's verified identity; never from a request body. */
  function personOf(session: LiveSession, identity: Identity): PersonActor {
    let email: string;
    try {
      email = normalizeEmail(identity.email);
    } catch (error) {
      // R-PERM-2: an address the host signed in but that onair cannot read matches no
      // participant: the caller is refused like any non-participant, with the advice.
      if (!isLiveError(error, "INVALID_INPUT")) throw error;
      return { kind: "person", personKey: ids.next("a"), roles: ["attendee"] };
    }
    const roles: Role[] = rolesOf(session, email);
    // R-DATA-1: an attendee's key goes to the provider in connection data: a random one, never
    // derived from the email.
    const personKey = personKeyOf(session, email) ?? ids.next("a");
    return { kind: "person", personKey, roles: roles.length > 0 ? roles : ["attendee"] };
  }

  /** The acting person, refused with advice unless they are a moderator or speaker (R-PERM-2). */
  function participantOf(session: LiveSession, identity: Identity): PersonActor {
    const actor = personOf(session, identity);
    requireParticipant(actor);
    return actor;
  }

  function requireParticipant(actor: PersonActor) {
    if (actor.roles.some((role) => role === "moderator" || role === "speaker")) return;
    // R-PERM-2: refuse with the troubleshooting advice, revealing nothing about who the participants are.
    throw new LiveError(
      "NOT_A_PARTICIPANT",
      "You are not a moderator or speaker of this session with the email you are signed in with.",
      { advice: troubleshootingItems },
    );
  }

  function requireCapability(actor: PersonActor, capability: Capability, what: string) {
    requireParticipant(actor);
    if (!can(actor.roles, capability))
      throw new LiveError("FORBIDDEN", `Only a moderator can ${what}.`);
  }

  /** Audience leases renewed during this turn of the event loop, saved together per session. */
  const audienceRenewals = new Map<
    string,
    { readonly leases: PresenceLease[]; readonly saved: Promise<void> }
  >();

  /** Rooms being created by this instance: concurrent first joins share one provider call. */
  const roomCreations = new Map<string, Promise<LiveSession>>();

  async function ensureRoom(session: LiveSession): Promise<LiveSession> {
    if (session.live.roomId !== null) return session;
    // A session that cannot have a live gets no provider room (and no history entry for one).
    if (session.streamType !== "live") {
      throw new LiveError("NOT_LIVE_STREAM", "This session does not use the live stream type.");
    }
    const pending = roomCreations.get(session.id);
    if (pending !== undefined) return pending;
    const creation = createRoom(session);
    roomCreations.set(session.id, creation);
    try {
      return await creation;
    } finally {
      roomCreations.delete(session.id);
    }
  }

  async function createRoom(session: LiveSession): Promise<LiveSession> {
    const { roomId } = await provider.createRoom(session.id);
    const { after } = await commit(session.id, (latest) => {
      if (latest.live.roomId !== null) return { session: latest, events: [] };
      const event: LiveEvent = {
        sessionId: latest.id,
        type: "room-created",
        actor: { kind: "system" },
        at: iso(),
        reason: null,
        data: { roomId },
      };
      return { session: { ...latest, live: { ...latest.live, roomId } }, events: [event] };
    });
    return after;
  }

  function watchable(session: LiveSession): LiveSession {
    // R-AUD-2: drafts (and sessions without a live) do not exist for the audience.
    if (session.status !== "published" || session.streamType !== "live") {
      throw new LiveError("SESSION_NOT_FOUND", "This session does not exist.");
    }
    return session;
  }

  const service: LiveService = {
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
      // R-DATA-1: the recordings go first, so that a failure leaves the session to delete again.
      await deleteRecordings(session, session.live.segments);
      const event: LiveEvent = {
        sessionId,
        type: "session-deleted",
        actor: adminActor(actor),
        at: iso(),
        reason: null,
        data: {},
      };
      await guardStore(() => store.appendHistory(sessionId, [event]));
      for (let attempt = 0; ; attempt++) {
        const latest = await load(sessionId);
        assertDeletable(latest);
        try {
          await guardStore(() =>
            store.delete(sessionId, pseudonymiserForOneDeletion(), latest.version),
          );
          await publishChange({ ...latest, version: latest.version + 1 }, [event]);
          return;
        } catch (error) {
          if (!isLiveError(error, "CONFLICT") || attempt >= maxRetries) throw error;
        }
      }
    },

    getSession: load,

    async join(sessionId, identity, joinOptions = {}) {
      let session = await load(sessionId);
      const actor: PersonActor =
        identity === null
          ? { kind: "person", personKey: ids.next("a"), roles: ["attendee"] }
          : personOf(session, identity);
      const participant = actor.roles.some((r) => r === "moderator" || r === "speaker");
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
        roomId,
        role,
        roles: actor.roles,
        capabilities: capabilitiesOf(actor.roles),
        providerRole: issued.providerRole,
        token: issued.token,
        applicationId: issued.applicationId,
        grantId,
        expiresAt,
        camera: "off",
        microphone: "on",
        onStage: false,
      } satisfies JoinGrant;
    },

    async audience(sessionId) {
      return audienceViewOf(
        watchable(await load(sessionId)),
        clock.now(),
        delivery,
        decideOptions.broadcastWarmupMs,
      );
    },

    async replayLink(sessionId) {
      const session = watchable(await load(sessionId));
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

    handleProviderEvent(event) {
      // Events of one room are handled in arrival order on this instance (fewer CAS retries, a
      // history in the provider's order); decide copes with any order across instances.
      return inOrder(event.roomId, async () => {
        const session = await guardStore(() => store.findByRoomId(event.roomId));
        if (session === null) {
          // R-SEC-1: events for unknown sessions are acknowledged and ignored.
          logger.debug(
            { roomId: event.roomId, type: event.type },
            "provider event for an unknown room",
          );
          return;
        }
        await trackPresence(session.id, event);
        await execute(session.id, { type: "provider-event", event });
      });
    },

    async reconcile(sessionId) {
      let session = await load(sessionId);
      const roomId = session.live.roomId;
      if (roomId === null) return session;
      // A start that failed on our side (a timeout, a crash) may still have reached the provider.
      const unsettled = (s: RecordingSegment) =>
        !isFinal(s) || (s.status === "failed" && s.recordingId === null);
      const needsProvider = session.live.segments.some(unsettled);
      const recordings = needsProvider ? await provider.listRecordings(roomId) : [];
      for (const segment of session.live.segments) {
        if (!unsettled(segment)) continue;
        const found =
          recordings.find((r) => r.id === segment.recordingId) ??
          recordings.find((r) => segment.recordingId === null && r.name === segment.name) ??
          (segment.recordingId !== null ? await fetchRecording(segment.recordingId) : undefined);
        if (found === "unknown") continue; // could not ask (a transient failure): next time
        if (found === undefined && segment.recordingId !== null) {
          // Neither listed for the room nor readable (a definitive refusal): the provider no
          // longer has it (deleted or expired there). The segment is final, so the replay no
          // longer waits for it (R-LIFE-4).
          session = await execute(sessionId, {
            type: "provider-event",
            event: {
              type: "recording",
              roomId,
              recordingId: segment.recordingId,
              name: segment.name,
              status: "failed",
              reason: "not found at the provider",
              duration: null,
              at: clock.now(),
            },
          });
          continue;
        }
        if (found === undefined) {
          // A start asked less than the grace period ago may still be on its way: left alone.
          const inFlight =
            clock.now() - Date.parse(segment.requestedAt) < decideOptions.stalledAfterMs;
          if (segment.recordingId === null && segment.status === "starting" && !inFlight) {
            // The start never reached the provider: record the gap; the next client or tick resumes.
            session = await execute(sessionId, {
              type: "recording-start-failed",
              segmentIndex: segment.index,
              reason: "lost before reaching the provider",
            });
          }
          continue;
        }
        session = await execute(sessionId, {
          type: "provider-event",
          event: recordingEvent(roomId, found, clock.now()),
        });
        // A stop lost in a crash is sent again, once, through the same compare-and-set path.
        if (found.status === "started" || found.status === "paused") {
          session = await execute(sessionId, {
            type: "stop-stray-recording",
            recordingId: found.id,
            graceMs: decideOptions.stalledAfterMs,
          });
        }
      }
      const broadcast = session.live.broadcast;
      if (
        session.live.phase === "ended" &&
        broadcast?.broadcastId &&
        broadcast.status === "started"
      ) {
        await attempt({ sessionId, effect: "stop-broadcast" }, () =>
          provider.stopBroadcast(need(broadcast.broadcastId)),
        );
      }
      // A start whose answer never came (a crash) is asked again; recording resumes if it can.
      if (session.live.phase === "live") return execute(sessionId, { type: "tick" });
      return load(sessionId);
    },

    async applyRetention(sessionId) {
      const session = await load(sessionId);
      const keepMs = options.recordingRetentionMs;
      if (keepMs === undefined || session.live.phase !== "ended") return session;
      const due = session.live.segments.filter(
        (s) =>
          isWatchable(s) && s.stoppedAt !== null && clock.now() - Date.parse(s.stoppedAt) >= keepMs,
      );
      if (due.length === 0) return session;
      await deleteRecordings(session, due);
      const recordingIds = due.map((s) => need(s.recordingId));
      return execute(sessionId, { type: "recordings-expired", recordingIds }, 0, session);
    },

    async tick(sessionId) {
      const before = await load(sessionId);
      // R-LIFE-6: a recording start saved but never answered (a crash) is settled with the
      // provider first: adopted if it started, failed (and asked again) if not.
      const stalled = before.live.segments.some(
        (s) =>
          s.status === "starting" &&
          s.recordingId === null &&
          clock.now() - Date.parse(s.requestedAt) >= decideOptions.stalledAfterMs,
      );
      const session = stalled
        ? await service.reconcile(sessionId)
        : await execute(sessionId, { type: "tick" }, 0, before);
      await renewControlRoomLeases(session);
      return session;
    },

    async tickAll() {
      // Asked of the store each time: lives started on other instances, or before a restart, too.
      const sessionIds = await guardStore(() => store.liveSessionIds());
      let ticked = 0;
      for (const sessionId of sessionIds) {
        try {
          await service.tick(sessionId);
          ticked++;
        } catch (error) {
          // Deleted meanwhile: nothing left to tick.
          if (!isLiveError(error, "SESSION_NOT_FOUND")) {
            logger.warn({ sessionId, err: describe(error) }, "tick failed");
          }
        }
      }
      return ticked;
    },

    async history(sessionId) {
      const entries = await guardStore(() => store.history(sessionId));
      // A deleted session keeps its (pseudonymised) history; an id never used has none.
      if (entries.length === 0) await load(sessionId);
      return entries;
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
        kind: "recordings-deleted",
        sessionId: session.id,
        data: { recordingIds: deleted, uploaded },
      });
    }
  }

  /** Control-room leases last while the provider reports the connection open. */
  async function renewControlRoomLeases(session: LiveSession) {
    // A connection whose access is gone (a disconnect still pending) no longer counts (R-PERM-5).
    const leases = session.live.connections
      .filter((c) => holdsRole(session, c.personKey, c.role))
      .map((c) => ({ personKey: c.personKey, role: c.role, connectionId: c.connectionId }));
    if (leases.length > 0) {
      await guardStore(() => store.touchPresenceMany(session.id, leases, clock.now()));
    }
  }

  const queues = new Map<string, Promise<unknown>>();
  function inOrder<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = queues.get(key) ?? Promise.resolve();
    const run = previous.then(task, task);
    const tail = run.catch(() => undefined);
    queues.set(key, tail);
    void tail.then(() => {
      if (queues.get(key) === tail) queues.delete(key);
    });
    return run;
  }

  async function trackPresence(sessionId: string, event: ProviderEvent) {
    if (event.type === "connection-created") {
      const who = decodeConnectionData(event.connectionData);
      // The audience is counted by its viewers' leases (touchAudience), renewed while they watch;
      // counting their provider connections too would count each attendee twice.
      if (who !== null && who.role !== "attendee") {
        await guardStore(() =>
          store.touchPresence(sessionId, who.personKey, who.role, event.connectionId, clock.now()),
        );
      }
    } else if (event.type === "connection-destroyed") {
      await guardStore(() => store.dropPresence(sessionId, event.connectionId));
    }
  }

  return service;
}

function recordingEvent(roomId: string, info: RecordingInfo, now: number): ProviderEvent {
  return {
    type: "recording",
    roomId,
    recordingId: info.id,
    name: info.name,
    status: info.status,
    reason: info.reason,
    duration: info.duration,
    at: now,
  };
}

function need<T>(value: T | null | undefined): T {
  if (value === null || value === undefined) {
    throw new LiveError("CONFLICT", "The live room is not ready yet; try again.", {
      retriable: true,
    });
  }
  return value;
}

/** Store errors that are not already LiveErrors become STORE_FAILED (retriable), details hidden. */
async function guardStore<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof LiveError) throw error;
    throw new LiveError("STORE_FAILED", "The session store could not be reached; try again.", {
      retriable: true,
      cause: error,
    });
  }
}

function reasonOf(error: unknown): string {
  return isLiveError(error) ? error.code : "provider error";
}

/** A log-safe description of an error: its code and message, never a stack or a cause. */
function describe(error: unknown): Record<string, unknown> {
  if (isLiveError(error))
    return { code: error.code, message: error.message, retriable: error.retriable };
  return { message: error instanceof Error ? error.name : typeof error };
}

/** Composed videos Vonage shows at once: the stage can never hold more (R-STAGE-2). */
const providerStageLimit = 16;

/** R-STAGE-2: the stage holds at most what the provider composes. */
function stageLimitOf(requested: number | undefined): number {
  const limit = requested ?? defaultDecideOptions.maxStageStreams;
  if (!Number.isInteger(limit) || limit < 1 || limit > providerStageLimit) {
    throw new LiveError(
      "INVALID_INPUT",
      `maxStageStreams must be a whole number from 1 to ${providerStageLimit}.`,
    );
  }
  return limit;
}
