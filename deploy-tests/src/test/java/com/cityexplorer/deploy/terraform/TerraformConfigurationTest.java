package com.cityexplorer.deploy.terraform;

import static org.assertj.core.api.Assertions.assertThat;

import com.cityexplorer.deploy.terraform.CloudPolicy.Violation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * terraform/ without a cloud or provider downloads: formatted as `terraform fmt` wants, every file parses, and every
 * module and environment follows the cloud rules (CloudPolicy); production's node group has the agreed capacity.
 */
class TerraformConfigurationTest {

    static final Path TERRAFORM = locate();

    @Test
    void everyFileIsFormatted() {
        String unformatted = run(List.of("terraform", "fmt", "-check", "-recursive", "-list=true", TERRAFORM.toString()));

        assertThat(unformatted).as("files terraform fmt would change").isBlank();
    }

    static Stream<Path> modules() throws IOException {
        try (Stream<Path> dirs = Stream.concat(Files.list(TERRAFORM.resolve("modules")), Files.list(TERRAFORM.resolve("envs")))) {
            return Stream.concat(dirs.filter(Files::isDirectory).sorted().toList().stream(), Stream.of(TERRAFORM.resolve("bootstrap")));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("modules")
    void everyModuleParsesAndFollowsTheRules(Path directory) {
        boolean environment = directory.getParent().getFileName().toString().equals("envs");
        boolean bootstrap = directory.getFileName().toString().equals("bootstrap");

        List<Violation> violations = CloudPolicy.check(TerraformModule.parse(directory), environment || bootstrap, environment);

        assertThat(violations).isEmpty();
    }

    @Test
    void bothEnvironmentsAndEveryModuleExist() throws IOException {
        assertThat(modules().map(p -> TERRAFORM.relativize(p).toString())).contains("envs/dev", "envs/prod", "modules/network",
                "modules/eks", "modules/redis", "modules/kafka", "modules/mongodb", "modules/backups", "modules/edge", "modules/region",
                "modules/s3-bucket");
    }

    @Test
    @SuppressWarnings("unchecked")
    void productionsNodeGroupScalesFromTwoToTwentyStartingAtThree() {
        // envs/prod's primary region stack resolves the sizes (variable defaults) ...
        TerraformModule prod = TerraformModule.parse(TERRAFORM.resolve("envs/prod"));
        Map<String, Object> primary = TerraformModule.blocks(((Map<String, Object>) prod.configuration().get("module")).get("primary")).getFirst();

        assertThat(primary.get("source")).isEqualTo("../../modules/region");
        assertThat(number(primary.get("node_min_size"))).isEqualTo(2);
        assertThat(number(primary.get("node_max_size"))).isEqualTo(20);
        assertThat(number(primary.get("node_desired_capacity"))).isEqualTo(3);

        // ... the region module hands them to modules/eks unchanged ...
        TerraformModule region = TerraformModule.parse(TERRAFORM.resolve("modules/region"));
        Map<String, Object> eks = TerraformModule.blocks(((Map<String, Object>) region.configuration().get("module")).get("eks")).getFirst();
        assertThat(eks.get("source")).isEqualTo("../eks");
        assertThat(region.text()).containsPattern("\\bnode_min_size\\s+= var.node_min_size\\b").containsPattern("\\bnode_max_size\\s+= var.node_max_size\\b")
                .containsPattern("\\bnode_desired_capacity\\s+= var.node_desired_capacity\\b");

        // ... and modules/eks to the Auto Scaling group.
        String nodes = TerraformModule.parse(TERRAFORM.resolve("modules/eks")).text();
        assertThat(nodes).containsPattern("min_size\\s+= var.node_min_size").containsPattern("max_size\\s+= var.node_max_size")
                .containsPattern("desired_capacity\\s+= var.node_desired_capacity");
    }

    private static int number(Object value) {
        return value instanceof Number n ? n.intValue() : Integer.parseInt(String.valueOf(value));
    }

    static String run(List<String> command) {
        try {
            // Standard error only carries warnings here (a missing ~/.terraformrc); the listing is on standard output.
            Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String output = new String(process.getInputStream().readAllBytes());
            int exit = process.waitFor();
            if (exit != 0 && exit != 3) { // fmt -check exits 3 when files need formatting: the listing says which
                throw new AssertionError(String.join(" ", command) + " failed (" + exit + "):\n" + output);
            }
            return output;
        } catch (IOException ex) {
            throw new AssertionError("terraform is needed by this test and could not be run: " + ex.getMessage(), ex);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new AssertionError(ex);
        }
    }

    private static Path locate() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("terraform/envs"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("terraform/envs not found above " + Path.of("").toAbsolutePath());
        }
        return dir.resolve("terraform");
    }
}
