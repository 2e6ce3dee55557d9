import { asList, type PolicyStatementJson } from './synth-newspulse.ts';

/** One DynamoDB request as seen on the wire: the operation and the partition key values it addresses. */
export interface DynamoCall {
  action: string;
  table: string | undefined;
  leadingKeys: string[];
}

type AttributeValue = { S?: string };
type KeyJson = { pk?: AttributeValue };

/**
 * Reads the operation (X-Amz-Target) and the partition keys of a DynamoDB JSON request, as IAM evaluates them:
 * one call per request, except TransactWriteItems, which IAM authorizes as the PutItem, UpdateItem,
 * DeleteItem or ConditionCheckItem of each of its items.
 */
export function describeCalls(target: string, body: Record<string, any>): DynamoCall[] {
  const action = target.split('.').pop() ?? target;
  if (action !== 'TransactWriteItems') return [describeCall(action, body)];
  const actions = { Put: 'PutItem', Update: 'UpdateItem', Delete: 'DeleteItem', ConditionCheck: 'ConditionCheckItem' } as const;
  return (body.TransactItems as Record<string, any>[]).map((item) => {
    const [kind, request] = Object.entries(item)[0]! as [keyof typeof actions, Record<string, any>];
    return describeCall(actions[kind], request);
  });
}

function describeCall(action: string, body: Record<string, any>): DynamoCall {
  const pk = (key: KeyJson | undefined) => key?.pk?.S;
  let table: string | undefined = body.TableName;
  let keys: (string | undefined)[] = [];
  switch (action) {
    case 'GetItem':
    case 'DeleteItem':
    case 'UpdateItem':
    case 'ConditionCheckItem':
      keys = [pk(body.Key)];
      break;
    case 'PutItem':
      keys = [pk(body.Item)];
      break;
    case 'Query': {
      const placeholder = /\bpk\s*=\s*(:\w+)/.exec(body.KeyConditionExpression ?? '')?.[1];
      keys = [placeholder ? body.ExpressionAttributeValues?.[placeholder]?.S : undefined];
      break;
    }
    case 'BatchGetItem': {
      const [name, request] = Object.entries(body.RequestItems as Record<string, { Keys: KeyJson[] }>)[0] ?? [];
      table = name;
      keys = (request?.Keys ?? []).map(pk);
      break;
    }
    case 'BatchWriteItem': {
      const [name, requests] = Object.entries(body.RequestItems as Record<string, { PutRequest?: { Item: KeyJson }; DeleteRequest?: { Key: KeyJson } }[]>)[0] ?? [];
      table = name;
      keys = (requests ?? []).map((r) => pk(r.PutRequest?.Item ?? r.DeleteRequest?.Key));
      break;
    }
    default:
      keys = [];
  }
  return { action, table, leadingKeys: keys.map((k) => k ?? '<none>') };
}

/** IAM StringLike: `*` any run of characters, `?` one character, everything else literal. */
export function stringLike(pattern: string, value: string): boolean {
  const regex = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${regex}$`, 's').test(value);
}

/**
 * Whether the role's statements allow the call, evaluating what newspulse's policies use: Allow statements,
 * exact `dynamodb:<Op>` actions, a resource that is the table's ARN (the only resource any grant names), and
 * `ForAllValues:StringLike` on `dynamodb:LeadingKeys`. Any other condition makes a statement not match, so an
 * unexpected policy shape fails closed.
 */
export function isAllowed(call: DynamoCall, statements: PolicyStatementJson[], isTableArn: (resource: unknown) => boolean): boolean {
  return statements.some((s) => {
    if (s.Effect !== 'Allow' || !asList(s.Action).includes(`dynamodb:${call.action}`)) return false;
    const resources = Array.isArray(s.Resource) ? s.Resource : [s.Resource];
    if (!resources.some(isTableArn)) return false;
    const conditions = Object.entries(s.Condition ?? {});
    return conditions.every(([operator, keys]) => {
      const entries = Object.entries(keys);
      if (operator !== 'ForAllValues:StringLike' || entries.length !== 1 || entries[0]![0] !== 'dynamodb:LeadingKeys') return false;
      const patterns = asList(entries[0]![1]);
      return call.leadingKeys.every((key) => patterns.some((p) => stringLike(p, key)));
    });
  });
}
