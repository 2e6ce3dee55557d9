import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** One DynamoDB request as the proxy saw it: the operation (`PutItem`, ...) and its JSON body. */
export interface ProxiedRequest {
  operation: string;
  body: Record<string, any>;
}

/**
 * What to do with a request:
 * - `forward`: pass it to DynamoDB Local and its answer back;
 * - `drop`: close the connection without forwarding (the store is unreachable for it);
 * - `apply-then-drop`: forward it, let DynamoDB apply it, then close the connection instead of answering (the
 *   answer is lost: the client cannot know whether it happened);
 * - `hold`: neither forward nor answer, ever (the caller is about to be killed).
 */
export type FaultAction = 'forward' | 'drop' | 'apply-then-drop' | 'hold';

/**
 * A pass-through in front of DynamoDB Local (the idea of tests/infra/support/local-servers.ts'
 * recordingDynamoProxy) that can fail chosen requests the way networks and crashes do. The database behind it
 * is real; only the wire between is broken on purpose.
 */
/** A rule: what to do with a request; a promise holds the request until it settles. */
export type FaultRule = (request: ProxiedRequest, index: number) => FaultAction | Promise<FaultAction>;

export async function faultProxy(dynamoEndpoint: string, decide: FaultRule = () => 'forward') {
  const upstream = new URL(dynamoEndpoint);
  const seen: (ProxiedRequest & { action: FaultAction })[] = [];
  const sockets = new Set<Socket>();
  const state = { decide };
  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const proxied: ProxiedRequest = {
      operation: String(req.headers['x-amz-target'] ?? '').split('.').pop() ?? '',
      body: raw.length ? (JSON.parse(raw.toString('utf8')) as Record<string, any>) : {},
    };
    const index = seen.length;
    seen.push({ ...proxied, action: 'hold' });
    const action = await state.decide(proxied, index);
    seen[index]!.action = action;
    if (action === 'hold') return;
    if (action === 'drop') {
      req.socket.destroy();
      return;
    }
    const forward = request(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: { ...req.headers, host: upstream.host } },
      (upstreamRes) => {
        if (action === 'apply-then-drop') {
          upstreamRes.resume();
          upstreamRes.on('end', () => req.socket.destroy());
          return;
        }
        res.writeHead(upstreamRes.statusCode ?? 500, upstreamRes.headers);
        upstreamRes.pipe(res);
      },
    );
    forward.on('error', () => req.socket.destroy());
    forward.end(raw);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    /** Every request so far, with what was done to it. */
    seen,
    /** Changes the rule for the requests to come. */
    setRule(next: FaultRule) {
      state.decide = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** The table-item keys a write request touches (`pk` values), for rules that pick requests by item. */
export function writtenPartitions(request: ProxiedRequest): string[] {
  const b = request.body;
  const keyOf = (item: any) => String(item?.pk?.S ?? '');
  switch (request.operation) {
    case 'PutItem':
      return [keyOf(b.Item)];
    case 'UpdateItem':
    case 'DeleteItem':
      return [keyOf(b.Key)];
    case 'BatchWriteItem':
      return Object.values(b.RequestItems ?? {}).flatMap((list: any) => list.map((r: any) => keyOf(r.PutRequest?.Item ?? r.DeleteRequest?.Key)));
    case 'TransactWriteItems':
      return (b.TransactItems ?? []).map((t: any) => keyOf(t.Put?.Item ?? (t.Update ?? t.Delete ?? t.ConditionCheck)?.Key));
    default:
      return [];
  }
}

export const WRITE_OPERATIONS = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'TransactWriteItems']);
