import { BlockList, isIP } from 'node:net';

/** An address range of a `cidr` operator. */
export interface Cidr {
  readonly address: string;
  readonly prefix: number;
  readonly family: 'ipv4' | 'ipv6';
}

/** `10.0.0.0/8`, `::1/128` or a bare address (one host); a string says what is wrong. */
export function parseCidr(text: string): Cidr | string {
  const [address, prefixText, extra] = text.split('/');
  const version = isIP(address);
  if (version === 0 || extra !== undefined) return `invalid CIDR \`${text}\`: \`${address}\` is not an IP address`;
  const max = version === 4 ? 32 : 128;
  const prefix = prefixText === undefined ? max : /^\d+$/.test(prefixText) ? Number(prefixText) : NaN;
  if (!(prefix <= max)) return `invalid CIDR \`${text}\`: the prefix length must be 0 to ${max}`;
  return { address, prefix, family: version === 4 ? 'ipv4' : 'ipv6' };
}

/** Whether an address (v4, v6, v4-mapped v6, or `[v6]`) lies in one of the ranges; non-addresses never do. */
export function compileCidrs(ranges: readonly Cidr[]): (text: string) => boolean {
  const list = new BlockList();
  for (const range of ranges) list.addSubnet(range.address, range.prefix, range.family);
  return (text) => {
    const address = text.charCodeAt(0) === 91 ? text.slice(1, -1) : text;
    const version = isIP(address);
    return version !== 0 && list.check(address, version === 4 ? 'ipv4' : 'ipv6');
  };
}
