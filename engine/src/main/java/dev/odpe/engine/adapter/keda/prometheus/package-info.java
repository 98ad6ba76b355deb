/** The Prometheus signal source for the KEDA scaler: tracked queries refreshed in the background, typed failures. */
package dev.odpe.engine.adapter.keda.prometheus;
