import type { ProviderEvent } from "@onair/core";
import { beforeEach, describe, expect, it } from "vitest";
import { expectLiveError } from "../expect-live-error.js";
import type { MockLiveProvider } from "./mock-live-provider.js";
import { createMockLiveProvider } from "./mock-live-provider.js";
import { signDelivery, webhookHeaders } from "./mock-webhooks.js";

const minute = 60_000;

describe("mock webhook deliveries", () => {
  let mock: MockLiveProvider;
  let event: ProviderEvent;

  beforeEach(() => {
    mock = createMockLiveProvider({ webhookSecret: "s3cret-value" });
    event = {
      type: "recording",
      roomId: "room_1",
      recordingId: "rec_1",
      name: "ses_1-seg-0",
      status: "available",
      reason: "user initiated",
      duration: 42,
      at: mock.clock.now(),
    };
  });

  const parse = (
    delivery: { headers: Record<string, unknown>; body: string | Uint8Array },
    now = mock.clock.now(),
  ) => mock.parseWebhook(delivery.headers as Record<string, string>, delivery.body, now);

  it("R-SEC-1: a delivery signed by the mock parses back to the same events", async () => {
    const connected: ProviderEvent = {
      type: "connection-created",
      roomId: "room_1",
      connectionId: "con_1",
      connectionData: "pk_1",
      at: event.at,
    };
    const delivery = await mock.deliver([event, connected]);
    expect(delivery.headers["content-type"]).toBe("application/json");
    expect(await parse(delivery)).toEqual([event, connected]);
    expect(await parse({ ...delivery, body: new TextEncoder().encode(delivery.body) })).toEqual([
      event,
      connected,
    ]);
  });

  it("R-SEC-1: accepts a delivery within 5 minutes of the clock, either way", async () => {
    const delivery = await mock.deliver(event);
    expect(await parse(delivery, mock.clock.now() + 5 * minute)).toHaveLength(1);
    expect(await parse(delivery, mock.clock.now() - 5 * minute)).toHaveLength(1);
  });

  it("R-SEC-1: refuses an unsigned delivery", async () => {
    await expectLiveError(parse(await mock.deliver(event, { secret: null })), "UNAUTHORIZED");
  });

  it("R-SEC-1: refuses a delivery signed with another secret", async () => {
    await expectLiveError(parse(await mock.deliver(event, { secret: "guess" })), "UNAUTHORIZED");
  });

  it("R-SEC-1: refuses a stale delivery and one from the future", async () => {
    const now = mock.clock.now();
    await expectLiveError(
      parse(await mock.deliver(event, { signedAt: now - 5 * minute - 1 })),
      "UNAUTHORIZED",
    );
    await expectLiveError(
      parse(await mock.deliver(event, { signedAt: now + 5 * minute + 1 })),
      "UNAUTHORIZED",
    );
    await expectLiveError(parse(await mock.deliver(event), now + 6 * minute), "UNAUTHORIZED");
  });

  it("R-SEC-1: refuses a tampered body or timestamp", async () => {
    const delivery = await mock.deliver(event);
    await expectLiveError(
      parse({ ...delivery, body: delivery.body.replace("rec_1", "rec_2") }),
      "UNAUTHORIZED",
    );
    const moved = { ...delivery.headers, [webhookHeaders.timestamp]: String(mock.clock.now() + 1) };
    await expectLiveError(parse({ headers: moved, body: delivery.body }), "UNAUTHORIZED");
  });

  it("R-SEC-1: refuses a delivery from another issuer, even correctly signed", async () => {
    const other = await signDelivery([event], {
      applicationId: "someone-else",
      secret: "s3cret-value",
      signedAt: mock.clock.now(),
    });
    await expectLiveError(parse(other), "UNAUTHORIZED");
  });

  it("R-SEC-1: reads headers whatever their case, and refuses repeated signature headers", async () => {
    const delivery = await mock.deliver(event);
    const upper = Object.fromEntries(
      Object.entries(delivery.headers).map(([key, value]) => [key.toUpperCase(), [value]]),
    );
    expect(await parse({ headers: upper, body: delivery.body })).toEqual([event]);
    const signature = delivery.headers[webhookHeaders.signature] ?? "";
    const doubled = { ...delivery.headers, [webhookHeaders.signature]: [signature, signature] };
    await expectLiveError(parse({ headers: doubled, body: delivery.body }), "UNAUTHORIZED");
  });

  it("R-SEC-1: never echoes the secret or the signature in a refusal", async () => {
    const forged = await mock.deliver(event, { secret: "guess" });
    const error = await expectLiveError(parse(forged), "UNAUTHORIZED");
    const text = JSON.stringify(error.toJSON()) + error.message;
    expect(text).not.toContain("s3cret-value");
    expect(text).not.toContain(forged.headers[webhookHeaders.signature]);
  });

  it("R-SEC-1: each refusal carries the reason the core counts (unsigned, signature, stale, body)", async () => {
    const now = mock.clock.now();
    const reasonOf = async (
      delivery: { headers: Record<string, unknown>; body: string | Uint8Array },
      code: "UNAUTHORIZED" | "INVALID_INPUT" = "UNAUTHORIZED",
    ) => ((await expectLiveError(parse(delivery), code)) as { reason?: unknown }).reason;
    expect(await reasonOf(await mock.deliver(event, { secret: null }))).toBe("unsigned");
    expect(await reasonOf(await mock.deliver(event, { secret: "guess" }))).toBe("signature");
    expect(await reasonOf(await mock.deliver(event, { signedAt: now - 6 * minute }))).toBe("stale");
    const malformed = await signDelivery([{ type: "recording" }] as unknown as ProviderEvent[], {
      applicationId: "mock-app",
      secret: "s3cret-value",
      signedAt: now,
    });
    expect(await reasonOf(malformed, "INVALID_INPUT")).toBe("body");
  });

  it("ignores event types onair does not use, and refuses malformed events", async () => {
    const sign = (body: unknown) =>
      signDelivery(body as ProviderEvent[], {
        applicationId: "mock-app",
        secret: "s3cret-value",
        signedAt: mock.clock.now(),
      });
    const unknown = await sign([{ type: "captions-started", roomId: "room_1", at: 1 }]);
    expect(await parse(unknown)).toEqual([]);
    const malformed = await sign([
      { type: "recording", roomId: "room_1", at: 1, status: "exploded" },
    ]);
    await expectLiveError(parse(malformed), "INVALID_INPUT");
  });

  it("parses room-destroyed and audio-only streams back, and refuses them malformed", async () => {
    const ended: ProviderEvent = { type: "room-destroyed", roomId: "room_1", at: event.at };
    const voice: ProviderEvent = {
      type: "stream-created",
      roomId: "room_1",
      streamId: "str_1",
      connectionId: "con_1",
      connectionData: "pk_1",
      videoType: "camera",
      audioOnly: true,
      at: event.at,
    };
    expect(await parse(await mock.deliver([voice, ended]))).toEqual([voice, ended]);
    const sign = (body: unknown) =>
      signDelivery(body as ProviderEvent[], {
        applicationId: "mock-app",
        secret: "s3cret-value",
        signedAt: mock.clock.now(),
      });
    await expectLiveError(parse(await sign([{ type: "room-destroyed", at: 1 }])), "INVALID_INPUT");
    await expectLiveError(parse(await sign([{ ...voice, audioOnly: "yes" }])), "INVALID_INPUT");
  });
});
