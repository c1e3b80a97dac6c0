import { describe, expect, it } from "vitest";
import { createStreamQuota, type StreamAdmission } from "./stream-quota.js";

const release = (admission: StreamAdmission) => {
  if (!admission.admitted) throw new Error("expected an admission");
  return admission.release;
};

describe("stream quota", () => {
  it("R-SEC-2: refuses a caller's stream beyond its cap, not another caller's", () => {
    const quota = createStreamQuota(100);
    const first = release(quota.admit("ip:203.0.113.7", 2));
    release(quota.admit("ip:203.0.113.7", 2));
    expect(quota.admit("ip:203.0.113.7", 2)).toEqual({ admitted: false, reason: "caller" });
    expect(quota.admit("ip:203.0.113.8", 2).admitted).toBe(true);
    first();
    expect(quota.admit("ip:203.0.113.7", 2).admitted).toBe(true);
  });

  it("R-SEC-2: refuses any stream once the router holds its total", () => {
    const quota = createStreamQuota(2);
    const first = release(quota.admit("a", 10));
    release(quota.admit("b", 10));
    expect(quota.admit("c", 10)).toEqual({ admitted: false, reason: "total" });
    first();
    expect(quota.admit("c", 10).admitted).toBe(true);
  });

  it("counts a release once, and forgets callers without streams", () => {
    const quota = createStreamQuota(10);
    const first = release(quota.admit("a", 1));
    first();
    first();
    expect(quota.open).toBe(0);
    expect(quota.keys).toBe(0);
    release(quota.admit("a", 1));
    expect(quota.admit("a", 1).admitted).toBe(false);
    expect(quota.open).toBe(1);
  });
});
