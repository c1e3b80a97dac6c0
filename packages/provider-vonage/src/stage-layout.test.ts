// Core layouts in Vonage's terms: grid → bestFit (a shared screen gets the large place), focus →
// horizontalPresentation with the "focus" class, pip → pip with the "full" class.
import type { ProviderStage } from "@onair/core";
import { describe, expect, it } from "vitest";
import { classListsOf, layoutOf, streamChanges } from "./stage-layout.js";

const stage = (layout: ProviderStage["layout"], focusStreamId: string | null): ProviderStage => ({
  streamIds: ["s1", "s2", "s3"],
  layout,
  focusStreamId,
});

describe("stage layout", () => {
  it("R-STAGE-1: grid is bestFit with the screenshare layout, and no stream is singled out", () => {
    expect(layoutOf(stage("grid", null), "horizontalPresentation")).toEqual({
      type: "bestFit",
      screenshareType: "horizontalPresentation",
    });
    expect(classListsOf(stage("grid", null))).toEqual([
      { id: "s1", layoutClassList: [] },
      { id: "s2", layoutClassList: [] },
      { id: "s3", layoutClassList: [] },
    ]);
  });

  it("R-STAGE-1: focus is horizontalPresentation, the focused stream alone has the focus class", () => {
    expect(layoutOf(stage("focus", "s2"), "pip")).toEqual({ type: "horizontalPresentation" });
    expect(classListsOf(stage("focus", "s2"))).toEqual([
      { id: "s1", layoutClassList: [] },
      { id: "s2", layoutClassList: ["focus"] },
      { id: "s3", layoutClassList: [] },
    ]);
  });

  it("R-STAGE-1: pip shows the focused stream full size (class full)", () => {
    expect(layoutOf(stage("pip", "s3"), "bestFit")).toEqual({ type: "pip" });
    expect(classListsOf(stage("pip", "s3"))).toEqual([
      { id: "s1", layoutClassList: [] },
      { id: "s2", layoutClassList: [] },
      { id: "s3", layoutClassList: ["full"] },
    ]);
  });

  it("computes what to add and remove so an output holds exactly the stage", () => {
    expect(streamChanges(["a", "b"], ["b", "c", "d"])).toEqual({ add: ["c", "d"], remove: ["a"] });
    expect(streamChanges(["a"], ["a"])).toEqual({ add: [], remove: [] });
    expect(streamChanges(["a", "b"], [])).toEqual({ add: [], remove: ["a", "b"] });
  });
});
