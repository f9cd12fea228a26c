import { Injectable } from '@nestjs/common';

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
