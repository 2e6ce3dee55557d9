/** How long and how much a feed may take; a feed that needs more is reported, never waited for. */
export interface FeedLimits {
  /** For the whole request, body included. */
  timeoutMs: number;
  /** A body beyond this is abandoned, whatever Content-Length said. */
  maxBytes: number;
}

export const FEED_LIMITS: FeedLimits = { timeoutMs: 5_000, maxBytes: 2 * 1024 * 1024 };

/** GET with one deadline for headers and body, reading at most `maxBytes` (a lying Content-Length included). */
export async function fetchFeed(url: string, fetchFn: typeof fetch, { timeoutMs, maxBytes }: FeedLimits = FEED_LIMITS): Promise<{ body: Uint8Array; contentType: string }> {
  const response = await fetchFn(url, {
    signal: AbortSignal.timeout(timeoutMs),
    redirect: 'follow',
    headers: {
      accept: 'application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.1',
      'user-agent': 'newspulse-feed-poller',
    },
  });
  const tooBig = () => new Error(`larger than ${maxBytes} bytes`);
  if (!response.ok) {
    await response.body?.cancel().catch(() => undefined);
    throw new Error(`HTTP ${response.status}`);
  }
  if (Number(response.headers.get('content-length') ?? 0) > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw tooBig();
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = response.body?.getReader();
  for (let chunk = await reader?.read(); chunk && !chunk.done; chunk = await reader?.read()) {
    size += chunk.value.byteLength;
    if (size > maxBytes) {
      await reader?.cancel().catch(() => undefined);
      throw tooBig();
    }
    chunks.push(chunk.value);
  }
  return { body: Buffer.concat(chunks), contentType: response.headers.get('content-type') ?? '' };
}

/** A fetch's error: its deadline named as one, else errorMessage. */
export function fetchErrorMessage(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return `timed out after ${timeoutMs} ms`;
  return errorMessage(error);
}

/** An error's message, with the network cause's code when fetch hides it (`fetch failed: ECONNREFUSED`). */
export function errorMessage(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error.cause as { code?: string } | undefined)?.code;
  return code ? `${error.message}: ${code}` : error.message;
}
