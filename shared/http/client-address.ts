import type { Context } from 'hono';
import { isIP } from 'node:net';

/**
 * The client address as the platform vouches for it, never as the client claims it: `X-Forwarded-For` is
 * written by whoever sends the request, so its first entry is whatever an attacker wants. The ingest app gets
 * one of these from its caller (the Lambda handler or the local server). '' when there is none.
 */
export type ClientAddress = (c: Context) => string;

/** On AWS: the HTTP API's request context (API Gateway saw the TCP connection). */
export const lambdaClientAddress: ClientAddress = (c) => {
  const env = c.env as { requestContext?: { http?: { sourceIp?: unknown } } } | undefined;
  const address = env?.requestContext?.http?.sourceIp;
  return typeof address === 'string' && isIP(address) ? address : '';
};

/**
 * Locally: the socket's peer. With `trustedProxies` > 0 (NEWSPULSE_TRUSTED_PROXIES, for a reverse proxy in
 * front of `npm start`), the address that many hops back in `X-Forwarded-For`: each trusted proxy appends
 * the peer it saw, so entries to the left of those are the client's own claims and are ignored.
 */
export function socketClientAddress(trustedProxies = 0): ClientAddress {
  return (c) => {
    const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
    const peer = unmapped(env?.incoming?.socket?.remoteAddress ?? '');
    if (trustedProxies === 0) return peer;
    const hops = (c.req.header('x-forwarded-for') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
    const address = unmapped(hops[hops.length - trustedProxies] ?? '');
    return isIP(address) ? address : peer;
  };
}

/** `::ffff:127.0.0.2` (an IPv4 peer on a dual-stack socket) as `127.0.0.2`. */
function unmapped(address: string): string {
  return address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
}
