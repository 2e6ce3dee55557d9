import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { handleError } from '../../../shared/http/api-error.ts';
import { EDGE_KEY_HEADER, edgeClientAddress, lambdaClientAddress, type ClientAddress } from '../../../shared/http/client-address.ts';

/** An app that answers the address `clientAddress` finds, with a Lambda-like request context as its env. */
function answer(clientAddress: ClientAddress, headers: Record<string, string>, sourceIp = '130.176.0.1') {
  const app = new Hono();
  app.onError(handleError);
  app.get('/', async (c) => c.text(await clientAddress(c)));
  return app.request('/', { headers }, { requestContext: { http: { sourceIp } } });
}

const KEY = 'k'.repeat(48);
const edge = edgeClientAddress(async () => KEY, lambdaClientAddress);

describe('client addresses', () => {
  it('on Lambda: the request context, never X-Forwarded-For', async () => {
    expect(await (await answer(lambdaClientAddress, { 'x-forwarded-for': '203.0.113.9' }, '198.51.100.4')).text()).toBe('198.51.100.4');
  });

  it('behind the beacon firewall: CloudFront\'s viewer address, only with the edge key', async () => {
    expect(await (await answer(edge, { [EDGE_KEY_HEADER]: KEY, 'cloudfront-viewer-address': '203.0.113.7:46532' })).text()).toBe('203.0.113.7');
    expect(await (await answer(edge, { [EDGE_KEY_HEADER]: KEY, 'cloudfront-viewer-address': '2001:db8::7:46532' })).text()).toBe('2001:db8::7');
  });

  it('refuses a browser beacon that went around the CDN (no key, a wrong key) with 403', async () => {
    const tries: Record<string, string>[] = [{ 'cloudfront-viewer-address': '203.0.113.7:1' }, { [EDGE_KEY_HEADER]: 'x'.repeat(48), 'cloudfront-viewer-address': '203.0.113.7:1' }];
    for (const headers of tries) {
      const response = await answer(edge, headers);
      expect(response.status).toBe(403);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('use_the_cdn');
    }
  });

  it('lets a server-side sender (with a key of its site, checked by the app) come directly', async () => {
    expect(await (await answer(edge, { authorization: 'Bearer np_x' }, '198.51.100.8')).text()).toBe('198.51.100.8');
  });
});
