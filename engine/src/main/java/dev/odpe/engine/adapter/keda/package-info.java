/** KEDA adapter: the external scaler gRPC service and the ScalePool executor that keeps pool intents. */
package dev.odpe.engine.adapter.keda;
