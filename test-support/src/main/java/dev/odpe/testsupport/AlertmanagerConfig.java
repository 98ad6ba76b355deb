package dev.odpe.testsupport;

/**
 * The smallest Alertmanager configuration that routes every alert to one webhook, tuned for tests:
 * groups flush after one second instead of the production 30 s / 5 m, and resolved alerts are sent.
 */
final class AlertmanagerConfig {

    private AlertmanagerConfig() {}

    /** YAML text; strings are JSON-quoted (YAML is a superset of JSON) so paths and URLs need no escaping rules of their own. */
    static String routingEverythingTo(WebhookReceiver receiver) {
        StringBuilder yaml = new StringBuilder()
                .append("route:\n")
                .append("  receiver: \"odpe\"\n")
                .append("  group_by: [\"namespace\", \"pool\", \"model\"]\n")
                .append("  group_wait: 1s\n")
                .append("  group_interval: 1s\n")
                .append("  repeat_interval: 1h\n")
                .append("receivers:\n")
                .append("  - name: \"odpe\"\n")
                .append("    webhook_configs:\n")
                .append("      - url: ")
                .append(quoted(receiver.url().toString()))
                .append('\n')
                .append("        send_resolved: true\n")
                .append("        max_alerts: 0\n");
        receiver.credentialsFile()
                .ifPresent(file -> yaml.append("        http_config:\n")
                        .append("          authorization:\n")
                        .append("            type: \"Bearer\"\n")
                        .append("            credentials_file: ")
                        .append(quoted(file.toAbsolutePath().toString()))
                        .append('\n'));
        return yaml.toString();
    }

    private static String quoted(String value) {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
