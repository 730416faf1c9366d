import { formatId } from '../data/record-ids';
import type { PersonTable } from '../data/person-table';
import type { FieldDef } from '../data/schema';
import type { ParentField } from './compile';

export interface QueryCursor {
  readonly table: PersonTable;
  readonly fields: readonly FieldDef[];
  readonly parents: readonly ParentField[];
  readonly rows: Int32Array;
  readonly batchSize: number;
}

/** Open query cursors, named like Salesforce's `01g…` locators; the oldest are forgotten. */
export class CursorStore {
  private readonly cursors = new Map<string, QueryCursor>();
  private counter = 62 ** 5;

  constructor(
    private readonly pod: string,
    private readonly capacity = 200,
  ) {}

  open(cursor: QueryCursor): string {
    const id = formatId('01g', this.pod, this.counter++);
    this.cursors.set(id, cursor);
    if (this.cursors.size > this.capacity) {
      const oldest = this.cursors.keys().next().value;
      if (oldest !== undefined) this.cursors.delete(oldest);
    }
    return id;
  }

  get(id: string): QueryCursor | undefined {
    return this.cursors.get(id);
  }
}
