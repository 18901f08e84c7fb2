package com.cityexplorer.affiliate;

import java.time.Clock;

import com.cityexplorer.platform.security.EndpointAccess;
import com.cityexplorer.platform.security.Role;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpMethod;

/** Partners' offers, click tracking, signed conversions and reports. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class AffiliateServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(AffiliateServiceApplication.class, args);
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /**
     * Anyone may list a place's offers and follow a click link; partners' servers post conversions
     * signed with their webhook secret (the signature is their authentication, checked per request);
     * administrators make partners; partners manage their offers; reports for partners and administrators.
     */
    @Bean
    EndpointAccess affiliateEndpoints() {
        return rules -> rules
            .requestMatchers(HttpMethod.GET, "/api/v1/places/*/offers", "/api/v1/affiliate/offers/*/click").permitAll()
            .requestMatchers(HttpMethod.POST, "/api/v1/affiliate/conversions").permitAll()
            .requestMatchers(HttpMethod.POST, "/api/v1/affiliate/partners").hasRole(Role.ADMIN.name())
            .requestMatchers("/api/v1/affiliate/partners/me", "/api/v1/affiliate/offers", "/api/v1/affiliate/offers/**")
                .hasRole(Role.PARTNER.name())
            .requestMatchers("/api/v1/affiliate/reports", "/api/v1/affiliate/reports/**")
                .hasAnyRole(Role.PARTNER.name(), Role.ADMIN.name());
    }
}
