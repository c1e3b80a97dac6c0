// One stream shown in an element through a room's `attach` (a subscription, or one's own
// preview), detached on unmount. With `muted`, every media element the video client puts inside
// follows it, those added later included (R-AUD-2: the audience starts muted).
import type { StreamAttachment } from "@onair/client";
import { useEffect, useRef } from "react";

export type AttachStream = (streamId: string, element: HTMLElement) => StreamAttachment;

export interface StreamVideoProps {
  readonly streamId: string;
  readonly attach: AttachStream;
  /** The tile's accessible name. */
  readonly label: string;
  /** Leaves the media as the video client made it when absent. */
  readonly muted?: boolean;
}

export function StreamVideo({ streamId, attach, label, muted }: StreamVideoProps) {
  const box = useRef<HTMLElement>(null);

  // The room starts showing in a microtask: StrictMode's immediate cleanup and re-run subscribe once.
  useEffect(() => {
    const element = box.current;
    if (element === null) return;
    return attach(streamId, element).detach;
  }, [streamId, attach]);

  useEffect(() => {
    const element = box.current;
    if (element === null || muted === undefined) return;
    const apply = () => {
      for (const media of element.querySelectorAll<HTMLMediaElement>("video, audio")) {
        media.muted = muted;
      }
    };
    apply();
    const observer = new MutationObserver(apply);
    observer.observe(element, { childList: true, subtree: true });
    return () => observer.disconnect();
  }, [muted]);

  return <figure ref={box} aria-label={label} data-onair="stream-video" />;
}
