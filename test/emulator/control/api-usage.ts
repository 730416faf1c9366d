import { DailyAllowance } from './daily-allowance';

/**
 * The org's daily API request allowance, as `/limits` and `Sforce-Limit-Info` report it.
 *
 * Like Salesforce ("Limit Info Header", REST API Developer Guide,
 * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/headers_api_usage.htm):
 * the header is on the response to each REST API request — except the Versions URI
 * (`/services/data`), which does not count toward the limit — as `api-usage=<used>/<limit>`,
 * the org's daily usage counting the request answered and its allowance, e.g.
 * `Sforce-Limit-Info: api-usage=10018/100000`. The server adds it to every API kind's reply,
 * errors included (`http/server.ts`). A Composite request is one request however many
 * subrequests it holds ("The entire series of requests counts as a single call toward your API
 * limits": `api/composite.ts`), so its subrequests are never counted here.
 */
export class ApiUsage extends DailyAllowance {
  headerValue(): string {
    return `api-usage=${this.used}/${this.max}`;
  }
}
