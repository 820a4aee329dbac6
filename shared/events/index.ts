export { broker, closeBroker } from './broker';
export { fromAmqpMessage, toAmqpMessage } from './message';
export { eventNames } from './names';
export { publishConfirmed, PublishError, type PublishOptions } from './publisher';
export { eventTypes, isEventType, type EventData, type EventTypeName } from './registry';
export { declareTopology, type Subscription } from './topology';
