import { Controller, Get, Module } from '@nestjs/common';
import { hello } from '@ledger/domain';

@Controller()
class HealthController {
  @Get('health')
  health() {
    return { status: 'ok', n: hello(1) };
  }
}

@Module({ controllers: [HealthController] })
export class AppModule {}
