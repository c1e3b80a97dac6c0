// A readable name for each stream of the room: its kind, a number by kind, "(you)" for one's own.
import type { RoomStream } from "@onair/client";
import type { OnAirStrings } from "../strings/strings.js";

export function streamLabels(
  streams: readonly RoomStream[],
  strings: OnAirStrings,
): ReadonlyMap<string, string> {
  const counts = new Map<string, number>();
  const labels = new Map<string, string>();
  for (const stream of streams) {
    const kind = stream.videoType ?? "null";
    const index = (counts.get(kind) ?? 0) + 1;
    counts.set(kind, index);
    labels.set(
      stream.streamId,
      strings.streamLabel({ videoType: stream.videoType, local: stream.local, index }),
    );
  }
  return labels;
}
