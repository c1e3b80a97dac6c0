import { describe, expect, it } from "vitest";
import { createSharedResources } from "./shared-resources.js";

function setUp() {
  const pending: (() => void)[] = [];
  const created: string[] = [];
  const disposed: string[] = [];
  const resources = createSharedResources(
    (key) => {
      created.push(key);
      return { key };
    },
    (resource) => disposed.push(resource.key),
    (run) => pending.push(run),
  );
  const flush = () => {
    for (const run of pending.splice(0)) run();
  };
  return { resources, created, disposed, flush };
}

describe("createSharedResources", () => {
  it("gives every holder of a key the same resource", () => {
    const { resources, created } = setUp();
    const a = resources.retain("ses_1");
    const b = resources.retain("ses_1");
    expect(a.resource).toBe(b.resource);
    expect(created).toEqual(["ses_1"]);
  });

  it("keeps a resource released and retained again in the same turn (StrictMode remount)", () => {
    const { resources, created, disposed, flush } = setUp();
    const first = resources.retain("ses_1");
    first.release();
    const second = resources.retain("ses_1");
    flush();
    expect(second.resource).toBe(first.resource);
    expect(created).toHaveLength(1);
    expect(disposed).toEqual([]);
  });

  it("disposes once after the last release, and a later retain creates a new one", () => {
    const { resources, created, disposed, flush } = setUp();
    const a = resources.retain("ses_1");
    const b = resources.retain("ses_1");
    a.release();
    a.release(); // a second release of the same hold changes nothing
    flush();
    expect(disposed).toEqual([]);
    b.release();
    flush();
    expect(disposed).toEqual(["ses_1"]);
    resources.retain("ses_1");
    expect(created).toEqual(["ses_1", "ses_1"]);
  });
});
