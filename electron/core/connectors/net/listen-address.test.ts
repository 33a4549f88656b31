import { describe, expect, it } from 'vitest';
import { listenAddress } from './listen-address.js';

describe('listenAddress', () => {
  it('writes an IPv4 address as host:port and an IPv6 one in brackets', () => {
    expect(listenAddress({ address: '0.0.0.0', family: 'IPv4', port: 5055 }, 'x')).toBe('0.0.0.0:5055');
    expect(listenAddress({ address: '::', family: 'IPv6', port: 5055 }, 'x')).toBe('[::]:5055');
  });

  it('names a transport other than TCP and falls back when nothing is bound', () => {
    expect(listenAddress({ address: '0.0.0.0', family: 'IPv4', port: 6969 }, 'x', 'UDP')).toBe('0.0.0.0:6969 (UDP)');
    expect(listenAddress(null, '127.0.0.1:5055')).toBe('127.0.0.1:5055');
  });
});
