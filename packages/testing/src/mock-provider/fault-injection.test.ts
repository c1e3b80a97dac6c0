import type { ProviderStage } from "@onair/core";
import { LiveError } from "@onair/core";
import { beforeEach, describe, expect, it } from "vitest";
import { expectLiveError } from "../expect-live-error.js";
import type { MockLiveProvider } from "./mock-live-provider.js";
import { createMockLiveProvider } from "./mock-live-provider.js";

const stage: ProviderStage = { streamIds: [], layout: "grid", focusStreamId: null };

describe("mock fault injection", () => {
  let mock: MockLiveProvider;
  let roomId: string;

  beforeEach(async () => {
    mock = createMockLiveProvider();
    roomId = (await mock.createRoom("ses_1")).roomId;
    mock.connect(roomId, { connectionData: "pk_mod" });
  });

  it("failNext fails the next call with a retriable PROVIDER_FAILED and changes nothing", async () => {
    mock.failNext("startRecording");
    const error = await expectLiveError(
      mock.startRecording(roomId, { name: "seg-0", stage }),
      "PROVIDER_FAILED",
    );
    expect(error.retriable).toBe(true);
    expect(mock.liveRecordings(roomId)).toEqual([]);
    expect(mock.events.filter((e) => e.type === "recording")).toEqual([]);
    // Only the next call: the retry goes through.
    expect((await mock.startRecording(roomId, { name: "seg-0", stage })).status).toBe("started");
  });

  it("failNext counts calls per method and can throw a given error", async () => {
    const outage = new LiveError("PROVIDER_FAILED", "Provider outage", { retriable: false });
    mock.failNext("createRoom", { times: 2, error: outage });
    mock.failNext("createRoom");
    await expect(mock.createRoom("a")).rejects.toBe(outage);
    await mock.disconnect(roomId, "con_x"); // other methods are untouched
    await expect(mock.createRoom("b")).rejects.toBe(outage);
    const third = await expectLiveError(mock.createRoom("c"), "PROVIDER_FAILED");
    expect(third).not.toBe(outage);
    expect((await mock.createRoom("d")).roomId).toMatch(/^room_/);
    expect(mock.callsTo("createRoom").map((call) => call.args[0])).toEqual([
      "ses_1",
      "a",
      "b",
      "c",
      "d",
    ]);
  });

  it("R-LIFE-6: afterEffect fails after the provider acted, leaving a recording to adopt by name", async () => {
    mock.failNext("startRecording", { afterEffect: true });
    await expectLiveError(
      mock.startRecording(roomId, { name: "ses_1-seg-0", stage }),
      "PROVIDER_FAILED",
    );
    const adopted = (await mock.listRecordings(roomId)).find((r) => r.name === "ses_1-seg-0");
    expect(adopted).toMatchObject({ status: "started" });
  });

  it("delayNext holds a call for real time, so a later call overtakes it", async () => {
    mock.delayNext("startRecording", 30);
    const order: string[] = [];
    const slow = mock.startRecording(roomId, { name: "slow", stage }).then(
      () => order.push("slow"),
      (error: LiveError) => order.push(`slow ${error.code}`),
    );
    const fast = mock
      .startRecording(roomId, { name: "fast", stage })
      .then(() => order.push("fast"));
    await Promise.all([slow, fast]);
    // The delayed call arrives second, finds the room already recorded, and is refused.
    expect(order).toEqual(["fast", "slow PROVIDER_FAILED"]);
    expect(mock.liveRecordings(roomId).map((r) => r.name)).toEqual(["fast"]);
  });

  it("delayNext applies to the given number of calls, then calls run at once again", async () => {
    mock.delayNext("getRecording", 20, { times: 2 });
    const { id } = await mock.startRecording(roomId, { name: "seg-0", stage });
    // An undelayed call settles within microtasks, before any timer; a delayed one does not.
    const settlesBeforeATimer = async () => {
      let done = false;
      const call = mock.getRecording(id).then(() => {
        done = true;
      });
      await new Promise((resolve) => setTimeout(resolve, 0));
      const early = done;
      await call;
      return early;
    };
    expect(await settlesBeforeATimer()).toBe(false);
    expect(await settlesBeforeATimer()).toBe(false);
    expect(await settlesBeforeATimer()).toBe(true);
  });

  it("refuses nonsense plans", () => {
    expect(() => mock.failNext("createRoom", { times: 0 })).toThrow(RangeError);
    expect(() => mock.delayNext("createRoom", -1)).toThrow(RangeError);
  });
});
