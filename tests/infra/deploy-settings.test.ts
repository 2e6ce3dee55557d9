import { describe, expect, it } from 'vitest';
import { parseDeploySettings } from '../../infra/deploy-settings.ts';

const from = (context: Record<string, unknown>) => parseDeploySettings((key) => context[key]);

describe('deployment settings from CDK context', () => {
  it('has a default for everything', () => {
    expect(from({})).toEqual({
      rankRateMinutes: 5,
      rankConcurrency: 10,
      apiRateLimit: 1000,
      apiBurstLimit: 2000,
      ingestRateLimit: 1000,
      ingestBurstLimit: 2000,
      adminRateLimit: 20,
      adminBurstLimit: 40,
      beaconConcurrency: 50,
      readConcurrency: 50,
      logRetentionDays: 30,
      cdnPriceClass: 'All',
      tracing: false,
    });
  });

  it('reads tracing as cdk.json booleans or `-c newspulse:tracing=true` strings, and refuses anything else', () => {
    expect(from({ 'newspulse:tracing': 'true' }).tracing).toBe(true);
    expect(from({ 'newspulse:tracing': true }).tracing).toBe(true);
    expect(from({ 'newspulse:tracing': 'false' }).tracing).toBe(false);
    expect(() => from({ 'newspulse:tracing': 'yes' })).toThrow(/newspulse:tracing/);
  });

  it('reads newspulse:* keys, as cdk.json values or `-c key=value` strings', () => {
    expect(
      from({
        'newspulse:rankRateMinutes': '15',
        'newspulse:apiRateLimit': 50,
        'newspulse:logRetentionDays': '90',
        'newspulse:alarmEmail': 'ops@news.example',
        'newspulse:cdnPriceClass': '100',
        rankRateMinutes: 1, // not ours: ignored
      }),
    ).toMatchObject({ rankRateMinutes: 15, apiRateLimit: 50, logRetentionDays: 90, alarmEmail: 'ops@news.example', cdnPriceClass: '100' });
  });

  it('treats an empty alarm address as none', () => {
    expect(from({ 'newspulse:alarmEmail': '' }).alarmEmail).toBeUndefined();
  });

  it('names every bad key in one error', () => {
    expect(() => from({ 'newspulse:rankRateMinutes': '0', 'newspulse:logRetentionDays': 10, 'newspulse:alarmEmail': 'nope' })).toThrow(
      /newspulse:rankRateMinutes: .*; newspulse:logRetentionDays: must be one of 1, 3, 5, 7, 14, 30.*; newspulse:alarmEmail: /,
    );
  });
});
