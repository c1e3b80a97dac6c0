// The stage in Vonage's terms: a predefined layout type for the composed outputs and the layout
// classes of the streams on stage. Names follow Vonage's layout guide: "focus" marks the large
// stream of the presentation layouts, "full" the full-size stream of picture-in-picture.
import type { ProviderStage } from "@onair/core";
import { type ArchiveLayout, LayoutType } from "@vonage/video";
import type { ScreenshareLayout } from "./provider-options.js";

/** The layout object sent to archives and broadcasts (the REST API takes it as an object). */
export function layoutOf(
  stage: ProviderStage,
  screenshareLayout: ScreenshareLayout,
): ArchiveLayout {
  switch (stage.layout) {
    case "grid":
      // `screenshareType` only applies to bestFit: a shared screen gets the large place.
      return { type: LayoutType.BEST_FIT, screenshareType: screenshareLayout };
    case "focus":
      return { type: LayoutType.HORIZONTAL_PRESENTATION };
    case "pip":
      return { type: LayoutType.PIP };
  }
}

/** The class that makes the focused stream large in `layout`, if any. */
function focusClassOf(stage: ProviderStage): string | null {
  switch (stage.layout) {
    case "grid":
      return null;
    case "focus":
      return "focus";
    case "pip":
      return "full";
  }
}

/** Layout classes for every stream on stage; the others are cleared so one stream stays large. */
export function classListsOf(
  stage: ProviderStage,
): { readonly id: string; readonly layoutClassList: string[] }[] {
  const focusClass = focusClassOf(stage);
  return stage.streamIds.map((id) => ({
    id,
    layoutClassList: focusClass !== null && id === stage.focusStreamId ? [focusClass] : [],
  }));
}

/** What to add to and remove from an output so that it holds exactly the stage's streams. */
export function streamChanges(
  current: readonly string[],
  wanted: readonly string[],
): { readonly add: readonly string[]; readonly remove: readonly string[] } {
  const have = new Set(current);
  const want = new Set(wanted);
  return {
    add: [...want].filter((id) => !have.has(id)),
    remove: [...have].filter((id) => !want.has(id)),
  };
}
