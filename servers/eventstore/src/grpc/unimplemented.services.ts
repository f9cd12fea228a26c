import type {
  MethodDefinition,
  Server,
  ServiceDefinition,
  UntypedHandleCall,
  UntypedServiceImplementation,
} from '@grpc/grpc-js';
import { loadServices } from './generated-code.js';
import { unimplementedError } from './status-errors.js';

/** Services the client may call that this single node does not offer. */
const UNOFFERED = [
  ['persistent_grpc_pb.js', 'PersistentSubscriptionsService'],
  ['projections_grpc_pb.js', 'ProjectionsService'],
  ['users_grpc_pb.js', 'UsersService'],
  ['operations_grpc_pb.js', 'OperationsService'],
  ['gossip_grpc_pb.js', 'GossipService'],
  ['monitoring_grpc_pb.js', 'MonitoringService'],
] as const;

/** Registers every method of those services to answer a clean UNIMPLEMENTED. */
export function addUnimplementedServices(server: Server): void {
  for (const [file, name] of UNOFFERED) {
    const definition = loadServices(file)[name] as ServiceDefinition;
    const implementation: UntypedServiceImplementation = {};
    for (const [method, spec] of Object.entries(definition)) {
      implementation[method] = unimplementedHandler(spec, method);
    }
    server.addService(definition, implementation);
  }
}

type AnyCall = {
  emit(event: 'error', error: unknown): boolean;
  on(event: string, listener: () => void): unknown;
};

function unimplementedHandler(spec: MethodDefinition<unknown, unknown>, method: string): UntypedHandleCall {
  const error = unimplementedError(spec.path ?? method);
  if (!spec.responseStream) {
    const unary = (call: AnyCall, callback: (error: unknown) => void): void => {
      // A client-streaming call may still be sending: answer at once, ignore the rest.
      if (spec.requestStream) call.on('data', () => undefined);
      callback(error);
    };
    return unary as unknown as UntypedHandleCall;
  }
  const streaming = (call: AnyCall): void => {
    if (spec.requestStream) call.on('data', () => undefined);
    call.emit('error', error);
  };
  return streaming as unknown as UntypedHandleCall;
}
