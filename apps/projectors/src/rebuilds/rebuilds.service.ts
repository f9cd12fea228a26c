import { randomUUID } from 'node:crypto';
import { EventStoreDBClient } from '@eventstore/db-client';
import {
  ConflictException,
  Inject,
  Injectable,
  NotFoundException,
  type OnModuleDestroy,
} from '@nestjs/common';
import { SystemClock } from '@ledger/consumers';
import { EsdbAllStreamSource } from '@ledger/consumers-eventstore';
import { type RebuildProgress, ReadModelRebuild } from '@ledger/consumers-mongodb';
import type { LedgerEvent } from '@ledger/domain';
import { LEDGER_READ_MODELS } from '@ledger/read-models';
import { Db } from 'mongodb';
import { ProjectorsSettings } from '../config/projectors.config.js';
import { TRANSFER_WORKFLOW } from '../transfer-workflow/transfer-workflow.consumer.js';

/** Rebuilds remembered for `GET /rebuilds`; past it the oldest finished one is forgotten. */
const MAX_REMEMBERED = 50;

/**
 * The rebuilds this process runs (ReadModelRebuild does the blue-green work): at most one per read
 * model at a time; the transfer workflow is refused, since replaying it would move money again.
 */
@Injectable()
export class RebuildsService implements OnModuleDestroy {
  private readonly rebuilds = new Map<string, ReadModelRebuild<LedgerEvent>>();

  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(EventStoreDBClient) private readonly client: EventStoreDBClient,
    @Inject(ProjectorsSettings) private readonly settings: ProjectorsSettings,
  ) {}

  start(readModel: string): RebuildProgress {
    if (readModel === TRANSFER_WORKFLOW) {
      throw new ConflictException(
        'The transfer workflow is never rebuilt: replaying it would issue its commands, and move money, again.',
      );
    }
    const model = LEDGER_READ_MODELS.find((m) => m.projection.readModel === readModel);
    if (!model) throw new NotFoundException(`There is no read model named ${readModel}.`);
    const running = [...this.rebuilds.values()].find((r) => r.readModel === readModel && !r.isOver());
    if (running)
      throw new ConflictException(`${readModel} is being rebuilt already (${running.progress().id}).`);
    this.forgetOldest();
    const rebuild = new ReadModelRebuild<LedgerEvent>(
      { db: this.db, source: new EsdbAllStreamSource<LedgerEvent>(this.client), clock: new SystemClock() },
      {
        id: randomUUID(),
        projection: model.projection,
        filter: model.filter,
        graceMs: this.settings.rebuildGraceMs,
        runner: { batchSize: Math.max(this.settings.batchSize, 1_000) },
      },
    );
    const progress = rebuild.progress();
    this.rebuilds.set(progress.id, rebuild);
    return progress;
  }

  list(): RebuildProgress[] {
    return [...this.rebuilds.values()].map((r) => r.progress());
  }

  get(id: string): RebuildProgress {
    return this.find(id).progress();
  }

  cancel(id: string): RebuildProgress {
    const rebuild = this.find(id);
    if (!rebuild.isOver() && !rebuild.cancel()) {
      throw new ConflictException(`Rebuild ${id} has switched the alias already: the new collection serves.`);
    }
    return rebuild.progress();
  }

  /** A rebuild's half-built collection goes with it: cancel what runs, wait for the drops. */
  async onModuleDestroy(): Promise<void> {
    await Promise.all([...this.rebuilds.values()].map((r) => r.close()));
  }

  private find(id: string): ReadModelRebuild<LedgerEvent> {
    const rebuild = this.rebuilds.get(id);
    if (!rebuild) throw new NotFoundException(`There is no rebuild ${id} in this projectors process.`);
    return rebuild;
  }

  private forgetOldest(): void {
    if (this.rebuilds.size < MAX_REMEMBERED) return;
    const oldest = [...this.rebuilds].find(([, r]) => r.isOver());
    if (oldest) this.rebuilds.delete(oldest[0]);
    else throw new ConflictException(`${MAX_REMEMBERED} rebuilds are running; wait for one to end.`);
  }
}
