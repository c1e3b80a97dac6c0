// Provider calls whose failure is only logged, and the notifications the platform receives
// (also logged; R-LIFE-4, R-LIFE-7, R-LIFE-8, R-DATA-1).
import { notificationData } from "../session/notification-fields.js";
import { describe, type LiveNotification, type ServiceContext } from "./context.js";

/** Notifications that say something went wrong or needs a person now: logged as warnings. */
const alertKinds: ReadonlySet<LiveNotification["kind"]> = new Set<LiveNotification["kind"]>([
  "idle-alert",
  "replay-failed",
  "webhook-deliveries-failing",
]);

export function createNotify(parts: ServiceContext) {
  const { logger, options } = parts;
  async function attempt(log: Record<string, unknown>, call: () => Promise<unknown>) {
    try {
      await call();
    } catch (error) {
      logger.warn({ ...log, err: describe(error) }, "provider call failed");
    }
  }

  /** Logs and hands the notification to the platform; false when its handler failed. */
  async function notify(given: LiveNotification): Promise<boolean> {
    // R-DATA-1: an allow-list of fields leaves onair, never "everything but emails".
    const notification = { ...given, data: notificationData(given.data) };
    // Alerts are warnings; the normal course of a live (a replay to fetch, copies to delete) is not.
    const level = alertKinds.has(notification.kind) ? "warn" : "info";
    logger[level](
      {
        sessionId: notification.sessionId,
        notification: notification.kind,
        notificationId: notification.id,
        ...notification.data,
      },
      "live notification",
    );
    try {
      await options.onNotification?.(notification);
      return true;
    } catch (error) {
      logger.error(
        { sessionId: notification.sessionId, err: describe(error) },
        "notification handler failed; sent again by the tick",
      );
      return false;
    }
  }
  return { attempt, notify };
}
