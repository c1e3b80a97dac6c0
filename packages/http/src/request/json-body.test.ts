import { describe, expect, it } from "vitest";
import type { LiveHttpHeaders, LiveHttpRequest } from "../neutral.js";
import { readJson, requireJson } from "./json-body.js";

function post(headers: LiveHttpHeaders, body = ""): LiveHttpRequest {
  const bytes = new TextEncoder().encode(body);
  return {
    method: "POST",
    headers,
    body: { bytes: async () => bytes },
  } as unknown as LiveHttpRequest;
}

const refusal = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return "accepted";
};

describe("JSON bodies", () => {
  it("R-SEC-2: accepts the usual JSON media types, in any case and with a UTF-8 charset", () => {
    for (const type of [
      "application/json",
      "application/json; charset=utf-8",
      "application/json;charset=UTF-8",
      "Application/JSON; charset=utf8",
      'application/json; charset="utf-8"',
    ]) {
      expect(refusal(() => requireJson(post({ "content-type": type })))).toBe("accepted");
    }
  });

  it("R-SEC-2: refuses other media types, charsets and encodings with 415, the usual types too", () => {
    for (const headers of [
      {},
      { "content-type": "text/plain" },
      { "content-type": "application/jsonx" },
      { "content-type": "application/json; charset=latin1" },
      { "content-type": "application/json", "content-encoding": "gzip" },
      { "content-type": "application/json; charset=utf-8", "content-encoding": " Deflate" },
    ] as LiveHttpHeaders[]) {
      expect(refusal(() => requireJson(post(headers)))).toBe("UNSUPPORTED_MEDIA_TYPE");
    }
    expect(
      refusal(() =>
        requireJson(post({ "content-type": "application/json", "content-encoding": "identity" })),
      ),
    ).toBe("accepted");
  });

  it("answers an empty body without waiting, and waits for a declared one", async () => {
    const empty = readJson(post({ "content-type": "application/json" }), 100);
    expect(empty).toEqual({});
    const declared = readJson(post({ "content-length": "13" }, '{"a":[1,2,3]}'), 100);
    expect(declared).toBeInstanceOf(Promise);
    expect(await declared).toEqual({ a: [1, 2, 3] });
    await expect(readJson(post({ "content-length": "2" }, "12"), 100)).rejects.toMatchObject({
      code: "INVALID_INPUT",
    });
  });
});
