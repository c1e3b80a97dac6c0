// How many people are connected, by role: moderators only; refreshed while mounted.
import type { PresenceCount } from "@onair/core";
import { Capability } from "@onair/core/browser";
import { useEffect } from "react";
import { useJoin } from "./use-join.js";

export interface PresenceOptions {
  /** How often to ask again while connected, in milliseconds. Default 15 000; 0 asks once. */
  readonly intervalMs?: number;
}

export interface PresenceControls {
  readonly presence: PresenceCount | null;
  readonly canView: boolean;
  refresh(): Promise<void>;
}

export function usePresence(sessionId: string, options: PresenceOptions = {}): PresenceControls {
  const { state, room, can } = useJoin(sessionId);
  const canView = can(Capability.viewPresence);
  const connected = state.status === "connected";
  const intervalMs = options.intervalMs ?? 15_000;
  useEffect(() => {
    if (!canView || !connected || room === null) return;
    const refresh = () => void room.refreshPresence().catch(() => undefined);
    refresh();
    if (intervalMs <= 0) return;
    const timer = setInterval(refresh, intervalMs);
    return () => clearInterval(timer);
  }, [canView, connected, room, intervalMs]);
  return {
    presence: canView ? state.presence : null,
    canView,
    refresh: () => room?.refreshPresence() ?? Promise.resolve(),
  };
}
