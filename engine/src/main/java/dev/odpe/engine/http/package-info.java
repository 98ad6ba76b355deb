/** Problem JSON (RFC 9457) answers shared by every HTTP endpoint. */
package dev.odpe.engine.http;
