// The stage (R-STAGE-1): the streams of the room and which are on screen; moderators change it.
import type { RoomStream } from "@onair/client";
import type { Stage, StageInput } from "@onair/core";
import { Capability } from "@onair/core/browser";
import { useJoin } from "./use-join.js";

export interface StageControls {
  readonly streams: readonly RoomStream[];
  /** The stage as last answered by the server; null before the first answer. */
  readonly stage: Stage | null;
  readonly canManage: boolean;
  setStage(stage: StageInput): Promise<void>;
}

export function useStage(sessionId: string): StageControls {
  const { state, room, can } = useJoin(sessionId);
  return {
    streams: state.streams,
    stage: state.live?.stage ?? null,
    canManage: can(Capability.manageStage),
    setStage: (stage) => room?.setStage(stage) ?? Promise.resolve(),
  };
}
