/**
 * IpAddress (NotIpAddress is its negation): the policy value is an IPv4 or IPv6 address or CIDR
 * block; the context value is an address. An address matches only blocks of its own family: AWS
 * documents no mapping between IPv4 and IPv6, so an IPv4-mapped IPv6 address (`::ffff:192.0.2.1`)
 * is an IPv6 address and does not match `192.0.2.0/24` (write both blocks to allow both forms).
 *
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 * section "IP address condition operators" (RFC 4632 CIDR; IPv6 text form per RFC 4291 section 2.2).
 */
import type { OperatorFamily } from './types';

/** A parsed address: 4 or 16 bytes. */
export type IpBytes = Uint8Array;

/** Parses dotted-quad IPv4 (no leading zeros beyond `0`), or undefined. */
export function parseIpv4(s: string): IpBytes | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  const out = new Uint8Array(4);
  for (let i = 0; i < 4; i++) {
    const p = parts[i];
    if (!/^\d{1,3}$/.test(p) || (p.length > 1 && p[0] === '0')) return undefined;
    const n = Number(p);
    if (n > 255) return undefined;
    out[i] = n;
  }
  return out;
}

/**
 * Parses IPv6 text: eight groups of 1-4 hex digits, at most one `::` standing for one or more zero
 * groups, and an optional dotted IPv4 tail for the last 32 bits. Example: `2001:db8::ffff:192.0.2.1`
 * → 2001 0db8 0000 0000 0000 ffff c000 0201.
 */
export function parseIpv6(s: string): IpBytes | undefined {
  if (s.length === 0 || s.includes('%')) return undefined;
  const dbl = s.indexOf('::');
  if (dbl !== -1 && s.indexOf('::', dbl + 1) !== -1) return undefined;
  const head = dbl === -1 ? s : s.slice(0, dbl);
  const tail = dbl === -1 ? '' : s.slice(dbl + 2);
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = tail === '' ? [] : tail.split(':');
  const words: number[] = [];
  const all = [...headGroups, ...tailGroups];
  let v4: IpBytes | undefined;
  const last = all[all.length - 1];
  if (last !== undefined && last.includes('.')) {
    v4 = parseIpv4(last);
    if (!v4) return undefined;
    (tailGroups.length > 0 ? tailGroups : headGroups).pop();
  }
  const groupCount = headGroups.length + tailGroups.length + (v4 ? 2 : 0);
  if (dbl === -1 ? groupCount !== 8 : groupCount > 7) return undefined;
  const parse = (g: string): number | undefined => (/^[0-9a-fA-F]{1,4}$/.test(g) ? parseInt(g, 16) : undefined);
  for (const g of headGroups) words.push(parse(g) ?? -1);
  for (let i = 0; i < 8 - groupCount; i++) words.push(0);
  for (const g of tailGroups) words.push(parse(g) ?? -1);
  if (words.some((w) => w < 0)) return undefined;
  const out = new Uint8Array(16);
  words.forEach((w, i) => {
    out[2 * i] = w >> 8;
    out[2 * i + 1] = w & 0xff;
  });
  if (v4) out.set(v4, 12);
  return out;
}

// Request addresses repeat across evaluations: remember recent parses (deterministic, bounded).
const parsed = new Map<string, IpBytes | undefined>();

/** Parses an IPv4 or IPv6 address. */
export function parseIp(s: string): IpBytes | undefined {
  if (parsed.has(s)) return parsed.get(s);
  const t = s.trim();
  const out = t.includes(':') ? parseIpv6(t) : parseIpv4(t);
  if (parsed.size >= 4096) parsed.clear();
  parsed.set(s, out);
  return out;
}

/** Compiles a CIDR block (or a single address) into a test over addresses. */
export function compileCidr(text: string): ((address: string) => boolean) | undefined {
  const slash = text.indexOf('/');
  const net = parseIp(slash === -1 ? text : text.slice(0, slash));
  if (!net) return undefined;
  const bits = slash === -1 ? net.length * 8 : /^\d{1,3}$/.test(text.slice(slash + 1)) ? Number(text.slice(slash + 1)) : -1;
  if (bits < 0 || bits > net.length * 8) return undefined;
  return (address) => {
    const a = parseIp(address);
    return a !== undefined && a.length === net.length && prefixEqual(a, net, bits);
  };
}

function prefixEqual(a: IpBytes, b: IpBytes, bits: number): boolean {
  const whole = bits >> 3;
  for (let i = 0; i < whole; i++) if (a[i] !== b[i]) return false;
  const rest = bits & 7;
  if (rest === 0) return true;
  const mask = (0xff << (8 - rest)) & 0xff;
  return (a[whole] & mask) === (b[whole] & mask);
}

/** The IP address family. */
export const ipFamily: OperatorFamily = {
  name: 'ip',
  variables: false,
  compile(operator, value) {
    return operator === 'IpAddress' ? compileCidr(value.text.trim()) : undefined;
  },
};
