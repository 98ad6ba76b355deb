package dev.odpe.engine.evaluate;

import dev.odpe.engine.http.Problem;
import dev.odpe.engine.http.ProblemException;
import dev.odpe.rules.gate.GateResult;
import dev.odpe.rules.runtime.CompileProblem;
import dev.odpe.rules.scenario.ScenarioResult;
import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The rule packs: {@code GET /api/v1/rules} (active, previous, last rejection, shadow),
 * {@code POST /api/v1/rules/refresh} (look for a new pack now, e.g. from a Git push webhook) and
 * {@code GET /api/v1/rules/shadow} (where the shadow pack disagrees). Behind the API token like every
 * {@code /api/} resource.
 */
@Path("/api/v1/rules")
@Produces(MediaType.APPLICATION_JSON)
public class RulesResource {

    /** How long a refresh waits for the sources before answering that they are still at it. */
    static final Duration REFRESH_WAIT = Duration.ofSeconds(60);

    private static final int MAX_SHADOW_PAGE = ShadowComparisons.CAPACITY;

    /** A pack as the API shows it. */
    public record PackView(
            String version, String commit, String source, Instant activatedAt, int rules, List<String> files) {

        static PackView of(ActivePack pack) {
            return new PackView(
                    pack.version(),
                    pack.commit(),
                    pack.source(),
                    pack.activatedAt(),
                    pack.pack().ruleNames().size(),
                    pack.pack().files());
        }
    }

    /** One failed scenario: its name and what differed. */
    public record FailedScenario(String name, String detail) {}

    /** A rejected pack, or a source that could not be read. */
    public record RejectionView(
            String source,
            String commit,
            Instant at,
            String summary,
            List<CompileProblem> problems,
            List<FailedScenario> failedScenarios) {

        static RejectionView of(PackRejection rejection) {
            GateResult gate = rejection.gate();
            List<FailedScenario> failed = new ArrayList<>();
            if (gate != null) {
                for (ScenarioResult scenario : gate.failedScenarios()) {
                    failed.add(new FailedScenario(scenario.name(), scenario.describe()));
                }
            }
            return new RejectionView(
                    rejection.source(),
                    rejection.commit(),
                    rejection.at(),
                    rejection.summary(),
                    gate == null ? List.of() : gate.problems(),
                    failed);
        }
    }

    public record ShadowView(PackView pack, RejectionView lastRejection) {}

    public record RulesView(PackView active, PackView previous, RejectionView lastRejection, ShadowView shadow) {}

    public record RefreshResult(String source, String result) {}

    public record RefreshView(List<RefreshResult> sources) {}

    public record ShadowPage(
            PackView shadow, Map<String, Long> counts, List<ShadowComparisons.Disagreement> disagreements) {}

    private final RulePackProvider packs;
    private final ShadowComparisons shadows;
    private final Instance<RuleSourceRefresh> sources;

    public RulesResource(RulePackProvider packs, ShadowComparisons shadows, Instance<RuleSourceRefresh> sources) {
        this.packs = packs;
        this.shadows = shadows;
        this.sources = sources;
    }

    @GET
    public RulesView rules() {
        ShadowView shadow = packs.shadow().isEmpty()
                        && packs.lastShadowRejection().isEmpty()
                ? null
                : new ShadowView(
                        packs.shadow().map(PackView::of).orElse(null),
                        packs.lastShadowRejection().map(RejectionView::of).orElse(null));
        return new RulesView(
                packs.active().map(PackView::of).orElse(null),
                packs.previous().map(PackView::of).orElse(null),
                packs.lastRejection().map(RejectionView::of).orElse(null),
                shadow);
    }

