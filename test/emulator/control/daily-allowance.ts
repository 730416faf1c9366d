/**
 * One of the org's allowances counted over a day (Salesforce counts them over a rolling 24 hours;
 * the emulator's day is its lifetime, and `setUsed` stands for what was used before it started).
 */
export class DailyAllowance {
  private usedCount = 0;

  constructor(readonly max: number) {}

  get used(): number {
    return this.usedCount;
  }

  get remaining(): number {
    return Math.max(0, this.max - this.usedCount);
  }

  /** Count `amount` more; false, counting nothing, when that would pass the allowance. */
  consume(amount = 1): boolean {
    if (this.usedCount + amount > this.max) return false;
    this.usedCount += amount;
    return true;
  }

  /** Pretend this much was already used today (e.g. to test the limit). */
  setUsed(count: number): void {
    this.usedCount = Math.max(0, Math.floor(count));
  }
}
