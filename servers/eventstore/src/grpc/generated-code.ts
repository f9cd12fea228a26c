import { createRequire } from 'node:module';
import type * as ServerFeaturesGrpc from '@eventstore/db-client/generated/serverfeatures_grpc_pb.js';
import type * as ServerFeaturesPb from '@eventstore/db-client/generated/serverfeatures_pb.js';
import type * as SharedPb from '@eventstore/db-client/generated/shared_pb.js';
import type * as StatusPb from '@eventstore/db-client/generated/status_pb.js';
import type * as StreamsGrpc from '@eventstore/db-client/generated/streams_grpc_pb.js';
import type * as StreamsPb from '@eventstore/db-client/generated/streams_pb.js';
import type * as AnyPb from 'google-protobuf/google/protobuf/any_pb.js';
import type * as EmptyPb from 'google-protobuf/google/protobuf/empty_pb.js';

// The client's own generated code (CommonJS), so replies pass its serializers' instanceof checks.
const require = createRequire(import.meta.url);

export const streamsPb = require('@eventstore/db-client/generated/streams_pb.js') as typeof StreamsPb;
export const streamsGrpc =
  require('@eventstore/db-client/generated/streams_grpc_pb.js') as typeof StreamsGrpc;
export const sharedPb = require('@eventstore/db-client/generated/shared_pb.js') as typeof SharedPb;
export const statusPb = require('@eventstore/db-client/generated/status_pb.js') as typeof StatusPb;
export const serverFeaturesPb =
  require('@eventstore/db-client/generated/serverfeatures_pb.js') as typeof ServerFeaturesPb;
export const serverFeaturesGrpc =
  require('@eventstore/db-client/generated/serverfeatures_grpc_pb.js') as typeof ServerFeaturesGrpc;
export const anyPb = require('google-protobuf/google/protobuf/any_pb.js') as typeof AnyPb;
export const emptyPb = require('google-protobuf/google/protobuf/empty_pb.js') as typeof EmptyPb;

/** Service definitions answered with UNIMPLEMENTED: loaded by file name, typed loosely. */
export function loadServices(file: string): Record<string, unknown> {
  return require(`@eventstore/db-client/generated/${file}`) as Record<string, unknown>;
}

export type { ServerFeaturesPb, SharedPb, StreamsPb };
