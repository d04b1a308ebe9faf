/** The pipeline: the consumer interface between stages, admission control and the running gateway. */
export { Gateway, type GatewayAddresses, type GatewayOptions } from './gateway.js';
export { DetectionStage, type DetectionStageOptions } from './detect.js';
export { Admission } from './admission.js';
export type { Consumer, SignalBatch, Transport } from './consumer.js';
export { exporterSpecs, type ExporterSpec } from './exporter-configs.js';
export { ForwardStage } from './forward.js';
