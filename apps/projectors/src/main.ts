import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { ProjectorsModule } from './projectors.module.js';

const app = await NestFactory.create<NestFastifyApplication>(ProjectorsModule, new FastifyAdapter());
app.enableShutdownHooks();
// Configuration gets its validated schema when this app gains its features.
await app.listen(Number(process.env.PROJECTORS_PORT ?? 3002), process.env.HOST ?? '127.0.0.1');
