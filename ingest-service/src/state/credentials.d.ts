/** `scrypt$N$r$p$salt$hash` (base64url): the parameters travel with the hash so they can be raised later. */
export declare function hashPassword(password: string): Promise<string>;
export declare function verifyPassword(password: string, stored: string): Promise<boolean>;
/**
 * Bearer and enrollment tokens are 256-bit random values: SHA-256 is enough to store them (no
 * dictionary to try), and unlike a salted KDF it lets the token itself be the lookup key.
 */
export declare function hashToken(token: string): string;
/** A random secret with a prefix saying what it is (`ort_` API token, `oet_` enrollment token…). */
export declare function newSecret(prefix: string): string;
