import { Validations, type App } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { DeploySettings } from './deploy-settings.ts';
import { ApiStack } from './stacks/api-stack.ts';
import { DataStack } from './stacks/data-stack.ts';

/** Stack names: `cdk deploy --all` deploys both, data first (the API stack reads the table's name from its SSM parameter). */
export const STACK_NAMES = { data: 'NewspulseData', api: 'NewspulseApi' } as const;

/**
 * The whole deployment, from typed settings: the data stack, the API stack that uses its table, and the
 * AwsSolutions checks (cdk-nag) as a validation plugin, so any unacknowledged finding fails the synth.
 * infra/app.ts and the infra tests build exactly this.
 */
export function addNewspulse(app: App, settings: DeploySettings) {
  const data = new DataStack(app, STACK_NAMES.data, { description: 'newspulse: the table (retained on delete)' });
  const api = new ApiStack(app, STACK_NAMES.api, {
    description: 'newspulse: functions, HTTP API, CDN, rank schedule, alarms, dashboard',
    tableNameParameter: data.tableNameParameter,
    settings,
  });
  api.addStackDependency(data, 'the table name parameter must exist before the API stack resolves it');
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { data, api };
}
