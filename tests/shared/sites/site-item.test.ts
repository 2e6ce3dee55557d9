import { describe, expect, it } from 'vitest';
import { addOriginsInput, deleteSiteInput, getSiteInput, listSitesInput, noteDataSinceInput, putNewSiteInput } from '../../../shared/sites/site-item.ts';
import type { Site } from '../../../shared/sites/site.ts';

const site: Site = { site: 'daily', origins: ['https://daily.example'], feeds: [], adminKeyHash: 'a'.repeat(64), trustBeaconMetadata: false, createdAt: '2026-11-28T12:00:00.000Z' };

describe('site items', () => {
  it('live in one partition, so listing sites is a Query', () => {
    expect(getSiteInput('t', 'daily')).toEqual({ TableName: 't', Key: { pk: 'SITES', sk: 'SITE#daily' } });
    expect(listSitesInput('t')).toEqual({
      TableName: 't',
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': 'SITES', ':prefix': 'SITE#' },
    });
  });

  it('are created only when the id is free, and changed only when they exist', () => {
    expect(putNewSiteInput('t', site)).toEqual({ TableName: 't', Item: { pk: 'SITES', sk: 'SITE#daily', ...site }, ConditionExpression: 'attribute_not_exists(pk)' });
    expect(addOriginsInput('t', 'daily', ['https://b.example']).ConditionExpression).toBe('attribute_exists(pk)');
    expect(deleteSiteInput('t', 'daily')).toMatchObject({ Key: { pk: 'SITES', sk: 'SITE#daily' }, ReturnValues: 'ALL_OLD' });
  });

  it('move dataSince only back in time', () => {
    expect(noteDataSinceInput('t', 'daily', '2026-01-01T00:00:00.000Z')).toMatchObject({
      UpdateExpression: 'SET dataSince = :since',
      ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(dataSince) OR dataSince > :since)',
      ExpressionAttributeValues: { ':since': '2026-01-01T00:00:00.000Z' },
    });
  });
});
