/**
 * XML 1.0 text and attribute escaping for the JUnit writer.
 *
 * XML 1.0 cannot carry most control characters, lone surrogates, U+FFFE or U+FFFF at all, not
 * even as character references (https://www.w3.org/TR/xml/#charsets, production [2] `Char`), so
 * they are replaced by a visible `\uXXXX` text before escaping: `"a\u0007b"` becomes `a\u0007b`
 * spelled out with a backslash, which keeps distinct names distinct.
 */

/** Every code point outside XML 1.0's `Char` production (with `u`, lone surrogates match too). */
const notXmlChar = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Replaces characters XML 1.0 cannot represent with a visible `\uXXXX`. */
export function xmlSafe(text: string): string {
  return text.replace(notXmlChar, (ch) => `\\u${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`);
}

/**
 * Text that {@link escapeText} returns unchanged: tab, newline and XML characters other than `&`,
 * `<`, `>` and `\r`, outside the surrogate range (pairs take the slow path, which checks them).
 * Without `u` or `g`: a plain, stateless test.
 */
const plainText = /^[\t\n\x20-\x25\x27-\x3b\x3d\x3f-\ud7ff\ue000-\ufffd]*$/;
/** Text that {@link escapeAttribute} returns unchanged: as {@link plainText}, without `"`, `'`, tab and newline. */
const plainAttribute = /^[\x20\x21\x23-\x25\x28-\x3b\x3d\x3f-\ud7ff\ue000-\ufffd]*$/;

/**
 * Escapes element text. `>` is escaped too, so `]]>` cannot appear; `\r` becomes `&#13;` so a
 * parser's line-end normalization does not drop it.
 */
export function escapeText(text: string): string {
  if (plainText.test(text)) return text;
  return xmlSafe(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#13;');
}

/**
 * Escapes a double-quoted attribute value. Tab, newline and carriage return become character
 * references, which attribute-value normalization keeps (https://www.w3.org/TR/xml/#AVNormalize).
 */
export function escapeAttribute(text: string): string {
  // Most attributes (case names, classnames, times) hold nothing to escape: test before copying.
  if (plainAttribute.test(text)) return text;
  return escapeText(text).replace(/"/g, '&quot;').replace(/'/g, '&apos;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;');
}

/** Tab, newline or return: whitespace {@link collapseToken} always changes. */
const tokenBreak = /[\t\n\r]/;
/** One character `trim` removes at either end. */
const trimmed = /\s/;

/**
 * The value an `xs:token` attribute will have after schema whitespace collapsing: runs of
 * space, tab, newline and return become one space, without leading or trailing space.
 */
export function collapseToken(text: string): string {
  // Nothing to change (the usual case): no tab, newline, return, double space, nor whitespace at
  // either end. Three cheap checks instead of one regex with anchored alternatives.
  const last = text.length - 1;
  if (last < 0 || (!tokenBreak.test(text) && !text.includes('  ') && !trimmed.test(text[0]) && !trimmed.test(text[last]))) return text;
  return text.replace(/[ \t\n\r]+/g, ' ').trim();
}
