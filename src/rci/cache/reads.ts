/**
 * What one request's RCI reads depended on, for the response cache (responses.ts): the tags of every
 * read (invalidation.ts) with the generations they had when it was looked up, and when the oldest
 * answer it used expires. Reads record themselves here whether RCI or the answer cache answered them,
 * so a response built from them is dropped by exactly the writes that drop those answers, and lives
 * no longer than the oldest of them.
 */
export class ReadRecord {
  /** Tag list (as `readTags` hands it out, one array per kind of read) → generations seen. */
  private readonly seen = new Map<readonly string[], string>();
  private oldest = Infinity;
  private untracked = false;

  /** A read through the cache: its tags, their generations when it was looked up, when its answer expires. */
  note(tags: readonly string[], generations: string, expiresAt: number): void {
    const before = this.seen.get(tags);
    if (before === undefined) this.seen.set(tags, generations);
    // A write came between two reads of this request: its answer mixes before and after.
    else if (before !== generations) this.untracked = true;
    if (expiresAt < this.oldest) this.oldest = expiresAt;
  }

  /** A read whose generations are unknown (no cache, or the store could not answer). */
  noteUntracked(): void {
    this.untracked = true;
  }

  /** False when some read's generations are unknown: the response must not be cached. */
  get tracked(): boolean {
    return !this.untracked;
  }

  /** When the oldest answer read expires (epoch ms); `Infinity` when nothing was read. */
  get expiresAt(): number {
    return this.oldest;
  }

  /** Each distinct tag list read, with the generations it was read at. */
  reads(): IterableIterator<[readonly string[], string]> {
    return this.seen.entries();
  }

  /** Every tag read, once each, sorted. */
  tags(): string[] {
    const all = new Set<string>();
    for (const tags of this.seen.keys()) for (const tag of tags) all.add(tag);
    return [...all].sort();
  }
}
