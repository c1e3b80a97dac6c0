// The connection check before entering (SPEC §6): gathers the browser's facts with the chosen
// devices and asks the server's preflight rules for the verdicts (never judged here).
import type {
  DeviceList,
  GatheredPreflight,
  GatherPreflightOptions,
  JoinDevices,
  PreflightFailure,
} from "@onair/client";
import type { PreflightResult, Role } from "@onair/core/browser";
import { useCallback, useEffect, useRef, useState } from "react";
import { useOnAir } from "../provider/on-air-provider.js";

export interface UsePreflightOptions {
  readonly role: Role;
  readonly context: "preview" | "published";
  /** Gathers the facts: `gatherPreflightReport` from `@onair/client`. */
  readonly gather: (options: GatherPreflightOptions) => Promise<GatheredPreflight>;
  /** Run once on mount (default true). */
  readonly auto?: boolean;
  readonly initialDevices?: JoinDevices;
}

export interface PreflightControls {
  readonly result: PreflightResult | null;
  /** Null for attendees (they skip the device checks) and until the first run. */
  readonly devices: DeviceList | null;
  readonly failures: readonly PreflightFailure[];
  readonly running: boolean;
  readonly error: unknown;
  /** The devices chosen at entry: give them to `join`. */
  readonly chosen: JoinDevices;
  /** Chooses devices and checks again with them. */
  onDevicesChange(devices: JoinDevices): void;
  onRun(): void;
}

export function usePreflight(options: UsePreflightOptions): PreflightControls {
  const { client } = useOnAir();
  const { role, context, gather, auto = true } = options;
  const [chosen, setChosen] = useState<JoinDevices>(options.initialDevices ?? {});
  const [outcome, setOutcome] = useState<{
    readonly result: PreflightResult | null;
    readonly gathered: GatheredPreflight | null;
    readonly error: unknown;
  }>({ result: null, gathered: null, error: null });
  const [running, setRunning] = useState(false);
  const latest = useRef(0);

  const run = useCallback(
    (devices: JoinDevices) => {
      const id = ++latest.current;
      setRunning(true);
      void (async () => {
        try {
          const gathered = await gather({ role, context, client, devices });
          const result = await client.preflight(gathered.report);
          if (id === latest.current) setOutcome({ result, gathered, error: null });
        } catch (error) {
          if (id === latest.current) setOutcome((before) => ({ ...before, error }));
        } finally {
          if (id === latest.current) setRunning(false);
        }
      })();
    },
    [gather, role, context, client],
  );

  const ran = useRef(false);
  useEffect(() => {
    if (!auto || ran.current) return;
    ran.current = true; // once, StrictMode's second effect run included
    run(chosen);
  }, [auto, run, chosen]);

  return {
    result: outcome.result,
    devices: role === "attendee" ? null : (outcome.gathered?.devices ?? null),
    failures: outcome.gathered?.failures ?? [],
    running,
    error: outcome.error,
    chosen,
    onDevicesChange(devices) {
      setChosen(devices);
      run(devices);
    },
    onRun: () => run(chosen),
  };
}
