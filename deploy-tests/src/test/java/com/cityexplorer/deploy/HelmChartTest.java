package com.cityexplorer.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.rbac.Role;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The chart as `helm lint` and `helm template` see it (Helm 3.16, embedded in helm-java), for every environment. */
class HelmChartTest {

    static final String NAMESPACE = "city-explorer";
    static final List<String> WORKLOADS = List.of("gateway-service", "user-service", "city-service", "place-service",
            "itinerary-service", "review-service", "affiliate-service");
    /** Consumer group → topics, as the services declare them (docs/events.md). */
    static final Map<String, Map<String, List<String>>> CONSUMERS = Map.of(
            "user-service", Map.of("user-service", List.of("ce.affiliate.events")),
            "place-service", Map.of("place-service", List.of("ce.city.events", "ce.review.events")),
            "itinerary-service", Map.of("itinerary-service", List.of("ce.user.events", "ce.place.events")),
            "review-service", Map.of("review-service", List.of("ce.user.events", "ce.place.events"),
                    "review-service-ratings", List.of("ce.review.events")),
            "affiliate-service", Map.of("affiliate-service", List.of("ce.user.events", "ce.place.events"),
                    "affiliate-service-clicks", List.of("ce.affiliate.clicks"),
                    "affiliate-service-jobs", List.of("ce.affiliate.jobs.critical", "ce.affiliate.jobs.normal")));

    static Stream<Arguments> environments() {
        return Stream.of(
                Arguments.of("default values", Manifests.helm(NAMESPACE)),
                Arguments.of("prod values", Manifests.helm(NAMESPACE, "values-prod.yaml")),
                Arguments.of("prod values with a canary", Manifests.helm(NAMESPACE, "values-prod.yaml",
                        "../../../deploy-tests/src/test/resources/values/canary.yaml")),
                Arguments.of("prod values on AWS (managed data stores)", Manifests.helm(NAMESPACE, "values-prod.yaml",
                        "../../../deploy-tests/src/test/resources/values/aws.yaml")));
    }

