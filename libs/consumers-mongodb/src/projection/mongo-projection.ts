import type { ConsumedEvent, Message } from '@ledger/consumers';
import type { CreateIndexesOptions, IndexSpecification } from 'mongodb';
import { DocumentUpdate } from './document-update.js';

type Of<E extends Message, T extends E['type']> = Extract<E, { type: T }>;

/** Hands out the update of document `id` (several calls for one id share one update). */
export type DocumentTarget<D> = (id: string) => DocumentUpdate<D>;

type Intent<E extends Message, D> = (event: E, target: DocumentTarget<D>, meta: ConsumedEvent<E>) => void;

/**
 * A read model as a table of intents (STYLE.md rule 18): per event type, which documents it
 * touches and what changes. No I/O: `MongoProjector` batches, folds, guards and writes.
 *
 * ```ts
 * export const accountSummary = new MongoProjection<LedgerEvent, AccountSummary>('account-summary')
 *   .on('AccountOpened', (e) => e.data.accountId, (e, doc) => doc.set('ownerId', e.data.ownerId).set('balance', 0))
 *   .on('MoneyDeposited', (e) => e.data.accountId, (e, doc) => doc.inc('balance', e.data.amount))
 *   .ignore('AccountFrozen');
 * ```
 */
export class MongoProjection<E extends Message = Message, D = Record<string, unknown>> {
  private readonly intents = new Map<string, Intent<E, D>>();
  private readonly ignored = new Set<string>();
  private readonly indexSpecs: Array<{ key: IndexSpecification; options: CreateIndexesOptions }> = [];

  /** `readModel` is the alias in `read_model_versions`, resolved to a collection when writing. */
  constructor(readonly readModel: string) {}

  /** One document per event: `id` picks it (undefined: none), `update` says what changes. */
  on<T extends E['type']>(
    type: T,
    id: (event: Of<E, T>, meta: ConsumedEvent<E>) => string | undefined,
    update: (event: Of<E, T>, doc: DocumentUpdate<D>, meta: ConsumedEvent<E>) => void,
  ): this {
    return this.onMany(type, (event, target, meta) => {
      const documentId = id(event, meta);
      if (documentId !== undefined) update(event, target(documentId), meta);
    });
  }

  /** Any number of documents per event (e.g. both accounts of a transfer, or a day and a month). */
  onMany<T extends E['type']>(
    type: T,
    intent: (event: Of<E, T>, target: DocumentTarget<D>, meta: ConsumedEvent<E>) => void,
  ): this {
    if (this.intents.has(type)) throw new Error(`${this.readModel} already has an intent for ${type}`);
    this.intents.set(type, intent as Intent<E, D>);
    return this;
  }

  /** Types this read model ignores on purpose (they may reach its consumer). */
  ignore(...types: Array<E['type']>): this {
    types.forEach((type) => this.ignored.add(type));
    return this;
  }

  /** An index the read model's queries need; the projector creates it before its first write. */
  index(key: IndexSpecification, options: CreateIndexesOptions = {}): this {
    this.indexSpecs.push({ key, options });
    return this;
  }

  get indexes(): ReadonlyArray<{ key: IndexSpecification; options: CreateIndexesOptions }> {
    return this.indexSpecs;
  }

  get handledTypes(): string[] {
    return [...this.intents.keys()];
  }

  get ignoredTypes(): string[] {
    return [...this.ignored];
  }

  /** The updates one event makes, by document id; throws what the intent throws. */
  updatesFor(event: ConsumedEvent<E>): Map<string, DocumentUpdate<D>> {
    const updates = new Map<string, DocumentUpdate<D>>();
    const intent = this.intents.get(event.event.type);
    if (!intent) return updates;
    const target: DocumentTarget<D> = (id) => {
      let update = updates.get(id);
      if (!update) updates.set(id, (update = new DocumentUpdate<D>()));
      return update;
    };
    intent(event.event, target, event);
    return updates;
  }
}
