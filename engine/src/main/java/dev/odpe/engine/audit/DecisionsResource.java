package dev.odpe.engine.audit;

import dev.odpe.engine.decision.Decision;
import dev.odpe.engine.http.Problem;
import dev.odpe.engine.http.ProblemException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.net.URI;
import java.util.List;
import java.util.function.Predicate;

/** Read side of the audit: {@code GET /api/v1/decisions}, newest first, filterable. */
@Path("/api/v1/decisions")
@Produces(MediaType.APPLICATION_JSON)
public class DecisionsResource {

    /** The page body; an object so fields can be added without breaking clients. */
    public record DecisionPage(List<Decision> decisions) {}

    private final AuditLog audit;
    private final AuditConfig config;

    public DecisionsResource(AuditLog audit, AuditConfig config) {
        this.audit = audit;
        this.config = config;
    }

    /**
     * @param target e.g. {@code pool:ml-serving/triton-a100} (exact match)
     * @param rule   rule name (exact match)
     * @param limit  at most this many (default and maximum: {@code odpe.audit.max-page})
     */
    @GET
    public DecisionPage list(
            @QueryParam("target") String target, @QueryParam("rule") String rule, @QueryParam("limit") String limit) {
        int max = config.maxPage();
        int size = limit == null ? max : pageSize(limit.strip(), max);
        Predicate<Decision> filter =
                d -> (target == null || target.equals(d.target())) && (rule == null || rule.equals(d.rule()));
        return new DecisionPage(audit.find(filter, size));
    }

    /** A String parameter, not Integer: JAX-RS answers an unconvertible Integer with a bare 404. */
    private static int pageSize(String limit, int max) {
        int size;
        try {
            size = Integer.parseInt(limit);
        } catch (NumberFormatException e) {
            size = -1;
        }
        if (size < 1 || size > max) {
            String shown = limit.length() <= 40 ? limit : limit.substring(0, 40) + "...";
            throw new ProblemException(Problem.of(
                            URI.create("urn:odpe:problem:decisions:invalid-limit"),
                            "Invalid page size",
                            400,
                            "limit must be between 1 and " + max + " (a whole number), was '" + shown + "'")
                    .withField("limit"));
        }
        return size;
    }

    @GET
    @Path("/{id}")
    public Decision byId(@PathParam("id") String id) {
        return audit.byId(id)
                .orElseThrow(() -> new ProblemException(Problem.of(
                        URI.create("urn:odpe:problem:decisions:not-found"),
                        "No such decision",
                        404,
                        "no decision with id " + id + " (the in-memory audit keeps the newest " + config.capacity()
                                + " decisions, see odpe.audit.capacity; older ones are in the dev.odpe.audit log)")));
    }
}
