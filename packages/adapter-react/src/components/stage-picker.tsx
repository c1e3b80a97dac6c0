// Who and what is on screen, and the layout (R-STAGE-1): moderators only. The server checks the
// stage (published streams, the provider's limit); its refusal shows in the room's `error`.
import type { RoomStream } from "@onair/client";
import type { Layout, Stage, StageInput } from "@onair/core";
import { type FormEvent, useEffect, useId, useState } from "react";
import { useOnAirStrings } from "../provider/on-air-provider.js";
import type { OnAirStrings } from "../strings/strings.js";
import { streamLabels } from "./stream-label.js";

export interface StagePickerProps {
  readonly streams: readonly RoomStream[];
  readonly stage: Stage | null;
  readonly canManage: boolean;
  setStage(stage: StageInput): Promise<void>;
  readonly strings?: Partial<OnAirStrings>;
}

export function StagePicker({ streams, stage, canManage, setStage, strings }: StagePickerProps) {
  const text = useOnAirStrings(strings);
  const [chosen, setChosen] = useState<readonly string[]>(stage?.streamIds ?? []);
  const [layout, setLayout] = useState<Layout>(stage?.layout ?? "grid");
  const [focus, setFocus] = useState<string | null>(stage?.focusStreamId ?? null);
  const [pending, setPending] = useState(false);
  const layoutId = useId();
  const focusId = useId();

  // The server's stage wins whenever it changes (another moderator, a stream that ended), and
  // only then: every push carries the stage in a new object, and a copy of the same stage must
  // not undo boxes ticked here and not yet sent.
  const serverStage =
    stage === null ? null : JSON.stringify([stage.streamIds, stage.layout, stage.focusStreamId]);
  useEffect(() => {
    if (serverStage === null) return;
    const [streamIds, serverLayout, serverFocus] = JSON.parse(serverStage) as [
      string[],
      Layout,
      string | null,
    ];
    setChosen(streamIds);
    setLayout(serverLayout);
    setFocus(serverFocus);
  }, [serverStage]);

  if (!canManage) return null;
  const labels = streamLabels(streams, text);
  const shownLarge = focus !== null && chosen.includes(focus) ? focus : (chosen[0] ?? null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setPending(true);
    setStage({
      streamIds: [...chosen],
      layout,
      focusStreamId: layout === "grid" ? null : shownLarge,
    })
      .catch(() => undefined)
      .finally(() => setPending(false));
  };
  return (
    <form onSubmit={submit} aria-busy={pending}>
      <fieldset>
        <legend>{text.stageTitle}</legend>
        {streams.length === 0 && <p>{text.stageEmpty}</p>}
        {streams.map((stream) => (
          <label key={stream.streamId}>
            <input
              type="checkbox"
              checked={chosen.includes(stream.streamId)}
              onChange={(event) =>
                setChosen((current) =>
                  event.target.checked
                    ? [...current, stream.streamId]
                    : current.filter((id) => id !== stream.streamId),
                )
              }
            />
            {labels.get(stream.streamId)}
          </label>
        ))}
      </fieldset>
      <label htmlFor={layoutId}>{text.stageLayout}</label>
      <select id={layoutId} value={layout} onChange={(e) => setLayout(e.target.value as Layout)}>
        <option value="grid">{text.layoutGrid}</option>
        <option value="focus">{text.layoutFocus}</option>
        <option value="pip">{text.layoutPip}</option>
      </select>
      {layout !== "grid" && chosen.length > 0 && (
        <>
          <label htmlFor={focusId}>{text.stageFocus}</label>
          <select
            id={focusId}
            value={shownLarge ?? ""}
            onChange={(event) => setFocus(event.target.value)}
          >
            {chosen.map((id) => (
              <option key={id} value={id}>
                {labels.get(id) ?? id}
              </option>
            ))}
          </select>
        </>
      )}
      <button type="submit" disabled={pending}>
        {text.stageApply}
      </button>
    </form>
  );
}
