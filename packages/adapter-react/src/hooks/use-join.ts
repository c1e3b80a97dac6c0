// The control room of a session for this user: its state and the calls that act on it.
import type { ControlRoom, ControlRoomState, JoinDevices, StreamAttachment } from "@onair/client";
import type { Capability } from "@onair/core/browser";
import { useCallback, useEffect, useMemo } from "react";
import { useOnAir } from "../provider/on-air-provider.js";
import { useRetained, useSnapshot } from "./use-store.js";

export interface UseJoinOptions {
  /** Join as soon as the room is ready, with these devices (chosen at entry). Default false. */
  readonly autoJoin?: boolean;
  readonly devices?: JoinDevices;
}

export interface JoinHandle {
  readonly state: ControlRoomState;
  /** Null until the component has mounted. */
  readonly room: ControlRoom | null;
  /** Whether the grant gives this capability (what the UI shows follows it, never the role name). */
  can(capability: Capability): boolean;
  join(devices?: JoinDevices): Promise<void>;
  leave(): Promise<void>;
  setCamera(on: boolean): Promise<void>;
  setMicrophone(on: boolean): Promise<void>;
  /** Shows a stream of the room in an element (for `<LiveStage attach>`); detach on cleanup. */
  attach(streamId: string, element: HTMLElement): StreamAttachment;
}

export const idleRoom: ControlRoomState = {
  status: "idle",
  grant: null,
  error: null,
  camera: "off",
  microphone: "off",
  sharing: null,
  streams: [],
  live: null,
  presence: null,
};

// Rooms already joined automatically: StrictMode runs effects twice on the same shared room.
const autoJoined = new WeakSet<ControlRoom>();

const notMounted = () => Promise.resolve();
/** Before the room exists there is nothing to show: the tile attaches again once it does. */
export const attachNothing = (): StreamAttachment => ({
  shown: Promise.resolve(),
  detach: () => undefined,
});

export function useJoin(sessionId: string, options: UseJoinOptions = {}): JoinHandle {
  const { rooms } = useOnAir();
  const room = useRetained(rooms, sessionId);
  const state = useSnapshot(room, idleRoom);
  const { autoJoin = false, devices } = options;
  const videoDeviceId = devices?.videoDeviceId;
  const audioDeviceId = devices?.audioDeviceId;

  useEffect(() => {
    if (!autoJoin || room === null || autoJoined.has(room)) return;
    autoJoined.add(room);
    void room
      .join({
        ...(videoDeviceId === undefined ? {} : { videoDeviceId }),
        ...(audioDeviceId === undefined ? {} : { audioDeviceId }),
      })
      .catch(() => undefined); // the refusal is in the room's state (`error`)
  }, [autoJoin, room, videoDeviceId, audioDeviceId]);

  const capabilities = state.grant?.capabilities;
  const can = useCallback(
    (capability: Capability) => capabilities?.includes(capability) ?? false,
    [capabilities],
  );
  // Stable while the room is: a tile's effect attaches once per stream.
  const attach = useMemo(
    () =>
      room
        ? (streamId: string, element: HTMLElement) => room.attach(streamId, element)
        : attachNothing,
    [room],
  );
  return {
    state,
    room,
    can,
    join: room ? (chosen) => room.join(chosen) : notMounted,
    leave: room ? () => room.leave() : notMounted,
    setCamera: room ? (on) => room.setCamera(on) : notMounted,
    setMicrophone: room ? (on) => room.setMicrophone(on) : notMounted,
    attach,
  };
}
