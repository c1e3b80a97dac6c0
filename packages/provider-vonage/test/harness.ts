// Shared set-up of the provider's tests: throwaway credentials made at test time, the Vonage Video
// API emulated on msw (any request it does not know fails the test), and a provider pointed at it.
import type { LiveProvider, Logger } from "@onair/core";
import { createTestClock, type TestClock } from "@onair/testing";
import {
  createVonageMsw,
  createVonageTestCredentials,
  type VonageMsw,
} from "@onair/testing/vonage-msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll } from "vitest";
import { createVonageProvider, type VonageProviderOptions } from "../src/index.js";

/** One key pair per test file: generating RSA keys takes tens of milliseconds. */
export const credentials = createVonageTestCredentials();

export const server = setupServer();

/** Starts msw for the file; unknown requests are errors, so nothing can reach the network. */
export function useEmulatedVonage(): void {
  beforeAll(() => server.listen({ onUnhandledFrame: "error" }));
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());
}

export interface Harness {
  readonly provider: LiveProvider;
  readonly vonage: VonageMsw;
  readonly clock: TestClock;
  /** A room with a connected client publishing a camera. */
  busyRoom(): Promise<{ roomId: string; connectionId: string; streamId: string }>;
}

export function createHarness(overrides: Partial<VonageProviderOptions> = {}): Harness {
  const clock = createTestClock();
  const vonage = createVonageMsw({
    applicationId: credentials.applicationId,
    publicKey: credentials.publicKey,
    signatureSecret: credentials.signatureSecret,
    clock,
  });
  server.resetHandlers(...vonage.handlers);
  const provider = createVonageProvider({
    applicationId: credentials.applicationId,
    privateKey: credentials.privateKey,
    signatureSecret: credentials.signatureSecret,
    clock,
    timeoutMs: 500,
    ...overrides,
  });
  return {
    provider,
    vonage,
    clock,
    async busyRoom() {
      const { roomId } = await provider.createRoom("ses_test");
      const connection = vonage.state.connect(roomId, { data: "onair1|pk_a|speaker|g_1" });
      const stream = vonage.state.publish(connection.id);
      return { roomId, connectionId: connection.id, streamId: stream.id };
    },
  };
}

/** A logger that keeps every line, to prove what never reaches logs. */
export function recordingLogger(): Logger & { readonly lines: unknown[][] } {
  const lines: unknown[][] = [];
  const keep =
    (level: string) =>
    (...args: unknown[]) => {
      lines.push([level, ...args]);
    };
  return {
    lines,
    debug: keep("debug"),
    info: keep("info"),
    warn: keep("warn"),
    error: keep("error"),
  };
}
