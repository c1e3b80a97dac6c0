// The facts a browser gathers before entering a live (SPEC §6), as a schema strict enough for a
// server to validate a report it receives from an untrusted client (`POST /preflight`).
import * as z from "zod/mini";

/**
 * A whole number from 0 to `max`. A custom check rather than `z.int()`, whose number formats would
 * add about 0.4 kB to every page; a fraction gets the same issue as with `z.int()` ("Expected int.").
 */
export function wholeNumber(max: number) {
  return z.number().check(
    z.check<number>((ctx) => {
      if (Number.isInteger(ctx.value)) return;
      ctx.issues.push({ code: "invalid_type", expected: "int", input: ctx.value, continue: false });
    }),
    z.gte(0),
    z.lte(max),
  );
}

export const browserNameSchema = z.enum(["chrome", "firefox", "edge", "safari", "other"]);
export const permissionStateSchema = z.enum(["granted", "denied", "prompt", "unknown"]);
/** Why a device cannot be used even when the permission is not (only) the problem. */
export const deviceIssueSchema = z.enum(["no-device", "in-use", "os-blocked"]);

const deviceSchema = z.strictObject({
  permission: permissionStateSchema,
  reason: z.optional(deviceIssueSchema),
  /** Devices the browser lists; null when it would not say (some hide them before permission). */
  count: z.nullable(wholeNumber(64)),
});

export const preflightReportSchema = z.strictObject({
  /** The role the person enters with (moderator wins over speaker). */
  role: z.enum(["moderator", "speaker", "attendee"]),
  page: z.strictObject({
    /** `window.isSecureContext`. */
    secureContext: z.boolean(),
    /** `location.protocol`, e.g. "https:". */
    protocol: z.string().check(z.maxLength(32), z.toLowerCase(), z.regex(/^[a-z][a-z0-9+.-]*:$/)),
    /** `location.hostname`; IPv6 hosts keep their brackets, as browsers give them. */
    hostname: z
      .string()
      .check(z.maxLength(253), z.toLowerCase(), z.regex(/^[\p{L}\p{N}._:[\]-]*$/u)),
    /** Whether the page is the event's published site or its back-office preview. */
    site: z.enum(["published", "preview"]),
  }),
  webrtc: z.strictObject({ supported: z.boolean() }),
  camera: deviceSchema,
  microphone: deviceSchema,
  browser: z.strictObject({
    name: browserNameSchema,
    /** Major version, or null when it could not be read. */
    version: z.nullable(wholeNumber(10_000)),
  }),
  network: z
    .strictObject({
      /** Measured upload bandwidth, or null when the test could not run. */
      uploadMbps: z.nullable(z.number().check(z.gte(0), z.lte(100_000))),
      /** Why there is no measure; required exactly when `uploadMbps` is null. */
      unmeasuredReason: z.optional(
        z.enum(["not-run", "timeout", "blocked", "error", "unsupported"]),
      ),
      /** Whether UDP reached the media servers. */
      udp: z.enum(["ok", "blocked", "unknown"]),
      /** How media got through: directly (`none`), or through a relay over UDP, TCP or TLS. */
      relay: z.enum(["none", "udp", "tcp", "tls", "unknown"]),
    })
    .check(
      z.refine(
        (network) => (network.uploadMbps === null) === (network.unmeasuredReason !== undefined),
        {
          message: "unmeasuredReason is required when uploadMbps is null, and only then",
          path: ["unmeasuredReason"],
        },
      ),
    ),
});

export type PreflightReport = z.output<typeof preflightReportSchema>;
export type BrowserName = z.output<typeof browserNameSchema>;
export type PermissionState = z.output<typeof permissionStateSchema>;
export type DeviceIssue = z.output<typeof deviceIssueSchema>;
