// The suite runs twice, on React 19 and on React 18 (test/react18): check which one is loaded.
import { version } from "react";
import { version as domVersion } from "react-dom";
import { expect, it } from "vitest";

it("runs on the React major this project expects", () => {
  const expected = process.env.ONAIR_REACT_MAJOR;
  expect(expected).toMatch(/^1[89]$/);
  expect(version.split(".")[0]).toBe(expected);
  expect(domVersion.split(".")[0]).toBe(expected);
});
