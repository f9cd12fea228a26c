import { Module } from '@nestjs/common';
import { HealthController } from './health.controller.js';

// A bare bootstrap for now: the read models and their endpoints come with their own issue.
@Module({ controllers: [HealthController] })
export class QueryApiModule {}
