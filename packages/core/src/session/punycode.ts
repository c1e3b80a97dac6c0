// Punycode encoding (RFC 3492), used to turn a non-ASCII domain label into its ASCII form.
// Written here rather than taken from `URL` so that no UTS #46 mapping (width folding) happens.

const base = 36;
const tMin = 1;
const tMax = 26;
const skew = 38;
const damp = 700;
const initialBias = 72;
const initialN = 0x80;
/** Past this, the label cannot be a valid DNS label anyway; stops arithmetic from drifting. */
const maxDelta = 0x7fffffff;

function digitOf(value: number): string {
  // 0–25 → a–z, 26–35 → 0–9 (lowercase, as DNS compares labels case-insensitively).
  return String.fromCharCode(value < 26 ? 97 + value : 22 + value);
}

function adapt(delta: number, numPoints: number, firstTime: boolean): number {
  let scaled = firstTime ? Math.floor(delta / damp) : Math.floor(delta / 2);
  scaled += Math.floor(scaled / numPoints);
  let k = 0;
  while (scaled > ((base - tMin) * tMax) >> 1) {
    scaled = Math.floor(scaled / (base - tMin));
    k += base;
  }
  return k + Math.floor(((base - tMin + 1) * scaled) / (scaled + skew));
}

/**
 * Encodes a string of Unicode code points as Punycode (without the `xn--` prefix).
 * Throws a RangeError on arithmetic overflow, which only absurdly long labels reach.
 */
export function punycodeEncode(input: string): string {
  const codePoints = Array.from(input, (char) => char.codePointAt(0) ?? 0);
  const output: string[] = [];
  for (const codePoint of codePoints) {
    if (codePoint < initialN) output.push(String.fromCharCode(codePoint));
  }
  const basicLength = output.length;
  let handled = basicLength;
  if (basicLength > 0) output.push("-");

  let n = initialN;
  let delta = 0;
  let bias = initialBias;
  while (handled < codePoints.length) {
    let next = Number.MAX_SAFE_INTEGER;
    for (const codePoint of codePoints) {
      if (codePoint >= n && codePoint < next) next = codePoint;
    }
    delta += (next - n) * (handled + 1);
    if (delta > maxDelta) throw new RangeError("Punycode overflow");
    n = next;
    for (const codePoint of codePoints) {
      if (codePoint < n) {
        delta++;
        if (delta > maxDelta) throw new RangeError("Punycode overflow");
      }
      if (codePoint === n) {
        let q = delta;
        for (let k = base; ; k += base) {
          const t = k <= bias ? tMin : k >= bias + tMax ? tMax : k - bias;
          if (q < t) break;
          output.push(digitOf(t + ((q - t) % (base - t))));
          q = Math.floor((q - t) / (base - t));
        }
        output.push(digitOf(q));
        bias = adapt(delta, handled + 1, handled === basicLength);
        delta = 0;
        handled++;
      }
    }
    delta++;
    n++;
  }
  return output.join("");
}
