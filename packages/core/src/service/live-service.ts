// The live service: loads a session, asks `decide`, saves with compare-and-set (the intent before
// any provider call), then runs the provider effects and records their outcome (R-LIFE-5, R-LIFE-6).
// A thin assembly of parts over one shared context: commit, notify, effects, access, rooms,
// recordings, back office, control room, audience, provider events, recovery.
import { createAccess } from "./access.js";
import { createAudience } from "./audience.js";
import { createBackOffice } from "./back-office.js";
import { createCommit } from "./commit.js";
import { type CreateLiveServiceOptions, createContext } from "./context.js";
import { createControlRoom } from "./control-room.js";
import { createEffects } from "./effects.js";
import { createNotify } from "./notify.js";
import { createProviderEvents } from "./provider-events.js";
import { createRecordings } from "./recordings.js";
import { createRecovery } from "./recovery.js";
import { createRooms } from "./rooms.js";
import type { LiveService } from "./types.js";
import { createWebhookHealthTracker, type WebhookRefusalReason } from "./webhook-health.js";

export type {
  CreateLiveServiceOptions,
  LiveNotification,
  LiveServiceOptions,
} from "./context.js";

/** What the service's parts are built on: the context and the shared steps of every command. */
export type Parts = ReturnType<typeof partsOf>;
export type Commit = ReturnType<typeof createCommit>;
export type Effects = ReturnType<typeof createEffects>;
export type Notify = ReturnType<typeof createNotify>;

function partsOf(config: CreateLiveServiceOptions) {
  const context = createContext(config);
  const commit = { ...context, ...createCommit(context) };
  const notify = { ...commit, ...createNotify(commit) };
  const effects = { ...notify, ...createEffects(notify) };
  const access = { ...effects, ...createAccess(effects), ...createRooms(effects) };
  return { ...access, ...createRecordings(access) };
}

export function createLiveService(config: CreateLiveServiceOptions): LiveService {
  const parts = partsOf(config);
  const webhooks = createWebhookHealthTracker(parts.options.webhookHealth);
  return {
    async recordWebhookDelivery(result: "accepted" | WebhookRefusalReason) {
      const now = parts.clock.now();
      if (result === "accepted") return webhooks.accepted(now);
      const alert = webhooks.refused(result, now);
      if (alert === null) return;
      // `notify` logs it as a warning too; nothing from the deliveries themselves is included.
      // One alert per episode: the instant it was raised identifies it (counts by reason are in
      // `health()`, not in the notification's plain fields).
      await parts.notify({
        id: `webhook-deliveries-failing-${now}`,
        kind: "webhook-deliveries-failing",
        sessionId: "",
        data: {
          reason: alert.reason,
          cause: alert.cause,
          refusedInWindow: alert.refusedInWindow,
          windowMs: alert.windowMs,
        },
      });
    },
    health: () => ({ webhooks: webhooks.health(parts.clock.now()) }),
    ...createBackOffice(parts),
    ...createControlRoom(parts),
    ...createAudience(parts),
    ...createProviderEvents(parts),
    ...createRecovery(parts),
  };
}
