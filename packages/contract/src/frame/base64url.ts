const ALPHABET = /^[A-Za-z0-9_-]*$/;

/**
 * Strict base64url (RFC 4648 §5, unpadded as JWS requires, RFC 7515 §2). Node's decoder skips
 * characters outside the alphabet and ignores non-zero trailing bits, so several texts would
 * decode to one byte string; rejecting them keeps one frame text per signed content, which matters
 * for evidence compared byte for byte.
 */
export function decodeBase64Url(text: string): Buffer | undefined {
  if (!ALPHABET.test(text)) return undefined;
  const tail = text.length % 4;
  if (tail === 1) return undefined;
  if (tail !== 0) {
    // The last character carries 4 (tail 2) or 2 (tail 3) unused low bits, which must be zero
    // (RFC 4648 §3.5, canonical encoding).
    const last = sextet(text.charCodeAt(text.length - 1));
    const unusedBits = tail === 2 ? 0b1111 : 0b11;
    if ((last & unusedBits) !== 0) return undefined;
  }
  return Buffer.from(text, "base64url");
}

function sextet(code: number): number {
  if (code >= 65 && code <= 90) return code - 65; // A-Z
  if (code >= 97 && code <= 122) return code - 71; // a-z
  if (code >= 48 && code <= 57) return code + 4; // 0-9
  return code === 45 ? 62 : 63; // "-" or "_" (the alphabet check already ran)
}
