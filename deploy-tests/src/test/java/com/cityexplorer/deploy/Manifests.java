package com.cityexplorer.deploy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * A set of Kubernetes objects as a cluster would receive them: rendered from the Helm chart, built from a Kustomize
 * overlay, or read from a fixture. Each object is parsed as its Kubernetes type (fabric8's model; custom resources
 * stay generic).
 */
record Manifests(String source, List<HasMetadata> objects) {

    static final Path REPOSITORY = locateRepository();
    static final Path CHART = REPOSITORY.resolve("k8s/helm/city-explorer");
    static final String RELEASE = "city-explorer";
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    /**
     * {@code helm template city-explorer k8s/helm/city-explorer -f <values>...} with the Helm embedded in helm-java.
     * helm-java leaves Helm hooks out of its output, so the hook Jobs are rendered as plain Jobs (global.helmHooks
     * false, as for the Kustomize bases) to be checked too.
     */
    static Manifests helm(String namespace, String... valuesFiles) {
        TemplateCommand template = new Helm(CHART).template().withName(RELEASE).withNamespace(namespace)
                .set("global.helmHooks", "false");
        for (String values : valuesFiles) {
            template = template.withValuesFile(CHART.resolve(values));
        }
        return parse("helm template " + String.join(" ", valuesFiles), template.call());
    }

    /** {@code kubectl kustomize <overlay>}: kubectl must be installed (.ci/run checks). */
    static Manifests kustomize(String overlay) {
        Path dir = REPOSITORY.resolve(overlay);
        return parse("kubectl kustomize " + overlay, run(List.of("kubectl", "kustomize", dir.toString())));
    }

    static Manifests file(Path file) {
        try {
            return parse(file.getFileName().toString(), Files.readString(file));
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    static Manifests parse(String source, String yaml) {
        List<HasMetadata> objects = new ArrayList<>();
        for (Object document : new Yaml(new LoaderOptions()).loadAll(yaml)) {
            if (document instanceof Map<?, ?> map && !map.isEmpty()) {
                objects.add(SERIALIZATION.convertValue(map, HasMetadata.class));
            }
        }
        return new Manifests(source, List.copyOf(objects));
    }

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    List<HasMetadata> kind(String apiVersionPrefix, String kind) {
        return objects.stream()
                .filter(o -> kind.equals(o.getKind()) && o.getApiVersion() != null && o.getApiVersion().startsWith(apiVersionPrefix))
                .toList();
    }

    Optional<HasMetadata> find(String kind, String name) {
        return objects.stream().filter(o -> kind.equals(o.getKind()) && name.equals(o.getMetadata().getName())).findFirst();
    }

    /** Every pod template, by "Kind/name" of the workload that owns it. */
    Map<String, PodTemplateSpec> podTemplates() {
        Map<String, PodTemplateSpec> templates = new java.util.LinkedHashMap<>();
        for (HasMetadata object : objects) {
            String key = object.getKind() + "/" + object.getMetadata().getName();
            switch (object) {
                case Deployment d -> templates.put(key, d.getSpec().getTemplate());
                case StatefulSet s -> templates.put(key, s.getSpec().getTemplate());
                case DaemonSet s -> templates.put(key, s.getSpec().getTemplate());
                case Job j -> templates.put(key, j.getSpec().getTemplate());
                case CronJob c -> templates.put(key, c.getSpec().getJobTemplate().getSpec().getTemplate());
                default -> {
                }
            }
        }
        return templates;
    }

    String toYaml() {
        StringBuilder yaml = new StringBuilder();
        objects.forEach(o -> yaml.append("---\n").append(SERIALIZATION.asYaml(o).replaceFirst("^---\n", "")));
        return yaml.toString();
    }

    /** Runs a command and answers its standard output; warnings on standard error only show when it fails. */
    static String run(List<String> command) {
        try {
            Path errors = Files.createTempFile("deploy-tests", ".stderr");
            Process process = new ProcessBuilder(command).redirectError(errors.toFile()).start();
            String output = new String(process.getInputStream().readAllBytes());
            boolean finished = process.waitFor(2, TimeUnit.MINUTES);
            String stderr = Files.readString(errors);
            Files.delete(errors);
            if (!finished || process.exitValue() != 0) {
                throw new AssertionError(String.join(" ", command) + " failed:\n" + output + stderr);
            }
            return output;
        } catch (IOException ex) {
            throw new AssertionError(command.getFirst() + " is needed by this test and could not be run: " + ex.getMessage(), ex);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new AssertionError(ex);
        }
    }

    private static Path locateRepository() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("k8s/helm/city-explorer/Chart.yaml"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("k8s/helm/city-explorer not found above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }
}
