package com.cityexplorer.affiliate.click;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;

import com.cityexplorer.affiliate.AffiliateServiceApplication;
import com.cityexplorer.affiliate.Affiliates;
import com.cityexplorer.affiliate.offer.Offer;
import com.cityexplorer.infra.EmbeddedMongo;
import com.cityexplorer.test.ApiClient;
import com.cityexplorer.test.PlatformInfrastructureInitializer;
import com.cityexplorer.test.TestIdentity;
import com.cityexplorer.test.TopicReader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.data.mongodb.core.MongoTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Click redirects go on while affiliate-service's database is down: offers come from the cache and clicks
 * go to the journal and Kafka, and the instance stays ready, so the gateway keeps sending it the clicks
 * (a readiness that followed MongoDB would take every instance out of rotation at once). What does need
 * the database answers 503. The database here is a MongoDB-wire server of this test's own, shut down
 * halfway; Kafka and Redis are the shared ones.
 */
class ClickWithoutDatabaseTest {

    static EmbeddedMongo database;
    static ConfigurableApplicationContext affiliate;
    static int port;
    static ApiClient api;

    @BeforeAll
    static void start() {
        database = EmbeddedMongo.start(null, 0);
        affiliate = new SpringApplicationBuilder(AffiliateServiceApplication.class)
            .initializers(new PlatformInfrastructureInitializer(),
                    // Above the shared infrastructure's properties: this test's own database, given up on quickly.
                    context -> context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("ownDatabase",
                            Map.of("spring.mongodb.uri", database.connectionString() + "/affiliate-service",
                                    "city-explorer.mongodb.server-selection-timeout", "500ms"))))
            .run("--server.port=0", "--management.server.port=", "--city-explorer.discovery.registry.enabled=false");
        port = Integer.parseInt(affiliate.getEnvironment().getProperty("local.server.port"));
        api = new ApiClient(port);
    }

    @AfterAll
    static void stop() {
        if (affiliate != null) {
            affiliate.close();
        }
        if (database != null) {
            database.close();
        }
    }

    @Test
    void clicksAreAnsweredAndRecordedWhileTheDatabaseIsDown() throws Exception {
        String partnerUser = "user-" + UUID.randomUUID();
        String offerId = UUID.randomUUID().toString();
        Instant now = Instant.now();
        affiliate.getBean(MongoTemplate.class).insert(new Offer(offerId, "partner-" + UUID.randomUUID(), "place-" + UUID.randomUUID(),
                "Night tour", new BigDecimal("30").toPlainString(), "EUR", "https://partner.example/night", "0.1", true, 1, now, now));
        Affiliates affiliates = new Affiliates(port, null);
        affiliates.click(offerId, "before-the-outage");

        database.close();

        String duringOutage = affiliates.click(offerId, "during-the-outage");
        assertThat(TopicReader.read(ClickRecorded.TOPIC, record -> record.value().contains(duringOutage), found -> !found.isEmpty()))
            .as("the click reached Kafka through the journal").hasSize(1);
        HttpResponse<String> readiness = api.get("/actuator/health/readiness");
        assertThat(readiness.statusCode()).as(readiness.body()).isEqualTo(200);

        String today = LocalDate.now(ZoneOffset.UTC).toString();
        HttpResponse<String> report = api.send("GET", "/api/v1/affiliate/reports?from=" + today + "&to=" + today,
                TestIdentity.bearer("affiliate-service", partnerUser, "USER", "PARTNER"), null);
        assertThat(report.statusCode()).as(report.body()).isEqualTo(503);
        assertThat(report.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
    }
}
