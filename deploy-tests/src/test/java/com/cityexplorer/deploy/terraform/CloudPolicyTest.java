package com.cityexplorer.deploy.terraform;

import static org.assertj.core.api.Assertions.assertThat;

import com.cityexplorer.deploy.terraform.CloudPolicy.Rule;
import com.cityexplorer.deploy.terraform.CloudPolicy.Violation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The cloud rules catch what they are meant to: the compliant fixture passes, and each file in
 * src/test/resources/terraform/broken, added to it, breaks exactly the rule it is named after.
 */
class CloudPolicyTest {

    static final Path FIXTURES = Path.of("src/test/resources/terraform");

    @Test
    void aCompliantConfigurationPasses() {
        assertThat(CloudPolicy.check(TerraformModule.parse(FIXTURES.resolve("compliant")), true, true)).isEmpty();
    }

    static Stream<Path> brokenFixtures() throws IOException {
        try (Stream<Path> files = Files.list(FIXTURES.resolve("broken"))) {
            return files.sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenFixtures")
    void aBrokenConfigurationFailsOnTheRuleItBreaks(Path fixture) {
        Rule broken = ruleOf(fixture);

        List<Violation> violations = CloudPolicy.check(TerraformModule.parse(FIXTURES.resolve("compliant"), fixture), true, true);

        assertThat(violations).as("violations with %s", fixture.getFileName()).isNotEmpty()
                .allSatisfy(violation -> assertThat(violation.rule()).isEqualTo(broken));
    }

    @Test
    void everyRuleHasABrokenFixture() throws IOException {
        assertThat(brokenFixtures().map(CloudPolicyTest::ruleOf).distinct()).containsExactlyInAnyOrder(Rule.values());
    }

    static Rule ruleOf(Path fixture) {
        return Rule.valueOf(fixture.getFileName().toString().replace(".tf", "").toUpperCase(Locale.ROOT).replace('-', '_'));
    }
}
