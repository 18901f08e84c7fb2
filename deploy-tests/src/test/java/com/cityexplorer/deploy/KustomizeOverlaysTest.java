package com.cityexplorer.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Kustomize overlays kubectl users apply: built by {@code kubectl kustomize} (kubectl must be installed), valid,
 * following the rules, and made from the chart (their bases are the chart's render, never edited by hand).
 */
class KustomizeOverlaysTest {

    static Stream<Arguments> environments() {
        return Stream.of(
                Arguments.of("dev", "city-explorer-dev", new String[0]),
                Arguments.of("prod", "city-explorer-prod", new String[] {"values-prod.yaml"}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("environments")
    void baseIsTheChartRenderedWithTheEnvironmentsValues(String environment, String namespace, String[] values) throws IOException {
        Path base = Manifests.REPOSITORY.resolve("k8s/kustomize/base/" + environment + "/chart.yaml");
        String committed = Files.readString(base).replaceFirst("^#[^\n]*\n", "");

        String rendered = Manifests.helm(namespace, values).toYaml();

        assertThat(Manifests.parse(base.toString(), committed).toYaml())
                .as("%s is stale: run k8s/tools/render-kustomize-bases", Manifests.REPOSITORY.relativize(base))
                .isEqualTo(rendered);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("environments")
    void overlayBuildsIntoValidObjectsInItsOwnNamespace(String environment, String namespace, String[] values) {
        Manifests overlay = Manifests.kustomize("k8s/kustomize/overlays/" + environment);

        assertThat(overlay.objects()).hasSizeGreaterThan(50);
        assertThat(overlay.objects().stream().flatMap(o -> KubernetesTypes.problems(o).stream())).isEmpty();
        assertThat(overlay.all(Namespace.class)).singleElement().satisfies(ns -> assertThat(ns.getMetadata().getName()).isEqualTo(namespace));
        List<HasMetadata> namespaced = overlay.objects().stream().filter(o -> !(o instanceof Namespace)).toList();
        assertThat(namespaced).allSatisfy(o -> assertThat(o.getMetadata().getNamespace()).as("%s/%s", o.getKind(), o.getMetadata().getName())
                .isEqualTo(namespace));
        assertThat(DeploymentPolicy.check(overlay, namespace)).isEmpty();
    }
}
