import { describe, expect, it } from "vitest";
import { isProviderRecordingStatus, recordingStatuses } from "./model.js";

describe("recording statuses: one list", () => {
  it.each([
    ["started", true],
    ["paused", true],
    ["stopped", true],
    ["uploaded", true],
    ["available", true],
    ["expired", true],
    ["failed", true],
    ["starting", false],
    ["deleted", false],
    ["", false],
    [null, false],
    [3, false],
  ])("a provider may report %j: %s", (value, expected) => {
    expect(isProviderRecordingStatus(value)).toBe(expected);
  });

  it("the provider reports every status but onair's own starting", () => {
    expect(recordingStatuses.filter(isProviderRecordingStatus)).toEqual(
      recordingStatuses.filter((s) => s !== "starting"),
    );
  });
});
