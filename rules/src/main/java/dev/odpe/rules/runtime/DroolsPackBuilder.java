package dev.odpe.rules.runtime;

import java.util.List;
import org.kie.api.KieBase;
import org.kie.api.KieBaseConfiguration;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.builder.Message;
import org.kie.api.builder.ReleaseId;
import org.kie.api.conf.EventProcessingOption;
import org.kie.api.definition.KiePackage;
import org.kie.api.definition.rule.Rule;
import org.kie.api.runtime.KieContainer;

/** Turns sorted pack sources into a stream-mode {@link KieBase}, or a list of located problems. */
final class DroolsPackBuilder {

    private static final String RESOURCE_DIR = "src/main/resources/" + RulePackCompiler.BUNDLED_PACK_DIR;
    private static final String GROUP = "dev.odpe.rules.compiled";

    private DroolsPackBuilder() {}

    static RulePack build(List<PackSource> sortedSources) {
        String version = PackVersion.of(sortedSources);
        KieServices kie = KieServices.Factory.get();
        // A fresh ReleaseId per content: KieServices keeps a global repository keyed by it.
        ReleaseId releaseId = kie.newReleaseId(GROUP, "pack", version.replace(':', '-'));
        KieFileSystem files = kie.newKieFileSystem();
        files.generateAndWritePomXML(releaseId);
        for (PackSource source : sortedSources) {
            files.write(RESOURCE_DIR + source.fileName(), source.content());
        }
        KieBuilder builder = kie.newKieBuilder(files).buildAll();
        List<CompileProblem> problems = builder.getResults().getMessages(Message.Level.ERROR).stream()
                .map(DroolsPackBuilder::toProblem)
                .toList();
        if (!problems.isEmpty()) {
            throw new RulePackException("Rule pack " + version + " does not compile", problems);
        }
        KieContainer container = kie.newKieContainer(releaseId);
        KieBaseConfiguration conf = kie.newKieBaseConfiguration();
        conf.setOption(EventProcessingOption.STREAM);
        KieBase base = container.newKieBase(conf);
        // The KieBase stands alone from here; do not let every recompile pile up in the global repository.
        kie.getRepository().removeKieModule(releaseId);
        return new DroolsRulePack(
                version, sortedSources.stream().map(PackSource::fileName).toList(), ruleNames(base), base);
    }

    private static List<String> ruleNames(KieBase base) {
        return base.getKiePackages().stream()
                .map(KiePackage::getRules)
                .flatMap(rules -> rules.stream().map(Rule::getName))
                .sorted()
                .toList();
    }

    private static CompileProblem toProblem(Message message) {
        String path = message.getPath() == null ? "" : message.getPath();
        String file = path.substring(path.lastIndexOf('/') + 1);
        return new CompileProblem(file, Math.max(0, message.getLine()), message.getText());
    }
}
