/**
 * The `$all` index in columns (position, stream, type), so filtered reads and subscriptions
 * can skip events without reading their bodies, and a million events cost ~16 MB.
 */
export class AllIndex {
  private positions = new Float64Array(1024);
  private streamIds = new Int32Array(1024);
  private typeIds = new Int32Array(1024);
  private size = 0;
  private readonly typeNames: string[] = [];
  private readonly typeIdsByName = new Map<string, number>();

  get length(): number {
    return this.size;
  }

  push(position: bigint, streamId: number, type: string): void {
    if (this.size === this.positions.length) this.grow();
    this.positions[this.size] = Number(position);
    this.streamIds[this.size] = streamId;
    this.typeIds[this.size] = this.internType(type);
    this.size++;
  }

  positionAt(index: number): bigint {
    return BigInt(this.positions[index]!);
  }

  streamIdAt(index: number): number {
    return this.streamIds[index]!;
  }

  typeAt(index: number): string {
    return this.typeNames[this.typeIds[index]!]!;
  }

  /** The first index whose position is >= `position` (or > it when `exclusive`). */
  seek(position: bigint, exclusive: boolean): number {
    const target = Number(position);
    let low = 0;
    let high = this.size;
    while (low < high) {
      const middle = (low + high) >>> 1;
      const at = this.positions[middle]!;
      if (at < target || (exclusive && at === target)) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  private internType(type: string): number {
    let id = this.typeIdsByName.get(type);
    if (id === undefined) {
      id = this.typeNames.length;
      this.typeNames.push(type);
      this.typeIdsByName.set(type, id);
    }
    return id;
  }

  private grow(): void {
    const capacity = this.positions.length * 2;
    const positions = new Float64Array(capacity);
    positions.set(this.positions);
    const streamIds = new Int32Array(capacity);
    streamIds.set(this.streamIds);
    const typeIds = new Int32Array(capacity);
    typeIds.set(this.typeIds);
    this.positions = positions;
    this.streamIds = streamIds;
    this.typeIds = typeIds;
  }
}
