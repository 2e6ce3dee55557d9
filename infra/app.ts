import { App } from 'aws-cdk-lib';
import { parseDeploySettings } from './deploy-settings.ts';
import { addNewspulse } from './newspulse-app.ts';

/** CDK entry: the only place that reads context (`newspulse:*` keys); the stacks take the typed result. */
const app = new App();
addNewspulse(app, parseDeploySettings((key) => app.node.tryGetContext(key)));
app.synth();
