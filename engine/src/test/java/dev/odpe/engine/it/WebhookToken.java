package dev.odpe.engine.it;

import java.nio.file.Path;

/** The bearer token shared by the engine ({@code odpe.webhook.token-file}) and Alertmanager ({@code credentials_file}). */
public record WebhookToken(Path file, String value) {}
