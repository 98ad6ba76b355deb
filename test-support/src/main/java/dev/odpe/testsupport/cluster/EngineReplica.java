package dev.odpe.testsupport.cluster;

import dev.odpe.testsupport.PackagedEngine;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * One engine pod: a stable identity ({@code POD_NAME}, {@code HOSTNAME}) and the packaged engine
 * process currently running as it. SIGKILL leaves the pod without a process until {@link #restart()}
 * starts the next one under the same name, as the kubelet restarts a killed container in its pod. Every
 * process's console goes to its own log file and its decisions to the cluster's {@link DecisionJournal}.
 */
public final class EngineReplica {

    private final String pod;
    private final Function<Launch, PackagedEngine.Launch> launcher;
    private final DecisionJournal journal;
    private final Path logDirectory;
    private final Clock clock;
    private final List<Path> logs = new ArrayList<>();
    private volatile PackagedEngine engine;
    private int processes;

    /** What the cluster needs to start one process of this pod: its name, its process number and log file. */
    record Launch(String pod, int process, Path log) {}

    EngineReplica(
            String pod,
            Function<Launch, PackagedEngine.Launch> launcher,
            DecisionJournal journal,
            Path logDirectory,
            Clock clock) {
        this.pod = pod;
        this.launcher = launcher;
        this.journal = journal;
        this.logDirectory = logDirectory;
        this.clock = clock;
    }

    public String pod() {
        return pod;
    }

    /** The running process, if any (none between a kill and the restart, or after a stop). */
    public Optional<PackagedEngine> engine() {
        PackagedEngine current = engine;
        return current != null && current.isAlive() ? Optional.of(current) : Optional.empty();
    }

    /** Ready in Kubernetes' sense: a process that answered its readiness probe and is still alive. */
    public boolean isReady() {
        return engine().isPresent();
    }

    /** How many processes this pod has had so far. */
    public synchronized int processes() {
        return processes;
    }

    /** Starts the pod's next process and returns once it is ready; a running one must have been killed or stopped. */
    public synchronized EngineReplica restart() {
        if (isReady()) {
            throw new IllegalStateException(pod + " still runs process " + engine.pid());
        }
        int process = processes++;
        Path log = logDirectory.resolve(pod + "-" + process + ".log");
        logs.add(log);
        try {
            Files.createDirectories(logDirectory);
            BufferedWriter writer = Files.newBufferedWriter(log, StandardCharsets.UTF_8);
            engine = launcher.apply(new Launch(pod, process, log))
                    .name(pod + "-" + process)
                    .console(console -> read(console, writer, process))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (IllegalStateException e) {
            // the launcher's message cannot show the console, which came here: add the end of it
            throw new IllegalStateException(
                    pod + " process " + process + ": " + e.getMessage() + "\n" + logTail(40), e);
        }
        return this;
    }

    /** SIGKILL: no shutdown hook, no drain, the lease is not released. Returns when the process is gone. */
    public Instant kill() {
        PackagedEngine current = engine;
        if (current == null) {
            throw new IllegalStateException(pod + " has no process to kill");
        }
        Instant at = clock.instant();
        current.kill();
        engine = null;
        return at;
    }

    /** SIGTERM and wait up to {@code within}; true if the process exited in time (else it is killed). */
    public boolean stop(Duration within) {
        PackagedEngine current = engine;
        if (current == null) {
            return true;
        }
        boolean exited = current.stop(within);
        if (!exited) {
            current.kill();
        }
        engine = null;
        return exited;
    }

    /** The last {@code lines} lines of each of this pod's process logs, for failure messages. */
    public String logTail(int lines) {
        StringBuilder text = new StringBuilder();
        for (Path log : List.copyOf(logs)) {
            text.append("---- ").append(log.getFileName()).append('\n');
            try {
                List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
                all.subList(Math.max(0, all.size() - lines), all.size())
                        .forEach(line -> text.append(line).append('\n'));
            } catch (IOException | UncheckedIOException e) {
                text.append("(unreadable: ").append(e).append(")\n");
            }
        }
        return text.toString();
    }

    /** Log files of every process this pod ran. */
    public List<Path> logs() {
        return List.copyOf(logs);
    }

    private void read(InputStream console, BufferedWriter log, int process) {
        Thread reader = new Thread(
                () -> {
                    try (BufferedReader lines =
                                    new BufferedReader(new InputStreamReader(console, StandardCharsets.UTF_8));
                            log) {
                        String line;
                        while ((line = lines.readLine()) != null) {
                            journal.accept(pod, process, line, clock.instant());
                            log.write(line);
                            log.newLine();
                            log.flush();
                        }
                    } catch (IOException e) {
                        // the process is gone: its console closed
                    }
                },
                "console-" + pod + "-" + process);
        reader.setDaemon(true);
        reader.start();
    }

    @Override
    public String toString() {
        PackagedEngine current = engine;
        return pod + (current == null ? " (no process)" : " (pid " + current.pid() + ", " + current.baseUri() + ")");
    }

    /** Environment of a pod's container, as the Deployment's downward API and kubelet set it. */
    static Map<String, String> podEnvironment(String pod, String namespace, Path kubeconfig) {
        return Map.of(
                "POD_NAME", pod,
                "HOSTNAME", pod,
                "POD_NAMESPACE", namespace,
                "KUBECONFIG", kubeconfig.toString());
    }
}
