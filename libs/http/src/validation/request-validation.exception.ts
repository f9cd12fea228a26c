import { BadRequestException } from '@nestjs/common';
import type { FieldError } from '../problem-details/problem-details.js';

/** A 400 that carries field errors; the problem filter copies them into `errors`. */
export class RequestValidationException extends BadRequestException {
  constructor(readonly errors: FieldError[]) {
    super({ message: describe(errors), errors });
  }
}

function describe(errors: FieldError[]): string {
  const fields = [...new Set(errors.map((e) => e.field))];
  return `Invalid ${fields.length === 1 ? 'field' : 'fields'}: ${fields.join(', ')}.`;
}
