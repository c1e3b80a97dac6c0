// createContentSource is what the control room's `contentSource` option expects.
import { expectTypeOf, it } from "vitest";
import type { ContentSourceFactory } from "../types.js";
import { createContentSource } from "./content-source.js";

it("createContentSource fits ControlRoomOptions.contentSource", () => {
  expectTypeOf(createContentSource).toExtend<ContentSourceFactory>();
});
