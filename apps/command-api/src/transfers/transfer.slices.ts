import { RequestTransferController } from './request-transfer/request-transfer.controller.js';
import { RequestTransferHandler } from './request-transfer/request-transfer.handler.js';

export const TRANSFER_CONTROLLERS = [RequestTransferController];
export const TRANSFER_COMMAND_HANDLERS = [RequestTransferHandler];
