import { App } from 'aws-cdk-lib';
import { DataStack } from './stacks/data-stack.ts';

/** CDK entry: the only place that reads context; stacks take typed props. (Functions arrive in a later issue.) */
const app = new App();
new DataStack(app, 'NewspulseData');
app.synth();
