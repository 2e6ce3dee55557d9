import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { ApplicationLogLevel, Architecture, LoggingFormat, Runtime, SystemLogLevel, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { fileURLToPath } from 'node:url';
import { lambdaBundling } from '../lambda-bundling.ts';
import type { ItemAction, TableAccess } from '../table-access.ts';

/** The repository root: entries are functions/<name>/handler.ts, and package-lock.json pins what is bundled. */
export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface NewspulseFunctionProps {
  /** The folder under functions/ whose handler.ts is the entry. */
  readonly name: string;
  readonly description: string;
  readonly logRetention: RetentionDays;
  /** Default 256 MB: the bundles need ~90 MB, and Lambda's CPU share grows with memory. */
  readonly memorySize?: number;
  /** Default 10 s: a request must answer well within API Gateway's 30 s. */
  readonly timeout?: Duration;
  /**
   * Lambda's own START/END/REPORT lines. WARN drops them on the hot paths (ingest, read), where they would be
   * most of the log bill; INFO keeps them where invocations are few.
   */
  readonly systemLogLevel?: SystemLogLevel;
  /** Concurrency kept for (and limited to) this function; its excess requests get 429. Unset: none reserved. */
  readonly reservedConcurrency?: number;
  /** X-Ray active tracing (deploy setting `tracing`): a trace per invocation (init, duration, errors); SDK calls inside are not instrumented. */
  readonly tracing?: boolean;
}

/**
 * One newspulse Lambda function: Node 24 on arm64, ESM bundled locally by esbuild (infra/lambda-bundling.ts),
 * JSON logs (Powertools) in its own log group with a retention, and its own role that starts with nothing
 * but writing to that log group. Table access is added with `useTable`, never by hand.
 */
export class NewspulseFunction extends Construct {
  readonly fn: NodejsFunction;
  readonly role: Role;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: NewspulseFunctionProps) {
    super(scope, id);
    this.logGroup = new LogGroup(this, 'Logs', { retention: props.logRetention, removalPolicy: RemovalPolicy.DESTROY });
    // Our own role instead of the AWS managed basic execution role, which may write to any log group.
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `newspulse ${props.name}: its log group and the table items it uses`,
    });
    this.logGroup.grantWrite(this.role);
    this.fn = new NodejsFunction(this, 'Function', {
      description: props.description,
      entry: `${PROJECT_ROOT}functions/${props.name}/handler.ts`,
      handler: 'handler',
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: `${PROJECT_ROOT}package-lock.json`,
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 256,
      timeout: props.timeout ?? Duration.seconds(10),
      role: this.role,
      logGroup: this.logGroup,
      loggingFormat: LoggingFormat.JSON,
      applicationLogLevelV2: ApplicationLogLevel.INFO,
      systemLogLevelV2: props.systemLogLevel ?? SystemLogLevel.INFO,
      bundling: lambdaBundling,
      environment: { NODE_OPTIONS: '--enable-source-maps' },
      ...(props.reservedConcurrency === undefined ? {} : { reservedConcurrentExecutions: props.reservedConcurrency }),
      tracing: props.tracing ? Tracing.ACTIVE : Tracing.DISABLED,
    });
    if (props.tracing) {
      Validations.of(this.role).acknowledge({
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason: 'Only with tracing on: xray:PutTraceSegments and xray:PutTelemetryRecords accept no resource but "*" (X-Ray has no resource-level permissions); every table permission stays per partition.',
      });
    }
  }

  /**
   * Grants exactly `access` on the table and tells the function which table it is, in one call, so the
   * permissions and the configuration can never name different tables. Each operation is allowed only on the
   * partitions listed for it (IAM `dynamodb:LeadingKeys`); operations sharing a partition list share a statement.
   */
  useTable(table: ITableV2, access: TableAccess): this {
    this.fn.addEnvironment('NEWSPULSE_TABLE', table.tableName);
    const byPartitions = new Map<string, ItemAction[]>();
    for (const [action, partitions] of Object.entries(access) as [ItemAction, readonly string[]][]) {
      const key = JSON.stringify([...partitions].sort());
      byPartitions.set(key, [...(byPartitions.get(key) ?? []), action]);
    }
    for (const [key, actions] of byPartitions) {
      this.role.addToPrincipalPolicy(
        new PolicyStatement({
          actions: actions.map((action) => `dynamodb:${action}`),
          resources: [table.tableArn],
          conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': JSON.parse(key) as string[] } },
        }),
      );
    }
    return this;
  }

  /** Lets the function read the visitor hash's secret and tells it where it is (VISITOR_SECRET_ARN), in one call. */
  useVisitorSecret(secret: ISecret): this {
    secret.grantRead(this.role);
    this.fn.addEnvironment('VISITOR_SECRET_ARN', secret.secretArn);
    return this;
  }
}