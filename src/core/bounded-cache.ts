/**
 * A map that holds at most `capacity` entries, with O(1) work per operation however full it
 * is. Entries live in two generations of at most capacity/2 each: new entries go to the young
 * one; when it is full the old generation is dropped whole and the young one becomes old. A hit
 * in the old generation moves the entry back to the young one, so entries in use survive
 * (approximately least-recently-used).
 *
 * Evicting one entry at a time from a Map's front (`map.keys().next()` after deletes) is not
 * O(1) in V8: deleted slots stay at the front until the table is rebuilt, and every eviction
 * walks over them. Dropping a whole generation never walks anything.
 */
export class BoundedCache<K, V> {
  private young = new Map<K, V>();
  private old = new Map<K, V>();
  private readonly half: number;
  private ops = 0;

  constructor(readonly capacity: number) {
    if (!(capacity >= 2) || !Number.isInteger(capacity)) throw new Error(`cache capacity must be a whole number ≥ 2, got ${capacity}`);
    this.half = Math.floor(capacity / 2);
  }

  get(key: K): V | undefined {
    this.ops++;
    const hit = this.young.get(key);
    if (hit !== undefined) return hit;
    this.ops++;
    const old = this.old.get(key);
    if (old !== undefined) {
      this.ops++;
      this.old.delete(key);
      this.put(key, old);
    }
    return old;
  }

  /**
   * A copy of the key left in the old generation is harmless: lookups try the young one first,
   * and the copy goes when its generation does.
   */
  set(key: K, value: V): void {
    this.put(key, value);
  }

  private put(key: K, value: V): void {
    if (this.young.size >= this.half) {
      this.ops++;
      this.old = this.young;
      this.young = new Map();
    }
    this.ops++;
    this.young.set(key, value);
  }

  /** Entries held (a key set again while in the old generation may count twice, never more than `capacity`). */
  get size(): number {
    return this.young.size + this.old.size;
  }

  /** Map operations done so far (lookups, inserts, deletes, generation swaps): the work counter scale tests read. */
  get operations(): number {
    return this.ops;
  }
}
