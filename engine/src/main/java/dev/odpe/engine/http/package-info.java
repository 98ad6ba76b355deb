/**
 * Shared by every HTTP endpoint: problem JSON (RFC 9457) answers, bearer tokens and secret files
 * followed through rotation, and the read API's token filter ({@code odpe.api}).
 */
package dev.odpe.engine.http;
