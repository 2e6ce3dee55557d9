import { createHash } from 'node:crypto';
import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export interface RecordedRequest {
  target: string;
  body: Record<string, any>;
}

/**
 * A pass-through in front of DynamoDB Local that writes down every request (operation and JSON body) before
 * forwarding it unchanged: what a bundle actually asked DynamoDB for, to check against its IAM policy.
 */
export async function recordingDynamoProxy(dynamoEndpoint: string) {
  const upstream = new URL(dynamoEndpoint);
  const requests: RecordedRequest[] = [];
  const server = createServer(async (req, res) => {
    const body = await readBody(req);
    requests.push({ target: String(req.headers['x-amz-target'] ?? ''), body: body.length ? (JSON.parse(body.toString('utf8')) as Record<string, any>) : {} });
    const forward = request(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: { ...req.headers, host: upstream.host } },
      (upstreamRes) => {
        res.writeHead(upstreamRes.statusCode ?? 500, upstreamRes.headers);
        upstreamRes.pipe(res);
      },
    );
    forward.on('error', (error) => res.writeHead(502).end(String(error)));
    forward.end(body);
  });
  const url = await listen(server);
  return { url, requests, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/**
 * Stands in for SQS, which has no local edition: answers SendMessageBatch (AWS JSON 1.0, as the SDK sends it)
 * with the MD5 digests the SDK verifies, and keeps the messages so the test can hand them to the rank
 * function as an SQS event.
 */
export async function fakeSqs() {
  const sent: { target: string; queueUrl: string; id: string; body: string }[] = [];
  const server = createServer(async (req, res) => {
    const target = String(req.headers['x-amz-target'] ?? '');
    const input = JSON.parse((await readBody(req)).toString('utf8')) as { QueueUrl: string; Entries: { Id: string; MessageBody: string }[] };
    if (target !== 'AmazonSQS.SendMessageBatch') {
      res.writeHead(400, { 'content-type': 'application/x-amz-json-1.0' }).end(JSON.stringify({ __type: 'com.amazonaws.sqs#InvalidAction', message: target }));
      return;
    }
    const successful = input.Entries.map((entry, i) => {
      sent.push({ target, queueUrl: input.QueueUrl, id: entry.Id, body: entry.MessageBody });
      return { Id: entry.Id, MessageId: `m-${sent.length}-${i}`, MD5OfMessageBody: createHash('md5').update(entry.MessageBody).digest('hex') };
    });
    res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' }).end(JSON.stringify({ Successful: successful, Failed: [] }));
  });
  const url = await listen(server);
  return { url, sent, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** Serves one RSS feed, so a rank run polls feeds (catalog reads and writes) as it does on AWS. */
export async function feedServer(items: { id: string; title: string; section: string; publishedAt: string }[]) {
  const rss =
    '<?xml version="1.0"?><rss version="2.0"><channel><title>Daily</title>' +
    items
      .map(
        (i) =>
          `<item><title>${i.title}</title><link>https://news.example/${i.section}/${i.id}.html</link><pubDate>${new Date(i.publishedAt).toUTCString()}</pubDate><category>${i.section}</category></item>`,
      )
      .join('') +
    '</channel></rss>';
  const server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rss));
  const url = await listen(server);
  return { url: `${url}/feed.xml`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
