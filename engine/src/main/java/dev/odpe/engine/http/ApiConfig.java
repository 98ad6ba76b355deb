package dev.odpe.engine.http;

import io.smallrye.config.ConfigMapping;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The read API ({@code /api/v1/decisions} and every other {@code /api/} endpoint that is not a
 * webhook): who may read it.
 */
@ConfigMapping(prefix = "odpe.api")
public interface ApiConfig {

    /**
     * File holding the bearer token readers must present (a mounted Secret); re-read when it changes.
     * Unset: the read API is open.
     */
    Optional<Path> tokenFile();
}
