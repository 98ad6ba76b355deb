package dev.odpe.engine.ledger;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Who commits a remediation: this pod's name (its host name in Kubernetes). */
public final class Holder {

    private static final String IDENTITY = find();

    private Holder() {}

    public static String identity() {
        return IDENTITY;
    }

    private static String find() {
        String pod = System.getenv("HOSTNAME");
        if (pod != null && !pod.isBlank()) {
            return pod;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown";
        }
    }
}
