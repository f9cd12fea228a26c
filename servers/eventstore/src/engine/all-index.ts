import { float64Column, uint32Column } from '../storage/typed-column.js';

/**
 * The `$all` index in columns (position, stream, type), so filtered reads and subscriptions
 * can skip events without reading their bodies, and a million events cost ~16 MB.
 */
export class AllIndex {
  private readonly positions = float64Column();
  private readonly streamIds = uint32Column();
  private readonly typeIds = uint32Column();
  private readonly typeNames: string[] = [];
  private readonly typeIdsByName = new Map<string, number>();

  get length(): number {
    return this.positions.length;
  }

  push(position: bigint, streamId: number, type: string): void {
    this.positions.push(Number(position));
    this.streamIds.push(streamId);
    this.typeIds.push(this.internType(type));
  }

  positionAt(index: number): bigint {
    return BigInt(this.positions.at(index));
  }

  /** The position as a number (below 2^53): what storage reads take, without a bigint. */
  logPositionAt(index: number): number {
    return this.positions.at(index);
  }

  typeIdAt(index: number): number {
    return this.typeIds.at(index);
  }

  typeName(typeId: number): string {
    return this.typeNames[typeId]!;
  }

  streamIdAt(index: number): number {
    return this.streamIds.at(index);
  }

  typeAt(index: number): string {
    return this.typeNames[this.typeIds.at(index)]!;
  }

  /** The first index whose position is >= `position` (or > it when `exclusive`). */
  seek(position: bigint, exclusive: boolean): number {
    return this.positions.lowerBound(Number(position), exclusive);
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
}