    @Test
    void chartLintsStrictly() {
        LintResult lint = new Helm(Manifests.CHART).lint().strict().call();

        assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("environments")
    void everyRenderedObjectIsAValidKubernetesObject(String environment, Manifests manifests) {
        assertThat(manifests.objects()).hasSizeGreaterThan(50);
        assertThat(manifests.objects().stream().flatMap(o -> KubernetesTypes.problems(o).stream())).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("environments")
    void renderFollowsTheDeploymentRules(String environment, Manifests manifests) {
        assertThat(DeploymentPolicy.check(manifests, NAMESPACE)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("environments")
    void everyServiceIsDeployedWithItsOwnAccountAndNoReplicaCountFightingTheAutoscaler(String environment, Manifests manifests) {
        List<Deployment> stable = manifests.all(Deployment.class).stream()
                .filter(d -> "stable".equals(d.getSpec().getTemplate().getMetadata().getLabels().get("version"))).toList();

        assertThat(stable).extracting(d -> d.getMetadata().getName()).containsExactlyInAnyOrderElementsOf(WORKLOADS);
        assertThat(stable).allSatisfy(d -> {
            assertThat(d.getSpec().getReplicas()).as("replicas of %s", d.getMetadata().getName()).isNull();
            assertThat(d.getSpec().getTemplate().getSpec().getServiceAccountName()).isEqualTo(d.getMetadata().getName());
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("environments")
    @SuppressWarnings("unchecked")
    void kafkaConsumersAlsoScaleOnTheirLagAndTheJobWorkersOnTheQueueDepth(String environment, Manifests manifests) {
        CONSUMERS.forEach((service, groups) -> {
            GenericKubernetesResource scaledObject = (GenericKubernetesResource) manifests.find("ScaledObject", service).orElseThrow(
                    () -> new AssertionError(service + " consumes Kafka but has no ScaledObject"));
            List<Map<String, Object>> triggers = (List<Map<String, Object>>) ((Map<String, Object>) scaledObject.get("spec")).get("triggers");
            groups.forEach((group, topics) -> topics.forEach(topic -> assertThat(triggers)
                    .as("%s lag trigger for %s on %s", service, group, topic)
                    .anySatisfy(t -> {
                        assertThat(t).containsEntry("type", "kafka");
                        assertThat((Map<String, Object>) t.get("metadata")).containsEntry("consumerGroup", group).containsEntry("topic", topic);
                    })));
        });
        GenericKubernetesResource affiliate = (GenericKubernetesResource) manifests.find("ScaledObject", "affiliate-service").orElseThrow();
        assertThat(((Map<String, Object>) affiliate.get("spec")).get("triggers").toString()).contains("ce_jobs_queued");
        assertThat(manifests.find("ScaledObject", "city-service")).isEmpty();
        assertThat(manifests.find("HorizontalPodAutoscaler", "city-service")).isPresent();
        assertThat(manifests.find("HorizontalPodAutoscaler", "gateway-service")).isPresent();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("environments")
    void everyVariableGivenToAServiceMeansSomethingToIt(String environment, Manifests manifests) {
        ServiceEnvironment service = new ServiceEnvironment();
        for (String workload : WORKLOADS) {
            var config = (io.fabric8.kubernetes.api.model.ConfigMap) manifests.find("ConfigMap", workload).orElseThrow();
            Deployment deployment = (Deployment) manifests.find("Deployment", workload).orElseThrow();
            List<String> names = new java.util.ArrayList<>(config.getData().keySet());
            deployment.getSpec().getTemplate().getSpec().getContainers().getFirst().getEnv().forEach(env -> names.add(env.getName()));
            assertThat(names).as("environment of %s", workload).isNotEmpty()
                    .allSatisfy(name -> assertThat(service.understands(name)).as("%s understands %s", workload, name).isTrue());
        }
    }

    /**
     * The image's AOT cache maps only into a JVM with the training run's GC and module options (otherwise the
     * service starts without it), and Netty needs the runtime flags to use Unsafe and its native transports.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("environments")
    void everyServiceRunsWithTheFlagsItsImageWasTrainedWith(String environment, Manifests manifests) throws IOException {
        String dockerfile = Files.readString(Manifests.REPOSITORY.resolve("docker/Dockerfile"));
        List<String> trained = dockerfile.lines().filter(line -> line.contains("-XX:AOTCacheOutput")).findFirst().stream()
                .flatMap(line -> Arrays.stream(line.trim().split("\\s+")))
                .filter(flag -> flag.startsWith("--") || flag.equals("-XX:+UseSerialGC"))
                .toList();
        assertThat(trained).contains("-XX:+UseSerialGC", "--sun-misc-unsafe-memory-access=allow", "--enable-native-access=ALL-UNNAMED");
        String imageOptions = dockerfile.lines().filter(line -> line.contains("JDK_JAVA_OPTIONS=")).findFirst().orElseThrow()
                .replaceAll(".*JDK_JAVA_OPTIONS=\"([^\"]*)\".*", "$1");
        assertThat(imageOptions.split("\\s+")).as("the image's JDK_JAVA_OPTIONS").contains(trained.toArray(String[]::new));
        for (String workload : WORKLOADS) {
            var config = (io.fabric8.kubernetes.api.model.ConfigMap) manifests.find("ConfigMap", workload).orElseThrow();
            assertThat(config.getData().get("JDK_JAVA_OPTIONS").split("\\s+")).as("JDK_JAVA_OPTIONS of %s", workload)
                    .contains(trained.toArray(String[]::new));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("environments")
    void onlyTheGatewayIsExposedAndCanDiscoverPods(String environment, Manifests manifests) {
        List<Ingress> ingresses = manifests.all(Ingress.class);
        assertThat(ingresses).hasSize(1);
        assertThat(ingresses.getFirst().getSpec().getRules()).allSatisfy(rule -> assertThat(rule.getHttp().getPaths())
                .allSatisfy(path -> assertThat(path.getBackend().getService().getName()).isEqualTo("gateway-service")));

        Role discovery = manifests.all(Role.class).stream().filter(r -> r.getRules().stream()
                .anyMatch(rule -> rule.getResources().contains("endpoints"))).findFirst().orElseThrow();
        assertThat(discovery.getRules()).allSatisfy(rule -> assertThat(rule.getVerbs()).containsOnly("get", "list", "watch"));
        assertThat(manifests.all(Deployment.class)).allSatisfy(d -> assertThat(d.getSpec().getTemplate().getSpec().getAutomountServiceAccountToken())
                .as("service account token of %s", d.getMetadata().getName())
                .isEqualTo(d.getMetadata().getName().equals("gateway-service")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("environments")
    void theNamespaceDeniesAllTrafficNotExplicitlyAllowed(String environment, Manifests manifests) {
        assertThat(manifests.all(NetworkPolicy.class)).anySatisfy(policy -> {
            assertThat(policy.getSpec().getPodSelector().getMatchLabels()).isNullOrEmpty();
            assertThat(policy.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
            assertThat(policy.getSpec().getIngress()).isNullOrEmpty();
            assertThat(policy.getSpec().getEgress()).isNullOrEmpty();
        });
        // Only the gateway may reach a service's port.
        for (String service : WORKLOADS.subList(1, WORKLOADS.size())) {
            NetworkPolicy policy = (NetworkPolicy) manifests.find("NetworkPolicy", service).orElseThrow();
            assertThat(policy.getSpec().getIngress()).allSatisfy(rule -> assertThat(rule.getFrom()).allSatisfy(peer -> {
                if (peer.getNamespaceSelector() == null) {
                    assertThat(peer.getPodSelector().getMatchLabels()).containsEntry("app.kubernetes.io/name", "gateway-service");
                }
            }));
        }
    }

    /** An alert pages someone with a runbook link: the link's section must be there (a heading per alert name). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("environments")
    @SuppressWarnings("unchecked")
    void everyAlertLinksToItsSectionOfTheRunbooks(String environment, Manifests manifests) throws IOException {
        List<String> sections = Files.readString(Manifests.REPOSITORY.resolve("docs/runbooks.md")).lines()
                .filter(line -> line.startsWith("## ")).map(line -> line.substring(3).strip()).toList();
        List<Map<String, Object>> alerts = manifests.kind("monitoring.coreos.com/", "PrometheusRule").stream()
                .flatMap(rule -> ((List<Map<String, Object>>) ((Map<String, Object>) ((GenericKubernetesResource) rule).get("spec")).get("groups")).stream())
                .flatMap(group -> ((List<Map<String, Object>>) group.get("rules")).stream())
                .filter(rule -> rule.containsKey("alert"))
                .toList();

        assertThat(alerts).extracting(alert -> alert.get("alert")).contains("IdentityTokensRefused", "CircuitBreakerOpen", "Watchdog");
        assertThat(alerts).allSatisfy(alert -> {
            String name = (String) alert.get("alert");
            assertThat(sections).as("docs/runbooks.md sections").contains(name);
            assertThat((String) ((Map<String, Object>) alert.get("annotations")).get("runbook_url")).endsWith("#" + name.toLowerCase(java.util.Locale.ROOT));
        });
    }

    @org.junit.jupiter.api.Test
    @SuppressWarnings("unchecked")
    void inTheMeshTheGatewayAddressesServicesAndPrometheusScrapesWithMeshCertificates() {
        Manifests prod = Manifests.helm(NAMESPACE, "values-prod.yaml");
        Manifests dev = Manifests.helm(NAMESPACE);

        assertThat(((io.fabric8.kubernetes.api.model.ConfigMap) prod.find("ConfigMap", "gateway-service").orElseThrow()).getData())
                .containsEntry("SPRING_PROFILES_ACTIVE", "kubernetes,mesh");
        assertThat(((io.fabric8.kubernetes.api.model.ConfigMap) dev.find("ConfigMap", "gateway-service").orElseThrow()).getData())
                .containsEntry("SPRING_PROFILES_ACTIVE", "kubernetes");
        assertThat(prod.kind("security.istio.io/", "PeerAuthentication")).singleElement()
                .satisfies(pa -> assertThat(((GenericKubernetesResource) pa).get("spec").toString()).contains("STRICT"));
        assertThat(prod.kind("monitoring.coreos.com/", "ServiceMonitor")).hasSize(WORKLOADS.size()).allSatisfy(monitor -> {
            List<Map<String, Object>> endpoints = (List<Map<String, Object>>) ((Map<String, Object>) ((GenericKubernetesResource) monitor).get("spec")).get("endpoints");
            assertThat(endpoints).allSatisfy(endpoint -> assertThat(endpoint).containsEntry("scheme", "https").containsKey("tlsConfig"));
        });
    }
}
