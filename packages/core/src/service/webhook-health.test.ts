import { describe, expect, it } from "vitest";
import { T0 } from "../../test/fixtures.js";
import { harness } from "../../test/service-harness.js";
import { LiveError } from "../errors.js";
import {
  createWebhookHealthTracker,
  webhookRefusal,
  webhookRefusalReasonOf,
} from "./webhook-health.js";

const minute = 60_000;

describe("webhook delivery health tracker", () => {
  it("counts accepted and refused deliveries by reason, with the last times", () => {
    const tracker = createWebhookHealthTracker();
    tracker.accepted(T0);
    tracker.accepted(T0 + 10);
    tracker.refused("signature", T0 + 1000);
    tracker.refused("stale", T0 + 2000);
    tracker.refused("stale", T0 + 3000);
    const health = tracker.health(T0 + 4000);
    expect(health.accepted).toBe(2);
    expect(health.refused).toEqual({ signature: 1, stale: 2, unsigned: 0, body: 0, other: 0 });
    expect(health.lastAcceptedAt).toBe(T0 + 10);
    expect(health.lastRefusedAt).toBe(T0 + 3000);
    expect(health.alert).toEqual({ raised: false, reason: null, since: null });
    expect(health).toMatchObject({ windowMs: 30 * minute, alertThreshold: 10 });
  });

  it("slides the window: refusals older than the window are no longer counted", () => {
    const tracker = createWebhookHealthTracker({ windowMs: 10 * minute, alertThreshold: 3 });
    tracker.refused("signature", T0);
    tracker.refused("signature", T0 + 6 * minute);
    // The first has left the window when the third arrives: 2 in the window, below 3.
    expect(tracker.refused("signature", T0 + 11 * minute)).toBeNull();
    expect(tracker.health(T0 + 11 * minute).refused.signature).toBe(2);
    expect(tracker.health(T0 + 17 * minute).refused.signature).toBe(1);
    expect(tracker.health(T0 + 22 * minute).refused.signature).toBe(0);
    // The last times are kept after the window has slid past them.
    expect(tracker.health(T0 + 22 * minute).lastRefusedAt).toBe(T0 + 11 * minute);
  });

  it("raises the alert once per episode, naming the most frequent reason", () => {
    const tracker = createWebhookHealthTracker({ alertThreshold: 3 });
    expect(tracker.refused("stale", T0)).toBeNull();
    expect(tracker.refused("signature", T0 + 1)).toBeNull();
    const alert = tracker.refused("stale", T0 + 2);
    expect(alert).toMatchObject({ reason: "stale", refusedInWindow: 3 });
    expect(alert?.cause).toMatch(/clock/);
    for (let i = 3; i < 50; i += 1) expect(tracker.refused("stale", T0 + i)).toBeNull();
    expect(tracker.health(T0 + 60).alert).toEqual({ raised: true, reason: "stale", since: T0 + 2 });
  });

  it("an accepted delivery alone does not end an episode while refusals stay over the threshold", () => {
    const tracker = createWebhookHealthTracker({ alertThreshold: 3 });
    for (let i = 0; i < 3; i += 1) tracker.refused("signature", T0 + i);
    tracker.accepted(T0 + 10);
    expect(tracker.health(T0 + 10).alert.raised).toBe(true);
    // Still refused: the same episode, not told again.
    expect(tracker.refused("signature", T0 + 20)).toBeNull();
  });

  it("resets after recovery: refusals below the threshold and a delivery accepted; the next crossing alerts again", () => {
    const tracker = createWebhookHealthTracker({ windowMs: 10 * minute, alertThreshold: 3 });
    for (let i = 0; i < 3; i += 1) tracker.refused("signature", T0 + i);
    // The secret is fixed: deliveries are accepted, the refusals leave the window.
    tracker.accepted(T0 + 11 * minute);
    expect(tracker.health(T0 + 11 * minute).alert.raised).toBe(false);
    tracker.refused("body", T0 + 12 * minute);
    tracker.refused("body", T0 + 12 * minute + 1);
    const again = tracker.refused("body", T0 + 12 * minute + 2);
    expect(again).toMatchObject({ reason: "body", refusedInWindow: 3 });
    expect(again?.cause).toMatch(/body/);
  });

  it("refuses a window or threshold out of range", () => {
    expect(() => createWebhookHealthTracker({ alertThreshold: 0 })).toThrow(LiveError);
    expect(() => createWebhookHealthTracker({ windowMs: 1.5 })).toThrow(LiveError);
  });

  it("reads the reason a provider put on its refusal, else from the error's code", () => {
    const refusal = webhookRefusal(
      "UNAUTHORIZED",
      "The webhook delivery is not signed.",
      "unsigned",
    );
    expect(refusal).toBeInstanceOf(LiveError);
    expect(refusal.code).toBe("UNAUTHORIZED");
    expect(webhookRefusalReasonOf(refusal)).toBe("unsigned");
    expect(webhookRefusalReasonOf(new LiveError("UNAUTHORIZED", "no"))).toBe("signature");
    expect(webhookRefusalReasonOf(new LiveError("INVALID_INPUT", "no"))).toBe("body");
    expect(webhookRefusalReasonOf(new Error("boom"))).toBe("other");
  });
});

describe("service.health() and recordWebhookDelivery", () => {
  it("tells the platform once, with the likely cause, and reports the counts", async () => {
    const h = harness({ webhookHealth: { alertThreshold: 4 } });
    await h.service.recordWebhookDelivery("accepted");
    h.advance(1000);
    for (let i = 0; i < 6; i += 1) {
      await h.service.recordWebhookDelivery("signature");
      h.advance(1000);
    }
    const told = h.notifications.filter((n) => n.kind === "webhook-deliveries-failing");
    expect(told).toHaveLength(1);
    expect(told[0]?.data).toMatchObject({ reason: "signature", refusedInWindow: 4 });
    expect(String(told[0]?.data.cause)).toMatch(/secret/);
    expect(JSON.stringify(h.logs)).toContain("webhook-deliveries-failing");
    const health = h.service.health().webhooks;
    expect(health.accepted).toBe(1);
    expect(health.refused.signature).toBe(6);
    expect(health.lastAcceptedAt).toBe(T0);
    expect(health.lastRefusedAt).toBe(T0 + 6000);
    expect(health.alert).toMatchObject({ raised: true, reason: "signature" });
  });
});
