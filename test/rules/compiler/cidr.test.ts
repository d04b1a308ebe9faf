import t from 'tap';
import { compileCidrs, parseCidr } from '../../../src/rules/compiler/cidr.js';

t.test('parsing ranges', async (t) => {
  t.same(parseCidr('10.0.0.0/8'), { address: '10.0.0.0', prefix: 8, family: 'ipv4' });
  t.same(parseCidr('::1'), { address: '::1', prefix: 128, family: 'ipv6' }, 'a bare address is one host');
  t.equal(parseCidr('10.0.0.0/x'), 'invalid CIDR `10.0.0.0/x`: the prefix length must be 0 to 32');
  t.equal(parseCidr('example.com/8'), 'invalid CIDR `example.com/8`: `example.com` is not an IP address');
});

t.test('matching addresses', async (t) => {
  const inside = compileCidrs([parseCidr('169.254.0.0/16'), parseCidr('fc00::/7')].map((c) => c as Exclude<typeof c, string>));
  t.ok(inside('169.254.169.254'), 'cloud metadata');
  t.ok(inside('fd00::1'));
  t.ok(inside('[fd00::1]'));
  t.notOk(inside('169.255.0.1'));
  t.notOk(inside('metadata.google.internal'));
  t.notOk(inside(''));
});
