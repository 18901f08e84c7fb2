package com.cityexplorer.place;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpMethod;

import com.cityexplorer.platform.security.EndpointAccess;
import com.cityexplorer.platform.security.Role;

/** Places in cities: listings, nearby search, the curated catalog. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class PlaceServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(PlaceServiceApplication.class, args);
    }

    @Bean
    java.time.Clock clock() {
        return java.time.Clock.systemUTC();
    }

    /** Anyone reads the catalog; only administrators change it. */
    @Bean
    EndpointAccess placeEndpoints() {
        return rules -> rules
            .requestMatchers(HttpMethod.GET, "/api/v1/places", "/api/v1/places/*").permitAll()
            .requestMatchers("/api/v1/places", "/api/v1/places/**").hasRole(Role.ADMIN.name());
    }
}
