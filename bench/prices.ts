/**
 * AWS list prices used by the cost section, stated once. us-east-1, on-demand, no free tier, USD, from the AWS
 * pricing pages (DynamoDB, Lambda, API Gateway, CloudFront, CloudWatch).
 *
 * DynamoDB on-demand throughput was cut by half on 2024-11-01 ("Amazon DynamoDB reduces prices for on-demand
 * throughput by 50%"): $0.625 per million write request units, $0.125 per million read request units.
 */
export const PRICES_AS_OF = '2024-11-01 (DynamoDB on-demand; the other prices unchanged since)';

export const PRICES = {
  /** DynamoDB on-demand, per write request unit. */
  dynamoWriteUnit: 0.625 / 1e6,
  /** DynamoDB on-demand, per read request unit. */
  dynamoReadUnit: 0.125 / 1e6,
  /** Lambda arm64, per GB-second (first 7.5 billion GB-s a month). */
  lambdaArmGbSecond: 0.0000133334,
  /** Lambda, per request. */
  lambdaRequest: 0.2 / 1e6,
  /** API Gateway HTTP API, per request (first 300 million a month). */
  httpApiRequest: 1.0 / 1e6,
  /** CloudFront, per HTTPS request (United States, Europe). */
  cloudFrontHttpsRequest: 0.01 / 10_000,
  /** CloudFront data transfer out to the internet, per GB (first 10 TB, United States, Europe). */
  cloudFrontDataOutGb: 0.085,
  /** CloudWatch Logs ingestion, per GB. */
  logsIngestGb: 0.5,
} as const;

