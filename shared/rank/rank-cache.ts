import type { CatalogArticle } from '../catalog/article.ts';
import type { Pin } from '../catalog/pin-item.ts';
import type { Db } from '../store/db.ts';
import type { KeptRollups, RollupMemory } from '../window/rollup-store.ts';

/** The catalog and pins a warm rank process kept from its last run of a site, and the touch token they were read under. */
export interface KeptCatalog {
  token: string;
  articles: CatalogArticle[];
  pins: Pin[];
}

/** Where a rank run finds (and leaves) a site's catalog, with the touch token it read this run. */
export interface CatalogMemory {
  token: string | undefined;
  get(): KeptCatalog | undefined;
  set(kept: KeptCatalog): void;
}

/**
 * What one process keeps between runs at most; past it, the sites used longest ago are forgotten first. Measured
 * (npm run bench): a 1M-view site keeps about 15 MB; keeping a 10M-view site's rollups and catalog raised its
 * first run's peak from 983 MiB to 1,781 MiB of the rank function's 2 GB, so sites above SITE_LIMIT_BYTES (about
 * 3M views a week) are not kept: their scheduled runs read the whole window, as before.
 */
const DEFAULT_BUDGET_BYTES = 512 * 1024 * 1024;
const SITE_LIMIT_BYTES = 256 * 1024 * 1024;

interface SiteMemory {
  rollups?: KeptRollups;
  catalog?: KeptCatalog;
  bytes: number;
}

/**
 * What a warm rank process (the rank Lambda's container, the local server) keeps between runs of a site, so a
 * scheduled run reads only what changed: the window's rollups (written once, only ever deleted: valid while the
 * site's rollup token is the same, shared/window/rollup-item.ts) and the catalog with its pins (valid while the
 * catalog's touch token is the same, shared/catalog/catalog-item.ts). At 1M views a week these are nine tenths
 * of a scheduled run's reads (docs/benchmarks.md). A cold process reads everything, as before; nothing here is
 * ever the only copy. Bounded by an estimate of its size; a site bigger than SITE_LIMIT_BYTES is not kept at all.
 */
export class RankCache {
  private readonly sites = new Map<string, SiteMemory>();

  constructor(
    private readonly budgetBytes = DEFAULT_BUDGET_BYTES,
    private readonly siteLimitBytes = Math.min(SITE_LIMIT_BYTES, budgetBytes),
  ) {}

  /** The rollup memory of a site for a run that read `token` (readRollupsToken). */
  rollups(db: Db, site: string, token: string | undefined): RollupMemory {
    return { token, ...this.slot(siteKey(db, site), 'rollups') };
  }

  /** The catalog memory of a site for a run that read the catalog's touch `token` (undefined: nothing is kept). */
  catalog(db: Db, site: string, token: string | undefined): CatalogMemory {
    return { token, ...this.slot(siteKey(db, site), 'catalog') };
  }

  private slot<F extends 'rollups' | 'catalog'>(key: string, field: F) {
    return {
      get: () => this.touch(key)?.[field],
      set: (kept: NonNullable<SiteMemory[F]>) => this.store(key, (memory) => void (memory[field] = kept)),
    };
  }

  /** Sites kept now (for tests and the bench). */
  get size(): number {
    return this.sites.size;
  }

  /** The site's memory, marked as the most recently used. */
  private touch(key: string): SiteMemory | undefined {
    const memory = this.sites.get(key);
    if (memory) {
      this.sites.delete(key);
      this.sites.set(key, memory);
    }
    return memory;
  }

  private store(key: string, update: (memory: SiteMemory) => void): void {
    const memory = this.touch(key) ?? { bytes: 0 };
    update(memory);
    memory.bytes = estimateBytes(memory);
    this.sites.set(key, memory);
    if (memory.bytes > this.siteLimitBytes) {
      this.sites.delete(key);
      return;
    }
    let total = 0;
    for (const m of this.sites.values()) total += m.bytes;
    for (const [oldest, m] of this.sites) {
      if (total <= this.budgetBytes) break;
      this.sites.delete(oldest);
      total -= m.bytes;
    }
  }
}

function siteKey(db: Db, site: string): string {
  return `${db.tableName}\t${site}`;
}

/**
 * An estimate, to bound the total, fitted to what the bench measured (a 10M-view site's kept text took about
 * 800 MB of heap): two bytes a character of the kept lines plus each line's overhead, 1,200 bytes an article.
 */
function estimateBytes(memory: SiteMemory): number {
  let bytes = 0;
  for (const lines of memory.rollups?.hours.values() ?? []) for (const line of lines) bytes += 2 * line.length + 64;
  const articles = (memory.catalog?.articles.length ?? 0) + (memory.catalog?.pins.length ?? 0);
  return bytes + articles * 1_200;
}
