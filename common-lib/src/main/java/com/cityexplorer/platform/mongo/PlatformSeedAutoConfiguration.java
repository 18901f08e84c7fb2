package com.cityexplorer.platform.mongo;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * {@link SeedInserts} for the services that import a catalog at start. Apart from
 * {@link PlatformMongoAutoConfiguration}: that one runs before Spring Data's auto-configuration, which creates the
 * {@link MongoTemplate} this one needs.
 */
@AutoConfiguration(afterName = "org.springframework.boot.data.mongodb.autoconfigure.DataMongoAutoConfiguration")
@ConditionalOnClass(MongoTemplate.class)
@EnableConfigurationProperties(SeedSettings.class)
public class PlatformSeedAutoConfiguration {

    @Bean
    @ConditionalOnBean(MongoTemplate.class)
    @ConditionalOnMissingBean
    SeedInserts seedInserts(MongoTemplate mongo, SeedSettings settings) {
        return new SeedInserts(mongo, settings);
    }
}
