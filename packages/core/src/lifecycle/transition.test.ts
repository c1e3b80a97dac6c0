// The instant every decision stamps on its events, formatted once per millisecond.
import { describe, expect, it } from "vitest";
import { aSession, moderator, T0 } from "../../test/fixtures.js";
import { decide } from "./decide.js";
import { isoAt } from "./transition.js";

describe("isoAt", () => {
  it("gives each millisecond its own ISO 8601 instant, repeated or not", () => {
    const instants = [0, 0, 1, 1_767_261_600_123, 1, 0, -1];
    expect(instants.map(isoAt)).toEqual(instants.map((ms) => new Date(ms).toISOString()));
  });

  it("refuses an instant that is not a time, like Date does", () => {
    isoAt(0);
    expect(() => isoAt(Number.NaN)).toThrow(RangeError);
    expect(() => isoAt(Number.NaN)).toThrow(RangeError);
  });

  it("stamps a decision's events with its own instant, one decision after another", () => {
    const started = decide(aSession(), { type: "start-live", actor: moderator }, T0);
    const stopped = decide(started.session, { type: "stop-live", actor: moderator }, T0 + 1);
    expect(new Set(started.events.map((e) => e.at))).toEqual(new Set([new Date(T0).toISOString()]));
    expect(new Set(stopped.events.map((e) => e.at))).toEqual(
      new Set([new Date(T0 + 1).toISOString()]),
    );
  });
});
