package com.cityexplorer.user;

import java.time.Clock;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpMethod;

import com.cityexplorer.platform.security.EndpointAccess;

/** Accounts, profiles and Redis-backed sessions. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class UserServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(UserServiceApplication.class, args);
    }

    /** Signing up and signing in are open; everything else is the caller's own account. */
    @Bean
    EndpointAccess userEndpoints() {
        return rules -> rules.requestMatchers(HttpMethod.POST, "/api/v1/users", "/api/v1/sessions").permitAll();
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
