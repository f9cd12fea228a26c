import type { Document } from 'bson';

/** A stored document and the normalised copy mingo matches against (the same object when plain). */
export interface StoredDocument {
  id: string;
  doc: Document;
  view: Document;
}
