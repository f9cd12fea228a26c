import { IsIn, IsOptional, Matches } from 'class-validator';
import { LOG_LEVELS, type LogLevelSetting } from '../observability/app-logger.js';

/** The variables every app reads for its logs and traces; each app's environment extends it. */
export class ObservabilityEnvironment {
  @IsIn(LOG_LEVELS)
  LOG_LEVEL: LogLevelSetting = 'log';

  /** The OTLP/HTTP collector's base URL; spans go to <it>/v1/traces. Unset: no tracing SDK. */
  @IsOptional()
  @Matches(/^https?:\/\/[^\s/]+(\/\S*)?$/, {
    message: 'OTEL_EXPORTER_OTLP_ENDPOINT must be an http:// or https:// URL',
  })
  OTEL_EXPORTER_OTLP_ENDPOINT?: string;
}
