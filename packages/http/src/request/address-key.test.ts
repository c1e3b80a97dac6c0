import { describe, expect, it } from "vitest";
import { addressKeyOf } from "./address-key.js";

describe("addressKeyOf", () => {
  it("R-SEC-2: keys IPv4 addresses one by one", () => {
    expect(addressKeyOf("203.0.113.7")).toBe("ip:203.0.113.7");
    expect(addressKeyOf("203.0.113.8")).not.toBe(addressKeyOf("203.0.113.7"));
  });

  it("R-SEC-2: keys IPv6 addresses by their /64, whatever their spelling", () => {
    const key = "ip:2001:db8:85a3:42::/64";
    expect(addressKeyOf("2001:db8:85a3:42::1")).toBe(key);
    expect(addressKeyOf("2001:0db8:85a3:0042:ffff:ffff:ffff:fffe")).toBe(key);
    expect(addressKeyOf("2001:DB8:85A3:42:1234:5678:9abc:def0")).toBe(key);
    expect(addressKeyOf("2001:db8:85a3:42:0:0:0:0")).toBe(key);
    expect(addressKeyOf("2001:db8:85a3:42::c0a8:101")).toBe(key);
    expect(addressKeyOf("2001:db8:85a3:42::192.168.1.1")).toBe(key);
    expect(addressKeyOf("fe80::1%eth0")).toBe("ip:fe80:0:0:0::/64");
    expect(addressKeyOf("2001:db8:85a3:43::1")).toBe("ip:2001:db8:85a3:43::/64");
    expect(addressKeyOf("2001:db8::1")).toBe("ip:2001:db8:0:0::/64");
    expect(addressKeyOf("::1")).toBe("ip:0:0:0:0::/64");
  });

  it("R-SEC-2: keys IPv4-mapped IPv6 addresses as the IPv4 address they carry", () => {
    expect(addressKeyOf("::ffff:203.0.113.7")).toBe("ip:203.0.113.7");
    expect(addressKeyOf("::FFFF:cb00:7107")).toBe("ip:203.0.113.7");
    expect(addressKeyOf("0:0:0:0:0:ffff:203.0.113.8")).toBe("ip:203.0.113.8");
  });

  it("keeps anything else as it is, bounded", () => {
    expect(addressKeyOf("unknown")).toBe("ip:unknown");
    expect(addressKeyOf("x".repeat(1_000)).length).toBeLessThanOrEqual(103);
  });
});
