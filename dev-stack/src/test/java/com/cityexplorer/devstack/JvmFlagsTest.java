package com.cityexplorer.devstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class JvmFlagsTest {

    static final Path CHART_VALUES = Path.of("..", "k8s", "helm", "city-explorer", "values.yaml");

    final RunnableApp app = new RunnableApp(Path.of("/apps/place-service.jar"), Path.of("/apps/place-service.jsa"));

    @Test
    void productionRunsTheHelmChartsJavaOptionsWithTheHeapItsMemoryLimitGives() throws IOException {
        String values = Files.readString(CHART_VALUES);
        List<String> chartOptions = chartJavaOptions(values);
        long limitMiB = memoryLimitMiB(values);

        // The chart's options without its heap percentages, which only a container's memory limit turns into sizes.
        List<String> expected = new ArrayList<>();
        for (String option : chartOptions) {
            Matcher percentage = Pattern.compile("-XX:(Max|Initial)RAMPercentage=(\\d+)").matcher(option);
            if (percentage.matches()) {
                long heapMiB = Math.round(limitMiB * Integer.parseInt(percentage.group(2)) / 100.0);
                expected.add((percentage.group(1).equals("Max") ? "-Xmx" : "-Xms") + heapMiB + "m");
            }
            else if (!ServiceProcess.RUNTIME_FLAGS.contains(option)) {
                expected.add(option);
            }
        }

        assertThat(chartOptions).containsAll(ServiceProcess.RUNTIME_FLAGS);
        assertThat(JvmFlags.PRODUCTION.forInstance(app, 1)).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(JvmFlags.PRODUCTION.forInstance(app, 2)).isEqualTo(JvmFlags.PRODUCTION.forInstance(app, 1));
    }

    @Test
    void developmentGivesTheClassDataArchiveToTheFirstInstanceOnly() {
        assertThat(JvmFlags.DEVELOPMENT.forInstance(app, 1))
            .containsAll(JvmFlags.DEVELOPMENT.flags())
            .contains("-XX:SharedArchiveFile=/apps/place-service.jsa");
        assertThat(JvmFlags.DEVELOPMENT.forInstance(app, 2)).isEqualTo(JvmFlags.DEVELOPMENT.flags())
            .noneMatch(flag -> flag.contains("SharedArchiveFile"));
    }

    @Test
    void plainAddsNothingToTheJvmsDefaults() {
        assertThat(JvmFlags.PLAIN.forInstance(app, 1)).isEmpty();
    }

    /** The workloads' default {@code javaOptions: >-} block, its lines joined and split into options. */
    private static List<String> chartJavaOptions(String values) {
        Matcher block = Pattern.compile("(?m)^  javaOptions: >-\\n((?:^    .*\\n)+)").matcher(values);
        assertThat(block.find()).as("javaOptions in %s", CHART_VALUES).isTrue();
        return Arrays.stream(block.group(1).strip().split("\\s+")).toList();
    }

    /** The workloads' default memory limit ({@code resources.limits.memory}), in MiB. */
    private static long memoryLimitMiB(String values) {
        Matcher limit = Pattern.compile("(?m)^    limits:\\n(?:^      .*\\n)*?^      memory: (\\d+)Mi$").matcher(values);
        assertThat(limit.find()).as("resources.limits.memory in %s", CHART_VALUES).isTrue();
        return Long.parseLong(limit.group(1));
    }
}
