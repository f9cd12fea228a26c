import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

export type OpenApiOptions = { title: string; description: string; version: string };

const UI_ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'application/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
};

/**
 * The OpenAPI document (built from the DTOs' decorators) at /docs-json, its UI at /docs.
 * SwaggerModule's own UI serving loads @fastify/static, whose ESM-only dependency jest
 * cannot load, so the page and its three files are served here from swagger-ui-dist.
 */
export function setupOpenApi(app: NestFastifyApplication, options: OpenApiOptions): void {
  const config = new DocumentBuilder()
    .setTitle(options.title)
    .setDescription(options.description)
    .setVersion(options.version)
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'API key' })
    .build();
  const document = SwaggerModule.createDocument(app as INestApplication, config);
  SwaggerModule.setup('docs', app, document, { ui: false, raw: ['json'], jsonDocumentUrl: 'docs-json' });

  const assetsDir = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
  const page = docsPage(options.title);
  const fastify = app.getHttpAdapter().getInstance();
  fastify.get('/docs', async (_request, reply) => reply.type('text/html; charset=utf-8').send(page));
  fastify.get<{ Params: { asset: string } }>('/docs/:asset', async (request, reply) => {
    const contentType = UI_ASSETS[request.params.asset];
    if (contentType === undefined) return reply.callNotFound();
    const content = await readFile(join(assetsDir, request.params.asset));
    return reply.type(contentType).header('Cache-Control', 'public, max-age=86400').send(content);
  });
}

function docsPage(title: string): string {
  const safeTitle = title.replace(/[<>&"]/g, '');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${safeTitle}</title>
<link rel="stylesheet" href="/docs/swagger-ui.css"><link rel="icon" href="/docs/favicon-32x32.png"></head>
<body><div id="swagger-ui"></div><script src="/docs/swagger-ui-bundle.js"></script>
<script>window.ui = SwaggerUIBundle({ url: '/docs-json', dom_id: '#swagger-ui' });</script></body></html>`;
}
