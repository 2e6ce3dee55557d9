import { LogLevel, OutputFormat, type BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';

/**
 * ESM bundles may contain CommonJS dependencies that call `require` (parts of the AWS SDK do); Node gives ESM
 * no `require`, so the bundle defines one first.
 */
export const ESM_REQUIRE_SHIM = "import { createRequire as __newspulseRequire } from 'node:module'; const require = __newspulseRequire(import.meta.url);";

/**
 * How every function is bundled (esbuild, locally: no Docker). One definition for all functions, and what
 * tests/infra/bundles.test.ts builds and runs.
 * - ESM (`index.mjs`) for Node 24 on arm64; `mainFields` prefers dependencies' ES module builds, which esbuild
 *   tree-shakes better.
 * - The AWS SDK is bundled, not taken from the runtime: the functions run exactly the SDK version the tests
 *   ran (package-lock.json), one minified file loads faster than the runtime's node_modules, and the bundle is
 *   self-contained, so the test can load it from a folder with no node_modules.
 * - Source maps (without the sources, to keep the zip small) so stack traces name our files and lines;
 *   the function turns them on with NODE_OPTIONS=--enable-source-maps.
 */
export const lambdaBundling: BundlingOptions = {
  format: OutputFormat.ESM,
  target: 'node24',
  mainFields: ['module', 'main'],
  banner: ESM_REQUIRE_SHIM,
  bundleAwsSDK: true,
  minify: true,
  sourceMap: true,
  sourcesContent: false,
  logLevel: LogLevel.WARNING,
};
