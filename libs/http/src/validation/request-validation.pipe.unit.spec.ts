import 'reflect-metadata';
import type { ArgumentMetadata, Type as Class } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, ValidateNested } from 'class-validator';
import { RequestValidationException } from './request-validation.exception.js';
import { RequestValidationPipe } from './request-validation.pipe.js';

class AddressDto {
  @IsString()
  city: string;
}

class CustomerDto {
  @IsString()
  name: string;

  @IsOptional()
  @IsInt()
  age?: number;

  @IsOptional()
  @ValidateNested()
  @Type(() => AddressDto)
  address?: AddressDto;
}

const body = (metatype: Class<unknown>): ArgumentMetadata => ({ type: 'body', metatype });

async function fieldErrors(value: object) {
  try {
    await new RequestValidationPipe().transform(value, body(CustomerDto));
  } catch (error) {
    if (error instanceof RequestValidationException) return error.errors;
    throw error;
  }
  return [];
}

describe('RequestValidationPipe', () => {
  it('passes a valid body, nested DTO included, as an instance of the DTO', async () => {
    const dto = await new RequestValidationPipe().transform(
      { name: 'Ada', address: { city: 'London' } },
      body(CustomerDto),
    );
    expect(dto).toBeInstanceOf(CustomerDto);
    expect((dto as CustomerDto).address).toBeInstanceOf(AddressDto);
  });

  it.each(['extra', 'prototype', 'constructor', 'toString', 'hasOwnProperty', 'propertyIsEnumerable'])(
    'names the unknown field "%s", at the top and in a nested DTO',
    async (field) => {
      expect(await fieldErrors({ name: 'Ada', [field]: 1 })).toEqual([
        { field, message: `property ${field} should not exist` },
      ]);
      expect(await fieldErrors({ name: 'Ada', address: { city: 'Paris', [field]: 1 } })).toEqual([
        { field: `address.${field}`, message: `property ${field} should not exist` },
      ]);
    },
  );

  it('lists unknown fields with the other invalid fields, one entry per field', async () => {
    expect(await fieldErrors({ name: 7, valueOf: 1, extra: 2 })).toEqual([
      { field: 'valueOf', message: 'property valueOf should not exist' },
      { field: 'extra', message: 'property extra should not exist' },
      { field: 'name', message: 'name must be a string' },
    ]);
  });

  it('leaves values that are not DTOs alone', async () => {
    const pipe = new RequestValidationPipe();
    expect(await pipe.transform({ toString: 1 }, { type: 'body', metatype: Object })).toEqual({
      toString: 1,
    });
    expect(await pipe.transform('7', { type: 'param', metatype: Number, data: 'id' })).toBe(7);
  });
});
