// JSON-only bodies on state-changing routes (no simple cross-site form can reach them, R-SEC-2),
// read within a size limit and parsed strictly: an object or an array, UTF-8, not compressed.
import { LiveError } from "@onair/core";
import type { LiveHttpHeaders, LiveHttpRequest } from "../neutral.js";
import { HttpProblem } from "../problems/http-problem.js";

// POST/PUT/PATCH without a body would be a "simple" cross-site request: they must say JSON too.
const jsonMediaType = /^\s*application\/json\s*(?:;|$)/i;
const charsetParameter = /;\s*charset\s*=\s*"?([^";\s]*)"?/i;

/** Whether the request declares a body (a length above zero, or chunks). */
export function hasBody(headers: LiveHttpHeaders): boolean {
  if (headers["transfer-encoding"] !== undefined) return true;
  const length = headers["content-length"];
  return length !== undefined && length !== "0" && Number(length) > 0;
}

/** 415 unless the request says it carries JSON (with a body or without one). */
export function requireJson(request: LiveHttpRequest): void {
  const { method, headers } = request;
  const writes = method === "POST" || method === "PUT" || method === "PATCH";
  if (!writes && !hasBody(headers)) return;
  const type = headers["content-type"];
  if (type === undefined || !jsonMediaType.test(type)) {
    throw new HttpProblem(
      "UNSUPPORTED_MEDIA_TYPE",
      "Send a JSON body with Content-Type: application/json.",
    );
  }
  const charset = charsetParameter.exec(type)?.[1]?.toLowerCase();
  if (charset !== undefined && charset !== "utf-8" && charset !== "utf8") {
    throw new HttpProblem("UNSUPPORTED_MEDIA_TYPE", "The request body's charset is not supported.");
  }
  const encoding = headers["content-encoding"]?.trim().toLowerCase();
  if (encoding !== undefined && encoding !== "" && encoding !== "identity") {
    throw new HttpProblem(
      "UNSUPPORTED_MEDIA_TYPE",
      "The request body's content encoding is not supported.",
    );
  }
}

const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });

/** The parsed body (`{}` when there is none); 413 over `maxBytes`, 400 when it is not JSON. */
export async function readJson(request: LiveHttpRequest, maxBytes: number): Promise<unknown> {
  if (!hasBody(request.headers)) return {};
  const bytes = await request.body.bytes(maxBytes);
  if (bytes.byteLength === 0) return {};
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    throw new LiveError("INVALID_INPUT", "The request body is not valid JSON.");
  }
  // Strict, like body-parser: only an object or an array at the top.
  const first = text.trimStart()[0];
  if (first !== "{" && first !== "[") {
    throw new LiveError("INVALID_INPUT", "The request body is not valid JSON.");
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new LiveError("INVALID_INPUT", "The request body is not valid JSON.");
  }
}
