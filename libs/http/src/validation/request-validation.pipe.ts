import { type ArgumentMetadata, ValidationPipe, type ValidationPipeOptions } from '@nestjs/common';
import type { FieldError } from '../problem-details/problem-details.js';
import { toFieldErrors } from './field-errors.js';
import { unknownFields } from './known-properties.js';
import { RequestValidationException } from './request-validation.exception.js';

/** Strict DTO validation: unknown fields are rejected, errors come back per field. */
export function requestValidationPipeOptions(): ValidationPipeOptions {
  return {
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new RequestValidationException(toFieldErrors(errors)),
  };
}

/**
 * Nest's pipe silently deletes `prototype` and `constructor` before class-transformer, which in
 * turn skips keys naming the DTO's inherited methods (`toString`, `hasOwnProperty`…), so
 * forbidNonWhitelisted never sees them. The plain value's own keys are compared with the DTO's
 * declared properties first, and those unknown fields join the other field errors.
 */
export class RequestValidationPipe extends ValidationPipe {
  constructor(options: ValidationPipeOptions = {}) {
    super({ ...requestValidationPipeOptions(), ...options });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const unknown =
      metadata.metatype && this.toValidate(metadata) ? unknownFields(value, metadata.metatype) : [];
    if (unknown.length === 0) return super.transform(value, metadata);
    const others = await super.transform(value, metadata).then(
      () => [],
      (error: unknown) => {
        if (error instanceof RequestValidationException) return error.errors;
        throw error;
      },
    );
    throw new RequestValidationException(oneEntryPerField([...unknown, ...others]));
  }
}

/** forbidNonWhitelisted reports the ordinary unknown names a second time. */
function oneEntryPerField(errors: FieldError[]): FieldError[] {
  const seen = new Set<string>();
  return errors.filter(({ field }) => {
    if (seen.has(field)) return false;
    seen.add(field);
    return true;
  });
}
