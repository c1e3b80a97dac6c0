// Request body rules of the Vonage Video REST API, as its reference states them: a request the
// real API would refuse is refused here too (400), so that a wrong request fails in tests.
import { type EmulatedLayout, type EmulatedRtmpTarget, VonageApiError } from "./emulated-world.js";

export const layoutTypes = [
  "bestFit",
  "custom",
  "horizontalPresentation",
  "pip",
  "verticalPresentation",
] as const;

export const screenshareTypes = [
  "bestFit",
  "pip",
  "verticalPresentation",
  "horizontalPresentation",
];

export const resolutions = [
  "640x480",
  "480x640",
  "1280x720",
  "720x1280",
  "1920x1080",
  "1080x1920",
] as const;

/** Broadcasts last at most 10 hours. */
export const maxBroadcastDuration = 36_000;

export type Body = Readonly<Record<string, unknown>>;

export const badRequest = (message: string) => new VonageApiError(400, message);

export function objectBody(value: unknown): Body {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw badRequest("The request body must be a JSON object.");
  }
  return value as Body;
}

export function requiredString(body: Body, key: string): string {
  const value = body[key];
  if (typeof value !== "string" || value === "") throw badRequest(`${key} is required.`);
  return value;
}

export function optionalString(body: Body, key: string): string | null {
  const value = body[key];
  if (value === undefined || value === null) return null;
  if (typeof value !== "string") throw badRequest(`${key} must be a string.`);
  return value;
}

export function optionalBoolean(body: Body, key: string, fallback: boolean): boolean {
  const value = body[key];
  if (value === undefined) return fallback;
  if (typeof value !== "boolean") throw badRequest(`${key} must be a boolean.`);
  return value;
}

export function optionalEnum<T extends string>(
  body: Body,
  key: string,
  allowed: readonly T[],
  fallback: T,
): T {
  const value = body[key];
  if (value === undefined) return fallback;
  if (typeof value !== "string" || !(allowed as readonly string[]).includes(value)) {
    throw badRequest(`${key} must be one of ${allowed.join(", ")}.`);
  }
  return value as T;
}

/**
 * A layout object: a predefined type, or `custom` with a stylesheet; `screenshareType` with bestFit
 * only. `typeRequired`: the reference's start-broadcast body lists the layout's `type` as required.
 */
export function checkLayout(
  value: unknown,
  options: { readonly typeRequired?: boolean } = {},
): EmulatedLayout {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw badRequest("layout must be an object with a type.");
  }
  const layout = value as Body;
  if (options.typeRequired === true && layout.type === undefined) {
    throw badRequest("layout.type is required.");
  }
  const type = optionalEnum(layout, "type", layoutTypes, "bestFit");
  const stylesheet = optionalString(layout, "stylesheet");
  const screenshareType = optionalString(layout, "screenshareType");
  if (type === "custom" && stylesheet === null) {
    throw badRequest("A custom layout needs a stylesheet.");
  }
  if (type !== "custom" && stylesheet !== null) {
    throw badRequest("Only a custom layout takes a stylesheet.");
  }
  if (screenshareType !== null) {
    if (!screenshareTypes.includes(screenshareType)) {
      throw badRequest(`screenshareType must be one of ${screenshareTypes.join(", ")}.`);
    }
    if (type !== "bestFit") throw badRequest("screenshareType needs the bestFit layout type.");
  }
  return {
    type,
    ...(stylesheet === null ? {} : { stylesheet }),
    ...(screenshareType === null ? {} : { screenshareType }),
  };
}

/** `{ addStream, hasAudio?, hasVideo? }` or `{ removeStream }`, never both. */
export function checkStreamChange(
  body: Body,
):
  | { readonly add: string; readonly hasAudio: boolean; readonly hasVideo: boolean }
  | { readonly remove: string } {
  const add = optionalString(body, "addStream");
  const remove = optionalString(body, "removeStream");
  if ((add === null) === (remove === null)) {
    throw badRequest("Give either addStream or removeStream.");
  }
  if (remove !== null) return { remove };
  const hasAudio = optionalBoolean(body, "hasAudio", true);
  const hasVideo = optionalBoolean(body, "hasVideo", true);
  // Reference (Has-Audio, Has-Video): "If you set both hasAudio and hasVideo to false, the call to
  // this method results in an error."
  if (!hasAudio && !hasVideo) throw badRequest("A stream needs its audio or its video.");
  return { add: add ?? "", hasAudio, hasVideo };
}

/** Reference, Max-Bitrate: from 100,000 to 6,000,000 bits per second. */
export const maxBitrateRange = { min: 100_000, max: 6_000_000 } as const;
/** Reference, Quantization-Parameter: from 15 to 40. */
export const quantizationParameterRange = { min: 15, max: 40 } as const;

function optionalNumberIn(
  body: Body,
  key: string,
  range: { readonly min: number; readonly max: number },
): number | null {
  const value = body[key];
  if (value === undefined || value === null) return null;
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw badRequest(`${key} must be a number.`);
  }
  if (value < range.min || value > range.max) {
    throw badRequest(`${key} must be from ${range.min} to ${range.max}.`);
  }
  return value;
}

/**
 * `maxBitrate` and `quantizationParameter` of a composed output. The reference: each within its
 * range, never both ("dependencies: maxBitrate not required quantizationParameter"), and "maxBitrate
 * is only supported for composed archives" (so is the quantization parameter).
 */
export function checkEncoding(
  body: Body,
  options: { readonly composed: boolean; readonly quantization: boolean },
): { readonly maxBitrate: number | null; readonly quantizationParameter: number | null } {
  const maxBitrate = optionalNumberIn(body, "maxBitrate", maxBitrateRange);
  const quantizationParameter = options.quantization
    ? optionalNumberIn(body, "quantizationParameter", quantizationParameterRange)
    : null;
  if (!options.quantization && body.quantizationParameter !== undefined) {
    throw badRequest("quantizationParameter is not an option here.");
  }
  if (maxBitrate !== null && quantizationParameter !== null) {
    throw badRequest("Give maxBitrate or quantizationParameter, not both.");
  }
  if (!options.composed && (maxBitrate !== null || quantizationParameter !== null)) {
    throw badRequest("maxBitrate and quantizationParameter are only for composed archives.");
  }
  return { maxBitrate, quantizationParameter };
}

/** Reference: "up to five target RTMP streams", each with `serverUrl` and `streamName`. */
export const maxRtmpTargets = 5;

export function checkRtmpTargets(value: unknown): readonly EmulatedRtmpTarget[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw badRequest("outputs.rtmp must be an array.");
  if (value.length > maxRtmpTargets) {
    throw badRequest(`A broadcast has at most ${maxRtmpTargets} RTMP streams.`);
  }
  return value.map((item: unknown) => {
    const target = objectBody(item);
    return {
      id: optionalString(target, "id"),
      serverUrl: requiredString(target, "serverUrl"),
      streamName: requiredString(target, "streamName"),
    };
  });
}
