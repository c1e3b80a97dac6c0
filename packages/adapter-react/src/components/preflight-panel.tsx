// The connection check before entering (SPEC §6): device choice, a verdict per check and the
// advice, most severe first. Verdicts come from the core's rules; this only shows them.
import type { DeviceList, JoinDevices } from "@onair/client";
import type { PreflightResult } from "@onair/core/browser";
import { useId } from "react";
import { useOnAirLocale, useOnAirStrings } from "../provider/on-air-provider.js";
import type { OnAirLocale, OnAirStrings } from "../strings/strings.js";

/** Advice as the core gives it (both languages) or as the HTTP route gives it (localized). */
export type AdviceItem =
  | { readonly code: string; readonly text: { readonly en: string; readonly fr: string } }
  | { readonly code: string; readonly message: string };

export interface PreflightView {
  readonly overall: PreflightResult["overall"];
  readonly checks: readonly {
    readonly id: PreflightResult["checks"][number]["id"];
    readonly verdict: PreflightResult["checks"][number]["verdict"];
    readonly reason: string;
  }[];
  readonly advice: readonly AdviceItem[];
}

export interface PreflightPanelProps {
  readonly result: PreflightView | null;
  /** The devices found; null for attendees, who skip the device checks. */
  readonly devices: DeviceList | null;
  readonly chosen?: JoinDevices;
  onDevicesChange?(devices: JoinDevices): void;
  readonly running?: boolean;
  onRun?(): void;
  /** Shown unless the result blocks entering. */
  onEnter?(): void;
  readonly strings?: Partial<OnAirStrings>;
}

export function adviceText(item: AdviceItem, locale: OnAirLocale): string {
  return "message" in item ? item.message : item.text[locale];
}

export function PreflightPanel(props: PreflightPanelProps) {
  const text = useOnAirStrings(props.strings);
  const locale = useOnAirLocale();
  const cameraId = useId();
  const microphoneId = useId();
  const { result, devices, chosen = {}, running = false } = props;
  const choose = (key: keyof JoinDevices, deviceId: string) => {
    const next: { videoDeviceId?: string; audioDeviceId?: string } = { ...chosen };
    if (deviceId === "") delete next[key];
    else next[key] = deviceId;
    props.onDevicesChange?.(next);
  };
  return (
    <section aria-labelledby={`${cameraId}-title`} aria-busy={running}>
      <h2 id={`${cameraId}-title`}>{text.preflightTitle}</h2>
      {devices !== null && (
        <div>
          <label htmlFor={cameraId}>{text.preflightCamera}</label>
          <select
            id={cameraId}
            value={chosen.videoDeviceId ?? ""}
            onChange={(event) => choose("videoDeviceId", event.target.value)}
          >
            <option value="">{text.preflightDefaultDevice}</option>
            {devices.cameras.map((device, index) => (
              <option key={device.deviceId} value={device.deviceId}>
                {device.label || `${text.preflightCamera} ${index + 1}`}
              </option>
            ))}
          </select>
          <label htmlFor={microphoneId}>{text.preflightMicrophone}</label>
          <select
            id={microphoneId}
            value={chosen.audioDeviceId ?? ""}
            onChange={(event) => choose("audioDeviceId", event.target.value)}
          >
            <option value="">{text.preflightDefaultDevice}</option>
            {devices.microphones.map((device, index) => (
              <option key={device.deviceId} value={device.deviceId}>
                {device.label || `${text.preflightMicrophone} ${index + 1}`}
              </option>
            ))}
          </select>
        </div>
      )}
      {running && <p role="status">{text.preflightRunning}</p>}
      {result !== null && (
        <>
          <p role="status" data-overall={result.overall}>
            {text.preflightOverall[result.overall]}
          </p>
          <ul>
            {result.checks.map((check) => (
              <li key={check.id} data-check={check.id} data-verdict={check.verdict}>
                {text.preflightCheck[check.id]}: {text.preflightVerdict[check.verdict]}
              </li>
            ))}
          </ul>
          {result.advice.length > 0 && (
            <>
              <h3>{text.preflightAdvice}</h3>
              <ul>
                {result.advice.map((item) => (
                  <li key={item.code} data-advice={item.code}>
                    {adviceText(item, locale)}
                  </li>
                ))}
              </ul>
            </>
          )}
        </>
      )}
      {props.onRun && (
        <button type="button" onClick={props.onRun} disabled={running}>
          {text.preflightRun}
        </button>
      )}
      {props.onEnter && result !== null && result.overall !== "blocked" && (
        <button type="button" onClick={props.onEnter} disabled={running}>
          {text.preflightEnter}
        </button>
      )}
    </section>
  );
}
