// Input schemas at the core's boundary (zod/mini keeps the browser bundle small).
// Input types are inferred from these schemas, never written twice.
import * as z from "zod/mini";

const text = (max: number) => z.string().check(z.trim(), z.maxLength(max));
const requiredText = (max: number) => z.string().check(z.trim(), z.minLength(1), z.maxLength(max));
const instant = z.iso.datetime({ offset: true });

export const streamTypeSchema = z.enum(["live", "video", "external", "none"]);
export const participantRoleSchema = z.enum(["moderator", "speaker"]);
export const layoutSchema = z.enum(["grid", "focus", "pip"]);

export const participantInputSchema = z.strictObject({
  email: z.string().check(z.maxLength(320)),
  role: participantRoleSchema,
});

export const createSessionInputSchema = z.strictObject({
  title: requiredText(200),
  description: z._default(text(10_000), ""),
  room: z._default(text(200), ""),
  startsAt: instant,
  endsAt: instant,
  timeZone: requiredText(64),
  streamType: z._default(streamTypeSchema, "live"),
  participants: z._default(z.array(participantInputSchema).check(z.maxLength(500)), []),
});

export const updateSessionInputSchema = z.strictObject({
  title: z.optional(requiredText(200)),
  description: z.optional(text(10_000)),
  room: z.optional(text(200)),
  startsAt: z.optional(instant),
  endsAt: z.optional(instant),
  timeZone: z.optional(requiredText(64)),
  streamType: z.optional(streamTypeSchema),
  /** Replaces the whole participant list when given. */
  participants: z.optional(z.array(participantInputSchema).check(z.maxLength(500))),
});

export const stageInputSchema = z.strictObject({
  streamIds: z.array(z.string().check(z.minLength(1), z.maxLength(200))).check(z.maxLength(64)),
  layout: layoutSchema,
  focusStreamId: z._default(z.nullable(z.string().check(z.minLength(1), z.maxLength(200))), null),
});

export type ParticipantInput = z.input<typeof participantInputSchema>;
export type CreateSessionInput = z.input<typeof createSessionInputSchema>;
export type UpdateSessionInput = z.input<typeof updateSessionInputSchema>;
export type StageInput = z.input<typeof stageInputSchema>;
