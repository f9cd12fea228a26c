import { type DynamicModule, Global, Injectable, Module } from '@nestjs/common';

/** Port for "now": the domain never reads a clock, the handlers ask this one. */
export abstract class Clock {
  abstract now(): Date;
}

@Injectable()
export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}

/** The one clock of the app, shared by handlers and the event store module; tests pass their own. */
@Global()
@Module({})
export class ClockModule {
  static forRoot(clock?: Clock): DynamicModule {
    const provider = clock ? { provide: Clock, useValue: clock } : { provide: Clock, useClass: SystemClock };
    return { module: ClockModule, providers: [provider], exports: [Clock] };
  }
}
