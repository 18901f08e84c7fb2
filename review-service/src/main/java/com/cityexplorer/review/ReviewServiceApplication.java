package com.cityexplorer.review;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpMethod;

import com.cityexplorer.platform.security.EndpointAccess;
import com.cityexplorer.platform.security.Role;

/** Reviews and the rating summaries they publish. */
@SpringBootApplication
public class ReviewServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(ReviewServiceApplication.class, args);
    }

    @Bean
    java.time.Clock clock() {
        return java.time.Clock.systemUTC();
    }

    /** Anyone reads reviews; users write them (who may change which review is checked per review). */
    @Bean
    EndpointAccess reviewEndpoints() {
        return rules -> rules
            .requestMatchers(HttpMethod.GET, "/api/v1/places/*/reviews").permitAll()
            .requestMatchers("/api/v1/places/*/reviews", "/api/v1/reviews/*").hasRole(Role.USER.name());
    }
}
