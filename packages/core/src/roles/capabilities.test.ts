import { describe, expect, it } from "vitest";
import { Capability, can, capabilitiesOf } from "./capabilities.js";

describe("capabilities", () => {
  it("R-PERM-1: only a moderator can start and stop the live", () => {
    expect(can(["moderator"], Capability.startLive)).toBe(true);
    expect(can(["speaker"], Capability.startLive)).toBe(false);
    expect(can(["attendee"], Capability.stopLive)).toBe(false);
    expect(capabilitiesOf(["speaker", "moderator"])).toEqual(capabilitiesOf(["moderator"]));
  });
});
