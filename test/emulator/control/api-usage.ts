/** The org's daily API request allowance, as `/limits` and `Sforce-Limit-Info` report it. */
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
