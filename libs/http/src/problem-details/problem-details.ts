/** RFC 9457 problem details, as every app answers errors. */
export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
export const PROBLEM_TYPE_BASE = 'urn:ledger:problem:';

export type FieldError = { field: string; message: string };

export type ProblemDetails = {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: FieldError[];
};

/** Builds a problem whose `type` is a stable URN clients can switch on. */
export function problem(
  status: number,
  slug: string,
  title: string,
  detail: string,
  errors?: FieldError[],
): ProblemDetails {
  return { type: PROBLEM_TYPE_BASE + slug, title, status, detail, ...(errors ? { errors } : {}) };
}

/** A mapper turns an error it recognises into a problem, or passes (undefined). */
export type ProblemMapper = (error: unknown) => ProblemDetails | undefined;
