package com.cityexplorer.city;

import java.time.Clock;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpMethod;

import com.cityexplorer.platform.security.EndpointAccess;
import com.cityexplorer.platform.security.Role;

/** The world's cities: search by name, country and population. */
@SpringBootApplication
public class CityServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(CityServiceApplication.class, args);
    }

    /** Anyone reads the catalog; only administrators change it. */
    @Bean
    EndpointAccess cityEndpoints() {
        return rules -> rules
            .requestMatchers(HttpMethod.GET, "/api/v1/cities", "/api/v1/cities/*").permitAll()
            .requestMatchers("/api/v1/cities", "/api/v1/cities/**").hasRole(Role.ADMIN.name());
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
