import { expect } from 'chai';
import { compileCidr, parseIp } from './ip';

const hex = (b: Uint8Array | undefined): string | undefined => (b ? Buffer.from(b).toString('hex') : undefined);

describe('parseIp', () => {
  const table: { name: string; input: string; want: string | undefined }[] = [
    { name: 'dotted IPv4', input: '192.0.2.1', want: 'c0000201' },
    { name: 'IPv4 with a leading zero is rejected', input: '192.0.2.01', want: undefined },
    { name: 'IPv4 octet over 255 is rejected', input: '192.0.2.256', want: undefined },
    { name: 'IPv4 with three parts is rejected', input: '192.0.2', want: undefined },
    { name: 'full IPv6', input: '2001:db8:0:0:0:0:0:1', want: '20010db8000000000000000000000001' },
    { name: 'IPv6 with ::', input: '2001:db8::1', want: '20010db8000000000000000000000001' },
    { name: 'IPv6 loopback', input: '::1', want: '00000000000000000000000000000001' },
    { name: 'IPv6 unspecified', input: '::', want: '00000000000000000000000000000000' },
    { name: 'IPv6 with :: at the end', input: 'fe80::', want: 'fe800000000000000000000000000000' },
    { name: 'IPv6 upper case hex', input: '2001:DB8::ABCD', want: '20010db800000000000000000000abcd' },
    { name: 'IPv4-mapped IPv6', input: '::ffff:192.0.2.1', want: '00000000000000000000ffffc0000201' },
    { name: 'IPv6 with an IPv4 tail and no ::', input: '0:0:0:0:0:ffff:192.0.2.1', want: '00000000000000000000ffffc0000201' },
    { name: 'two :: are rejected', input: '2001::db8::1', want: undefined },
    { name: 'nine groups are rejected', input: '1:2:3:4:5:6:7:8:9', want: undefined },
    { name: 'seven groups without :: are rejected', input: '1:2:3:4:5:6:7', want: undefined },
    { name: 'eight groups with :: are rejected', input: '1:2:3:4::5:6:7:8', want: undefined },
    { name: 'a group of five digits is rejected', input: '2001:db8::12345', want: undefined },
    { name: 'a zone id is rejected', input: 'fe80::1%eth0', want: undefined },
    { name: 'non-hex is rejected', input: '2001:db8::g', want: undefined },
  ];
  for (const t of table) it(t.name, () => expect(hex(parseIp(t.input))).to.equal(t.want));
});

describe('compileCidr', () => {
  const table: { name: string; cidr: string; address: string; want: boolean }[] = [
    { name: 'IPv4 inside /24', cidr: '203.0.113.0/24', address: '203.0.113.255', want: true },
    { name: 'IPv4 outside /24', cidr: '203.0.113.0/24', address: '203.0.112.255', want: false },
    { name: 'IPv4 /0 matches any IPv4', cidr: '0.0.0.0/0', address: '8.8.8.8', want: true },
    { name: 'IPv4 /32 is one address', cidr: '203.0.113.7/32', address: '203.0.113.7', want: true },
    { name: 'host bits in the block are ignored', cidr: '203.0.113.7/24', address: '203.0.113.200', want: true },
    { name: 'IPv4 /20 boundary inside', cidr: '10.0.0.0/20', address: '10.0.15.255', want: true },
    { name: 'IPv4 /20 boundary outside', cidr: '10.0.0.0/20', address: '10.0.16.0', want: false },
    { name: 'IPv6 /64 inside', cidr: '2001:db8:1234:5678::/64', address: '2001:db8:1234:5678:ffff:ffff:ffff:ffff', want: true },
    { name: 'IPv6 /64 outside', cidr: '2001:db8:1234:5678::/64', address: '2001:db8:1234:5679::', want: false },
    { name: 'IPv6 /127', cidr: '2001:db8::/127', address: '2001:db8::1', want: true },
    { name: 'IPv6 /128 is one address', cidr: '::1/128', address: '::2', want: false },
    { name: 'an IPv6 block does not match plain IPv4', cidr: '2001:db8::/32', address: '192.0.2.1', want: false },
    {
      name: 'an IPv4 block does not match an IPv4-mapped address (no undocumented mapping)',
      cidr: '192.0.2.0/24',
      address: '::ffff:192.0.2.9',
      want: false,
    },
    { name: 'an IPv4-mapped block does not match plain IPv4', cidr: '::ffff:192.0.2.0/120', address: '192.0.2.9', want: false },
    { name: 'an IPv4-mapped block matches the IPv4-mapped address', cidr: '::ffff:192.0.2.0/120', address: '::ffff:192.0.2.9', want: true },
    { name: 'an IPv4 block does not match other IPv6', cidr: '0.0.0.0/0', address: '2001:db8::1', want: false },
    { name: 'garbage address does not match', cidr: '0.0.0.0/0', address: 'localhost', want: false },
  ];
  for (const t of table) it(t.name, () => expect(compileCidr(t.cidr)!(t.address)).to.equal(t.want));
  it('rejects a prefix longer than the address', () => {
    expect(compileCidr('10.0.0.0/33')).to.equal(undefined);
    expect(compileCidr('::/129')).to.equal(undefined);
  });
});
