// The control room's room view: every stream of the room, on screen or backstage, and one's own
// camera and microphone. Camera and microphone controls follow the grant's capabilities.
import type { ControlRoomState, RoomStream } from "@onair/client";
import { Capability } from "@onair/core/browser";
import type { ReactNode } from "react";
import { useOnAirLocale, useOnAirStrings } from "../provider/on-air-provider.js";
import type { OnAirStrings } from "../strings/strings.js";
import { streamLabels } from "./stream-label.js";
import { type AttachStream, StreamVideo } from "./stream-video.js";

export interface LiveStageProps {
  readonly state: ControlRoomState;
  setCamera(on: boolean): Promise<void>;
  setMicrophone(on: boolean): Promise<void>;
  leave?(): Promise<void>;
  /**
   * Shows a stream in its tile: the control room's `attach` (`useJoin(…).attach`). Each tile then
   * plays its stream: someone else's subscribed, one's own previewed.
   */
  readonly attach?: AttachStream;
  /** Renders a stream's tile content instead of `attach`'s video. */
  readonly renderStream?: (stream: RoomStream) => ReactNode;
  readonly strings?: Partial<OnAirStrings>;
}

export function LiveStage({
  state,
  setCamera,
  setMicrophone,
  leave,
  attach,
  renderStream,
  strings,
}: LiveStageProps) {
  const text = useOnAirStrings(strings);
  const locale = useOnAirLocale();
  const held = state.grant?.capabilities ?? [];
  const labels = streamLabels(state.streams, text);
  const ignore = () => undefined;
  const status =
    state.status === "joining"
      ? text.joining
      : state.status === "reconnecting"
        ? text.reconnecting
        : state.status === "refused"
          ? text.refused
          : null;
  return (
    <section aria-label={text.stageRegion} data-status={state.status}>
      {status !== null && <p role="status">{status}</p>}
      {state.error !== null && (
        <div role="alert" data-code={state.error.code}>
          <p>{state.error.message || text.error}</p>
          {/* What the person can do, e.g. the troubleshooting advice of a refusal (R-PERM-2). */}
          {state.error.advice.length > 0 && (
            <ul>
              {state.error.advice.map((item) => (
                <li key={item.code} data-advice={item.code}>
                  {item.text[locale]}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      {state.live?.phase === "ended" && <p>{text.liveEnded}</p>}
      <ul>
        {state.streams.map((stream) => {
          const label = labels.get(stream.streamId) ?? stream.streamId;
          return (
            <li key={stream.streamId} data-on-stage={stream.onStage}>
              <span>{label}</span> <span>{stream.onStage ? text.onStage : text.backstage}</span>
              {renderStream
                ? renderStream(stream)
                : attach && (
                    <StreamVideo
                      streamId={stream.streamId}
                      attach={attach}
                      label={text.playerLabel(label)}
                    />
                  )}
            </li>
          );
        })}
      </ul>
      {state.status === "connected" && (
        <div>
          {held.includes(Capability.publishCamera) && (
            <button
              type="button"
              onClick={() => void setCamera(state.camera !== "on").catch(ignore)}
            >
              {state.camera === "on" ? text.cameraOff : text.cameraOn}
            </button>
          )}
          {held.includes(Capability.useMicrophone) && (
            <button
              type="button"
              onClick={() => void setMicrophone(state.microphone !== "on").catch(ignore)}
            >
              {state.microphone === "on" ? text.microphoneOff : text.microphoneOn}
            </button>
          )}
          {leave && (
            <button type="button" onClick={() => void leave().catch(ignore)}>
              {text.leave}
            </button>
          )}
        </div>
      )}
    </section>
  );
}
