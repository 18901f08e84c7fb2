package com.cityexplorer.devstack;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LaunchOptionsTest {

    final Path jars = Path.of("/jars");

    @Test
    void defaultsToTheEmbeddedInfrastructureOnWellKnownPorts() {
        LaunchOptions options = LaunchOptions.parse(new String[0], Map.of(), jars);

        assertThat(options.gatewayPort()).isEqualTo(8080);
        assertThat(options.randomPorts()).isFalse();
        assertThat(options.dataDir().getFileName()).isEqualTo(Path.of(".data"));
        assertThat(options.externalMongoUri()).isEmpty();
        assertThat(options.adminEmail()).isEqualTo(LaunchOptions.DEFAULT_ADMIN_EMAIL);
    }

    @Test
    void readsSeveralOptionsFromOneMavenArgument() {
        LaunchOptions options = LaunchOptions.parse(new String[] { "--random-ports --data-dir=/tmp/x", "", "--plain-jvm" },
                Map.of(), jars);

        assertThat(options.randomPorts()).isTrue();
        assertThat(options.jvmFlags()).isEqualTo(JvmFlags.PLAIN);
        assertThat(options.dataDir()).isEqualTo(Path.of("/tmp/x"));
    }

    @Test
    void usesExternalInfrastructureAndAdminFromTheEnvironment() {
        LaunchOptions options = LaunchOptions.parse(new String[0], Map.of(
                "SPRING_MONGODB_URI", "mongodb://db:27017", "SPRING_KAFKA_BOOTSTRAP_SERVERS", "kafka:9092",
                "SPRING_DATA_REDIS_HOST", "cache", "SERVER_PORT", "9000",
                "CITY_EXPLORER_ADMIN_EMAIL", "ops@example.com", "CITY_EXPLORER_ADMIN_PASSWORD", "a-long-secret"), jars);

        assertThat(options.externalMongoUri()).hasValue("mongodb://db:27017");
        assertThat(options.externalKafka()).hasValue("kafka:9092");
        assertThat(options.externalRedisHost()).hasValue("cache");
        assertThat(options.gatewayPort()).isEqualTo(9000);
        assertThat(options.adminEmail()).isEqualTo("ops@example.com");
        assertThat(options.adminPassword()).isEqualTo("a-long-secret");
        assertThat(options.toString()).doesNotContain("a-long-secret");
    }

    @Test
    void runsDevelopmentJvmsUnlessToldOtherwise() {
        assertThat(LaunchOptions.parse(new String[0], Map.of(), jars).jvmFlags()).isEqualTo(JvmFlags.DEVELOPMENT);
        assertThat(LaunchOptions.parse(new String[] { "--production-jvm" }, Map.of(), jars).jvmFlags())
            .isEqualTo(JvmFlags.PRODUCTION);
        assertThatThrownBy(() -> LaunchOptions.parse(new String[] { "--plain-jvm --production-jvm" }, Map.of(), jars))
            .isInstanceOf(LaunchOptions.UsageException.class)
            .hasMessageStartingWith("Choose one of --plain-jvm and --production-jvm");
    }

    @Test
    void readsReplicasInEitherForm() {
        assertThat(LaunchOptions.parse(new String[] { "--replicas place=3 --plain-jvm" }, Map.of(), jars).replicas())
            .containsExactly(Map.entry("place", 3));
        LaunchOptions options = LaunchOptions.parse(new String[] { "--replicas=place=2,city=3,gateway=2" }, Map.of(), jars);
        assertThat(options.replicas()).containsOnly(Map.entry("place", 2), Map.entry("city", 3), Map.entry("gateway", 2));
    }

    @Test
    void rejectsReplicasOfUnknownServicesOrOutOfRange() {
        assertThatThrownBy(() -> LaunchOptions.parse(new String[] { "--replicas=palce=3" }, Map.of(), jars))
            .isInstanceOf(LaunchOptions.UsageException.class).hasMessageContaining("unknown component 'palce'");
        assertThatThrownBy(() -> LaunchOptions.parse(new String[] { "--replicas=place=0" }, Map.of(), jars))
            .isInstanceOf(LaunchOptions.UsageException.class).hasMessageContaining("1 to 9");
        assertThatThrownBy(() -> LaunchOptions.parse(new String[] { "--replicas=place=x" }, Map.of(), jars))
            .isInstanceOf(LaunchOptions.UsageException.class).hasMessageContaining("1 to 9");
        assertThatThrownBy(() -> LaunchOptions.parse(new String[] { "--replicas" }, Map.of(), jars))
            .isInstanceOf(LaunchOptions.UsageException.class).hasMessageContaining("needs a value");
    }

    @Test
    void rejectsUnknownOptionsAndMissingValues() {
        assertThatThrownBy(() -> LaunchOptions.parse(new String[] { "--replicaz=3" }, Map.of(), jars))
            .isInstanceOf(LaunchOptions.UsageException.class).hasMessageContaining("Unknown option --replicaz=3");
        assertThatThrownBy(() -> LaunchOptions.parse(new String[] { "--data-dir" }, Map.of(), jars))
            .isInstanceOf(LaunchOptions.UsageException.class).hasMessageContaining("needs a value");
    }

    @Test
    void waitsTenMinutesForAnInstanceUnlessToldOtherwise() {
        assertThat(LaunchOptions.parse(new String[0], Map.of(), jars).startupTimeout()).isEqualTo(java.time.Duration.ofMinutes(10));
        assertThat(LaunchOptions.parse(new String[] { "--startup-timeout=900" }, Map.of(), jars).startupTimeout())
            .isEqualTo(java.time.Duration.ofSeconds(900));
    }

    @Test
    void rejectsAStartupTimeoutThatIsNotAPositiveNumberOfSeconds() {
        for (String value : new String[] { "0", "-5", "3m", "86401" }) {
            assertThatThrownBy(() -> LaunchOptions.parse(new String[] { "--startup-timeout=" + value }, Map.of(), jars))
                .isInstanceOf(LaunchOptions.UsageException.class).hasMessageContaining("whole seconds from 1 to 86400");
        }
        assertThatThrownBy(() -> LaunchOptions.parse(new String[] { "--startup-timeout" }, Map.of(), jars))
            .isInstanceOf(LaunchOptions.UsageException.class).hasMessageContaining("needs a value");
    }
}
