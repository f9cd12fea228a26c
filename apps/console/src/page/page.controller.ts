import {
  Controller,
  Get,
  Inject,
  NotFoundException,
  Param,
  Res,
  ServiceUnavailableException,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '@ledger/http';
import type { FastifyReply } from 'fastify';
import type { PageFile } from './page-files.js';

export const PAGE_FILES = Symbol('PAGE_FILES');

/**
 * No inline script or style, nothing from another origin: the page works offline and an
 * injected string cannot run.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * The page itself is public: a browser cannot send a bearer key when it navigates, and the page
 * holds no data. Every /api route needs the operator role.
 */
@ApiExcludeController()
@Public()
@Controller()
export class PageController {
  constructor(@Inject(PAGE_FILES) private readonly files: Map<string, PageFile>) {}

  @Get()
  index(@Res() reply: FastifyReply) {
    return this.send(reply, '/index.html', 'no-cache');
  }

  @Get('assets/:file')
  asset(@Param('file') file: string, @Res() reply: FastifyReply) {
    // Vite names assets by content hash: they never change under one name.
    return this.send(reply, `/assets/${file}`, 'public, max-age=31536000, immutable');
  }

  private async send(reply: FastifyReply, path: string, cacheControl: string) {
    if (this.files.size === 0) {
      throw new ServiceUnavailableException('The console page is not built: run npm run build:console.');
    }
    const file = this.files.get(path);
    if (!file) throw new NotFoundException(`No such file: ${path}`);
    await reply
      .header('content-type', file.contentType)
      .header('cache-control', cacheControl)
      .header('content-security-policy', CONTENT_SECURITY_POLICY)
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'no-referrer')
      .send(file.body);
  }
}
