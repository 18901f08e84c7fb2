package com.cityexplorer.platform.mongo;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import com.cityexplorer.test.PlatformInfrastructure;
import com.cityexplorer.test.PlatformIntegrationTest;
import com.mongodb.ReadPreference;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Read routing and replica lag against the test infrastructure's MongoDB: a standalone server when
 * embedded (lag reported as 0, topology "standalone"), a single-node replica set in containers.
 */
@PlatformIntegrationTest
@TestPropertySource(locations = "classpath:events-test.properties")
class ReadScalingTest {

    @Autowired
    ReadRouting readRouting;

    @Autowired
    ReplicaLag replicaLag;

    @Autowired
    MeterRegistry meters;

    @Autowired
    HealthIndicator mongoHealthIndicator;

    @Test
    void sendsStaleTolerantReadsToSecondariesWithABoundedStaleness() {
        ReadPreference stale = readRouting.staleTolerant();
        assertThat(stale.getName()).isEqualTo("secondaryPreferred");
        assertThat(((com.mongodb.TaggableReadPreference) stale).getMaxStaleness(TimeUnit.SECONDS)).isEqualTo(90);
        assertThat(readRouting.primary()).isEqualTo(ReadPreference.primary());
        assertThat(new ReadRouting(Duration.ofSeconds(10)).staleTolerant().toString()).contains("maxStalenessMS=90000");
    }

    @Test
    void reportsReplicaLagAsAMetricAndAHealthDetailOrSaysItIsStandalone() {
        replicaLag.measure();
        String expected = PlatformInfrastructure.shared().mode() == PlatformInfrastructure.Mode.CONTAINERS ? "replicaSet" : "standalone";

        assertThat(replicaLag.topology()).isEqualTo(expected);
        assertThat(meters.find("ce.mongodb.replica.lag").gauge()).isNotNull();
        assertThat(meters.find("ce.mongodb.replica.lag").gauge().value()).isBetween(0.0, 90.0);
        Health health = mongoHealthIndicator.health(true);
        assertThat(health.getDetails()).containsEntry("topology", expected).containsKey("replicaLagSeconds");
    }
}
