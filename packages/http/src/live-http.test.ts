// createLiveHttp refuses a configuration it cannot run with, at once and with a LiveError.
import {
  createInMemoryChangeFeed,
  createInMemoryStore,
  createLiveService,
  LiveError,
} from "@onair/core";
import { createMockLiveProvider, createTestClock } from "@onair/testing";
import { describe, expect, it } from "vitest";
import { createLiveHttp } from "./live-http.js";
import type { LiveHttpOptions } from "./options.js";

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    return error instanceof LiveError ? error.code : `not a LiveError: ${String(error)}`;
  }
  return undefined;
}

describe("createLiveHttp options", () => {
  const clock = createTestClock();
  const provider = createMockLiveProvider({ clock });
  const service = createLiveService({
    store: createInMemoryStore(),
    provider,
    changes: createInMemoryChangeFeed(),
    clock,
  });
  const valid: LiveHttpOptions = {
    service,
    provider,
    identify: () => null,
    authorizeAdmin: () => false,
  };

  it("takes its settings flat beside the service and the hooks", async () => {
    const http = createLiveHttp({ ...valid, clock, sse: { maxStreams: 5 } });
    expect(http.viewerCount).toBe(0);
    await http.close();
  });

  it("refuses a missing service, provider or hook, and out-of-range settings, with INVALID_INPUT", () => {
    const broken = (changes: Record<string, unknown>) =>
      codeOf(() => createLiveHttp({ ...valid, ...changes } as LiveHttpOptions));
    expect(broken({ service: undefined })).toBe("INVALID_INPUT");
    expect(broken({ provider: {} })).toBe("INVALID_INPUT");
    expect(broken({ identify: undefined })).toBe("INVALID_INPUT");
    expect(broken({ authorizeAdmin: "yes" })).toBe("INVALID_INPUT");
    expect(broken({ authorizeAudience: true })).toBe("INVALID_INPUT");
    expect(broken({ viewerKeySecret: "too short" })).toBe("INVALID_INPUT");
    expect(broken({ sse: { maxStreamsPerCaller: 0 } })).toBe("INVALID_INPUT");
    expect(broken({ rateLimits: { join: { capacity: 0, refillPerSecond: 1 } } })).toBe(
      "INVALID_INPUT",
    );
  });
});