    /**
     * Asks every configured source to look now and waits for their answer: {@code activated} (passed the
     * gate; swapped in before the next batch), {@code rejected}, {@code unchanged} or {@code failed}.
     */
    @POST
    @Path("/refresh")
    public RefreshView refresh() {
        List<RuleSourceRefresh> enabled =
                sources.stream().filter(RuleSourceRefresh::enabled).toList();
        if (enabled.isEmpty()) {
            throw new ProblemException(Problem.of(
                    URI.create("urn:odpe:problem:rules:no-source"),
                    "No rule source to refresh",
                    404,
                    "the engine runs the bundled rule pack; set odpe.rules.git.url (a Git repository) or"
                            + " odpe.rules.dir (a directory) to load rules that can change"));
        }
        List<RefreshResult> results = new ArrayList<>();
        for (RuleSourceRefresh source : enabled) {
            results.add(new RefreshResult(source.describe(), await(source)));
        }
        return new RefreshView(results);
    }

    private static String await(RuleSourceRefresh source) {
        try {
            return source.refresh()
                    .toCompletableFuture()
                    .get(REFRESH_WAIT.toMillis(), TimeUnit.MILLISECONDS)
                    .tag();
        } catch (TimeoutException e) {
            throw new ProblemException(Problem.of(
                    URI.create("urn:odpe:problem:rules:refresh-timeout"),
                    "Refresh still running",
                    504,
                    source.describe() + " did not answer within " + REFRESH_WAIT.toSeconds()
                            + " s; it carries on, see GET /api/v1/rules"));
        } catch (ExecutionException e) {
            return RulePackProvider.Reload.FAILED.tag();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return RulePackProvider.Reload.FAILED.tag();
        }
    }

    /**
     * @param limit     at most this many disagreements, newest first (1 to 1000, default 100)
     * @param agreement only this kind: {@code only-active}, {@code only-shadow} or {@code different-action}
     */
    @GET
    @Path("/shadow")
    public ShadowPage shadow(@QueryParam("limit") String limit, @QueryParam("agreement") String agreement) {
        int size = limit == null ? 100 : pageSize(limit.strip());
        ShadowComparisons.Agreement kind = agreement == null ? null : agreement(agreement.strip());
        if (packs.shadow().isEmpty()) {
            throw new ProblemException(Problem.of(
                    URI.create("urn:odpe:problem:rules:no-shadow"),
                    "No shadow pack",
                    404,
                    packs.lastShadowRejection()
                            .map(r -> "the shadow pack " + r.commit() + " was not started: " + r.summary())
                            .orElse("no shadow pack runs; set odpe.rules.shadow.ref (a branch, tag or commit of"
                                    + " odpe.rules.git.url)")));
        }
        return new ShadowPage(
                packs.shadow().map(PackView::of).orElse(null), shadows.counts(), shadows.newest(size, kind));
    }

    private static int pageSize(String limit) {
        int size;
        try {
            size = Integer.parseInt(limit);
        } catch (NumberFormatException e) {
            size = -1;
        }
        if (size < 1 || size > MAX_SHADOW_PAGE) {
            throw new ProblemException(Problem.of(
                            URI.create("urn:odpe:problem:rules:invalid-limit"),
                            "Invalid page size",
                            400,
                            "limit must be between 1 and " + MAX_SHADOW_PAGE + " (a whole number), was '"
                                    + shorten(limit) + "'")
                    .withField("limit"));
        }
        return size;
    }

    private static ShadowComparisons.Agreement agreement(String value) {
        ShadowComparisons.Agreement kind = ShadowComparisons.Agreement.fromTag(value);
        if (kind == null || kind == ShadowComparisons.Agreement.AGREE) {
            throw new ProblemException(Problem.of(
                            URI.create("urn:odpe:problem:rules:invalid-agreement"),
                            "Invalid agreement filter",
                            400,
                            "agreement must be one of only-active, only-shadow, different-action; was '"
                                    + shorten(value) + "'")
                    .withField("agreement"));
        }
        return kind;
    }

    private static String shorten(String value) {
        return value.length() <= 40 ? value : value.substring(0, 40) + "...";
    }
}
