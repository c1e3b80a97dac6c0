// Punycode (RFC 3492), used to turn a non-ASCII domain label into its ASCII form and to check an
// already encoded one. Written here rather than taken from `URL` so that no UTS #46 mapping (width
// folding) happens.

const base = 36;
const tMin = 1;
const tMax = 26;
const initialBias = 72;
const initialN = 0x80;

// Digit values 0–25 are a–z and 26–35 are 0–9, that is base 36 shifted by 10 (lowercase, as DNS
// compares labels case-insensitively).
const digitOf = (value: number) => ((value + 10) % base).toString(base);

const threshold = (k: number, bias: number) =>
  k <= bias ? tMin : k >= bias + tMax ? tMax : k - bias;

// Bias adaptation (RFC 3492 §6.1), its constants written out: damp = 700, skew = 38, and
// ((base - tMin) * tMax) / 2 = 455.
function adapt(delta: number, numPoints: number, firstTime: boolean): number {
  let scaled = Math.floor(delta / (firstTime ? 700 : 2));
  scaled += Math.floor(scaled / numPoints);
  let k = 0;
  for (; scaled > 455; k += base) scaled = Math.floor(scaled / (base - tMin));
  return k + Math.floor((base * scaled) / (scaled + 38));
}

/**
 * Encodes a string of Unicode code points as Punycode (without the `xn--` prefix). The RFC's
 * 32-bit overflow check is not needed: doubles keep every delta a string can produce exact
 * (code point × length < 2^53).
 */
export function punycodeEncode(input: string): string {
  const codePoints = Array.from(input, (char) => char.codePointAt(0) ?? 0);
  let output = input.replace(/[^\0-\x7f]/gu, "");
  const basicLength = output.length;
  let handled = basicLength;
  if (basicLength > 0) output += "-";

  let n = initialN;
  let delta = 0;
  let bias = initialBias;
  while (handled < codePoints.length) {
    const next = Math.min(...codePoints.filter((codePoint) => codePoint >= n));
    delta += (next - n) * (handled + 1);
    n = next;
    for (const codePoint of codePoints) {
      if (codePoint < n) delta++;
      if (codePoint === n) {
        let q = delta;
        for (let k = base; ; k += base) {
          const t = threshold(k, bias);
          if (q < t) break;
          output += digitOf(t + ((q - t) % (base - t)));
          q = Math.floor((q - t) / (base - t));
        }
        output += digitOf(q);
        bias = adapt(delta, handled + 1, handled === basicLength);
        delta = 0;
        handled++;
      }
    }
    delta++;
    n++;
  }
  return output;
}

/**
 * Decodes Punycode (without the `xn--` prefix) into a string of Unicode code points, or the empty
 * string (never a valid label) when the input is not Punycode. Lenient otherwise (a lone leading
 * delimiter is skipped): a caller that needs the one canonical form checks that `punycodeEncode`
 * gives the input back.
 */
export function punycodeDecode(input: string): string {
  // The basic code points come before the last delimiter (the slice keeps it, `pop` drops it).
  const delimiter = input.lastIndexOf("-");
  const output = [...input.slice(0, delimiter + 1)];
  output.pop();
  let n = initialN;
  let i = 0;
  let bias = initialBias;
  for (let index = delimiter + 1; index < input.length; ) {
    const oldI = i;
    for (let w = 1, k = base; ; k += base) {
      // The value of a digit in either case; NaN for anything else, the end of input included.
      const digit = (Number.parseInt(input.charAt(index++), base) + 26) % base;
      i += digit * w;
      // Past 2^31 the label cannot be a valid DNS label anyway; this also stops on garbage.
      if (!(i < 2 ** 31)) return "";
      const t = threshold(k, bias);
      if (digit < t) break;
      w *= base - t;
    }
    const length = output.length + 1;
    bias = adapt(i - oldI, length, !oldI);
    n += Math.floor(i / length);
    i %= length;
    if (n > 0x10ffff) return "";
    output.splice(i++, 0, String.fromCodePoint(n));
  }
  return output.join("");
}
