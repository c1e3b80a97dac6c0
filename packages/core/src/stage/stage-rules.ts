// The stage: which published streams reach the audience and the replay, and how they are laid out
// (R-STAGE-1, R-STAGE-2).
import { LiveError } from "../errors.js";
import type { Layout, LiveStream, Stage } from "../session/model.js";

export const emptyStage: Stage = { streamIds: [], layout: "grid", focusStreamId: null };

/** Checks a stage asked by a moderator against the streams published now. */
export function validateStage(
  requested: Stage,
  streams: readonly LiveStream[],
  maxStreams: number,
): Stage {
  const unique = [...new Set(requested.streamIds)];
  if (unique.length > maxStreams) {
    throw new LiveError(
      "STAGE_FULL",
      `The stage holds at most ${maxStreams} streams; ${unique.length} were asked.`,
    );
  }
  const published = new Set(streams.map((stream) => stream.streamId));
  const unknown = unique.filter((id) => !published.has(id));
  if (unknown.length > 0) {
    throw new LiveError("INVALID_INPUT", "Only streams published in the room can go on stage.", {
      issues: unknown.map((id) => ({
        path: "streamIds",
        message: `Stream ${id} is not published.`,
      })),
    });
  }
  if (requested.focusStreamId !== null && !unique.includes(requested.focusStreamId)) {
    throw new LiveError("INVALID_INPUT", "The focused stream must be on stage.", {
      issues: [{ path: "focusStreamId", message: "Not on stage." }],
    });
  }
  return arrange(unique, requested.layout, requested.focusStreamId);
}

/** Removes ended streams and rebuilds the layout from what remains (R-STAGE-2). */
export function withoutStreams(stage: Stage, ended: ReadonlySet<string>): Stage {
  if (!stage.streamIds.some((id) => ended.has(id))) return stage;
  const remaining = stage.streamIds.filter((id) => !ended.has(id));
  const focus =
    stage.focusStreamId !== null && ended.has(stage.focusStreamId) ? null : stage.focusStreamId;
  return arrange(remaining, stage.layout, focus);
}

/** Focus layouts need a focused stream: default to the first; with one stream or none, a grid. */
function arrange(streamIds: readonly string[], layout: Layout, focus: string | null): Stage {
  if (streamIds.length === 0) return emptyStage;
  if (layout === "grid") return { streamIds, layout, focusStreamId: null };
  return { streamIds, layout, focusStreamId: focus ?? streamIds[0] ?? null };
}

export function sameStage(a: Stage, b: Stage): boolean {
  return (
    a.layout === b.layout &&
    a.focusStreamId === b.focusStreamId &&
    a.streamIds.length === b.streamIds.length &&
    a.streamIds.every((id, i) => b.streamIds[i] === id)
  );
}
