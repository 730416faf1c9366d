import type { Handler } from '../http/context';
import { json } from '../http/reply';

/**
 * Salesforce's "API End-of-Life Policy"
 * (https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/api_rest_eol.htm):
 * versions 31.0 and later are served; 21.0 through 30.0 are retired since Summer '25 (and 7.0
 * through 20.0 since Summer '22), and "If you request any resource or use an operation from a
 * retired API version, REST API returns the 410:GONE error code" (also in the knowledge article
 * "Salesforce Platform API Versions 21.0 through 30.0 Retirement",
 * https://help.salesforce.com/s/articleView?id=000354473&type=1). The pages give the status
 * only; the body here is REST API's usual error array with that code.
 */
const OLDEST_VERSION = 31;

/** True for a version Salesforce has retired (≤ 30.0): every request to it is 410. */
export function isRetiredVersion(version: string): boolean {
  const number = Number(version);
  return Number.isFinite(number) && number > 0 && number < OLDEST_VERSION;
}
const SEASONS = ['Spring', 'Summer', 'Winter'] as const;

/** Every version from 31.0 to the newest served. */
export function apiVersions(maxVersion: string): string[] {
  const newest = Math.floor(Number(maxVersion));
  const versions: string[] = [];
  for (let v = OLDEST_VERSION; v <= newest; v++) versions.push(`${v}.0`);
  return versions;
}

/** Release names follow three releases a year: v60 is Spring '24, v62 Winter '25. */
function releaseLabel(version: string): string {
  const offset = Math.floor(Number(version)) - 60;
  const season = SEASONS[((offset % 3) + 3) % 3] ?? 'Spring';
  const year = 24 + Math.floor(offset / 3) + (season === 'Winter' ? 1 : 0);
  return `${season} '${String(year).padStart(2, '0')}`;
}

export const listVersions: Handler = (_request, context) =>
  json(
    200,
    context.versions.map((version) => ({
      label: releaseLabel(version),
      url: `/services/data/v${version}`,
      version,
    })),
  );

export const listResources: Handler = (request) => {
  const base = `/services/data/v${request.version}`;
  // prettier-ignore
  const names = [
    'tooling', 'metadata', 'eclair', 'folders', 'prechatForms', 'contact-tracing', 'chatter',
    'tabs', 'appMenu', 'quickActions', 'queryAll', 'commerce', 'wave', 'iot', 'analytics',
    'search', 'identity', 'composite', 'parameterizedSearch', 'fingerprint', 'theme', 'nouns',
    'domino', 'event', 'serviceTemplates', 'recent', 'connect', 'licensing', 'limits',
    'process', 'async-queries', 'query', 'jobs', 'match', 'emailConnect', 'compactLayouts',
    'knowledgeManagement', 'sobjects', 'actions', 'support',
  ];
  return json(200, Object.fromEntries(names.map((name) => [name, `${base}/${name}`])));
};

export const limits: Handler = (_request, context) => {
  const allowance = (max: number, remaining = max) => ({ Max: max, Remaining: remaining });
  return json(200, {
    ConcurrentAsyncGetReportInstances: allowance(200),
    ConcurrentSyncReportRuns: allowance(20),
    DailyApiRequests: allowance(context.usage.max, context.usage.remaining),
    DailyAsyncApexExecutions: allowance(250000),
    DailyBulkApiBatches: allowance(
      context.bulkLimits.batches.max,
      context.bulkLimits.batches.remaining,
    ),
    DailyBulkV2QueryFileStorageMB: allowance(976562),
    DailyBulkV2QueryJobs: allowance(
      context.bulkLimits.queryJobs.max,
      context.bulkLimits.queryJobs.remaining,
    ),
    DailyStreamingApiEvents: allowance(1000000),
    DataStorageMB: allowance(1024, 1000),
    FileStorageMB: allowance(10240, 10200),
    HourlyODataCallout: allowance(20000),
    HourlyTimeBasedWorkflow: allowance(1000),
    MassEmail: allowance(5000),
    SingleEmail: allowance(5000),
  });
};
