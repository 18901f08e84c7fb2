package com.cityexplorer.platform.config;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.support.ResourcePropertySource;

/**
 * Adds the platform's defaults (virtual threads, pools, Kafka reliability settings, health groups,
 * metrics, graceful shutdown...) as the property source with the lowest precedence, so every service
 * gets them and any service's application.yml, environment variable or command-line argument wins.
 */
class PlatformDefaults implements EnvironmentPostProcessor, Ordered {

    static final String PROPERTY_SOURCE_NAME = "cityExplorerPlatformDefaults";
    private static final String LOCATION = "META-INF/city-explorer/platform-defaults.properties";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (environment.getPropertySources().contains(PROPERTY_SOURCE_NAME)) {
            return;
        }
        try {
            environment.getPropertySources()
                .addLast(new ResourcePropertySource(PROPERTY_SOURCE_NAME, new ClassPathResource(LOCATION)));
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Platform defaults missing from common-lib: " + LOCATION, ex);
        }
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
