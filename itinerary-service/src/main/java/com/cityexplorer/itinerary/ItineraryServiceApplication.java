package com.cityexplorer.itinerary;

import java.time.Clock;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpMethod;

import com.cityexplorer.platform.security.EndpointAccess;
import com.cityexplorer.platform.security.Role;

/** Day-by-day itineraries owned by their authors. */
@SpringBootApplication
public class ItineraryServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(ItineraryServiceApplication.class, args);
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /**
     * Anyone may ask for one itinerary (a public one is answered to anyone, a private one only to its owner);
     * everything else is for signed-in users, and only ever about their own itineraries.
     */
    @Bean
    EndpointAccess itineraryEndpoints() {
        return rules -> rules
            .requestMatchers(HttpMethod.GET, "/api/v1/itineraries/*").permitAll()
            .requestMatchers("/api/v1/itineraries", "/api/v1/itineraries/**").hasRole(Role.USER.name());
    }
}
