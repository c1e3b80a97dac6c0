// Starts the live (R-LIFE-1): shown only to whom the grant allows it, and only before the start.
import type { LivePhase } from "@onair/core/browser";
import { useState } from "react";
import { useOnAirStrings } from "../provider/on-air-provider.js";
import type { OnAirStrings } from "../strings/strings.js";

export interface StartLiveButtonProps {
  readonly phase: LivePhase | null;
  readonly canStart: boolean;
  startLive(): Promise<void>;
  readonly strings?: Partial<OnAirStrings>;
}

export function StartLiveButton({ phase, canStart, startLive, strings }: StartLiveButtonProps) {
  const text = useOnAirStrings(strings);
  const [pending, setPending] = useState(false);
  if (!canStart || (phase !== null && phase !== "scheduled")) return null;
  const start = () => {
    setPending(true);
    // A refusal lands in the room's `error`; the button only tracks the wait.
    startLive()
      .catch(() => undefined)
      .finally(() => setPending(false));
  };
  return (
    <button type="button" onClick={start} disabled={pending} aria-busy={pending}>
      {pending ? text.starting : text.startLive}
    </button>
  );
}
