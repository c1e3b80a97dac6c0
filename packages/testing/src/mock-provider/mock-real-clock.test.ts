// The mock on a real-time clock (a server running the docs' example): nothing calls `tick()` and
// the clock reports no change, so the mock must move by itself.
import { type Clock, type ProviderEvent, systemClock } from "@onair/core";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createMockLiveProvider, mockStopReasons } from "./mock-live-provider.js";

const second = 1000;
const minute = 60 * second;
const stage = { streamIds: [], layout: "grid", focusStreamId: null } as const;

const recordingStatuses = (events: readonly ProviderEvent[]) =>
  events.flatMap((event) => (event.type === "recording" ? [[event.status, event.reason]] : []));

describe("createMockLiveProvider on a real-time clock", () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: Date.UTC(2026, 0, 1, 9) });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("R-LIFE-3: stops a recording 60 s after the room empties and makes it available 30 s later, with no call", async () => {
    const mock = createMockLiveProvider<Clock>({ clock: systemClock });
    const { roomId } = await mock.createRoom("ses_1");
    const connectionId = mock.connect(roomId, { connectionData: "pk_mod" });
    await mock.startRecording(roomId, { name: "seg-0", stage });
    mock.leave(roomId, connectionId);

    await vi.advanceTimersByTimeAsync(minute - 1);
    expect(recordingStatuses(mock.events).at(-1)).toEqual(["paused", null]);

    await vi.advanceTimersByTimeAsync(1);
    expect(recordingStatuses(mock.events).at(-1)).toEqual(["stopped", mockStopReasons.idle]);

    await vi.advanceTimersByTimeAsync(30 * second);
    expect(recordingStatuses(mock.events).at(-1)).toEqual(["available", mockStopReasons.idle]);
    const done = mock.events.at(-1);
    expect(done?.type === "recording" && done.at).toBe(Date.UTC(2026, 0, 1, 9) + 90 * second);
    mock.dispose();
  });

  it("clears its timer on dispose and plans nothing after", async () => {
    const mock = createMockLiveProvider<Clock>({ clock: systemClock });
    const { roomId } = await mock.createRoom("ses_1");
    const connectionId = mock.connect(roomId);
    await mock.startRecording(roomId, { name: "seg-0", stage });
    mock.leave(roomId, connectionId);
    await vi.advanceTimersByTimeAsync(0);
    expect(vi.getTimerCount()).toBe(1);
    mock.dispose();
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(10 * minute);
    expect(recordingStatuses(mock.events).at(-1)).toEqual(["paused", null]);
  });

  it("sets no timer when the clock reports its own changes (the test clock)", async () => {
    const mock = createMockLiveProvider();
    const { roomId } = await mock.createRoom("ses_1");
    const connectionId = mock.connect(roomId);
    await mock.startRecording(roomId, { name: "seg-0", stage });
    mock.leave(roomId, connectionId);
    await vi.advanceTimersByTimeAsync(0);
    expect(vi.getTimerCount()).toBe(0);
    mock.clock.advance(minute);
    expect(recordingStatuses(mock.events).at(-1)).toEqual(["stopped", mockStopReasons.idle]);
    mock.dispose();
  });
});
