package dev.odpe.rules.runtime;

import dev.odpe.rules.fact.RulePackSettings;
import java.util.List;
import java.util.Objects;
import org.kie.api.KieBase;
import org.kie.api.KieServices;
import org.kie.api.runtime.KieSessionConfiguration;
import org.kie.api.runtime.conf.ClockTypeOption;

/** A compiled pack: an immutable KieBase plus what it was compiled from. */
final class DroolsRulePack implements RulePack {

    private final String version;
    private final List<String> files;
    private final List<String> ruleNames;
    private final KieBase base;

    DroolsRulePack(String version, List<String> files, List<String> ruleNames, KieBase base) {
        this.version = version;
        this.files = List.copyOf(files);
        this.ruleNames = List.copyOf(ruleNames);
        this.base = base;
    }

    @Override
    public String version() {
        return version;
    }

    @Override
    public List<String> files() {
        return files;
    }

    @Override
    public List<String> ruleNames() {
        return ruleNames;
    }

    @Override
    public RuleSession newSession(RulePackSettings settings) {
        Objects.requireNonNull(settings, "settings");
        KieSessionConfiguration conf = KieServices.Factory.get().newKieSessionConfiguration();
        // The owner of the session moves time; Drools' realtime clock thread must never race inserts.
        conf.setOption(ClockTypeOption.PSEUDO);
        return new DroolsRuleSession(base.newKieSession(conf, null), settings, version);
    }

    @Override
    public String toString() {
        return "RulePack " + version + " " + files;
    }
}
