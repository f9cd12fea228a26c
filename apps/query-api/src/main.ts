import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { QueryApiModule } from './query-api.module.js';

const app = await NestFactory.create<NestFastifyApplication>(QueryApiModule, new FastifyAdapter());
app.enableShutdownHooks();
// Configuration gets its validated schema when this app gains its features.
await app.listen(Number(process.env.QUERY_API_PORT ?? 3001), process.env.HOST ?? '127.0.0.1');
