import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createDocumentClient } from '../../../shared/store/dynamo-client.ts';

const saved = { AWS_REGION: process.env.AWS_REGION, AWS_CONFIG_FILE: process.env.AWS_CONFIG_FILE, AWS_PROFILE: process.env.AWS_PROFILE };
afterEach(() => {
  for (const [key, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
});

describe('the region of an AWS client', () => {
  it('comes from the SDK chain (the profile in ~/.aws/config) when AWS_REGION is unset, never a default of ours', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'newspulse-aws-'));
    writeFileSync(join(dir, 'config'), '[profile ops]\nregion = eu-west-3\n');
    delete process.env.AWS_REGION;
    process.env.AWS_CONFIG_FILE = join(dir, 'config');
    process.env.AWS_PROFILE = 'ops';
    const client = createDocumentClient({});
    expect(await client.config.region()).toBe('eu-west-3');
    client.destroy();
  });

  it('is whatever a local endpoint is given, us-east-1 when none', async () => {
    const local = createDocumentClient({ endpoint: 'http://127.0.0.1:8000' });
    expect(await local.config.region()).toBe('us-east-1');
    local.destroy();
  });
});
