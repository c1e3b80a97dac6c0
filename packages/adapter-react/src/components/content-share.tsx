// Share a file (PDF, PNG, JPEG, MP4) or the screen, and turn the pages of a PDF (R-PERM-4).
// The server judges the file by its bytes; a refusal shows in the room's `error`.
import type { ControlRoomState } from "@onair/client";
import { type ChangeEvent, useId, useState } from "react";
import { useOnAirStrings } from "../provider/on-air-provider.js";
import type { OnAirStrings } from "../strings/strings.js";

export interface ContentShareProps {
  readonly sharing: ControlRoomState["sharing"];
  readonly canShare: boolean;
  shareFile(file: File): Promise<void>;
  shareScreen(): Promise<void>;
  stopSharing(): Promise<void>;
  next(): Promise<void>;
  previous(): Promise<void>;
  readonly strings?: Partial<OnAirStrings>;
}

const accepted = ".pdf,.png,.jpg,.jpeg,.mp4,application/pdf,image/png,image/jpeg,video/mp4";

export function ContentShare(props: ContentShareProps) {
  const text = useOnAirStrings(props.strings);
  const [pending, setPending] = useState(false);
  const fileId = useId();
  if (!props.canShare) return null;
  const run = (action: () => Promise<void>) => {
    setPending(true);
    action()
      .catch(() => undefined)
      .finally(() => setPending(false));
  };
  const onFile = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = ""; // the same file can be chosen again after a stop
    if (file) run(() => props.shareFile(file));
  };
  const { sharing } = props;
  return (
    <section aria-label={text.shareTitle} aria-busy={pending}>
      {sharing === null ? (
        <>
          <label htmlFor={fileId}>
            {text.shareFile} ({text.shareFileHint})
          </label>
          <input id={fileId} type="file" accept={accepted} onChange={onFile} disabled={pending} />
          <button type="button" onClick={() => run(props.shareScreen)} disabled={pending}>
            {text.shareScreen}
          </button>
        </>
      ) : (
        <>
          {sharing.pageCount > 1 && (
            <div>
              <button
                type="button"
                onClick={() => run(props.previous)}
                disabled={pending || sharing.page <= 1}
              >
                {text.sharePrevious}
              </button>
              <span aria-live="polite">{text.sharePage(sharing.page, sharing.pageCount)}</span>
              <button
                type="button"
                onClick={() => run(props.next)}
                disabled={pending || sharing.page >= sharing.pageCount}
              >
                {text.shareNext}
              </button>
            </div>
          )}
          <button type="button" onClick={() => run(props.stopSharing)} disabled={pending}>
            {text.shareStop}
          </button>
        </>
      )}
    </section>
  );
}
