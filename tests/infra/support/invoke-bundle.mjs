// Runs one Lambda bundle (index.mjs) in a plain Node process, as the Lambda runtime would: import once, then
// call `handler(event, context)` for each event in turn. Usage: node invoke-bundle.mjs <index.mjs> <events.json> <results.json>
// Results go to a file; stdout is left to the function (its JSON logs and metric documents).
import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const [bundle, eventsFile, resultsFile] = process.argv.slice(2);
const { handler } = await import(pathToFileURL(bundle).href);
const events = JSON.parse(readFileSync(eventsFile, 'utf8'));
const results = [];
for (const [i, event] of events.entries()) {
  const context = {
    awsRequestId: `req-${i}`,
    functionName: 'newspulse-test',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:newspulse-test',
    memoryLimitInMB: '256',
    logGroupName: '/aws/lambda/newspulse-test',
    logStreamName: 'stream',
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => 10_000,
  };
  try {
    results.push({ ok: true, value: await handler(event, context) });
  } catch (error) {
    results.push({ ok: false, error: String(error?.message ?? error) });
  }
}
writeFileSync(resultsFile, JSON.stringify(results));
// Keep-alive sockets may hold the loop open; the results are written, so leave once stdout has drained.
setTimeout(() => process.exit(0), 200).unref();
