// What the shared HTTP contract needs from a provider under test, beyond the LiveProvider port:
// clients in rooms, signed (and unsigned, forged, stale) webhook deliveries, finished recordings.
import type { LiveProvider, LiveService } from "@onair/core";
import type { WebhookDelivery } from "../provider-contract.js";
import type { TestClock } from "../test-clock.js";

export interface LiveHttpSubject {
  readonly name: string;
  readonly provider: LiveProvider;
  readonly clock: TestClock;
  /** Forwards what the provider reports from now on to `service`, as delivered webhooks would. */
  attach(service: LiveService): void;
  /** Waits until every forwarded event was processed. */
  settle(): Promise<void>;
  /** A client connects with a join grant's token and publishes a camera. */
  connectClient(roomId: string, token: string): Promise<{ connectionId: string; streamId: string }>;
  /** The provider finishes processing the stopped recordings of a room (they become available). */
  finishRecordings(roomId: string): Promise<void>;
  /** The header that carries a delivery's signature (what a repeated header must not confuse). */
  readonly signatureHeader: string;
  readonly webhooks: {
    /** A correctly signed delivery reporting a new client connection in `roomId`. */
    connectionCreated(roomId: string, connectionId: string): Promise<WebhookDelivery>;
    /** A correctly signed delivery reporting that a recording stopped. */
    recordingStopped(roomId: string, recordingId: string, name: string): Promise<WebhookDelivery>;
    unsigned(roomId: string): Promise<WebhookDelivery>;
    forged(roomId: string): Promise<WebhookDelivery>;
    stale(roomId: string): Promise<WebhookDelivery>;
    /** A correctly signed delivery whose body is not in the shape the provider sends. */
    malformed(roomId: string): Promise<WebhookDelivery>;
  };
  teardown(): Promise<void>;
}
