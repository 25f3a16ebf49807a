import { describe, expect, it } from 'vitest';
import { addressRefusal, isIpAddress, privateAddressReason } from './network-address.rules.ts';

const refused = (address: string) => privateAddressReason(address);

describe('IPv4 addresses a webhook must not reach', () => {
  it.each([
    ['0.0.0.0', /unspecified/],
    ['0.255.255.255', /unspecified/],
    ['10.0.0.0', /private.*10\.0\.0\.0\/8/],
    ['10.255.255.255', /private/],
    ['100.64.0.0', /carrier-grade/],
    ['100.127.255.255', /carrier-grade/],
    ['127.0.0.1', /loopback/],
    ['127.255.255.254', /loopback/],
    ['169.254.169.254', /link-local.*metadata/],
    ['169.254.0.0', /link-local/],
    ['172.16.0.0', /private.*172\.16\.0\.0\/12/],
    ['172.31.255.255', /private/],
    ['192.0.0.1', /reserved/],
    ['192.168.0.0', /private.*192\.168/],
    ['192.168.255.255', /private/],
    ['198.18.0.1', /reserved/],
    ['224.0.0.1', /multicast/],
    ['239.255.255.255', /multicast/],
    ['240.0.0.1', /reserved/],
    ['255.255.255.255', /reserved/],
  ])('%s is refused', (address, reason) => {
    expect(refused(address)).toMatch(reason);
  });

  it.each([
    '1.1.1.1',
    '8.8.8.8',
    '9.255.255.255',
    '11.0.0.0',
    '100.63.255.255',
    '100.128.0.0',
    '126.255.255.255',
    '128.0.0.0',
    '169.253.255.255',
    '169.255.0.0',
    '172.15.255.255',
    '172.32.0.0',
    '192.167.255.255',
    '192.169.0.0',
    '198.17.255.255',
    '198.20.0.0',
    '223.255.255.255',
    '93.184.216.34',
  ])('%s, just outside every range, is public', (address) => {
    expect(refused(address)).toBeUndefined();
  });
});

describe('IPv6 addresses a webhook must not reach', () => {
  it.each([
    ['::', /unspecified/],
    ['::1', /loopback address \(::1\)/],
    ['[::1]', /loopback/],
    ['0:0:0:0:0:0:0:1', /loopback/],
    ['fc00::', /unique local/],
    ['fd12:3456:789a::1', /unique local/],
    ['fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', /unique local/],
    ['fe80::1', /link-local/],
    ['fe80::1%eth0', /link-local/],
    ['febf:ffff::1', /link-local/],
    ['fec0::1', /site-local/],
    ['ff02::1', /multicast/],
  ])('%s is refused', (address, reason) => {
    expect(refused(address)).toMatch(reason);
  });

  it.each(['2606:4700:4700::1111', '2001:4860:4860::8888', 'fbff:ffff::1', 'fe00::1', '::2:0:0:0:1'])('%s, outside every range, is public', (address) => {
    expect(refused(address)).toBeUndefined();
  });
});

describe('an IPv4 address written as IPv6 is judged by the IPv4 address it carries', () => {
  it.each([
    ['::ffff:127.0.0.1', /loopback.*written as IPv6/],
    ['::ffff:7f00:1', /loopback/],
    ['[::ffff:a9fe:a9fe]', /metadata/],
    ['0:0:0:0:0:ffff:10.1.2.3', /private/],
    ['::ffff:192.168.1.1', /private/],
    ['::127.0.0.1', /loopback/],
    ['::a00:1', /private/],
    ['64:ff9b::169.254.169.254', /metadata/],
    ['64:ff9b::ac10:1', /private/],
    ['2002:7f00:1::', /loopback/],
    ['2002:c0a8:0101::1', /private/],
  ])('%s is refused', (address, reason) => {
    expect(refused(address)).toMatch(reason);
  });

  it.each(['::ffff:8.8.8.8', '::ffff:808:808', '64:ff9b::1.1.1.1', '2002:0808:0808::1'])('%s carries a public address and is public', (address) => {
    expect(refused(address)).toBeUndefined();
  });
});

