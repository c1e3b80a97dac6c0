// The rate-limit key of an anonymous caller: its address. An IPv4 address is one key; an IPv6
// client is usually given a whole /64 and can rotate through it at will, so IPv6 addresses are
// keyed by their /64 network. IPv4-mapped IPv6 addresses (`::ffff:a.b.c.d`) are IPv4.
import { isIPv4, isIPv6 } from "node:net";

// Anything else (a host's odd `trust proxy` setting) is kept as it is, within a bounded length.
const maxOtherLength = 100;

/** The eight 16-bit groups of a valid IPv6 address (`::` expanded, a dotted tail converted). */
function groupsOf(address: string): number[] {
  let text = address.toLowerCase();
  const lastColon = text.lastIndexOf(":");
  const tail = text.slice(lastColon + 1);
  if (tail.includes(".")) {
    const [a = 0, b = 0, c = 0, d = 0] = tail.split(".").map(Number);
    text = `${text.slice(0, lastColon + 1)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const gap = text.indexOf("::");
  let parts: string[];
  if (gap < 0) {
    parts = text.split(":");
  } else {
    const head = text.slice(0, gap);
    const rest = text.slice(gap + 2);
    const before = head === "" ? [] : head.split(":");
    const after = rest === "" ? [] : rest.split(":");
    parts = [...before, ...Array<string>(8 - before.length - after.length).fill("0"), ...after];
  }
  return parts.map((part) => Number.parseInt(part, 16));
}

/** `ip:` and the IPv4 address, or the /64 network of an IPv6 address (`ip:2001:db8:0:1::/64`). */
export function addressKeyOf(address: string): string {
  const trimmed = address.trim();
  const zone = trimmed.indexOf("%");
  const bare = zone < 0 ? trimmed : trimmed.slice(0, zone);
  if (isIPv4(bare)) return `ip:${bare}`;
  if (!isIPv6(bare)) return `ip:${trimmed.slice(0, maxOtherLength)}`;
  const groups = groupsOf(bare);
  if (groups.slice(0, 5).every((group) => group === 0) && groups[5] === 0xffff) {
    const [high = 0, low = 0] = groups.slice(6);
    return `ip:${high >> 8}.${high & 0xff}.${low >> 8}.${low & 0xff}`;
  }
  return `ip:${groups
    .slice(0, 4)
    .map((group) => group.toString(16))
    .join(":")}::/64`;
}
