import { describe, expect, it } from "vitest";
import type { LiveEvent } from "./model.js";
import { eventForNotification, notificationData } from "./notification-fields.js";

const base: LiveEvent = {
  sessionId: "ses-1",
  type: "session-updated",
  actor: { kind: "system" },
  at: "2026-03-02T09:00:00.000Z",
  reason: null,
  data: {},
};

describe("notifications carry an allow-list of fields (R-DATA-1)", () => {
  it("R-DATA-1: keeps listed plain fields, drops emails, unknown keys and nested objects", () => {
    expect(
      notificationData({
        sessionId: "ses-1",
        streamIds: ["s-1", "s-2"],
        idleMs: 900_000,
        email: "speaker@example.com",
        viewerKey: "vk-1",
        adminId: "adm-1",
        reason: { email: "nested@example.com" },
        recordingIds: [{ id: "r-1" }],
      }),
    ).toEqual({ sessionId: "ses-1", streamIds: ["s-1", "s-2"], idleMs: 900_000 });
  });

  it("R-DATA-1: a change notification never carries an admin id, and says what it left out", () => {
    const byAdmin: LiveEvent = {
      ...base,
      actor: { kind: "admin", id: "adm_4f9c2e" },
      data: { fields: ["title"] },
    };
    const { event, redacted } = eventForNotification(byAdmin);
    expect(redacted).toBe(true);
    expect(event.actor).toEqual({ kind: "admin", id: "" });
    expect(JSON.stringify(event)).not.toContain("adm_4f9c2e");
    expect(event.data).toEqual({ fields: ["title"] });

    const added: LiveEvent = {
      ...base,
      type: "participant-added",
      data: { email: "a@example.com", role: "speaker", personKey: "p-1" },
    };
    expect(eventForNotification(added)).toEqual({
      event: { ...added, data: { role: "speaker", personKey: "p-1" } },
      redacted: true,
    });
    const plain: LiveEvent = { ...base, type: "stream-created", data: { streamId: "s-1" } };
    expect(eventForNotification(plain)).toEqual({ event: plain, redacted: false });
  });
});
