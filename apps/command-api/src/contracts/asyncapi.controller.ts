import { Controller, Get, Header } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { buildAsyncApiDocument } from '@ledger/contracts';
import { Public } from '@ledger/http';

/**
 * The event catalogue, public like /docs: event shapes are no secret, and a consumer in another
 * team reads them before it has a key. Built once from the same code as contracts/asyncapi.json,
 * which a test keeps identical.
 */
@ApiTags('operations')
@Public()
@Controller()
export class AsyncApiController {
  private readonly document = buildAsyncApiDocument();

  @Get('asyncapi.json')
  @Header('Cache-Control', 'public, max-age=300')
  @ApiOperation({ summary: 'The AsyncAPI 3.0 catalogue of every stored event type and version' })
  asyncapi(): Record<string, unknown> {
    return this.document;
  }
}
