// Runs the provider effects of a saved decision and records their outcome through the same
// compare-and-set path (R-LIFE-5, R-LIFE-6).
import { isLiveError } from "../errors.js";
import type { LiveCommand, LiveEffect } from "../lifecycle/commands.js";
import { decide } from "../lifecycle/decide.js";
import { recordingReported } from "../lifecycle/reconcile.js";
import type { ProviderEvent } from "../ports/live-provider.js";
import type { LiveSession } from "../session/model.js";
import { describe, need, reasonOf, type ServiceContext } from "./context.js";
import type { Commit, Notify } from "./live-service.js";

export function createEffects(parts: ServiceContext & Commit & Notify) {
  const { provider, clock, logger, decideOptions, commit, attempt, notify } = parts;
  const maxEffectDepth = 8;

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
      case "start-recording":
      case "stop-recording":
      case "start-broadcast":
      case "stop-broadcast": {
        const command = await outputCommand(parts, roomId, effect, log);
        return execute(sessionId, command, depth + 1, latest);
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
      case "notify": {
        // Saved in the outbox with the change that raised it: confirmed once received, or sent
        // again by the tick (at least once).
        const id = effect.id ?? `${sessionId}:${latest.version}:notify`;
        const delivered = await notify({ id, kind: effect.kind, sessionId, data: effect.data });
        if (!delivered || effect.id === undefined) return null;
        return execute(sessionId, { type: "notifications-sent", ids: [id] }, depth + 1, latest);
      }
    }
  }

  return { execute, runEffects, runEffect };
}

type OutputEffect = Extract<
  LiveEffect,
  { type: "start-recording" | "stop-recording" | "start-broadcast" | "stop-broadcast" }
>;

/**
 * Calls the provider for an output (a recording or the audience broadcast) and returns the
 * command that records the outcome, success or failure, through the same compare-and-set path.
 */
async function outputCommand(
  parts: Pick<ServiceContext, "provider" | "clock" | "logger">,
  roomId: string | null,
  effect: OutputEffect,
  log: Record<string, unknown>,
): Promise<LiveCommand> {
  const { provider, clock, logger } = parts;
  switch (effect.type) {
    case "start-recording":
      try {
        const info = await provider.startRecording(need(roomId), {
          name: effect.name,
          stage: effect.stage,
        });
        return {
          type: "recording-start-succeeded",
          segmentIndex: effect.segmentIndex,
          recordingId: info.id,
        };
      } catch (error) {
        logger.warn({ ...log, err: describe(error) }, "recording did not start");
        return {
          type: "recording-start-failed",
          segmentIndex: effect.segmentIndex,
          reason: reasonOf(error),
        };
      }
    case "stop-recording":
      try {
        const info = await provider.stopRecording(effect.recordingId);
        return {
          type: "provider-event",
          event: recordingReported(need(roomId), info, clock.now()),
        };
      } catch (error) {
        // Asked again by a stop press or the tick (R-LIFE-6); the provider may have stopped it
        // already, which the tick's reconcile finds out.
        logger.warn({ ...log, err: describe(error) }, "recording did not stop");
        return stopFailed({ recordingId: effect.recordingId }, error);
      }
    case "start-broadcast":
      try {
        const info = await provider.startBroadcast(need(roomId), effect.stage);
        return { type: "broadcast-start-succeeded", broadcastId: info.id, hlsUrl: info.hlsUrl };
      } catch (error) {
        logger.warn({ ...log, err: describe(error) }, "broadcast did not start");
        return { type: "broadcast-start-failed", reason: reasonOf(error) };
      }
    case "stop-broadcast":
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
        return { type: "provider-event", event };
      } catch (error) {
        logger.warn({ ...log, err: describe(error) }, "broadcast did not stop");
        return stopFailed({ broadcastId: effect.broadcastId }, error);
      }
  }
}

/** A stop call that failed, as the command that records it (R-LIFE-6). */
function stopFailed(
  target: { recordingId: string } | { broadcastId: string },
  error: unknown,
): LiveCommand {
  const definitive = isLiveError(error) && !error.retriable;
  return { type: "output-stop-failed", ...target, reason: reasonOf(error), definitive };
}
