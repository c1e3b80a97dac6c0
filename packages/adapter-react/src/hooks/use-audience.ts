// What an attendee sees, pushed by the server (R-LIFE-4): the follower's state, kept current.
import type { AudienceState } from "@onair/client";
import { useOnAir } from "../provider/on-air-provider.js";
import { useRetained, useSnapshot } from "./use-store.js";

const connecting: AudienceState = { view: null, connection: "connecting", error: null };

export function useAudience(sessionId: string): AudienceState {
  const { followers } = useOnAir();
  return useSnapshot(useRetained(followers, sessionId), connecting);
}
