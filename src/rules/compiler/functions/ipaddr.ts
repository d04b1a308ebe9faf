import { textFunction, type FunctionDef } from './function.js';

// One part of an inet_aton spelling: decimal, 0x hex or 0-prefixed octal.
function part(text: string): number | undefined {
  if (/^0x[0-9a-f]+$/i.test(text)) return Number.parseInt(text.slice(2), 16);
  if (/^0[0-7]+$/.test(text)) return Number.parseInt(text, 8);
  if (/^(?:0|[1-9][0-9]*)$/.test(text)) return Number(text);
  return undefined;
}

/**
 * The dotted-quad address an IPv4 spelling names, as the C library reads it: `2852039166`,
 * `0xa9fea9fe`, `0251.0376.0251.0376`, `169.254.43518` and `::ffff:169.254.169.254` are all
 * `169.254.169.254`. Any other text (a host name, an IPv6 address) comes back unchanged.
 */
export function canonicalIpv4(text: string): string {
  const host = text.replace(/^\[?::ffff:/i, '').replace(/\]$/, '');
  const parts = host.split('.');
  if (parts.length > 4) return text;
  const values = parts.map(part);
  if (values.some((v) => v === undefined)) return text;
  const nums = values as number[];
  // The last part fills the bytes the earlier ones left: a.b.c.d, a.b.(16 bits), a.(24 bits), (32 bits).
  const lastBits = 8 * (5 - nums.length);
  if (nums.slice(0, -1).some((n) => n > 255) || nums[nums.length - 1] >= 2 ** lastBits) return text;
  let value = 0;
  nums.slice(0, -1).forEach((n, i) => (value += n * 2 ** (24 - 8 * i)));
  value += nums[nums.length - 1];
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');
}

/** `ipaddr(h)`: an IPv4 address in any spelling as its dotted quad (see canonicalIpv4). */
export const ipaddr: FunctionDef = textFunction('ipaddr', 'string', canonicalIpv4);
