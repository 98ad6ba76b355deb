package dev.odpe.engine.rollback.git;

import dev.odpe.engine.rollback.RollbackConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

/** Git credentials from config: a token file read on every use (a rotated Secret applies at once), or none. */
public final class GitCredentials {

    private GitCredentials() {
    }

    public static CredentialsProvider of(RollbackConfig.Git config) {
        if (config.tokenFile().isEmpty()) {
            return null; // JGit then uses none: file:// repositories, or credentials from the environment
        }
        return new CredentialsProvider() {
            @Override
            public boolean isInteractive() {
                return false;
            }

            @Override
            public boolean supports(org.eclipse.jgit.transport.CredentialItem... items) {
                return delegate().supports(items);
            }

            @Override
            public boolean get(URIish uri, org.eclipse.jgit.transport.CredentialItem... items) {
                return delegate().get(uri, items);
            }

            private UsernamePasswordCredentialsProvider delegate() {
                try {
                    String token = Files.readString(config.tokenFile().get()).strip();
                    return new UsernamePasswordCredentialsProvider(config.username(), token);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read odpe.rollback.git.token-file", e);
                }
            }
        };
    }
}
