// Stops the live (R-LIFE-2) after a confirmation that says the stop is final and starts the
// replay (R-LIFE-4). A modal <dialog>: focus goes to "keep running", and back to the button.
import type { LivePhase } from "@onair/core/browser";
import { useEffect, useId, useRef, useState } from "react";
import { useOnAirStrings } from "../provider/on-air-provider.js";
import type { OnAirStrings } from "../strings/strings.js";

export interface StopLiveButtonProps {
  readonly phase: LivePhase | null;
  readonly canStop: boolean;
  stopLive(): Promise<void>;
  readonly strings?: Partial<OnAirStrings>;
}

export function StopLiveButton({ phase, canStop, stopLive, strings }: StopLiveButtonProps) {
  const text = useOnAirStrings(strings);
  const dialog = useRef<HTMLDialogElement>(null);
  const trigger = useRef<HTMLButtonElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  const [open, setOpen] = useState(false);
  const [pending, setPending] = useState(false);
  const titleId = useId();
  const bodyId = useId();

  useEffect(() => {
    const element = dialog.current;
    if (element === null) return;
    if (open && !element.open) {
      element.showModal();
      cancel.current?.focus();
    } else if (!open && element.open) {
      element.close();
    }
  }, [open]);

  if (!canStop || phase !== "live") return null;

  const close = () => {
    // Close the modal first: while it is open, everything outside it is inert and cannot take focus.
    if (dialog.current?.open) dialog.current.close();
    setOpen(false);
    trigger.current?.focus();
  };
  const confirm = () => {
    setPending(true);
    close();
    stopLive()
      .catch(() => undefined) // a refusal lands in the room's `error`
      .finally(() => setPending(false));
  };
  return (
    <>
      <button
        ref={trigger}
        type="button"
        aria-haspopup="dialog"
        disabled={pending}
        aria-busy={pending}
        onClick={() => setOpen(true)}
      >
        {pending ? text.stopping : text.stopLive}
      </button>
      <dialog
        ref={dialog}
        aria-labelledby={titleId}
        aria-describedby={bodyId}
        // Escape closes the dialog natively; keep React's state in step and restore focus.
        onClose={() => {
          if (open) close();
        }}
        onCancel={(event) => {
          event.preventDefault();
          close();
        }}
      >
        <h2 id={titleId}>{text.stopDialogTitle}</h2>
        <p id={bodyId}>{text.stopDialogBody}</p>
        <button ref={cancel} type="button" onClick={close}>
          {text.stopCancel}
        </button>
        <button type="button" onClick={confirm}>
          {text.stopConfirm}
        </button>
      </dialog>
    </>
  );
}
