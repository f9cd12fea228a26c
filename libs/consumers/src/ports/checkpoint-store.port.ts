/** Where each consumer resumes: the position of the last event (or filter checkpoint) it got past. */
export abstract class CheckpointStore {
  abstract load(consumer: string): Promise<bigint | undefined>;
  abstract save(consumer: string, position: bigint): Promise<void>;
}
