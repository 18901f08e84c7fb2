package com.cityexplorer.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.cityexplorer.deploy.DeploymentPolicy.Rule;
import com.cityexplorer.deploy.DeploymentPolicy.Violation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The rules catch what they are meant to: a compliant workload passes, and each deliberately broken fixture in
 * src/test/resources/policy/broken (one object replaced by a version breaking one rule) fails on that rule alone.
 */
class DeploymentPolicyTest {

    static final Path FIXTURES = Path.of("src/test/resources/policy");
    static final String NAMESPACE = "demo";

    @Test
    void aCompliantWorkloadPasses() {
        assertThat(DeploymentPolicy.check(Manifests.file(FIXTURES.resolve("compliant.yaml")), NAMESPACE)).isEmpty();
    }

    static Stream<Path> brokenFixtures() throws IOException {
        try (Stream<Path> files = Files.list(FIXTURES.resolve("broken"))) {
            List<Path> all = files.sorted().toList();
            assertThat(all).as("one fixture per rule").hasSizeGreaterThanOrEqualTo(Rule.values().length);
            return all.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenFixtures")
    void aBrokenWorkloadFailsOnTheRuleItBreaks(Path fixture) {
        Rule broken = ruleOf(fixture);

        List<Violation> violations = DeploymentPolicy.check(withReplaced(fixture), NAMESPACE);

        assertThat(violations).as("violations of %s", fixture.getFileName()).isNotEmpty()
                .allSatisfy(violation -> assertThat(violation.rule()).isEqualTo(broken));
    }

    @Test
    void everyRuleHasABrokenFixture() throws IOException {
        assertThat(brokenFixtures().map(DeploymentPolicyTest::ruleOf).distinct()).containsExactlyInAnyOrder(Rule.values());
    }

    @Test
    void imageTagsMustBeExplicit() {
        assertThat(DeploymentPolicy.hasPinnedTag("ghcr.io/city-explorer/place-service:0.1.0")).isTrue();
        assertThat(DeploymentPolicy.hasPinnedTag("localhost:5000/place-service@sha256:0123")).isTrue();
        assertThat(DeploymentPolicy.hasPinnedTag("localhost:5000/place-service")).isFalse();
        assertThat(DeploymentPolicy.hasPinnedTag("mongo:latest")).isFalse();
        assertThat(DeploymentPolicy.hasPinnedTag("mongo")).isFalse();
    }

    /** probes.yaml → PROBES, autoscaler-missing.yaml → AUTOSCALER (the first words name the rule). */
    static Rule ruleOf(Path fixture) {
        String name = fixture.getFileName().toString().replace(".yaml", "").toUpperCase(Locale.ROOT).replace('-', '_');
        return Stream.of(Rule.values()).filter(rule -> name.equals(rule.name()) || name.startsWith(rule.name() + "_"))
                .findFirst().orElseThrow(() -> new AssertionError(fixture + " names no rule"));
    }

    /** The compliant set with the fixture's objects in place of those of the same kind and name. */
    static Manifests withReplaced(Path fixture) {
        Manifests compliant = Manifests.file(FIXTURES.resolve("compliant.yaml"));
        Manifests replacements = Manifests.file(fixture);
        List<HasMetadata> objects = new ArrayList<>(compliant.objects());
        for (HasMetadata replacement : replacements.objects()) {
            boolean replaced = objects.removeIf(o -> o.getKind().equals(replacement.getKind())
                    && o.getMetadata().getName().equals(replacement.getMetadata().getName()));
            assertThat(replaced).as("%s replaces %s/%s", fixture.getFileName(), replacement.getKind(), replacement.getMetadata().getName()).isTrue();
            objects.add(replacement);
        }
        return new Manifests(fixture.getFileName().toString(), objects);
    }
}
