package dev.odpe.rules.cli;

/** The command line or an input it names is wrong: the message says what, the exit code is 2. */
final class UsageException extends RuntimeException {

    UsageException(String message) {
        super(message);
    }
}
