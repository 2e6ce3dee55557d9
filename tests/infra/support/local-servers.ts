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
 * What the proxy does with one request: pass it on, pass it on and answer a 500 as if the answer was lost
 * (the write is applied), or answer a 500 without passing it on.
 */
export type ProxyFault = 'forward' | 'apply-then-fail' | 'fail';

/**
 * A pass-through in front of DynamoDB Local that writes down every request (operation and JSON body) before
 * forwarding it: what a bundle actually asked DynamoDB for, to check against its IAM policy. `setFault` makes
 * chosen requests fail, so that the retry paths a bundle takes on AWS are recorded too.
 */
export async function recordingDynamoProxy(dynamoEndpoint: string) {
  const upstream = new URL(dynamoEndpoint);
  const requests: RecordedRequest[] = [];
  let fault: (recorded: RecordedRequest) => ProxyFault = () => 'forward';
  const failure = (res: import('node:http').ServerResponse) =>
    res.writeHead(500, { 'content-type': 'application/x-amz-json-1.0' }).end(JSON.stringify({ __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError', message: 'injected by the test proxy' }));
  const server = createServer(async (req, res) => {
    const body = await readBody(req);
    const recorded = { target: String(req.headers['x-amz-target'] ?? ''), body: body.length ? (JSON.parse(body.toString('utf8')) as Record<string, any>) : {} };
    requests.push(recorded);
    const action = fault(recorded);
    if (action === 'fail') return failure(res);
    const forward = request(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: { ...req.headers, host: upstream.host } },
      (upstreamRes) => {
        if (action === 'apply-then-fail') {
          upstreamRes.resume();
          upstreamRes.on('end', () => failure(res));
          return;
        }
        res.writeHead(upstreamRes.statusCode ?? 500, upstreamRes.headers);
        upstreamRes.pipe(res);
      },
    );
    forward.on('error', (error) => res.writeHead(502).end(String(error)));
    forward.end(body);
  });
  const url = await listen(server);
  return {
    url,
    requests,
    setFault: (rule: (recorded: RecordedRequest) => ProxyFault) => void (fault = rule),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * Stands in for Secrets Manager: answers GetSecretValue (AWS JSON 1.1) with one secret string, and counts the
 * reads (the ingest function reads its secret once per container).
 */
export async function fakeSecretsManager(secretString: string) {
  const reads: string[] = [];
  const server = createServer(async (req, res) => {
    const target = String(req.headers['x-amz-target'] ?? '');
    const input = JSON.parse((await readBody(req)).toString('utf8')) as { SecretId: string };
    if (target !== 'secretsmanager.GetSecretValue') {
      res.writeHead(400, { 'content-type': 'application/x-amz-json-1.1' }).end(JSON.stringify({ __type: 'InvalidRequestException', message: target }));
      return;
    }
    reads.push(input.SecretId);
    res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' }).end(JSON.stringify({ ARN: input.SecretId, Name: 'visitor', SecretString: secretString, VersionId: 'v1', CreatedDate: 1 }));
  });
  const url = await listen(server);
  return { url, reads, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
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
