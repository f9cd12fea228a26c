import type { sendUnaryData, ServerUnaryCall, UntypedServiceImplementation } from '@grpc/grpc-js';
import type { ServerFeaturesPb, SharedPb } from './generated-code.js';
import { serverFeaturesPb } from './generated-code.js';

const STREAMS_SERVICE = 'event_store.client.streams.streams';
const SERVER_VERSION = '23.10.0';

/** Advertising `batchappend` makes the client use BatchAppend, several times faster than Append. */
export function serverFeaturesService(): UntypedServiceImplementation {
  return {
    getSupportedMethods: (
      _call: ServerUnaryCall<SharedPb.Empty, ServerFeaturesPb.SupportedMethods>,
      callback: sendUnaryData<ServerFeaturesPb.SupportedMethods>,
    ) => {
      const methods = ['read', 'append', 'delete', 'tombstone', 'batchappend'].map((name) => {
        const method = new serverFeaturesPb.SupportedMethod();
        method.setServiceName(STREAMS_SERVICE);
        method.setMethodName(name);
        return method;
      });
      const features = new serverFeaturesPb.SupportedMethod();
      features.setServiceName('event_store.client.server_features.serverfeatures');
      features.setMethodName('getsupportedmethods');
      methods.push(features);
      const response = new serverFeaturesPb.SupportedMethods();
      response.setMethodsList(methods);
      response.setEventStoreServerVersion(SERVER_VERSION);
      callback(null, response);
    },
  };
}
