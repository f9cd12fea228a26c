type TypedArray = Float64Array | Uint32Array;

/** log2 of the entries a chunk holds: 64 Ki, i.e. 256–512 KiB a chunk. */
const CHUNK_BITS = 16;
const CHUNK_SIZE = 1 << CHUNK_BITS;
const CHUNK_MASK = CHUNK_SIZE - 1;
/** The first chunk starts this small and doubles up to a whole chunk, so a small log stays small. */
const FIRST_CHUNK_SIZE = 1024;

/**
 * An append-only column of numbers in fixed-size typed-array chunks. Unlike a doubling array it
 * never copies what it holds nor keeps twice the room it needs: at most one chunk is partly
 * empty, and a million entries never leave freed megabytes behind in the allocator.
 */
export class TypedColumn<T extends TypedArray> {
  private readonly chunks: T[] = [];
  private count = 0;

  constructor(private readonly create: (length: number) => T) {}

  get length(): number {
    return this.count;
  }

  push(value: number): void {
    const offset = this.count & CHUNK_MASK;
    if (offset === 0) {
      this.chunks.push(this.create(this.count === 0 ? FIRST_CHUNK_SIZE : CHUNK_SIZE));
    } else if (this.count === this.chunks[0]!.length) {
      const grown = this.create(2 * this.count);
      grown.set(this.chunks[0]!);
      this.chunks[0] = grown;
    }
    this.chunks[this.chunks.length - 1]![offset] = value;
    this.count++;
  }

  /** The entry at `index` (0 ≤ index < length; not checked). */
  at(index: number): number {
    return this.chunks[index >>> CHUNK_BITS]![index & CHUNK_MASK]!;
  }

  /** The first index in [0, length) whose entry is not below `value` (entries must not decrease). */
  lowerBound(value: number, exclusive = false): number {
    let low = 0;
    let high = this.count;
    while (low < high) {
      const middle = (low + high) >>> 1;
      const at = this.at(middle);
      if (at < value || (exclusive && at === value)) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /** Bytes held by the chunks. */
  get byteLength(): number {
    return this.chunks.reduce((sum, chunk) => sum + chunk.byteLength, 0);
  }
}

export const float64Column = (): TypedColumn<Float64Array> =>
  new TypedColumn((length) => new Float64Array(length));
export const uint32Column = (): TypedColumn<Uint32Array> =>
  new TypedColumn((length) => new Uint32Array(length));
