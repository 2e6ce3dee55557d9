import { createHmac } from 'node:crypto';
import { readOnce } from './visitor-secret.ts';

/**
 * Who a view comes from, decided on the server (as Plausible's cookieless visitor hash does): a keyed hash of
 * the site, the client address the platform vouches for and the User-Agent. The key is derived for each UTC
 * day from a secret kept outside the table (visitor-secret.ts), so yesterday's visitors cannot be recomputed
 * or followed across days, and no address is ever stored. A client's own sessionId decides nothing: twenty
 * session ids from one browser are one visitor.
 */

/** Headers a server-side sender (authenticated with the site's admin key) sets for the reader it speaks for. */
export const READER_ADDRESS_HEADER = 'x-newspulse-reader-address';
export const READER_AGENT_HEADER = 'x-newspulse-reader-user-agent';

/** What the platform says about the reader behind a request. */
export interface Reader {
  /** The client address (API Gateway's sourceIp, the local socket); '' when unknown. */
  address: string;
  userAgent: string;
}

export interface VisitorIds {
  /** Stands in for the session in the counting rules: the trail (and so repeats), co-reads, engagement. */
  visitor: string;
  /** Short hash of the address alone, on trail items: lets the rank job cap one address's views (NAT, UA rotation). */
  addressHash: string;
}

export type VisitorIdentity = (site: string, reader: Reader, now: number) => Promise<VisitorIds>;

/** `secret` is read once (per container, per process) and kept; a failed read is retried by the next request. */
export function visitorIdentity(secret: () => Promise<Uint8Array>): VisitorIdentity {
  const readSecret = readOnce(secret);
  let today: { day: string; key: Buffer } | undefined;

  const dayKey = async (now: number): Promise<Buffer> => {
    const day = new Date(now).toISOString().slice(0, 10);
    if (today?.day === day) return today.key;
    const key = createHmac('sha256', await readSecret()).update(`newspulse visitor key ${day}`).digest();
    today = { day, key };
    return key;
  };

  return async (site, reader, now) => {
    const key = await dayKey(now);
    const hash = (text: string) => createHmac('sha256', key).update(text).digest('base64url');
    return {
      visitor: `v-${hash(`v\n${site}\n${reader.address}\n${reader.userAgent}`).slice(0, 22)}`,
      addressHash: hash(`a\n${site}\n${reader.address}`).slice(0, 8),
    };
  };
}
