// Failures a test asks the emulated API for: an HTTP error, a network failure or a slow answer
// (to trip the SDK's timeout), on the next calls of one operation or of any.

/** The REST operations the emulator serves, named after the SDK calls that use them. */
export type VonageOperation =
  | "createSession"
  | "startArchive"
  | "listArchives"
  | "getArchive"
  | "stopArchive"
  | "deleteArchive"
  | "updateArchiveStreams"
  | "updateArchiveLayout"
  | "startBroadcast"
  | "listBroadcasts"
  | "getBroadcast"
  | "stopBroadcast"
  | "updateBroadcastStreams"
  | "updateBroadcastLayout"
  | "setStreamClassLists"
  | "disconnectClient"
  | "sendSignal";

export interface InjectedFault {
  /** HTTP status to answer with (after `delayMs`, if any). */
  readonly status?: number;
  /** Message of the error body. */
  readonly message?: string;
  /** Wait this long before answering (or failing). */
  readonly delayMs?: number;
  /** Fail as if the network dropped the connection. */
  readonly networkError?: boolean;
  /** How many calls it applies to (default 1). */
  readonly times?: number;
}

interface PlannedFault {
  readonly operation: VonageOperation | "any";
  readonly fault: InjectedFault;
  remaining: number;
}

export class FaultPlan {
  readonly #planned: PlannedFault[] = [];

  add(operation: VonageOperation | "any", fault: InjectedFault): void {
    const times = fault.times ?? 1;
    if (!Number.isInteger(times) || times < 1) throw new RangeError("times must be at least 1.");
    this.#planned.push({ operation, fault, remaining: times });
  }

  /** The fault for this call of `operation`, if one is planned (first planned, first used). */
  take(operation: VonageOperation): InjectedFault | null {
    const index = this.#planned.findIndex(
      (p) => p.operation === operation || p.operation === "any",
    );
    const planned = this.#planned[index];
    if (planned === undefined) return null;
    planned.remaining -= 1;
    if (planned.remaining === 0) this.#planned.splice(index, 1);
    return planned.fault;
  }

  clear(): void {
    this.#planned.length = 0;
  }
}
