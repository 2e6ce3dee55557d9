import type { Context } from 'hono';
import { timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';
import { ApiError } from './api-error.ts';

/**
 * The client address as the platform vouches for it, never as the client claims it: `X-Forwarded-For` is
 * written by whoever sends the request, so its first entry is whatever an attacker wants. The ingest app gets
 * one of these from its caller (the Lambda handler or the local server). '' when there is none.
 */
export type ClientAddress = (c: Context) => string | Promise<string>;

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

/** The header CloudFront adds to the beacon routes' origin requests (infra/constructs/cached-read-cdn.ts). */
export const EDGE_KEY_HEADER = 'x-newspulse-edge-key';

/**
 * On AWS with the beacon firewall (deploy setting `beaconRateLimitPerAddress`): browser beacons come through
 * CloudFront, where the per-address WAF rule applies, and API Gateway's sourceIp is then CloudFront's. So the
 * client is CloudFront's `CloudFront-Viewer-Address`, believed only with the edge key CloudFront adds (a secret
 * the client never sees). A browser beacon without it went around the firewall: 403. A server-side sender
 * (Authorization: the ingest app checks the site's key) comes directly: its address is `direct`'s.
 */
export function edgeClientAddress(edgeKey: () => Promise<string>, direct: ClientAddress): ClientAddress {
  return async (c) => {
    const sent = c.req.header(EDGE_KEY_HEADER);
    if (sent !== undefined && sameText(sent, await edgeKey())) {
      const viewer = c.req.header('cloudfront-viewer-address') ?? '';
      const address = viewer.slice(0, viewer.lastIndexOf(':')); // "203.0.113.7:46532", "2001:db8::1:46532"
      return isIP(address) ? address : '';
    }
    if (c.req.header('authorization') !== undefined) return direct(c);
    throw new ApiError(403, 'use_the_cdn', 'beacons of this deployment go through its CDN URL (the ReadUrl output), where the per-address rule applies');
  };
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
