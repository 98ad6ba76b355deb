package dev.odpe.engine.http;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a resource under {@code /api/} that authenticates its senders itself (the webhook token and
 * signature), so {@link ApiTokenFilter} leaves it alone. Every other {@code /api/} resource needs the
 * read API's token when one is configured: a new endpoint is protected without opting in.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface WebhookAuthenticated {}
