/** MongoDB's error codes this server answers with, and their code names. */
export const ErrorCodes = {
  InternalError: 1,
  BadValue: 2,
  FailedToParse: 9,
  TypeMismatch: 14,
  IllegalOperation: 20,
  NamespaceNotFound: 26,
  IndexNotFound: 27,
  PathNotViable: 28,
  ConflictingUpdateOperators: 40,
  CursorNotFound: 43,
  NamespaceExists: 48,
  CommandNotFound: 59,
  ImmutableField: 66,
  InvalidOptions: 72,
  InvalidNamespace: 73,
  IndexOptionsConflict: 85,
  IndexKeySpecsConflict: 86,
  DollarPrefixedFieldName: 52,
  InvalidIdField: 53,
  Location40324: 40324,
  Location40415: 40415,
  Location40601: 40601,
  Location51132: 51132,
  Location51183: 51183,
  MergeStageNoMatchingDocument: 13113,
  CommandNotSupportedOnView: 166,
  DocumentValidationFailure: 121,
  OptionNotSupportedOnView: 167,
  Location16870: 16870,
  Location17276: 17276,
  Location40602: 40602,
  InvalidLength: 16,
  BSONObjectTooLarge: 10334,
  DuplicateKey: 11000,
} as const;

export type ErrorCodeName = keyof typeof ErrorCodes;

/** An error the server reports to the client as `{ ok: 0, code, codeName, errmsg }` or a writeError. */
export class MongoCommandError extends Error {
  readonly code: number;
  constructor(
    readonly codeName: ErrorCodeName,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.code = ErrorCodes[codeName];
  }
}
