package dev.odpe.rules.gate;

import dev.odpe.rules.runtime.CompileProblem;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.drools.drl.ast.descr.AnnotationDescr;
import org.drools.drl.ast.descr.PackageDescr;
import org.drools.drl.ast.descr.TypeDeclarationDescr;
import org.drools.drl.parser.DrlParser;
import org.drools.drl.parser.DroolsParserException;

/**
 * Every event type a pack declares ({@code declare X @role(event)}) must say when its events leave
 * working memory ({@code @expires}): without it an event whose resolve is lost stays for ever, and
 * memory grows until the engine is restarted. Works on the parsed DRL, so each problem names its file
 * and the line of the declaration; a file that does not parse is left to the compiler to report.
 */
public final class ExpiresLint {

    private ExpiresLint() {}

    /** The problems of one DRL file; none when it declares no event type without {@code @expires}. */
    public static List<CompileProblem> check(String fileName, String drl) {
        DrlParser parser = new DrlParser();
        PackageDescr descr;
        try {
            descr = parser.parse(false, new StringReader(drl));
        } catch (DroolsParserException | RuntimeException e) {
            return List.of(); // the compiler reports syntax errors with their lines
        }
        if (descr == null || parser.hasErrors()) {
            return List.of();
        }
        List<CompileProblem> problems = new ArrayList<>();
        for (TypeDeclarationDescr type : descr.getTypeDeclarations()) {
            if (isEvent(type) && type.getAnnotation("expires") == null) {
                problems.add(new CompileProblem(
                        fileName,
                        Math.max(0, type.getLine()),
                        "event type " + type.getTypeName() + " declares no @expires: an event whose resolve is"
                                + " lost would stay in working memory for ever (add e.g. @expires(26h))"));
            }
        }
        return problems;
    }

    private static boolean isEvent(TypeDeclarationDescr type) {
        AnnotationDescr role = type.getAnnotation("role");
        return role != null
                && role.getSingleValueAsString() != null
                && role.getSingleValueAsString().strip().toLowerCase(Locale.ROOT).equals("event");
    }
}
