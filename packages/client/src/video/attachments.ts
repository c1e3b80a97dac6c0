// Streams shown in elements, for the control room and the audience room: each attachment starts
// in a microtask (so React StrictMode's immediate detach and re-attach subscribes once), ends on
// detach, and is ended for it when its stream leaves the room or the room is left.
import type { StreamAttachment } from "../types.js";
import type { Subscription } from "./video-client.js";

/** Shows a stream in an element; null when there is nothing to show (and nothing to stop). */
export type ShowStream = (streamId: string, element: HTMLElement) => Promise<Subscription | null>;

interface Entry {
  readonly streamId: string;
  readonly element: HTMLElement;
  shown: Subscription | null;
  detached: boolean;
  /** Bumped on every (re)start: a slower, older start stops what it opened. */
  run: number;
}

export interface Attachments {
  attach(streamId: string, element: HTMLElement): StreamAttachment;
  /** Shows the stream again in its elements (e.g. one's camera once it is turned on). */
  refresh(streamId: string): void;
  detachStream(streamId: string): void;
  detachAll(): void;
  /** Plays or silences the audio of every stream shown (where the video client can). */
  setAudio(on: boolean): void;
}

const ignore = () => undefined;

export function createAttachments(show: ShowStream): Attachments {
  const entries = new Set<Entry>();

  const stopShown = (entry: Entry) => {
    const shown = entry.shown;
    entry.shown = null;
    if (shown !== null) void shown.stop().catch(ignore);
  };

  const start = (entry: Entry): Promise<void> => {
    const run = ++entry.run;
    const current = () => !entry.detached && run === entry.run;
    return Promise.resolve().then(async () => {
      if (!current()) return;
      const shown = await show(entry.streamId, entry.element);
      if (!current()) {
        await shown?.stop().catch(ignore);
        return;
      }
      entry.shown = shown;
    });
  };

  const detach = (entry: Entry) => {
    if (entry.detached) return;
    entry.detached = true;
    entries.delete(entry);
    stopShown(entry);
  };

  return {
    attach(streamId, element) {
      const entry: Entry = { streamId, element, shown: null, detached: false, run: 0 };
      entries.add(entry);
      const shown = start(entry);
      // The caller may ignore `shown`; a failure then is not an unhandled rejection.
      shown.catch(ignore);
      return { shown, detach: () => detach(entry) };
    },
    refresh(streamId) {
      for (const entry of entries) {
        if (entry.streamId !== streamId) continue;
        stopShown(entry);
        start(entry).catch(ignore);
      }
    },
    detachStream(streamId) {
      for (const entry of [...entries]) if (entry.streamId === streamId) detach(entry);
    },
    detachAll() {
      for (const entry of [...entries]) detach(entry);
    },
    setAudio(on) {
      for (const entry of entries) void entry.shown?.setAudio?.(on).catch(ignore);
    },
  };
}
