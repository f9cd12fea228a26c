import { ValidationPipe, type ValidationPipeOptions } from '@nestjs/common';
import { toFieldErrors } from './field-errors.js';
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

export class RequestValidationPipe extends ValidationPipe {
  constructor(options: ValidationPipeOptions = {}) {
    super({ ...requestValidationPipeOptions(), ...options });
  }
}
