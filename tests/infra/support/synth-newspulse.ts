import { App, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deploySettingsSchema, type DeploySettings } from '../../../infra/deploy-settings.ts';
import { addNewspulse } from '../../../infra/newspulse-app.ts';

/** The context `cdk synth` uses (cdk.json), so tests build the app with the same feature flags and validation. */
export function cdkJsonContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(new URL('../../../cdk.json', import.meta.url), 'utf8')) as { context: Record<string, unknown> };
  return cdkJson.context;
}

export interface SynthOptions {
  settings?: Partial<DeploySettings>;
  /** Build the real bundles (esbuild); off by default: assertions do not need code. */
  bundle?: boolean;
  /** CloudFormation's schema validation as in `cdk synth` (1-2 s); off by default. */
  validate?: boolean;
}

const outdirs: string[] = [];

/** Deletes what synthNewspulse wrote (templates, and bundles when built); for afterAll. */
export function removeSynthOutputs(): void {
  for (const dir of outdirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/**
 * The whole app as infra/app.ts builds it (cdk-nag included, so any unacknowledged finding throws here), into
 * a temp folder, with settings parsed by the same schema as context.
 */
export function synthNewspulse(options: SynthOptions = {}) {
  const outdir = mkdtempSync(join(tmpdir(), 'newspulse-cdk-'));
  outdirs.push(outdir);
  const app = new App({
    outdir,
    builtinCloudFormationValidation: options.validate ?? false,
    context: {
      ...cdkJsonContext(),
      // As the CLI sets them: construct paths and asset folders in the template metadata.
      'aws:cdk:enable-path-metadata': true,
      'aws:cdk:enable-asset-metadata': true,
      ...(options.validate ? {} : { '@aws-cdk/core:validateAgainstDefaultRules': false }),
      ...(options.bundle ? {} : { 'aws:cdk:bundling-stacks': [] }),
    },
  });
  const settings = deploySettingsSchema.parse(options.settings ?? {});
  const stacks = addNewspulse(app, settings);
  const assembly = app.synth();
  return {
    app,
    outdir,
    settings,
    assembly,
    ...stacks,
    template: Template.fromStack(stacks.api),
    dataTemplate: Template.fromStack(stacks.data),
  };
}

export type Resource = { Type: string; Properties: Record<string, any>; Metadata?: Record<string, any> };

/** The logical id of the resource whose construct path is `path` (e.g. `NewspulseApi/Ingest/Function/Resource`). */
export function logicalIdAt(template: Template, path: string): string {
  const found = Object.entries(template.toJSON().Resources as Record<string, Resource>).find(([, r]) => r.Metadata?.['aws:cdk:path'] === path);
  if (!found) throw new Error(`no resource at ${path}`);
  return found[0];
}

export function resource(template: Template, logicalId: string): Resource {
  const r = (template.toJSON().Resources as Record<string, Resource>)[logicalId];
  if (!r) throw new Error(`no resource ${logicalId}`);
  return r;
}

/** The functions by their construct id in the API stack. */
export const FUNCTION_IDS = { ingest: 'Ingest', read: 'Read', admin: 'Admin', rank: 'Rank', rankScheduler: 'RankScheduler' } as const;
export type FunctionName = keyof typeof FUNCTION_IDS;

export function functionLogicalId(template: Template, name: FunctionName): string {
  return logicalIdAt(template, `NewspulseApi/${FUNCTION_IDS[name]}/Function/Resource`);
}

export interface PolicyStatementJson {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: Record<string, Record<string, string | string[]>>;
}

/** Every statement of the policies attached to a function's role. */
export function roleStatements(template: Template, name: FunctionName): PolicyStatementJson[] {
  const roleId = logicalIdAt(template, `NewspulseApi/${FUNCTION_IDS[name]}/Role/Resource`);
  const policies = Object.values(template.findResources('AWS::IAM::Policy')) as Resource[];
  return policies
    .filter((p) => (p.Properties.Roles as { Ref: string }[]).some((r) => r.Ref === roleId))
    .flatMap((p) => p.Properties.PolicyDocument.Statement as PolicyStatementJson[]);
}

export const asList = (value: string | string[]) => (Array.isArray(value) ? value : [value]);

/** Every acknowledged finding in the app: rule id -> construct paths and reasons. */
export function acknowledgements(app: App) {
  const found: { path: string; id: string; reason: string }[] = [];
  for (const node of app.node.findAll()) {
    for (const entry of node.node.metadata.filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)) {
      for (const [id, reason] of Object.entries(entry.data as Record<string, string>)) found.push({ path: node.node.path, id, reason });
    }
  }
  return found;
}
