// createLiveRouter refuses a configuration it cannot run with, at once and with a LiveError, and
// takes @onair/http's settings flat beside its hooks.
import {
  createInMemoryChangeFeed,
  createInMemoryStore,
  createLiveService,
  LiveError,
} from "@onair/core";
import { createMockLiveProvider, createTestClock } from "@onair/testing";
import { describe, expect, it } from "vitest";
import { createLiveRouter, type LiveRouterOptions } from "../src/index.js";

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    return error instanceof LiveError ? error.code : `not a LiveError: ${String(error)}`;
  }
  return undefined;
}

describe("createLiveRouter options", () => {
  const clock = createTestClock();
  const provider = createMockLiveProvider({ clock });
  const service = createLiveService({
    store: createInMemoryStore(),
    provider,
    changes: createInMemoryChangeFeed(),
    clock,
  });
  const valid: LiveRouterOptions = {
    service,
    provider,
    identify: () => null,
    authorizeAdmin: () => false,
  };

  it("takes its settings flat beside the service and the hooks", async () => {
    const router = createLiveRouter({ ...valid, clock, rateLimits: { join: false } });
    expect(router.viewerCount).toBe(0);
    await router.close();
  });

  it("refuses a missing hook or service, and out-of-range settings, with INVALID_INPUT", () => {
    const broken = (changes: Record<string, unknown>) =>
      codeOf(() => createLiveRouter({ ...valid, ...changes } as LiveRouterOptions));
    expect(broken({ identify: undefined })).toBe("INVALID_INPUT");
    expect(broken({ authorizeAdmin: undefined })).toBe("INVALID_INPUT");
    expect(broken({ service: null })).toBe("INVALID_INPUT");
    expect(broken({ viewerKeySecret: "too short" })).toBe("INVALID_INPUT");
  });
});
