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
export class ApiUsage {
  private usedCount = 0;

  constructor(readonly max: number) {}

  get used(): number {
    return this.usedCount;
  }

  get remaining(): number {
    return Math.max(0, this.max - this.usedCount);
  }

  /** Count one API request; false when the allowance is already spent (the request is refused). */
  consume(): boolean {
    if (this.usedCount >= this.max) return false;
    this.usedCount += 1;
    return true;
  }

  /** Pretend this many requests were already made today (e.g. to test the limit). */
  setUsed(count: number): void {
    this.usedCount = Math.max(0, Math.floor(count));
  }

  headerValue(): string {
    return `api-usage=${this.usedCount}/${this.max}`;
  }
}
