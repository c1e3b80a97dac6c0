// The connection check before entering (SPEC §6): gathers the browser's facts with the chosen
// devices; the verdicts are the core's (`gatherPreflightReport` evaluates them), never judged here.
import {
  type DeviceList,
  type GatheredPreflight,
  type GatherPreflightOptions,
  gatherPreflightReport,
  type JoinDevices,
  type PreflightFailure,
} from "@onair/client";
import type { PreflightOptions, PreflightResult, Role } from "@onair/core/browser";
import { useCallback, useEffect, useRef, useState } from "react";
import { useOnAir } from "../provider/on-air-provider.js";

export interface UsePreflightOptions {
  readonly role: Role;
  /** Whether the page is the event's published site or its back-office preview. */
  readonly context: "preview" | "published";
  /** Run once on mount (default true). */
  readonly auto?: boolean;
  readonly initialDevices?: JoinDevices;
  /** Thresholds for the verdicts (match the server's `preflight` options). */
  readonly preflightOptions?: PreflightOptions;
  /** How the facts are gathered; default `gatherPreflightReport` from `@onair/client`. */
  readonly gather?: (options: GatherPreflightOptions) => Promise<GatheredPreflight>;
}

export interface PreflightControls {
  readonly result: PreflightResult | null;
  /** Null for attendees (they skip the device checks) and until the first run. */
  readonly devices: DeviceList | null;
  /** Why a fact could not be gathered, each with a reason code. */
  readonly failures: readonly PreflightFailure[];
  readonly running: boolean;
  /** The devices chosen at entry: give them to `join`. */
  readonly chosen: JoinDevices;
  /** Chooses devices and checks again with them. */
  onDevicesChange(devices: JoinDevices): void;
  onRun(): void;
}

export function usePreflight(options: UsePreflightOptions): PreflightControls {
  const { client } = useOnAir();
  const { role, context, auto = true, preflightOptions, gather = gatherPreflightReport } = options;
  const [chosen, setChosen] = useState<JoinDevices>(options.initialDevices ?? {});
  const [gathered, setGathered] = useState<GatheredPreflight | null>(null);
  const [running, setRunning] = useState(false);
  const latest = useRef(0);

  const run = useCallback(
    (devices: JoinDevices) => {
      const id = ++latest.current;
      setRunning(true);
      gather({ role, context, client, devices, ...(preflightOptions ? { preflightOptions } : {}) })
        .then(
          (outcome) => {
            if (id === latest.current) setGathered(outcome);
          },
          // gatherPreflightReport reports failures in its result; a throw leaves the last one.
          () => undefined,
        )
        .finally(() => {
          if (id === latest.current) setRunning(false);
        });
    },
    [gather, role, context, client, preflightOptions],
  );

  const ran = useRef(false);
  useEffect(() => {
    if (!auto || ran.current) return;
    ran.current = true; // once, StrictMode's second effect run included
    run(chosen);
  }, [auto, run, chosen]);

  return {
    result: gathered?.result ?? null,
    devices: role === "attendee" ? null : (gathered?.devices ?? null),
    failures: gathered?.failures ?? [],
    running,
    chosen,
    onDevicesChange(devices) {
      setChosen(devices);
      run(devices);
    },
    onRun: () => run(chosen),
  };
}
