/** Outbound HTTP settings adapters share: credentials read from files before every request, a PEM trust store. */
package dev.odpe.engine.httpclient;
