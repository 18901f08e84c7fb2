package com.cityexplorer.platform.config;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class PlatformDefaultsTest {

    @Test
    void addsTheDefaultsWithTheLowestPrecedence() {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("application",
                Map.of("spring.application.name", "place-service", "spring.kafka.producer.acks", "1")));

        new PlatformDefaults().postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getPropertySources().stream().reduce((first, second) -> second).orElseThrow().getName())
            .isEqualTo(PlatformDefaults.PROPERTY_SOURCE_NAME);
        assertThat(environment.getProperty("spring.threads.virtual.enabled")).isEqualTo("true");
        assertThat(environment.getProperty("spring.kafka.producer.properties.enable.idempotence")).isEqualTo("true");
        assertThat(environment.getProperty("spring.mongodb.database")).isEqualTo("place-service");
        assertThat(environment.getProperty("spring.kafka.producer.acks")).as("a service's own setting wins").isEqualTo("1");
    }

    @Test
    void isAddedOnlyOnce() {
        StandardEnvironment environment = new StandardEnvironment();
        PlatformDefaults defaults = new PlatformDefaults();

        defaults.postProcessEnvironment(environment, new SpringApplication());
        defaults.postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getPropertySources().stream()
            .filter(source -> source.getName().equals(PlatformDefaults.PROPERTY_SOURCE_NAME))).hasSize(1);
    }
}
