/** The delivery helper shared by exporters and alert sinks: settings, queues (disk, memory) and the delivery loop. */
export { DeliveryHelper, type Assemble, type DeliveryLogger } from './delivery.js';
export { openQueue, queueFolder } from './open-queue.js';
export type { DeliveryQueue, QueuedRecord, QueueStats } from './queue.js';
export { DeliverySchema, deliverySettings, type DeliveryConfig, type DeliverySettings } from './settings.js';
