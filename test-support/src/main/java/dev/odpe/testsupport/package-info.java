/** What the engine's tests and the benchmarks share: a Kafka broker, free ports, the packaged engine, real Prometheus and Alertmanager servers, Alertmanager webhook bodies and a clock tests move by hand. */
package dev.odpe.testsupport;
