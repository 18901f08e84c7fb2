package com.cityexplorer.platform.lifecycle;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/** Ties a locally launched service's life to its launcher's (see {@link ParentProcessWatchdog}). */
@AutoConfiguration
@ConditionalOnProperty("city-explorer.lifecycle.parent-pid")
public class PlatformLifecycleAutoConfiguration {

    @Bean
    ParentProcessWatchdog parentProcessWatchdog(@Value("${city-explorer.lifecycle.parent-pid}") long parentPid,
            ConfigurableApplicationContext context) {
        return new ParentProcessWatchdog(parentPid, context);
    }
}
