import { LiveError } from "@onair/core";
import { describe, expect, it } from "vitest";
import { toStoreError } from "./store-errors.js";

/** A driver error as node-postgres throws it: SQL and values may be in its message. */
const driverError = (code: string) =>
  Object.assign(new Error("insert into \"onair\".history values ('ann@example.com')"), {
    code,
    detail: "Key (email)=(ann@example.com)",
  });

const shown = (error: LiveError) =>
  `${error.message} ${(error.cause as Error | undefined)?.message ?? ""} ${JSON.stringify(error)}`;

describe("store errors", () => {
  it("a lost race is CONFLICT only for compare-and-set writes, else a retriable STORE_FAILED", () => {
    for (const code of ["40P01", "40001"]) {
      expect(toStoreError(driverError(code), { compareAndSet: true })).toMatchObject({
        code: "CONFLICT",
        retriable: true,
      });
      const other = toStoreError(driverError(code));
      expect(other).toMatchObject({ code: "STORE_FAILED", retriable: true });
      expect(other.message).not.toMatch(/changed meanwhile/);
    }
  });

  it("a missing table or schema is not retriable and says to run migrate()", () => {
    for (const code of ["42P01", "3F000"]) {
      const error = toStoreError(driverError(code));
      expect(error).toMatchObject({ code: "STORE_FAILED", retriable: false });
      expect(error.message).toContain("migrate()");
      expect((error.cause as Error).message).toBe(`database error ${code}`);
    }
    const denied = toStoreError(driverError("42501"));
    expect(denied).toMatchObject({ code: "STORE_FAILED", retriable: false });
    expect(denied.message).not.toMatch(/unavailable/);
  });

  it("a broken rule of the tables is INVALID_INPUT, except a duplicate key (CONFLICT)", () => {
    for (const code of ["23502", "23503", "23514", "23P01"]) {
      expect(toStoreError(driverError(code))).toMatchObject({
        code: "INVALID_INPUT",
        retriable: false,
      });
    }
    expect(toStoreError(driverError("23505"))).toMatchObject({ code: "CONFLICT" });
  });

  it("the database or the link being away stays a retriable STORE_FAILED", () => {
    for (const error of [
      driverError("57P01"),
      driverError("57014"),
      driverError("08006"),
      Object.assign(new Error("connect ECONNREFUSED 10.0.0.1:5432"), { code: "ECONNREFUSED" }),
      new Error("Connection terminated unexpectedly"),
    ]) {
      expect(toStoreError(error)).toMatchObject({ code: "STORE_FAILED", retriable: true });
    }
  });

  it("a bug or a callback's failure is not reported as the store being unavailable", () => {
    const error = toStoreError(
      new TypeError("Cannot read properties of undefined (ann@example.com)"),
    );
    expect(error).toMatchObject({ code: "STORE_FAILED", retriable: false });
    expect(error.message).not.toMatch(/unavailable|try again/);
    expect(shown(error)).not.toContain("ann@example.com");
    expect(toStoreError("a string")).toMatchObject({ code: "STORE_FAILED", retriable: false });
    const own = new LiveError("INVALID_INPUT", "checked");
    expect(toStoreError(own)).toBe(own);
  });

  it("no message or cause carries SQL, values or emails", () => {
    for (const code of ["40P01", "42P01", "23502", "23505", "22P02", "57P01"]) {
      for (const compareAndSet of [true, false]) {
        const text = shown(toStoreError(driverError(code), { compareAndSet }));
        for (const secret of ["ann@example.com", "insert", "history", "Key ("]) {
          expect(text).not.toContain(secret);
        }
      }
    }
  });
});
