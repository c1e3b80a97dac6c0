import { initialLiveState } from "@onair/core";
import { describe, expect, it } from "vitest";
import { aDraftSession, aLiveEvent, aLiveSession, aParticipant } from "./builders.js";

describe("builders", () => {
  it("R-SES-3: aLiveSession is a published live session with a moderator and a speaker", () => {
    const session = aLiveSession();
    expect(session).toMatchObject({ status: "published", streamType: "live", version: 1 });
    expect(session.participants).toEqual([
      { email: "mod@example.com", role: "moderator", personKey: "p_mod" },
      { email: "speaker@example.com", role: "speaker", personKey: "p_speaker" },
    ]);
    expect(Date.parse(session.startsAt)).toBeLessThan(Date.parse(session.endsAt));
  });

  it("R-LIFE-1: aLiveSession starts in the initial live state", () => {
    expect(aLiveSession().live).toEqual(initialLiveState());
    expect(aLiveSession().live.phase).toBe("scheduled");
  });

  it("is deterministic and gives a fresh object each time", () => {
    const a = aLiveSession();
    const b = aLiveSession();
    expect(a).toEqual(b);
    expect(a).not.toBe(b);
    expect(a.participants[0]).not.toBe(b.participants[0]);
    expect(a.live.stage).not.toBe(b.live.stage);
  });

  it("merges overrides, the live part into the initial live state", () => {
    const session = aLiveSession({
      id: "ses_9",
      title: "Panel",
      live: { phase: "live", roomId: "room_1" },
    });
    expect(session).toMatchObject({ id: "ses_9", title: "Panel", version: 1 });
    expect(session.live).toMatchObject({
      phase: "live",
      roomId: "room_1",
      replay: "none",
      segments: [],
    });
  });

  it("aDraftSession is a draft", () => {
    expect(aDraftSession()).toMatchObject({ status: "draft", streamType: "live" });
    expect(aDraftSession({ participants: [] }).participants).toEqual([]);
  });

  it("aParticipant derives a person key from an overridden email", () => {
    expect(aParticipant()).toEqual({
      email: "guest@example.com",
      role: "speaker",
      personKey: "p_guest",
    });
    expect(aParticipant({ email: "ana.b@example.com", role: "moderator" })).toEqual({
      email: "ana.b@example.com",
      role: "moderator",
      personKey: "p_ana_b",
    });
    expect(aParticipant({ personKey: "p_x" }).personKey).toBe("p_x");
  });

  it("aLiveEvent is a system entry of ses_1 unless overridden", () => {
    expect(aLiveEvent()).toEqual({
      sessionId: "ses_1",
      type: "session-updated",
      actor: { kind: "system" },
      at: "2026-01-01T09:00:00.000Z",
      reason: null,
      data: {},
    });
    expect(aLiveEvent({ type: "live-started", reason: "go" })).toMatchObject({
      type: "live-started",
      reason: "go",
    });
  });
});
