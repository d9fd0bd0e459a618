/*
 * What the pages of two-factor sign-in do with its texts, free of Vue
 * (twoFactor.test.js): the secret shown in groups of four for typing into
 * an authenticator app by hand, a code as the user typed it (spaces
 * dropped) and what the browser checks of it before asking the server
 * (six digits, as the server's codes are: docs/security.md).
 */

/* The number of digits of a one-time code. */
export const CODE_DIGITS = 6;

/* The base32 secret in groups of four characters ("GEZD GNBV GY3T ..."); '' for none. */
export function secretGroups(secret) {
  return String(secret || '').replace(/(.{4})(?!$)/g, '$1 ');
}

/* A code as typed, without the spaces and dashes people put in ("123 456"). */
export function codeOf(text) {
  return String(text ?? '').replace(/[\s-]/g, '');
}

/* What is wrong with a typed code: 'required' when empty, 'digits' unless it is six digits; null when it may be sent. */
export function codeProblem(text) {
  const code = codeOf(text);
  if (!code) {
    return 'required';
  }
  return new RegExp(`^\\d{${CODE_DIGITS}}$`).test(code) ? null : 'digits';
}
