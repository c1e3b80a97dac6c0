// The event page with subscriber delivery (R-AUD-1): the audience room of the session, which
// follows the audience view and joins as a subscriber only while the live plays that way.
import type { AudienceRoomState, StreamAttachment } from "@onair/client";
import { useMemo } from "react";
import { useOnAir } from "../provider/on-air-provider.js";
import { attachNothing } from "./use-join.js";
import { useRetained, useSnapshot } from "./use-store.js";

export interface AudienceRoomHandle extends AudienceRoomState {
  /** Shows a stream of the stage in an element (for `<AudienceScreen attach>`). */
  attach(streamId: string, element: HTMLElement): StreamAttachment;
  /** The unmute button's action: the stage's audio for every stream, now and later. */
  setMuted(muted: boolean): void;
}

const notMounted: AudienceRoomState = {
  view: null,
  connection: "connecting",
  error: null,
  room: "idle",
  streams: [],
  muted: true,
};

const ignoreMute = () => undefined;

/** Needs `<OnAirProvider video>`; spreads into `<AudienceScreen {...audience} />`. */
export function useAudienceRoom(sessionId: string): AudienceRoomHandle {
  const { audienceRooms } = useOnAir();
  const room = useRetained(audienceRooms, sessionId);
  const state = useSnapshot(room, notMounted);
  const attach = useMemo(
    () =>
      room
        ? (streamId: string, element: HTMLElement) => room.attach(streamId, element)
        : attachNothing,
    [room],
  );
  const setMuted = useMemo(
    () => (room ? (muted: boolean) => room.setMuted(muted) : ignoreMute),
    [room],
  );
  return { ...state, attach, setMuted };
}
