import type { SqlQuery } from './local-backends';

type Op =
  | {
      kind: 'upsert';
      key: string;
      text: string;
      resolve: (value: unknown) => void;
      reject: (e: unknown) => void;
    }
  | {
      kind: 'insert';
      key: string;
      text: string;
      resolve: (value: unknown) => void;
      reject: (e: unknown) => void;
    }
  | {
      kind: 'ifAbsent';
      key: string;
      text: string;
      now: number;
      resolve: (value: unknown) => void;
      reject: (e: unknown) => void;
    }
  | { kind: 'delete'; key: string; resolve: (value: unknown) => void; reject: (e: unknown) => void };

type OpInput = Op extends infer O ? (O extends Op ? Omit<O, 'resolve' | 'reject'> : never) : never;

/** Rows per statement; far below SQLite's limit of 32,766 bound parameters. */
const MAX_BATCH = 200;

/**
 * Group commit for the SQLite store's writes. Each statement through node-sqlite3 costs a trip to
 * its thread pool and a commit; with 50 notifications in flight, a few hundred single-row writes
 * were waiting at any moment. Writes that arrive while a batch runs are sent together as one
 * multi-row statement per kind of write: each row's outcome is its own (RETURNING says which rows
 * a conditional insert wrote and what a delete removed), and a key appears at most once per batch,
 * so two writes of one key still happen in the order they were asked for.
 */
export class SqliteWriteBatcher {
  private queue: Op[] = [];
  private running = false;
  private idlers: (() => void)[] = [];

  constructor(
    private readonly query: SqlQuery,
    private readonly table: string,
  ) {}

  run<T>(op: OpInput): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ ...op, resolve: resolve as (value: unknown) => void, reject } as Op);
      if (!this.running) {
        this.running = true;
        setImmediate(() => void this.drain());
      }
    });
  }

  /** Resolves once every write asked for so far has been settled. */
  idle(): Promise<void> {
    if (!this.running) return Promise.resolve();
    return new Promise((resolve) => this.idlers.push(resolve));
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const batch: Op[] = [];
      const keys = new Set<string>();
      let taken = 0;
      for (const op of this.queue) {
        if (keys.has(op.key) || batch.length >= MAX_BATCH) break;
        keys.add(op.key);
        batch.push(op);
        taken += 1;
      }
      this.queue = this.queue.slice(taken);
      await this.execute(batch);
    }
    this.running = false;
    for (const resolve of this.idlers.splice(0)) resolve();
  }

  private async execute(batch: Op[]): Promise<void> {
    const upserts = batch.filter((op) => op.kind === 'upsert');
    const inserts = batch.filter((op) => op.kind === 'insert');
    const deletes = batch.filter((op) => op.kind === 'delete');
    const ifAbsent = new Map<number, Op[]>();
    for (const op of batch) {
      if (op.kind === 'ifAbsent') ifAbsent.set(op.now, [...(ifAbsent.get(op.now) ?? []), op]);
    }
    const t = this.table;
    const values = (ops: Op[]) => ops.map(() => '(?, ?)').join(', ');
    const params = (ops: Op[]) => ops.flatMap((op) => [op.key, 'text' in op ? op.text : '']);
    const statements: Promise<void>[] = [];
    if (upserts.length > 0) {
      statements.push(
        this.settle(
          upserts,
          this.query(
            `INSERT INTO ${t} (key, value) VALUES ${values(upserts)}
               ON CONFLICT(key) DO UPDATE SET value = excluded.value`,
            ...params(upserts),
          ),
          () => () => undefined,
        ),
      );
    }
    if (inserts.length > 0) {
      statements.push(
        this.settle(
          inserts,
          this.query(
            `INSERT INTO ${t} (key, value) VALUES ${values(inserts)} ON CONFLICT(key) DO NOTHING`,
            ...params(inserts),
          ),
          () => () => undefined,
        ),
      );
    }
    for (const [now, ops] of ifAbsent) {
      // The update branch runs only over an expired row; json_valid keeps a foreign row from failing it.
      const written = this.query(
        `INSERT INTO ${t} (key, value) VALUES ${values(ops)}
           ON CONFLICT(key) DO UPDATE SET value = excluded.value
           WHERE (CASE WHEN json_valid(${t}.value) THEN json_extract(${t}.value, '$.expiresAt') END) <= ?
         RETURNING key`,
        ...params(ops),
        now,
      );
      statements.push(
        this.settle(ops, written, (rows) => {
          const keys = new Set(rows.map((row) => row.key));
          return (op) => keys.has(op.key);
        }),
      );
    }
    if (deletes.length > 0) {
      const removed = this.query(
        `DELETE FROM ${t} WHERE key IN (${deletes.map(() => '?').join(', ')}) RETURNING key, value`,
        ...deletes.map((op) => op.key),
      );
      statements.push(
        this.settle(deletes, removed, (rows) => {
          const texts = new Map(rows.map((row) => [row.key, row.value]));
          return (op) => texts.get(op.key);
        }),
      );
    }
    await Promise.all(statements);
  }

  private async settle(
    ops: Op[],
    statement: Promise<Record<string, unknown>[]>,
    outcome: (rows: Record<string, unknown>[]) => (op: Op) => unknown,
  ): Promise<void> {
    try {
      const of = outcome(await statement);
      for (const op of ops) op.resolve(of(op));
    } catch (error) {
      for (const op of ops) op.reject(error);
    }
  }
}