describe('text that is not an IP address', () => {
  it.each(['', 'localhost', 'platform.example', '1.2.3', '1.2.3.4.5', '256.0.0.1', '01.2.3.4', '1::2::3', ':1::', '12345::', '1:2:3:4:5:6:7:8:9', '::ffff:1.2.3.256', 'g::1'])(
    '%j is not an address, and refused as such (the guard fails closed)',
    (text) => {
      expect(isIpAddress(text)).toBe(false);
      expect(refused(text)).toBe('not an IP address');
    },
  );

  it('both families are recognised as addresses', () => {
    expect(isIpAddress('203.0.113.9')).toBe(true);
    expect(isIpAddress('2001:db8::9')).toBe(true);
    expect(isIpAddress('1:2:3:4:5:6:7:8')).toBe(true);
  });
});

describe('special-purpose ranges of the IANA registries are refused, whatever WEBHOOK_ALLOW_PRIVATE says', () => {
  it.each([
    ['192.0.2.1', /documentation.*TEST-NET-1/],
    ['198.51.100.7', /documentation.*TEST-NET-2/],
    ['203.0.113.9', /documentation.*TEST-NET-3/],
    ['192.88.99.1', /6to4 relay/],
    ['192.31.196.1', /AS112/],
    ['255.255.255.255', /broadcast/],
    ['::ffff:0:7f00:1', /loopback.*written as IPv6/],
    ['::ffff:127.0.0.1', /loopback.*written as IPv6/],
    ['64:ff9b:1::7f00:1', /loopback.*written as IPv6/],
    ['64:ff9b:1::808:808', /local-use IPv4\/IPv6 translation/],
    ['2001:db8::1', /documentation.*2001:db8::\/32/],
    ['100::1', /discard-only/],
    ['2001::1', /IETF protocol assignments \(2001::\/23\)/],
    ['2001:2::1', /2001::\/23/],
    ['3fff::1', /documentation/],
    ['ff02::1', /multicast/],
    ['224.0.0.1', /multicast/],
  ])('%s is refused', (address, reason) => {
    expect(refused(address)).toMatch(reason);
  });

  it.each(['192.0.2.1', '198.51.100.7', '203.0.113.9', '2001:db8::1', '100::1', '224.0.0.1', 'ff02::1', '240.0.0.1', '0.0.0.0', '::'])(
    '%s stays refused with WEBHOOK_ALLOW_PRIVATE',
    (address) => {
      expect(addressRefusal(address, { allowPrivate: true, ownAddresses: [] })).toMatchObject({ local: false });
    },
  );

  it.each(['127.0.0.1', '::1', '10.1.2.3', '172.16.0.1', '192.168.1.1', '169.254.169.254', 'fd00::1', 'fe80::1', '::ffff:127.0.0.1', '100.64.0.1'])(
    '%s, a local network, is allowed with WEBHOOK_ALLOW_PRIVATE as before',
    (address) => {
      expect(addressRefusal(address, { allowPrivate: true, ownAddresses: [] })).toBeUndefined();
      expect(addressRefusal(address, { allowPrivate: false, ownAddresses: [] })).toMatchObject({ local: true });
    },
  );
});

describe("this machine's own addresses", () => {
  const own = { allowPrivate: false, ownAddresses: ['93.184.216.34', '2606:4700::6810:84e5', 'fe80::fc:ff:fe00:1'] };

  it.each(['93.184.216.34', '::ffff:93.184.216.34', '[::ffff:5db8:d822]', '2606:4700:0:0:0:0:6810:84e5', 'fe80::fc:ff:fe00:1%eth0'])(
    '%s is refused as this machine, in any spelling',
    (address) => {
      expect(addressRefusal(address, own)?.reason).toMatch(/an address of this machine/);
    },
  );

  it('a public address that is not this machine is allowed', () => {
    expect(addressRefusal('93.184.216.35', own)).toBeUndefined();
  });

  it('are allowed with WEBHOOK_ALLOW_PRIVATE, like loopback', () => {
    expect(addressRefusal('93.184.216.34', { ...own, allowPrivate: true })).toBeUndefined();
  });
});
