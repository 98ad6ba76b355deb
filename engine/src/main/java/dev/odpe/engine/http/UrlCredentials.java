package dev.odpe.engine.http;

import java.util.regex.Pattern;

/**
 * Keeps credentials out of text that is logged, audited or stored: the user-info of every URL in a text
 * becomes {@code ***} ({@code https://***@host/...}) and a bearer token after {@code Bearer} becomes
 * {@code ***}. Shared by adapters (rollback details) and the remediation ledger (status detail).
 */
public final class UrlCredentials {

    /** {@code scheme://user-info@}: user-info up to the first '@' before any '/', whitespace or quote. */
    private static final Pattern USER_INFO = Pattern.compile("(\\b[A-Za-z][A-Za-z0-9+.-]*://)[^/\\s@\"'<>]+@");
    /** An {@code Authorization: Bearer ...} value quoted in an error message. */
    private static final Pattern BEARER = Pattern.compile("(?i)(\\bbearer\\s+)[^\\s\"',;]+");

    private UrlCredentials() {}

    /** {@code text} with the user-info of every URL and every bearer token in it replaced by {@code ***}. */
    public static String redact(String text) {
        if (text == null) {
            return null;
        }
        String withoutUserInfo = USER_INFO.matcher(text).replaceAll("$1***@");
        return BEARER.matcher(withoutUserInfo).replaceAll("$1***");
    }
}
