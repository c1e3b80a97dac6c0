// How many people are connected, by role (people, not connections): moderators only.
import type { PresenceCount as Presence } from "@onair/core";
import { useOnAirStrings } from "../provider/on-air-provider.js";
import type { OnAirStrings } from "../strings/strings.js";

export interface PresenceCountProps {
  readonly presence: Presence | null;
  readonly canView: boolean;
  readonly strings?: Partial<OnAirStrings>;
}

export function PresenceCount({ presence, canView, strings }: PresenceCountProps) {
  const text = useOnAirStrings(strings);
  if (!canView || presence === null) return null;
  return (
    <section aria-label={text.presenceTitle}>
      <ul aria-live="polite">
        <li>{text.presenceModerators(presence.moderators)}</li>
        <li>{text.presenceSpeakers(presence.speakers)}</li>
        <li>{text.presenceAudience(presence.audience)}</li>
      </ul>
    </section>
  );
}
