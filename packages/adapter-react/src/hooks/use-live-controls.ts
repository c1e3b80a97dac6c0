// Start and stop the live: moderators only (the grant's capabilities say so; the server enforces).
import type { LiveError, LivePhase } from "@onair/core/browser";
import { Capability } from "@onair/core/browser";
import { useJoin } from "./use-join.js";

export interface LiveControls {
  /** The last known phase; null before the first answer. */
  readonly phase: LivePhase | null;
  readonly canStart: boolean;
  readonly canStop: boolean;
  readonly error: LiveError | null;
  startLive(): Promise<void>;
  stopLive(): Promise<void>;
}

export function useLiveControls(sessionId: string): LiveControls {
  const { state, room, can } = useJoin(sessionId);
  return {
    phase: state.live?.phase ?? null,
    canStart: can(Capability.startLive),
    canStop: can(Capability.stopLive),
    error: state.error,
    startLive: () => room?.startLive() ?? Promise.resolve(),
    stopLive: () => room?.stopLive() ?? Promise.resolve(),
  };
}
