// Platform notifications are sent from saved state, at least once: saved with the change that
// raised them, sent after the save, confirmed, and sent again by the tick when the process died in
// between or the platform's handler failed.
import { describe, expect, it } from "vitest";
import { harness, mod } from "../../test/service-harness.js";
import { defaultDecideOptions } from "../lifecycle/commands.js";
import type { SessionStore } from "../ports/session-store.js";
import type { LiveSession } from "../session/model.js";
import { createInMemoryStore } from "../store/in-memory-store.js";
import { createLiveService, type LiveNotification } from "./live-service.js";

const GRACE = defaultDecideOptions.reconcileGraceMs;

/** A store whose process "dies" right after saving a change that holds a notification. */
function dyingAfterNotifyingSave() {
  const inner = createInMemoryStore();
  let armed = true;
  const store: SessionStore = {
    ...inner,
    async update(session: LiveSession, expectedVersion, history) {
      await inner.update(session, expectedVersion, history);
      if (armed && (session.live.outbox?.length ?? 0) > 0) {
        armed = false;
        throw new Error("process killed after the save");
      }
    },
  };
  return store;
}

describe("notifications from saved state (outbox)", () => {
  it("R-LIFE-8: an idle alert lost to a crash between the save and the sending is sent by the next tick, once", async () => {
    const store = dyingAfterNotifyingSave();
    const h = harness({ idleAlertMs: 60_000, store });
    await h.seed();
    await h.service.startLive("ses-1", mod);
    h.advance(61_000);
    await expect(h.service.tick("ses-1")).rejects.toBeDefined();
    expect(h.notifications).toEqual([]);
    const saved = await h.service.getSession("ses-1");
    expect(saved.live.idleAlertedAt).not.toBeNull();
    expect(saved.live.outbox?.map((n) => n.kind)).toEqual(["idle-alert"]);

    // Another instance (same store) ticks after the grace period: the alert is sent.
    const received: LiveNotification[] = [];
    const other = createLiveService({
      store,
      provider: h.fake.provider,
      changes: h.changes,
      clock: { now: h.now },
      idleAlertMs: 60_000,
      onNotification: (n) => void received.push(n),
    });
    await other.tick("ses-1"); // within the grace period: it may still be on its way
    expect(received).toEqual([]);
    h.advance(GRACE);
    await other.tickAll();
    expect(received.map((n) => [n.kind, n.id])).toEqual([
      ["idle-alert", saved.live.outbox?.[0]?.id],
    ]);
    await other.tickAll();
    h.advance(GRACE);
    await other.tickAll();
    expect(received).toHaveLength(1);
    expect((await other.getSession("ses-1")).live.outbox).toBeUndefined();
    const history = await other.history("ses-1");
    expect(history.filter((e) => e.type === "notification-sent")).toHaveLength(1);
  });

  it("R-LIFE-8: a notification whose handler failed is sent again by the tick, with the same id", async () => {
    const h = harness({ idleAlertMs: 60_000 });
    const received: LiveNotification[] = [];
    let failing = true;
    const service = createLiveService({
      store: h.store,
      provider: h.fake.provider,
      changes: h.changes,
      clock: { now: h.now },
      idleAlertMs: 60_000,
      onNotification: (n) => {
        received.push(n);
        if (failing) throw new Error("platform unreachable");
      },
    });
    await h.seed();
    await service.startLive("ses-1", mod);
    h.advance(61_000);
    await service.tick("ses-1");
    expect(received).toHaveLength(1);
    failing = false;
    h.advance(GRACE);
    await service.tick("ses-1");
    expect(received).toHaveLength(2);
    expect(received[1]?.id).toBe(received[0]?.id);
    h.advance(GRACE);
    await service.tick("ses-1");
    expect(received).toHaveLength(2);
  });

  it("R-LIFE-4: a notification of an ended live left unsent keeps it listed until it is sent", async () => {
    const store = dyingAfterNotifyingSave();
    const h = harness({ store });
    await h.seed();
    await h.service.startLive("ses-1", mod);
    await h.service.stopLive("ses-1", mod);
    // The recording fails: the replay fails and the platform must be told; the process dies.
    const failed = h.fake.setStatus("rec-1", "failed", "encoding error");
    await expect(h.service.handleProviderEvent(failed)).rejects.toBeDefined();
    expect(h.notifications).toEqual([]);
    expect(await store.settlingSessionIds()).toEqual(["ses-1"]);
    h.advance(10 * GRACE);
    await h.service.tickAll();
    expect(h.notifications.map((n) => n.kind)).toEqual(["replay-failed"]);
    expect(await store.settlingSessionIds()).toEqual([]);
  });
});
