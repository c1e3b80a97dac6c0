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

// What clients send almost always, accepted without a regular expression.
const commonJsonTypes = new Set([
  "application/json",
  "application/json; charset=utf-8",
  "application/json;charset=utf-8",
  "application/json; charset=UTF-8",
  "application/json;charset=UTF-8",
]);

/** 415 unless the request says it carries JSON (with a body or without one). */
export function requireJson(request: LiveHttpRequest): void {
  const { method, headers } = request;
  const writes = method === "POST" || method === "PUT" || method === "PATCH";
  if (!writes && !hasBody(headers)) return;
  const type = headers["content-type"];
  if (type !== undefined && commonJsonTypes.has(type)) {
    checkEncoding(headers);
    return;
  }
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
  checkEncoding(headers);
}

function checkEncoding(headers: LiveHttpHeaders): void {
  const declared = headers["content-encoding"];
  if (declared === undefined) return;
  const encoding = declared.trim().toLowerCase();
  if (encoding !== "" && encoding !== "identity") {
    throw new HttpProblem(
      "UNSUPPORTED_MEDIA_TYPE",
      "The request body's content encoding is not supported.",
    );
  }
}

const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });

/**
 * The parsed body (`{}` when there is none, answered without waiting); 413 over `maxBytes`, 400
 * when it is not JSON.
 */
export function readJson(request: LiveHttpRequest, maxBytes: number): unknown | Promise<unknown> {
  if (!hasBody(request.headers)) return {};
  return request.body.bytes(maxBytes).then(parseJson);
}

function parseJson(bytes: Uint8Array): unknown {
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
